import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Tree } from "../../api";

const tree = (): Tree => ({
  workspace_id: "ws_1",
  counts: { collections: 2, folders: 1, requests: 0 },
  items: [
    { id: "a", kind: "collection", name: "A", parent_id: null, auth_type: "inherit", children: [
      { id: "f", kind: "folder", name: "F", parent_id: "a", auth_type: "inherit", children: [] },
    ] },
    { id: "b", kind: "collection", name: "B", parent_id: null, auth_type: "inherit", children: [] },
  ],
});
const moveFolder = vi.fn<(...a: unknown[]) => Promise<unknown>>();
const treeCall = vi.fn(async () => tree());
vi.mock("../../api", async (orig) => {
  const real = await orig<typeof import("../../api")>();
  return { ...real, collectionsApi: { ...real.collectionsApi, tree: () => treeCall(), moveFolder: (...a: unknown[]) => moveFolder(...a) } };
});

const { useTree } = await import("./treeStore");
const { moveNode } = await import("./treeActions");
const { useToasts } = await import("../../ui/toast");

const parentOfF = () => {
  const t = useTree.getState().tree!;
  return t.items.find((c) => c.children.some((n) => n.id === "f"))?.id;
};

describe("an optimistic move", () => {
  beforeEach(async () => {
    moveFolder.mockReset();
    treeCall.mockClear();
    useToasts.setState({ toasts: [] });
    await useTree.getState().load("ws_1");
  });

  it("shows at once and keeps the server's tree once it agreed", async () => {
    let answer: () => void = () => {};
    moveFolder.mockImplementation(() => new Promise<void>((resolve) => { answer = resolve; }));
    const done = moveNode("ws_1", useTree.getState().tree!.items[0]!.children[0]!, { targetId: "b", zone: "inside", parentId: "b", index: 0 });
    expect(parentOfF()).toBe("b"); // before the server answered
    answer();
    expect(await done).toBe(true);
    expect(moveFolder).toHaveBeenCalledWith("ws_1", "f", "b", 0);
    expect(treeCall).toHaveBeenCalledTimes(2); // the load, then the reload after the move
  });

  it("puts the tree back and says why when the server refuses", async () => {
    moveFolder.mockRejectedValue(new Error("That would make a folder its own child."));
    expect(await moveNode("ws_1", useTree.getState().tree!.items[0]!.children[0]!, { targetId: "b", zone: "inside", parentId: "b", index: 0 })).toBe(false);
    expect(parentOfF()).toBe("a");
    expect(useToasts.getState().toasts.map((t) => t.text)).toEqual(["That would make a folder its own child."]);
  });
});
