import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import { executionsApi, type HistoryItem, type Workspace } from "../../api";
import { useWorkspaces } from "../../stores/workspace";
import { useExecutions } from "../response/executionStore";
import { useTabs } from "../request/tabsStore";
import { newRequestDoc } from "../request/newRequest";
import { HistoryPanel } from "./HistoryPanel";

const item = (id: string, created_at: string, patch: Partial<HistoryItem> = {}): HistoryItem => ({
  id, trigger: "manual", created_at, request_id: null, method: "GET", url: `http://api.test/${id}`, name: `Req ${id}`,
  status: 200, ok: true, error_code: null, duration_ms: 12, size: 10, environment_id: null, ...patch,
});

describe("HistoryPanel", () => {
  const now = new Date();
  const today = now.toISOString();
  const yesterday = new Date(now.getFullYear(), now.getMonth(), now.getDate() - 1, 12).toISOString();

  beforeEach(() => {
    vi.restoreAllMocks();
    useWorkspaces.setState({ workspaces: [{ id: "ws_1", name: "W", role: "editor" } as Workspace], currentId: "ws_1", loaded: true });
    useTabs.setState({ tabs: [], activeKey: null });
  });
  afterEach(cleanup);

  it("groups by day, pages with next_cursor, filters on the server and reloads when an execution completes", async () => {
    const history = vi.spyOn(executionsApi, "history").mockImplementation(async (_ws, f = {}) =>
      f.cursor
        ? { items: [item("c", yesterday, { status: null, ok: false, error_code: "CONNECTION_REFUSED" })], next_cursor: null }
        : { items: [item("a", today), item("b", yesterday, { status: 404 })], next_cursor: "CUR" });
    render(<HistoryPanel ws="ws_1" />);
    expect(await screen.findByRole("region", { name: "Today" })).toBeInTheDocument();
    const y = screen.getByRole("region", { name: "Yesterday" });
    expect(within(y).getByText("404")).toHaveClass("tone-warn");

    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Load more" })));
    expect(history).toHaveBeenLastCalledWith("ws_1", { limit: 50, cursor: "CUR" });
    expect(within(screen.getByRole("region", { name: "Yesterday" })).getByText("Connection refused")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load more" })).toBeNull();

    await act(async () => fireEvent.change(screen.getByLabelText("Filter by status"), { target: { value: "errors" } }));
    expect(history).toHaveBeenLastCalledWith("ws_1", { status: 0, limit: 50 });

    const calls = history.mock.calls.length;
    await act(async () => useExecutions.setState((s) => ({ completedCount: s.completedCount + 1 })));
    expect(history.mock.calls.length).toBe(calls + 1);
  });

  it("opens an entry as an unsaved tab named after it", async () => {
    vi.spyOn(executionsApi, "history").mockResolvedValue({ items: [item("a", today)], next_cursor: null });
    vi.spyOn(executionsApi, "historyEntry").mockResolvedValue({
      ...item("a", today), request: newRequestDoc({ name: "", method: "POST", url: "http://api.test/a" }),
    });
    render(<HistoryPanel ws="ws_1" />);
    const entry = await screen.findByTitle("GET http://api.test/a");
    await act(async () => fireEvent.click(entry));
    const tab = useTabs.getState().tabs[0];
    expect(tab).toMatchObject({ ws: "ws_1", requestId: null, parentId: null });
    expect(tab?.draft).toMatchObject({ name: "Req a", method: "POST", url: "http://api.test/a" });
  });

  it("says what to do when there is no history", async () => {
    vi.spyOn(executionsApi, "history").mockResolvedValue({ items: [], next_cursor: null });
    render(<HistoryPanel ws="ws_1" />);
    expect(await screen.findByText("No history yet — requests you send appear here")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Clear history" })).toBeDisabled();
  });
});
