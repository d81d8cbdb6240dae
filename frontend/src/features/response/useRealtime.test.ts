import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CLIENT_ID } from "../../api";
import { useSession } from "../../stores/session";
import { useEnvironments } from "../environments/envStore";
import { useTabs } from "../request/tabsStore";
import { useTree } from "../tree/treeStore";
import { SHARED_RELOAD_MS, handleServerEvent, onRealtimeState } from "./useRealtime";

describe("a teammate's change", () => {
  const reload = vi.fn(async () => {});
  const loadEnvs = vi.fn(async () => {});
  const refreshRequest = vi.fn(async () => {});

  beforeEach(() => {
    vi.useFakeTimers();
    reload.mockClear();
    loadEnvs.mockClear();
    useSession.setState({ user: { id: "usr_me", email: "me@example.com", name: "Me" } as never });
    useTree.setState({ ws: "ws_1", reload });
    useEnvironments.setState({ ws: "ws_1", load: loadEnvs });
    refreshRequest.mockClear();
    useTabs.setState({ refreshRequest });
  });
  afterEach(() => vi.useRealTimers());

  it("reloads the tree once for a burst of changes", () => {
    for (let i = 0; i < 5; i++) handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_bob" });
    vi.advanceTimersByTime(SHARED_RELOAD_MS - 1);
    expect(reload).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(loadEnvs).not.toHaveBeenCalled();
  });

  it("refreshes the open tabs of the requests a burst of changes named", async () => {
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_bob", request_id: "req_a" });
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_bob", request_id: "req_b" });
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_bob", folder_id: "fld_c" });
    await vi.advanceTimersByTimeAsync(SHARED_RELOAD_MS);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(refreshRequest.mock.calls).toEqual([["ws_1", "req_a", "Someone"], ["ws_1", "req_b", "Someone"]]);
  });

  it("re-reads the tree and environments when the socket comes back from a drop, not on the first connect", () => {
    onRealtimeState("connecting");
    onRealtimeState("connected");
    vi.advanceTimersByTime(SHARED_RELOAD_MS);
    expect(reload).not.toHaveBeenCalled();
    onRealtimeState("reconnecting");
    onRealtimeState("connected");
    vi.advanceTimersByTime(SHARED_RELOAD_MS);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(loadEnvs).toHaveBeenCalledWith("ws_1");
  });

  it("reloads the environments of the open workspace", () => {
    handleServerEvent({ type: "environments.changed", workspace_id: "ws_1", by: "usr_bob" });
    vi.advanceTimersByTime(SHARED_RELOAD_MS);
    expect(loadEnvs).toHaveBeenCalledWith("ws_1");
    expect(reload).not.toHaveBeenCalled();
  });

  it("a change in another workspace does not cancel this one's reload", () => {
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_bob" });
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_other", by: "usr_bob" });
    vi.advanceTimersByTime(SHARED_RELOAD_MS);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it("names who saved each request, the last one of a burst", async () => {
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_bob", by_name: "Bob", request_id: "req_a", origin: null });
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_al", by_name: "Alice", request_id: "req_a", origin: "tab-x" });
    await vi.advanceTimersByTimeAsync(SHARED_RELOAD_MS);
    expect(refreshRequest.mock.calls).toEqual([["ws_1", "req_a", "Alice"]]);
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_me", by_name: "Me", request_id: "req_b", origin: "tab-y" });
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_me", by_name: "Me", request_id: "req_c", origin: null });
    await vi.advanceTimersByTimeAsync(SHARED_RELOAD_MS);
    expect(refreshRequest.mock.calls.slice(1)).toEqual([["ws_1", "req_b", "You, in another tab,"], ["ws_1", "req_c", "You, from the CLI or API,"]]);
  });

  it("skips only this page's own changes: my other tabs' and my CLI's changes reload it", () => {
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_me", origin: CLIENT_ID });
    vi.advanceTimersByTime(SHARED_RELOAD_MS * 2);
    expect(reload).not.toHaveBeenCalled();
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_me", origin: "tab-anotherpage" });
    vi.advanceTimersByTime(SHARED_RELOAD_MS * 2);
    expect(reload).toHaveBeenCalledTimes(1);
    handleServerEvent({ type: "environments.changed", workspace_id: "ws_1", by: "usr_me", origin: null });
    vi.advanceTimersByTime(SHARED_RELOAD_MS * 2);
    expect(loadEnvs).toHaveBeenCalledTimes(1);
  });

  it("ignores my own changes and other workspaces", () => {
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_1", by: "usr_me" });
    handleServerEvent({ type: "tree.changed", workspace_id: "ws_other", by: "usr_bob" });
    handleServerEvent({ type: "environments.changed", workspace_id: "ws_other", by: "usr_bob" });
    vi.advanceTimersByTime(SHARED_RELOAD_MS * 2);
    expect(reload).not.toHaveBeenCalled();
    expect(loadEnvs).not.toHaveBeenCalled();
  });
});
