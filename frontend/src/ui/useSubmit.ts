import { useCallback, useState, type FormEvent } from "react";

/**
 * The state of a form that calls the API: `busy` while it runs, the error it failed with (kept for the form to show
 * next to its fields), and `run(e, action)` for onSubmit.
 */
export function useSubmit(): {
  busy: boolean;
  error: unknown;
  setError: (err: unknown) => void;
  run: (e: FormEvent | null, action: () => Promise<void>) => Promise<boolean>;
} {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = useCallback(async (e: FormEvent | null, action: () => Promise<void>) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
      return true;
    } catch (err) {
      setError(err);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, setError, run };
}
