import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

export default async function globalTeardown(): Promise<void> {
  const state = process.env.PLAYGROUND_E2E_STATE;
  if (!state) return;
  const pids = JSON.parse(readFileSync(join(state, "e2e-pids.json"), "utf8")) as Record<string, number>;
  for (const pid of Object.values(pids)) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      /* already gone */
    }
  }
  // The stack saves its state on SIGTERM; give it a moment before the directory goes.
  await new Promise((r) => setTimeout(r, 1500));
  const results = join(import.meta.dirname, "..", "test-results");
  mkdirSync(results, { recursive: true });
  copyFileSync(join(state, "stack.log"), join(results, "stack.log"));
  if (!process.env.KEEP_E2E_STATE) rmSync(state, { recursive: true, force: true });
}
