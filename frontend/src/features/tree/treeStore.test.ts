import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Tree } from "../../api";

const treeCall = vi.fn<(ws: string) => Promise<Tree>>();
vi.mock("../../api", async (orig) => {
  const real = await orig<typeof import("../../api")>();
  return { ...real, collectionsApi: { ...real.collectionsApi, tree: (ws: string) => treeCall(ws) } };
});

const { useTree, readExpanded } = await import("./treeStore");

function treeOf(ws: string): Tree {
  return {
    workspace_id: ws,
    counts: { collections: 2, folders: 1, requests: 1 },
    items: [
      { id: `${ws}-a`, kind: "collection", name: "A", parent_id: null, auth_type: "inherit", children: [
        { id: `${ws}-f`, kind: "folder", name: "F", parent_id: `${ws}-a`, auth_type: "inherit", children: [
          { id: `${ws}-r`, kind: "request", name: "R", parent_id: `${ws}-f`, method: "GET", url: "" },
        ] },
      ] },
      { id: `${ws}-b`, kind: "collection", name: "B", parent_id: null, auth_type: "inherit", children: [] },
    ],
  };
}

beforeEach(() => {
  localStorage.clear();
  treeCall.mockReset();
  treeCall.mockImplementation(async (ws) => treeOf(ws));
  useTree.setState({ ws: null, tree: null, loading: false, error: null, expanded: new Set() });
});

describe("treeStore", () => {
  it("opens the collections on the first visit of a workspace and remembers it", async () => {
    await useTree.getState().load("w1");
    expect([...useTree.getState().expanded].sort()).toEqual(["w1-a", "w1-b"]);
    expect(readExpanded("w1")).toEqual(new Set(["w1-a", "w1-b"]));
  });

  it("keeps the open folders per workspace in localStorage", async () => {
    await useTree.getState().load("w1");
    useTree.getState().setExpanded("w1-f", true);
    useTree.getState().setExpanded("w1-b", false);
    await useTree.getState().load("w2");
    expect(useTree.getState().expanded.has("w1-f")).toBe(false);
    useTree.getState().collapseAll();
    await useTree.getState().load("w1");
    expect([...useTree.getState().expanded].sort()).toEqual(["w1-a", "w1-f"]);
    // w2 was collapsed by the user: it stays collapsed (not re-seeded)
    await useTree.getState().load("w2");
    expect(useTree.getState().expanded.size).toBe(0);
  });

  it("toggles and expands several at once", async () => {
    await useTree.getState().load("w1");
    useTree.getState().toggle("w1-a");
    expect(useTree.getState().expanded.has("w1-a")).toBe(false);
    useTree.getState().expandAll(["w1-a", "w1-f"]);
    expect(readExpanded("w1")).toEqual(new Set(["w1-a", "w1-b", "w1-f"]));
  });

  it("applies a move at once and can put the old tree back", async () => {
    await useTree.getState().load("w1");
    const before = useTree.getState().tree;
    useTree.getState().applyMove("w1-r", "w1-b", 0);
    const b = useTree.getState().tree!.items[1]!;
    expect(b.children.map((c) => c.id)).toEqual(["w1-r"]);
    useTree.getState().restore(before);
    expect(useTree.getState().tree!.items[1]!.children).toEqual([]);
  });

  it("reports a failed load and recovers on reload", async () => {
    treeCall.mockRejectedValueOnce(new Error("The server is down."));
    await useTree.getState().load("w1");
    expect(useTree.getState()).toMatchObject({ error: "The server is down.", loading: false, tree: null });
    await useTree.getState().reload();
    expect(useTree.getState().error).toBeNull();
    expect(useTree.getState().tree?.items).toHaveLength(2);
  });

  it("ignores an answer for a workspace that is no longer current", async () => {
    let release: (t: Tree) => void = () => undefined;
    treeCall.mockImplementationOnce(() => new Promise<Tree>((r) => (release = r)));
    const slow = useTree.getState().load("w1");
    await useTree.getState().load("w2");
    release(treeOf("w1"));
    await slow;
    expect(useTree.getState().tree?.workspace_id).toBe("w2");
  });

  it("drops a tree read that started before an optimistic edit", async () => {
    await useTree.getState().load("w1");
    let release: (t: Tree) => void = () => undefined;
    treeCall.mockImplementationOnce(() => new Promise<Tree>((r) => (release = r)));
    const stale = useTree.getState().reload();
    useTree.getState().applyRename("w1-r", "Renamed");
    release(treeOf("w1")); // the server's answer from before the rename
    await stale;
    expect(useTree.getState().tree!.items[0]!.children[0]).toMatchObject({ id: "w1-f" });
    const req = (useTree.getState().tree!.items[0]!.children[0] as { children: { name: string }[] }).children[0]!;
    expect(req.name).toBe("Renamed");
    expect(useTree.getState().loading).toBe(false);
    await useTree.getState().reload(); // a read that starts after the edit is taken
    const again = (useTree.getState().tree!.items[0]!.children[0] as { children: { name: string }[] }).children[0]!;
    expect(again.name).toBe("R");
  });
});
