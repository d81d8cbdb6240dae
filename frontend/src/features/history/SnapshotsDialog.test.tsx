import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { ApiError, collectionsApi, snapshotsApi, workspacesApi, type SavedRequest, type Workspace } from "../../api";
import { useWorkspaces } from "../../stores/workspace";
import { useTree } from "../tree/treeStore";
import { newRequestDoc } from "../request/newRequest";
import { SnapshotsDialog } from "./SnapshotsDialog";

const saved = (version: number, patch = {}): SavedRequest => ({
  ...newRequestDoc({ name: "List invoices", method: "POST", url: "{{base}}/v2/invoices", ...patch }),
  id: "req_1", workspace_id: "ws_1", parent_id: "fld_1", version, created_at: "", created_by: "usr_1", updated_at: "", updated_by: "usr_1",
});

describe("SnapshotsDialog", () => {
  beforeEach(() => {
    vi.restoreAllMocks();
    useWorkspaces.setState({ workspaces: [{ id: "ws_1", name: "W", role: "editor" } as Workspace], currentId: "ws_1", loaded: true });
    vi.spyOn(collectionsApi, "request").mockResolvedValue(saved(2));
    vi.spyOn(workspacesApi, "members").mockResolvedValue([]);
    vi.spyOn(collectionsApi, "snapshots").mockResolvedValue([
      { version: 2, saved_at: new Date().toISOString(), saved_by: "usr_1", name: "List invoices", method: "POST", url: "{{base}}/v2/invoices" },
      { version: 1, saved_at: new Date().toISOString(), saved_by: "usr_1", name: "List invoices", method: "GET", url: "{{base}}/invoices" },
    ]);
    vi.spyOn(snapshotsApi, "detail").mockImplementation(async (_ws, _id, version) => ({
      version, saved_at: new Date().toISOString(), saved_by: "usr_1",
      request: version === 1 ? newRequestDoc({ name: "List invoices", method: "GET", url: "{{base}}/invoices" }) : saved(2),
    }));
  });
  afterEach(cleanup);

  it("previews the previous version against the current one and restores it", async () => {
    const restore = vi.spyOn(collectionsApi, "restoreSnapshot").mockResolvedValue(saved(3, { method: "GET" }));
    const reload = vi.spyOn(useTree.getState(), "reload").mockResolvedValue();
    const onRestored = vi.fn();
    const onClose = vi.fn();
    render(<SnapshotsDialog ws="ws_1" requestId="req_1" onClose={onClose} onRestored={onRestored} />);
    expect(await screen.findByRole("dialog", { name: "Snapshots of List invoices" })).toBeInTheDocument();
    expect(await screen.findByText("2 differences from current (v2)")).toBeInTheDocument();
    // the current version cannot be restored onto itself
    expect(screen.queryByRole("button", { name: "Restore version 2" })).toBeNull();
    await act(async () => fireEvent.click(screen.getByRole("button", { name: "Restore version 1" })));
    expect(restore).toHaveBeenCalledWith("ws_1", "req_1", 1, 2);
    expect(onRestored).toHaveBeenCalledWith(expect.objectContaining({ version: 3 }));
    expect(reload).toHaveBeenCalled();
    expect(onClose).toHaveBeenCalled();
  });

  it("reloads the list instead of closing when the request changed meanwhile (409)", async () => {
    vi.spyOn(collectionsApi, "restoreSnapshot").mockRejectedValue(new ApiError(409, { code: "VERSION_CONFLICT", message: "stale" }));
    const onClose = vi.fn();
    render(<SnapshotsDialog ws="ws_1" requestId="req_1" onClose={onClose} onRestored={vi.fn()} />);
    const btn = await screen.findByRole("button", { name: "Restore version 1" });
    await act(async () => fireEvent.click(btn));
    expect(onClose).not.toHaveBeenCalled();
    expect(collectionsApi.snapshots).toHaveBeenCalledTimes(2);
  });

  it("hides restore from viewers", async () => {
    useWorkspaces.setState({ workspaces: [{ id: "ws_1", name: "W", role: "viewer" } as Workspace] });
    render(<SnapshotsDialog ws="ws_1" requestId="req_1" onClose={vi.fn()} onRestored={vi.fn()} />);
    await screen.findByText("2 differences from current (v2)");
    expect(screen.queryByRole("button", { name: /Restore version/ })).toBeNull();
  });
});
