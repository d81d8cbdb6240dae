/**
 * The WebSocket subscription for the open workspace: one RealtimeClient for the signed-in page, watching `ws`.
 * Execution events go to the execution store; its connection state drives polling and the pane's indicator.
 */
import { useEffect } from "react";
import { executionsApi, type Execution, type ServerEvent } from "../../api";
import { RealtimeClient } from "../../api/realtime";
import { useTabs } from "../request/tabsStore";
import { useExecutions } from "./executionStore";

let client: RealtimeClient | null = null;
let users = 0;

/** Route one server event: execution.* with an execution goes to the store; everything else is not ours. */
export function handleServerEvent(event: ServerEvent): void {
  if (typeof event.type !== "string" || !event.type.startsWith("execution.")) return;
  const exe = event.execution as Execution | undefined;
  if (exe && typeof exe.id === "string" && typeof exe.status === "string") useExecutions.getState().receive(exe);
}

function getClient(): RealtimeClient {
  client ??= new RealtimeClient({
    getTicket: () => executionsApi.wsTicket(),
    onEvent: handleServerEvent,
    onState: (state) => useExecutions.getState().setConnection(state),
  });
  return client;
}

export function useRealtime(ws: string | null): void {
  useEffect(() => {
    if (!ws) return;
    const c = getClient();
    users++;
    c.start(ws);
    const online = () => c.reconnectNow();
    window.addEventListener("online", online);
    return () => {
      window.removeEventListener("online", online);
      users--;
      // the shell re-renders with another workspace right away: stop only when nobody watches any more
      queueMicrotask(() => {
        if (users === 0) c.stop();
      });
    };
  }, [ws]);

  // runs of closed tabs are dropped (their pollers stop)
  useEffect(
    () =>
      useTabs.subscribe((s, prev) => {
        if (s.tabs !== prev.tabs) useExecutions.getState().prune(s.tabs.map((t) => t.key));
      }),
    [],
  );
}
