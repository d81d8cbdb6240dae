import { describe, expect, it } from "vitest";
import type { Tree, TreeFolder, TreeNode, TreeRequest } from "../../api";
import {
  ancestorsOf, countInside, describeContents, dropZone, findNode, flattenTree, isInside, moveInTree, planDrop,
  planDropAtEnd, removeFromTree, renameInTree, treeKeyAction, typeaheadIndex, END_OF_TREE,
} from "./treeUtils";

const req = (id: string, parent: string, name: string, url = `https://api.test/${id}`, method = "GET"): TreeRequest => ({
  id, kind: "request", name, parent_id: parent, method, url,
});
const fld = (id: string, parent: string | null, name: string, children: TreeNode[]): TreeFolder => ({
  id, kind: parent === null ? "collection" : "folder", name, parent_id: parent, auth_type: "inherit", children,
});

/**
 * c1 Platform
 *   f1 Users
 *     f2 Admin
 *       r3 Audit log          /admin/audit
 *     r1 List users           /users
 *     r2 Create user          /users (POST)
 *   r4 Health                 /health
 * c2 Echo
 *   r5 Echo JSON              /echo
 * c3 Empty
 */
function sample(): Tree {
  return {
    workspace_id: "ws1",
    counts: { collections: 3, folders: 2, requests: 5 },
    items: [
      fld("c1", null, "Platform", [
        fld("f1", "c1", "Users", [
          fld("f2", "f1", "Admin", [req("r3", "f2", "Audit log", "https://api.test/admin/audit")]),
          req("r1", "f1", "List users", "https://api.test/users"),
          req("r2", "f1", "Create user", "https://api.test/users", "POST"),
        ]),
        req("r4", "c1", "Health", "https://api.test/health"),
      ]),
      fld("c2", null, "Echo", [req("r5", "c2", "Echo JSON", "http://127.0.0.1:8199/echo")]),
      fld("c3", null, "Empty", []),
    ],
  };
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);

describe("flattenTree", () => {
  it("shows only collections when nothing is expanded", () => {
    const rows = flattenTree(sample(), new Set());
    expect(ids(rows)).toEqual(["c1", "c2", "c3"]);
    expect(rows.map((r) => r.depth)).toEqual([0, 0, 0]);
    expect(rows[0]).toMatchObject({ expanded: false, hasChildren: true, posInSet: 1, setSize: 3, parentId: null });
    expect(rows[2]).toMatchObject({ hasChildren: false, expanded: false });
  });

  it("walks expanded folders depth first with depth and parents", () => {
    const rows = flattenTree(sample(), new Set(["c1", "f1", "f2"]));
    expect(ids(rows)).toEqual(["c1", "f1", "f2", "r3", "r1", "r2", "r4", "c2", "c3"]);
    expect(rows.map((r) => r.depth)).toEqual([0, 1, 2, 3, 2, 2, 1, 0, 0]);
    expect(rows.find((r) => r.id === "r1")).toMatchObject({ parentId: "f1", posInSet: 2, setSize: 3 });
  });

  it("hides the children of a collapsed folder even when deeper folders are expanded", () => {
    const rows = flattenTree(sample(), new Set(["c1", "f2"]));
    expect(ids(rows)).toEqual(["c1", "f1", "r4", "c2", "c3"]);
  });

  it("filters by name case-insensitively, keeping ancestors visible and forced open", () => {
    const rows = flattenTree(sample(), new Set(), "AUDIT");
    expect(ids(rows)).toEqual(["c1", "f1", "f2", "r3"]);
    expect(rows.slice(0, 3).every((r) => r.expanded && r.forced)).toBe(true);
    expect(rows[3]!.nameMatch).toEqual([0, 5]);
    expect(rows[0]!.setSize).toBe(1);
  });

  it("filters by URL and marks URL-only matches", () => {
    const rows = flattenTree(sample(), new Set(), "/users");
    expect(ids(rows)).toEqual(["c1", "f1", "r1", "r2"]);
    expect(rows.find((r) => r.id === "r1")).toMatchObject({ urlMatch: true, nameMatch: null });
  });

  it("keeps a matching folder and lets the user open it to see its content", () => {
    const closed = flattenTree(sample(), new Set(), "echo");
    // "Echo" collection matches by name, and r5 matches by name too -> forced open
    expect(ids(closed)).toEqual(["c2", "r5"]);
    const folderOnly = flattenTree(sample(), new Set(), "users");
    // f1 matches by name; its match below (r1 name) forces it open and shows all of its content
    expect(ids(folderOnly)).toEqual(["c1", "f1", "f2", "r1", "r2"]);
    expect(folderOnly.find((r) => r.id === "f2")!.expanded).toBe(false);
    const opened = flattenTree(sample(), new Set(["f2"]), "users");
    expect(ids(opened)).toContain("r3");
  });

  it("finds nothing for a filter that matches nothing, and ignores surrounding spaces", () => {
    expect(flattenTree(sample(), new Set(["c1"]), "zzz")).toEqual([]);
    expect(ids(flattenTree(sample(), new Set(), "  health "))).toEqual(["c1", "r4"]);
  });

  it("returns nothing for no tree", () => {
    expect(flattenTree(null, new Set())).toEqual([]);
  });
});

describe("tree helpers", () => {
  it("counts what a folder holds and says it", () => {
    const c1 = findNode(sample(), "c1")!;
    const c = countInside(c1);
    expect(c).toMatchObject({ folders: 2, requests: 4 });
    expect(c.requestIds.sort()).toEqual(["r1", "r2", "r3", "r4"]);
    expect(describeContents(c)).toBe("2 folders and 4 requests");
    expect(describeContents({ folders: 1, requests: 0 })).toBe("1 folder");
    expect(describeContents({ folders: 0, requests: 0 })).toBe("");
  });

  it("knows what is inside what", () => {
    const t = sample();
    expect(isInside(t, "r3", "c1")).toBe(true);
    expect(isInside(t, "f2", "f1")).toBe(true);
    expect(isInside(t, "f1", "f2")).toBe(false);
    expect(isInside(t, "c2", "c2")).toBe(true);
  });

  it("moves, renames and removes without touching the input", () => {
    const t = sample();
    const moved = moveInTree(t, "r4", "f1", 0);
    expect(ids((findNode(moved, "f1") as TreeFolder).children)).toEqual(["r4", "f2", "r1", "r2"]);
    expect(findNode(moved, "r4")!.parent_id).toBe("f1");
    expect(ids((findNode(t, "c1") as TreeFolder).children)).toEqual(["f1", "r4"]);

    const promoted = moveInTree(t, "f2", null, 1);
    expect(ids(promoted.items)).toEqual(["c1", "f2", "c2", "c3"]);
    expect(promoted.items[1]!.kind).toBe("collection");
    expect(ancestorsOf(promoted, "r3").map((f) => f.id)).toEqual(["f2"]);

    expect(findNode(renameInTree(t, "r1", "All users"), "r1")!.name).toBe("All users");
    expect(findNode(removeFromTree(t, "f1"), "r1")).toBeNull();
    expect(findNode(t, "r1")).not.toBeNull();
  });
});

describe("drop computation", () => {
  it("splits folder rows in thirds and request rows in halves", () => {
    expect(dropZone("folder", 0.1)).toBe("before");
    expect(dropZone("folder", 0.5)).toBe("inside");
    expect(dropZone("collection", 0.9)).toBe("after");
    expect(dropZone("request", 0.4)).toBe("before");
    expect(dropZone("request", 0.6)).toBe("after");
  });

  it("drops into a folder as its last child", () => {
    expect(planDrop(sample(), "r5", "f1", "inside")).toMatchObject({ parentId: "f1", index: 3 });
  });

  it("computes the index among the new siblings, not counting the dragged item", () => {
    const t = sample();
    // f1 children: f2, r1, r2. Moving r2 before r1 -> index 1
    expect(planDrop(t, "r2", "r1", "before")).toMatchObject({ parentId: "f1", index: 1 });
    // moving f2 (index 0) after r1 -> siblings without f2 are r1, r2 -> after r1 = 1
    expect(planDrop(t, "f2", "r1", "after")).toMatchObject({ parentId: "f1", index: 1 });
    // from another folder: r4 after r2 -> 3
    expect(planDrop(t, "r4", "r2", "after")).toMatchObject({ parentId: "f1", index: 3 });
  });

  it("reorders collections at the top level", () => {
    expect(planDrop(sample(), "c3", "c1", "before")).toMatchObject({ parentId: null, index: 0 });
    expect(planDrop(sample(), "c1", "c2", "after")).toMatchObject({ parentId: null, index: 1 });
  });

  it("turns a request dropped beside a collection into a drop inside it", () => {
    expect(planDrop(sample(), "r1", "c3", "before")).toMatchObject({ parentId: "c3", index: 0, zone: "inside" });
  });

  it("puts an item dropped after an open folder first inside it", () => {
    expect(planDrop(sample(), "r5", "f1", "after", true)).toMatchObject({ parentId: "f1", index: 0 });
    expect(planDrop(sample(), "r5", "f1", "after", false)).toMatchObject({ parentId: "c1", index: 1 });
  });

  it("refuses drops onto itself, into its own folders, and no-op moves", () => {
    const t = sample();
    expect(planDrop(t, "f1", "f1", "inside")).toBeNull();
    expect(planDrop(t, "f1", "f2", "inside")).toBeNull();
    expect(planDrop(t, "c1", "r3", "before")).toBeNull();
    expect(planDrop(t, "r1", "r2", "before")).toBeNull(); // already right before r2
    expect(planDrop(t, "r2", "r1", "after")).toBeNull(); // already right after r1
    expect(planDrop(t, "r1", "r2", "inside")).toBeNull(); // requests hold nothing
    expect(planDrop(null, "r1", "r2", "before")).toBeNull();
  });

  it("drops a folder below the last row as the last collection", () => {
    expect(planDropAtEnd(sample(), "f2")).toEqual({ targetId: END_OF_TREE, zone: "after", parentId: null, index: 3 });
    expect(planDropAtEnd(sample(), "c1")).toMatchObject({ index: 2 });
    expect(planDropAtEnd(sample(), "c3")).toBeNull();
    expect(planDropAtEnd(sample(), "r1")).toBeNull();
  });
});

describe("keyboard navigation", () => {
  const rows = flattenTree(sample(), new Set(["c1", "f1"])); // c1 f1 f2 r1 r2 r4 c2 c3
  const at = (id: string) => rows.findIndex((r) => r.id === id);

  it("moves up, down, home and end within bounds", () => {
    expect(treeKeyAction(rows, 0, "ArrowDown")).toEqual({ type: "focus", index: 1 });
    expect(treeKeyAction(rows, 0, "ArrowUp")).toEqual({ type: "focus", index: 0 });
    expect(treeKeyAction(rows, rows.length - 1, "ArrowDown")).toEqual({ type: "focus", index: rows.length - 1 });
    expect(treeKeyAction(rows, 3, "Home")).toEqual({ type: "focus", index: 0 });
    expect(treeKeyAction(rows, 3, "End")).toEqual({ type: "focus", index: rows.length - 1 });
  });

  it("expands a closed folder, then goes to its first child", () => {
    expect(treeKeyAction(rows, at("f2"), "ArrowRight")).toEqual({ type: "expand", id: "f2" });
    expect(treeKeyAction(rows, at("f1"), "ArrowRight")).toEqual({ type: "focus", index: at("f1") + 1 });
    expect(treeKeyAction(rows, at("r1"), "ArrowRight")).toBeNull();
    expect(treeKeyAction(rows, at("c3"), "ArrowRight")).toBeNull(); // empty collection
  });

  it("collapses an open folder, else goes to the parent", () => {
    expect(treeKeyAction(rows, at("f1"), "ArrowLeft")).toEqual({ type: "collapse", id: "f1" });
    expect(treeKeyAction(rows, at("r2"), "ArrowLeft")).toEqual({ type: "focus", index: at("f1") });
    expect(treeKeyAction(rows, at("f2"), "ArrowLeft")).toEqual({ type: "focus", index: at("f1") });
    expect(treeKeyAction(rows, at("c2"), "ArrowLeft")).toBeNull();
  });

  it("goes to the parent instead of collapsing a folder the filter holds open", () => {
    const filtered = flattenTree(sample(), new Set(), "audit"); // c1 f1 f2 r3, all forced
    expect(treeKeyAction(filtered, 2, "ArrowLeft")).toEqual({ type: "focus", index: 1 });
  });

  it("opens requests, toggles folders, renames, deletes and opens the menu", () => {
    expect(treeKeyAction(rows, at("r1"), "Enter")).toEqual({ type: "open", id: "r1" });
    expect(treeKeyAction(rows, at("f1"), "Enter")).toEqual({ type: "toggle", id: "f1" });
    expect(treeKeyAction(rows, at("r1"), "F2")).toEqual({ type: "rename", id: "r1" });
    expect(treeKeyAction(rows, at("r1"), "Delete")).toEqual({ type: "delete", id: "r1" });
    expect(treeKeyAction(rows, at("r1"), "F10", true)).toEqual({ type: "menu", id: "r1" });
    expect(treeKeyAction(rows, at("r1"), "F10", false)).toBeNull();
    expect(treeKeyAction(rows, at("r1"), "x")).toBeNull();
  });

  it("finds the next row by its first letters, wrapping around", () => {
    expect(typeaheadIndex(rows, 0, "c")).toBe(at("r2")); // Create user
    expect(typeaheadIndex(rows, at("r2"), "e")).toBe(at("c2")); // Echo
    expect(typeaheadIndex(rows, at("c3"), "p")).toBe(0); // wraps to Platform
    expect(typeaheadIndex(rows, 0, "zz")).toBe(-1);
  });
});
