/**
 * The WebSocket subscription for the open workspace: one RealtimeClient for the signed-in page, watching `ws`.
 * Execution events go to the execution store; its connection state drives polling and the pane's indicator.
 * `tree.changed` / `environments.changed` (a teammate saved) reload the sidebar or the environments.
 */
import { useEffect } from "react";
import { CLIENT_ID, executionsApi, type Execution, type ServerEvent } from "../../api";
import { RealtimeClient, type RealtimeState } from "../../api/realtime";
import { useSession } from "../../stores/session";
import { useEnvironments } from "../environments/envStore";
import { useTabs } from "../request/tabsStore";
import { useTree } from "../tree/treeStore";
import { findNode } from "../tree/treeUtils";
import { useExecutions } from "./executionStore";

let client: RealtimeClient | null = null;
let users = 0;

/** a burst of a teammate's changes (an import, a drag of ten requests) costs one reload, this long after the last */
export const SHARED_RELOAD_MS = 400;
const pending = new Map<string, ReturnType<typeof setTimeout>>();
/** requests named by the tree.changed events of a pending reload, per workspace, with who saved each last */
const touched = new Map<string, Map<string, string>>();

/** After a teammate's tree change: the tree, then the open tabs (a saved request refreshed, a deleted one closed). */
async function reloadTree(ws: string): Promise<void> {
  const requests = touched.get(ws) ?? new Map<string, string>();
  touched.delete(ws);
  const tree = useTree.getState();
  if (tree.ws !== ws) return;
  await tree.reload();
  const after = useTree.getState();
  const tabs = useTabs.getState();
  if (after.ws === ws && after.tree && !after.error) tabs.closeGone(ws, (id) => findNode(after.tree, id) !== null);
  await Promise.all([...requests].map(([id, by]) => tabs.refreshRequest(ws, id, by)));
}

/** Whether this page made the change (it reloads after its own): the server echoes the page's X-Client-Id. */
function ownChange(event: ServerEvent): boolean {
  if (event.origin !== undefined) return event.origin === CLIENT_ID; // null: made outside a page (CLI, API key)
  return event.by === useSession.getState().user?.id; // an event from before pages named themselves
}

/** Who made a change, as the newer-version notice of a tab names them. */
function whoSaved(event: ServerEvent): string {
  if (event.by && event.by === useSession.getState().user?.id) return event.origin ? "You, in another tab," : "You, from the CLI or API,";
  return event.by_name || "Someone";
}

/**
 * Someone changed the workspace's tree or environments (a teammate, or this user in another tab or the CLI): re-read
 * it, bring open tabs without edits up to date, and tell tabs with edits that a newer version exists.
 */
function onSharedChange(event: ServerEvent): void {
  if (ownChange(event)) return;
  const ws = event.workspace_id ?? "";
  if (event.type === "tree.changed" && event.request_id) {
    const requests = touched.get(ws) ?? new Map<string, string>();
    requests.set(event.request_id, whoSaved(event));
    touched.set(ws, requests);
  }
  const reload =
    event.type === "tree.changed"
      ? () => void reloadTree(ws)
      : () => {
          const envs = useEnvironments.getState();
          if (envs.ws === ws) void envs.load(ws);
        };
  const key = `${event.type} ${ws}`;
  clearTimeout(pending.get(key));
  pending.set(
    key,
    setTimeout(() => {
      pending.delete(key);
      reload();
    }, SHARED_RELOAD_MS),
  );
}

/** Route one server event: execution.* to the execution store, a teammate's change to a reload. */
export function handleServerEvent(event: ServerEvent): void {
  if (event.type === "tree.changed" || event.type === "environments.changed") {
    onSharedChange(event);
    return;
  }
  if (typeof event.type !== "string" || !event.type.startsWith("execution.")) return;
  const exe = event.execution as Execution | undefined;
  if (exe && typeof exe.id === "string" && typeof exe.status === "string") useExecutions.getState().receive(exe);
}

let lastState: RealtimeState = "idle";

/**
 * The socket's state: drives polling (execution store). Back from a drop, the page may have missed a teammate's
 * changes while it was away, so the tree and environments are re-read as if they had been announced.
 */
export function onRealtimeState(state: RealtimeState): void {
  const back = state === "connected" && lastState === "reconnecting";
  lastState = state;
  useExecutions.getState().setConnection(state);
  if (!back) return;
  const ws = useTree.getState().ws;
  if (!ws) return;
  for (const type of ["tree.changed", "environments.changed"]) onSharedChange({ type, workspace_id: ws, by: "" });
}

function getClient(): RealtimeClient {
  client ??= new RealtimeClient({
    getTicket: () => executionsApi.wsTicket(),
    onEvent: handleServerEvent,
    onState: onRealtimeState,
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
