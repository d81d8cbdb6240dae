/**
 * Executions of the open tabs: Send queues one (POST .../execute, 202), the result arrives over the WebSocket
 * (see useRealtime) or, when the socket is down or silent, by polling GET /executions/{id}.
 *
 * - An event may arrive before the 202 does (a fast worker): it is kept for a moment and matched when the id is known.
 * - A result too large for the event comes as a pointer without a body: we fetch GET /executions/{id}, and when that
 *   answers a `result_url` (over ~300 KB) the full result from there; status, headers and timing show meanwhile.
 * - completedCount bumps once per finished execution of mine (the history panel reloads on it).
 */
import { create } from "zustand";
import {
  ApiError, errorMessage, executionResultsApi, executionsApi, type Execution, type ExecutionDetail,
} from "../../api";
import type { RealtimeState } from "../../api/realtime";
import type { RequestTab } from "../request/tabsStore";
import { useEnvironments } from "../environments/envStore";

export type RunPhase = "idle" | "queued" | "running" | "completed" | "failed" | "cancelled";

export interface TabRun {
  executionId: string | null;
  phase: RunPhase;
  /** Date.now() when Send was pressed */
  startedAt: number;
  execution: Execution | null;
  /** an error of the Send call itself (400 with fields, 429, network) */
  error: string | null;
  /** a new number for each Send: answers of an older Send are dropped */
  runId: number;
  /** Date.now() when the result (or the failure) arrived */
  finishedAt: number | null;
  /** Cancel was pressed; the server's answer is pending */
  cancelling: boolean;
  /** a large result: the summary is here, the body is being fetched */
  bodyLoading: boolean;
  bodyError: string | null;
  /** how the result arrived */
  via: "socket" | "poll" | null;
}

interface ExecutionState {
  byTab: Record<string, TabRun>;
  /** bumps whenever an execution of mine finishes: the history panel listens to it */
  completedCount: number;
  /** the WebSocket, as useRealtime reports it */
  connection: RealtimeState;
  /** how many executions are being polled right now */
  polling: number;
  send: (tab: RequestTab) => Promise<void>;
  cancel: (tabKey: string) => Promise<void>;
  /** an execution pushed by the server (or polled) */
  receive: (execution: Execution) => void;
  setConnection: (state: RealtimeState) => void;
  /** drop the runs of tabs that are no longer open */
  prune: (openKeys: string[]) => void;
}

export const TERMINAL = new Set(["completed", "failed", "cancelled"]);
/** without an event this long after the 202, poll */
export const EVENT_GRACE_MS = 3000;
/** the polling schedule: 500 ms, growing to 2 s */
export function pollDelay(attempt: number): number {
  return Math.min(2000, 500 * 2 ** Math.floor(Math.max(0, attempt) / 2));
}
/** give up polling after this long (the server's own limits end a request long before) */
export const POLL_GIVE_UP_MS = 15 * 60 * 1000;

export function isTerminal(e: Pick<Execution, "status">): boolean {
  return TERMINAL.has(e.status);
}

/** The phase an execution puts its tab in ("completed" with a CANCELLED error is a cancel that hit a running one). */
export function phaseOf(e: Execution): RunPhase {
  if (e.status === "completed" && e.result?.error?.code === "CANCELLED") return "cancelled";
  return e.status;
}

/** Whether a finished execution came without its body (a pointer event, or a large result's summary). */
function needsFetch(e: ExecutionDetail): "execution" | "full" | null {
  if (!isTerminal(e) || e.status !== "completed") return null;
  if (e.result_url) return "full";
  if (!e.result) return "execution";
  return null;
}

// ---- bookkeeping outside React state ----
let runSeq = 0;
const pollers = new Map<string, { timer: ReturnType<typeof setTimeout> | null; attempt: number; since: number }>();
const graceTimers = new Map<string, ReturnType<typeof setTimeout>>();
/** events for ids not (yet) known: the 202 may still be on its way */
const early = new Map<string, Execution>();
const counted = new Set<string>();
const fetching = new Set<string>();

function remember<K, V>(map: Map<K, V>, key: K, value: V, max = 50): void {
  map.set(key, value);
  while (map.size > max) map.delete(map.keys().next().value as K);
}

const blankRun = (runId: number): TabRun => ({
  executionId: null, phase: "queued", startedAt: Date.now(), execution: null, error: null, runId, finishedAt: null,
  cancelling: false, bodyLoading: false, bodyError: null, via: null,
});

export const useExecutions = create<ExecutionState>((set, get) => {
  const tabOf = (executionId: string): string | null => {
    for (const [key, run] of Object.entries(get().byTab)) if (run.executionId === executionId) return key;
    return null;
  };
  const patch = (key: string, runId: number, p: Partial<TabRun>): boolean => {
    const run = get().byTab[key];
    if (!run || run.runId !== runId) return false;
    set((s) => ({ byTab: { ...s.byTab, [key]: { ...run, ...p } } }));
    return true;
  };
  const stopWatching = (executionId: string) => {
    const p = pollers.get(executionId);
    if (p?.timer) clearTimeout(p.timer);
    if (pollers.delete(executionId)) set((s) => ({ polling: Math.max(0, s.polling - 1) }));
    const g = graceTimers.get(executionId);
    if (g) clearTimeout(g);
    graceTimers.delete(executionId);
  };
  const bump = (executionId: string) => {
    if (counted.has(executionId)) return;
    counted.add(executionId);
    if (counted.size > 500) counted.delete(counted.values().next().value as string);
    set((s) => ({ completedCount: s.completedCount + 1 }));
  };

  const poll = (executionId: string) => {
    if (pollers.has(executionId)) return;
    pollers.set(executionId, { timer: null, attempt: 0, since: Date.now() });
    set((s) => ({ polling: s.polling + 1 }));
    const tick = () => {
      const p = pollers.get(executionId);
      if (!p) return;
      p.timer = setTimeout(async () => {
        const cur = pollers.get(executionId);
        if (!cur) return;
        if (!tabOf(executionId)) return stopWatching(executionId); // the tab moved on
        try {
          const exe = await executionResultsApi.get(executionId);
          if (!pollers.has(executionId)) return;
          if (isTerminal(exe)) {
            stopWatching(executionId);
            accept(exe, "poll");
            return;
          }
          const key = tabOf(executionId);
          const run = key ? get().byTab[key] : undefined;
          if (key && run && run.phase !== exe.status) patch(key, run.runId, { phase: exe.status, execution: exe });
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) {
            stopWatching(executionId);
            const key = tabOf(executionId);
            const run = key ? get().byTab[key] : undefined;
            if (key && run) patch(key, run.runId, { phase: "failed", error: errorMessage(err), finishedAt: Date.now() });
            return;
          }
          // offline or a hiccup: keep trying
        }
        cur.attempt++;
        if (Date.now() - cur.since > POLL_GIVE_UP_MS) {
          stopWatching(executionId);
          const key = tabOf(executionId);
          const run = key ? get().byTab[key] : undefined;
          if (key && run) patch(key, run.runId, { phase: "failed", error: "No result arrived. Try sending it again.", finishedAt: Date.now() });
          return;
        }
        tick();
      }, pollDelay(p.attempt));
    };
    tick();
  };

  /** a finished or progressing execution for one of my tabs */
  const accept = (exe: ExecutionDetail, via: "socket" | "poll") => {
    if (isTerminal(exe)) bump(exe.id);
    const key = tabOf(exe.id);
    if (!key) return;
    const run = get().byTab[key]!;
    if (!isTerminal(exe)) {
      // queued → running: progress only
      if (run.phase === "queued" || run.phase === "running") patch(key, run.runId, { phase: exe.status, execution: exe });
      return;
    }
    stopWatching(exe.id);
    // a second arrival of the same result (the event and a poll, or the cancel answer and the event): keep the first
    if (run.finishedAt && run.execution?.id === exe.id) return;
    const missing = needsFetch(exe);
    patch(key, run.runId, {
      phase: phaseOf(exe), execution: exe, finishedAt: Date.now(), cancelling: false, via,
      bodyLoading: missing !== null, bodyError: null,
    });
    if (missing) void fetchFull(key, run.runId, exe, missing);
  };

  const fetchFull = async (key: string, runId: number, exe: ExecutionDetail, what: "execution" | "full") => {
    if (fetching.has(exe.id)) return;
    fetching.add(exe.id);
    try {
      let detail: ExecutionDetail = exe;
      if (what === "execution") {
        detail = await executionResultsApi.get(exe.id);
        patch(key, runId, { execution: detail, phase: phaseOf(detail), bodyLoading: !!detail.result_url });
      }
      if (detail.result_url) {
        const result = await executionResultsApi.full(detail.result_url);
        patch(key, runId, { execution: { ...detail, result }, bodyLoading: false });
      } else patch(key, runId, { bodyLoading: false });
    } catch (err) {
      patch(key, runId, { bodyLoading: false, bodyError: errorMessage(err) });
    } finally {
      fetching.delete(exe.id);
    }
  };

  return {
    byTab: {},
    completedCount: 0,
    connection: "idle",
    polling: 0,

    async send(tab) {
      const key = tab.key;
      const prev = get().byTab[key];
      if (prev?.executionId) stopWatching(prev.executionId);
      const runId = ++runSeq;
      set((s) => ({ byTab: { ...s.byTab, [key]: blankRun(runId) } }));
      const envId = useEnvironments.getState().activeId;
      const opts = { environment_id: envId ?? null };
      let id: string;
      try {
        const queued = tab.requestId
          ? await executionsApi.executeSaved(tab.ws, tab.requestId, tab.dirty ? tab.draft : null, opts)
          : await executionsApi.execute(tab.ws, tab.draft, tab.parentId, opts);
        id = queued.id;
      } catch (err) {
        patch(key, runId, { phase: "failed", error: errorMessage(err), finishedAt: Date.now() });
        return;
      }
      const run = get().byTab[key];
      if (!run || run.runId !== runId) {
        // superseded by another Send, or the tab closed: nobody waits for this one
        return;
      }
      patch(key, runId, { executionId: id });
      if (run.cancelling) {
        // Cancel was pressed while the 202 was on its way
        void get().cancel(key);
      }
      const ev = early.get(id);
      if (ev) {
        early.delete(id);
        accept(ev, "socket");
        if (isTerminal(ev)) return;
      }
      if (get().connection !== "connected") poll(id);
      else {
        graceTimers.set(id, setTimeout(() => {
          graceTimers.delete(id);
          const k = tabOf(id);
          if (k && !get().byTab[k]?.finishedAt) poll(id);
        }, EVENT_GRACE_MS));
      }
    },

    async cancel(tabKey) {
      const run = get().byTab[tabKey];
      if (!run || (run.phase !== "queued" && run.phase !== "running")) return;
      patch(tabKey, run.runId, { cancelling: true });
      if (!run.executionId) return; // send() cancels once it knows the id
      try {
        const exe = await executionsApi.cancel(run.executionId);
        const cur = get().byTab[tabKey];
        if (!cur || cur.runId !== run.runId || cur.finishedAt) return;
        if (exe.status === "cancelled") accept(exe, "poll");
        // a running one: the worker stops it and its "completed" (CANCELLED) result follows
      } catch (err) {
        if (err instanceof ApiError && err.status === 409) return; // finished meanwhile: the result is on its way
        patch(tabKey, run.runId, { cancelling: false, error: errorMessage(err) });
      }
    },

    receive(execution) {
      if (!tabOf(execution.id)) {
        // not (yet) one of my tabs' runs: maybe its 202 is still on the way; count it if it finished
        remember(early, execution.id, execution);
        if (isTerminal(execution)) bump(execution.id);
        return;
      }
      accept(execution, "socket");
    },

    setConnection(state) {
      set({ connection: state });
      if (state === "connected") return;
      // without the socket, every pending run polls
      for (const run of Object.values(get().byTab)) {
        if (run.executionId && !run.finishedAt && (run.phase === "queued" || run.phase === "running")) poll(run.executionId);
      }
    },

    prune(openKeys) {
      const keep = new Set(openKeys);
      const byTab: Record<string, TabRun> = {};
      let changed = false;
      for (const [k, run] of Object.entries(get().byTab)) {
        if (keep.has(k)) byTab[k] = run;
        else {
          changed = true;
          if (run.executionId) stopWatching(run.executionId);
        }
      }
      if (changed) set({ byTab });
    },
  };
});

/** For tests: forget timers and remembered ids. */
export function resetExecutionsForTests(): void {
  for (const p of pollers.values()) if (p.timer) clearTimeout(p.timer);
  for (const t of graceTimers.values()) clearTimeout(t);
  pollers.clear();
  graceTimers.clear();
  early.clear();
  counted.clear();
  fetching.clear();
  useExecutions.setState({ byTab: {}, completedCount: 0, connection: "idle", polling: 0 });
}
