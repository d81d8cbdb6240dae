/** Promise-based prompt and confirm dialogs, rendered by <PromptHost/> once at the root. */
import { useState } from "react";
import { create } from "zustand";
import { Dialog } from "./Dialog";

interface Pending {
  kind: "prompt" | "confirm";
  title: string;
  message?: string;
  label?: string;
  initial?: string;
  confirmText?: string;
  danger?: boolean;
  resolve: (value: string | null) => void;
}

const usePrompt = create<{ pending: Pending | null }>(() => ({ pending: null }));

export function promptText(title: string, opts: { label?: string; initial?: string; confirmText?: string } = {}): Promise<string | null> {
  return new Promise((resolve) => usePrompt.setState({ pending: { kind: "prompt", title, ...opts, resolve } }));
}

export function confirmAction(title: string, message: string, opts: { confirmText?: string; danger?: boolean } = {}): Promise<boolean> {
  return new Promise((resolve) =>
    usePrompt.setState({ pending: { kind: "confirm", title, message, ...opts, resolve: (v) => resolve(v !== null) } }),
  );
}

export function PromptHost() {
  const pending = usePrompt((s) => s.pending);
  if (!pending) return null;
  return <PromptDialog key={pending.title + (pending.initial ?? "")} pending={pending} />;
}

function PromptDialog({ pending }: { pending: Pending }) {
  const [value, setValue] = useState(pending.initial ?? "");
  const close = (v: string | null) => {
    usePrompt.setState({ pending: null });
    pending.resolve(v);
  };
  const submit = () => (pending.kind === "prompt" ? value.trim() && close(value.trim()) : close("yes"));
  return (
    <Dialog
      title={pending.title}
      onClose={() => close(null)}
      actions={
        <>
          <button className="btn" onClick={() => close(null)}>Cancel</button>
          <button className={pending.danger ? "btn btn-danger btn-solid" : "btn btn-primary"} onClick={submit}
            disabled={pending.kind === "prompt" && !value.trim()}>
            {pending.confirmText ?? (pending.kind === "prompt" ? "Save" : "Confirm")}
          </button>
        </>
      }
    >
      {pending.message && <p className="muted" style={{ marginTop: 0 }}>{pending.message}</p>}
      {pending.kind === "prompt" && (
        <form onSubmit={(e) => { e.preventDefault(); submit(); }} className="field">
          <label htmlFor="prompt-input">{pending.label ?? "Name"}</label>
          <input id="prompt-input" className="input" value={value} onChange={(e) => setValue(e.target.value)} autoFocus />
        </form>
      )}
    </Dialog>
  );
}
