/**
 * Starts what a user would have after `make dev`: the local stack (moto, API + built UI, WebSocket, SQS poller) on
 * free ports with a fresh state directory, and the echo server the requests are sent to. URLs reach the tests
 * through process.env (workers start after this returns).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const repo = resolve(import.meta.dirname, "..", "..");
const python = process.env.PLAYGROUND_PYTHON ?? join(repo, ".venv", "bin", "python");

function waitFor<T>(what: string, probe: () => T | null, ms: number, child: ChildProcess, log: () => string): Promise<T> {
  const start = Date.now();
  return new Promise((ok, fail) => {
    const tick = () => {
      if (child.exitCode !== null) return fail(new Error(`${what} exited (${child.exitCode}):\n${log()}`));
      const v = probe();
      if (v !== null) return ok(v);
      if (Date.now() - start > ms) return fail(new Error(`${what} did not start in ${ms} ms:\n${log()}`));
      setTimeout(tick, 100);
    };
    tick();
  });
}

export default async function globalSetup(): Promise<void> {
  if (!existsSync(join(repo, "frontend", "dist", "index.html"))) {
    throw new Error("frontend/dist is missing: run `npm run build` first (make test does)");
  }
  const state = mkdtempSync(join(tmpdir(), "playground-e2e-"));
  // The stack's output goes to a file that the teardown copies to test-results/ (CI keeps it with the screenshots).
  const logPath = join(state, "stack.log");
  const logFd = openSync(logPath, "w");
  const stack = spawn(python, ["-m", "devserver"], {
    cwd: repo,
    env: { ...process.env, PLAYGROUND_STATE_DIR: state, PLAYGROUND_PORT: "0", PLAYGROUND_WS_PORT: "0", PYTHONUNBUFFERED: "1" },
    stdio: ["ignore", logFd, logFd],
  });
  const stackLog = () => readFileSync(logPath, "utf8");
  const info = await waitFor(
    "the local stack",
    () => {
      try {
        return JSON.parse(readFileSync(join(state, "devserver.json"), "utf8")) as { api_url: string };
      } catch {
        return null;
      }
    },
    60_000, stack, stackLog,
  );

  let echoOut = "";
  const echo = spawn(python, [join(repo, "tests", "echo_server.py")], { cwd: repo, stdio: ["ignore", "pipe", "inherit"] });
  echo.stdout!.on("data", (d) => (echoOut += d));
  const echoUrl = await waitFor("the echo server", () => (echoOut.includes("http://") ? echoOut.trim().split("\n")[0]! : null), 10_000, echo, () => echoOut);

  process.env.PLAYGROUND_URL = info.api_url;
  process.env.ECHO_URL = echoUrl;
  process.env.PLAYGROUND_E2E_STATE = state;
  writeFileSync(join(state, "e2e-pids.json"), JSON.stringify({ stack: stack.pid, echo: echo.pid }));
}
