/**
 * Executions of the open tabs: Send queues one (POST .../execute, 202), the result arrives over the WebSocket
 * (see useRealtime) or, when the socket is down, by polling GET /executions/{id}.
 * PLACEHOLDER INTERFACE: the response feature implements it; keep these names.
 */
import { create } from "zustand";
import type { Execution } from "../../api";
import type { RequestTab } from "../request/tabsStore";

export type RunPhase = "idle" | "queued" | "running" | "completed" | "failed" | "cancelled";

export interface TabRun {
  executionId: string | null;
  phase: RunPhase;
  /** Date.now() when Send was pressed */
  startedAt: number;
  execution: Execution | null;
  /** an error of the Send call itself (400 with fields, 429, network) */
  error: string | null;
}

interface ExecutionState {
  byTab: Record<string, TabRun>;
  /** bumps whenever an execution of mine finishes: the history panel listens to it */
  completedCount: number;
  send: (tab: RequestTab) => Promise<void>;
  cancel: (tabKey: string) => Promise<void>;
  /** an execution pushed by the server (or polled) */
  receive: (execution: Execution) => void;
}

export const useExecutions = create<ExecutionState>(() => ({
  byTab: {},
  completedCount: 0,
  async send() {},
  async cancel() {},
  receive() {},
}));
