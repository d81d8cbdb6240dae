import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { act, cleanup, fireEvent, render, screen, within } from "@testing-library/react";
import type { Role, Tree } from "../../api";
import { CollectionsPanel } from "./CollectionsPanel";
import { useTree } from "./treeStore";
import { useTabs } from "../request/tabsStore";
import { useWorkspaces } from "../../stores/workspace";

function sample(): Tree {
  return {
    workspace_id: "w1",
    counts: { collections: 2, folders: 1, requests: 3 },
    items: [
      { id: "c1", kind: "collection", name: "Platform", parent_id: null, auth_type: "inherit", children: [
        { id: "f1", kind: "folder", name: "Users", parent_id: "c1", auth_type: "inherit", children: [
          { id: "r1", kind: "request", name: "List users", parent_id: "f1", method: "GET", url: "https://api.test/users" },
        ] },
        { id: "r2", kind: "request", name: "Health", parent_id: "c1", method: "HEAD", url: "https://api.test/health" },
      ] },
      { id: "c2", kind: "collection", name: "Echo", parent_id: null, auth_type: "inherit", children: [
        { id: "r3", kind: "request", name: "Echo JSON", parent_id: "c2", method: "POST", url: "http://127.0.0.1:8199/echo" },
      ] },
    ],
  };
}

const openRequest = vi.fn(async () => undefined);

function setup(role: Role, tree: Tree | null = sample(), expanded: string[] = ["c1", "c2"]) {
  useWorkspaces.setState({
    currentId: "w1", loaded: true,
    workspaces: [{ id: "w1", name: "W", description: "", created_at: "", created_by: "", history_retention_days: 30, role }],
  });
  useTree.setState({ ws: "w1", tree, loading: false, error: null, expanded: new Set(expanded) });
  useTabs.setState({ tabs: [], activeKey: null, openRequest });
  return render(<CollectionsPanel ws="w1" />);
}

beforeAll(() => {
  // jsdom has no layout: give the scroll area a size so the virtualiser renders rows.
  vi.spyOn(HTMLElement.prototype, "getBoundingClientRect").mockReturnValue({
    x: 0, y: 0, top: 0, left: 0, right: 300, bottom: 600, width: 300, height: 600, toJSON: () => ({}),
  } as DOMRect);
  Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 600 });
  Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 300 });
});
beforeEach(() => {
  localStorage.clear();
  openRequest.mockClear();
});
afterEach(cleanup);

const labels = () => screen.queryAllByRole("treeitem").map((el) => `${el.getAttribute("aria-level")}:${el.getAttribute("aria-label")}`);

describe("CollectionsPanel", () => {
  it("renders the visible rows as a tree with levels and counts", () => {
    setup("editor");
    expect(screen.getByRole("tree")).toBeInTheDocument();
    expect(labels()).toEqual(["1:Platform", "2:Users", "2:Health", "1:Echo", "2:Echo JSON"]);
    expect(screen.getByRole("treeitem", { name: "Users" })).toHaveAttribute("aria-expanded", "false");
    expect(screen.getByText("2 collections · 1 folder · 3 requests")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "New collection" })).toBeInTheDocument();
  });

  it("opens a request on click and toggles a folder", () => {
    setup("editor");
    fireEvent.click(screen.getByRole("treeitem", { name: "Health" }));
    expect(openRequest).toHaveBeenCalledWith("w1", "r2");
    fireEvent.click(screen.getByRole("treeitem", { name: "Users" }));
    expect(useTree.getState().expanded.has("f1")).toBe(true);
    expect(labels()).toContain("3:List users");
  });

  it("filters by URL and shows a helpful empty result", () => {
    setup("editor");
    const input = screen.getByRole("searchbox", { name: "Filter requests" });
    fireEvent.change(input, { target: { value: "/users" } });
    expect(labels()).toEqual(["1:Platform", "2:Users", "3:List users"]);
    fireEvent.change(input, { target: { value: "nothing-like-this" } });
    expect(screen.getByText("No requests match “nothing-like-this”")).toBeInTheDocument();
    fireEvent.click(screen.getByRole("button", { name: "Clear filter" }));
    expect(labels()).toHaveLength(5);
  });

  it("moves with the arrow keys and expands with ArrowRight (roving tabindex)", () => {
    setup("editor");
    const first = screen.getByRole("treeitem", { name: "Platform" });
    expect(first).toHaveAttribute("tabindex", "0");
    act(() => first.focus());
    fireEvent.keyDown(first, { key: "ArrowDown" });
    const users = screen.getByRole("treeitem", { name: "Users" });
    expect(users).toHaveAttribute("tabindex", "0");
    expect(users).toHaveAttribute("aria-selected", "true");
    expect(document.activeElement).toBe(users);
    fireEvent.keyDown(users, { key: "ArrowRight" });
    expect(useTree.getState().expanded.has("f1")).toBe(true);
    fireEvent.keyDown(users, { key: "ArrowLeft" });
    expect(useTree.getState().expanded.has("f1")).toBe(false);
    fireEvent.keyDown(users, { key: "ArrowLeft" });
    expect(document.activeElement).toBe(screen.getByRole("treeitem", { name: "Platform" }));
  });

  it("gives viewers only Open and no way to create", () => {
    setup("viewer");
    expect(screen.queryByRole("button", { name: "New collection" })).toBeNull();
    expect(screen.queryByRole("button", { name: "More actions for Platform" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "More actions for Health" }));
    const menu = screen.getByRole("menu");
    expect(within(menu).getAllByRole("menuitem").map((b) => b.textContent)).toEqual(["Open"]);
    expect(screen.getByRole("treeitem", { name: "Health" })).toHaveAttribute("draggable", "false");
  });

  it("offers the folder actions to editors from the context menu", () => {
    setup("editor");
    fireEvent.contextMenu(screen.getByRole("treeitem", { name: "Users" }));
    const items = within(screen.getByRole("menu")).getAllByRole("menuitem").map((b) => b.textContent);
    expect(items).toEqual(["New request", "New folder", "Import into…", "Rename", "Duplicate", "Delete"]);
  });

  it("says what to do when there are no collections", () => {
    setup("editor", { workspace_id: "w1", items: [], counts: { collections: 0, folders: 0, requests: 0 } });
    expect(screen.getByText("No collections yet")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Create collection" })).toBeInTheDocument();
  });

  it("shows the error with Retry when the tree could not load", () => {
    setup("editor", null);
    act(() => useTree.setState({ error: "The server is down." }));
    expect(screen.getByText("The server is down.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Retry" })).toBeInTheDocument();
  });
});
