import type { Tree, TreeFolder, TreeNode } from "../../api";

/** The folders from the collection down to the one that holds `id` (empty when not found). */
export function ancestorsOf(tree: Tree | null, id: string): TreeFolder[] {
  if (!tree) return [];
  const walk = (nodes: TreeNode[], path: TreeFolder[]): TreeFolder[] | null => {
    for (const n of nodes) {
      if (n.id === id) return path;
      if (n.kind !== "request") {
        const found = walk(n.children, [...path, n]);
        if (found) return found;
      }
    }
    return null;
  };
  return walk(tree.items, []) ?? [];
}

export function findNode(tree: Tree | null, id: string): TreeNode | null {
  if (!tree) return null;
  const stack: TreeNode[] = [...tree.items];
  while (stack.length) {
    const n = stack.pop()!;
    if (n.id === id) return n;
    if (n.kind !== "request") stack.push(...n.children);
  }
  return null;
}

/* ------------------------------------------------------------------------------------------------------------------
 * Flattening for the virtualised sidebar, drop computation for drag and drop, keyboard navigation, optimistic moves.
 * ---------------------------------------------------------------------------------------------------------------- */

/** One visible line of the sidebar tree. */
export interface FlatRow {
  id: string;
  node: TreeNode;
  /** 0 for collections */
  depth: number;
  parentId: string | null;
  /** folders/collections with at least one child */
  hasChildren: boolean;
  /** folders/collections shown open */
  expanded: boolean;
  /** open because the filter found something inside (the user cannot collapse it while filtering) */
  forced: boolean;
  /** 1-based place among its siblings that are shown, and how many there are (aria-posinset / aria-setsize) */
  posInSet: number;
  setSize: number;
  /** where the filter matched the name ([start, end) in the name), or null */
  nameMatch: [number, number] | null;
  /** the filter matched the URL (not the name) of this request */
  urlMatch: boolean;
}

const isFolder = (n: TreeNode): n is TreeFolder => n.kind !== "request";

/** Whether `node` itself matches a filter that is already lower-cased and trimmed. */
export function matchOf(node: TreeNode, q: string): { name: [number, number] | null; url: boolean } {
  if (!q) return { name: null, url: false };
  const at = node.name.toLowerCase().indexOf(q);
  const name: [number, number] | null = at >= 0 ? [at, at + q.length] : null;
  const url = !name && node.kind === "request" && node.url.toLowerCase().includes(q);
  return { name, url };
}

/**
 * The rows on screen, depth first. Without a filter a folder's children show when `expanded` holds its id.
 * With a filter (case-insensitive, on names and request URLs) only matches, their ancestors (forced open) and the
 * contents of matching folders (opened as the user chooses) are kept.
 */
export function flattenTree(tree: Tree | null, expanded: ReadonlySet<string>, filter = ""): FlatRow[] {
  const out: FlatRow[] = [];
  if (!tree) return out;
  const q = filter.trim().toLowerCase();

  // With a filter: which folders hold a match somewhere below them.
  const matchBelow = new Set<string>();
  if (q) {
    const mark = (n: TreeNode): boolean => {
      if (!isFolder(n)) return false;
      let found = false;
      for (const c of n.children) {
        const own = matchOf(c, q);
        const below = mark(c);
        if (own.name || own.url || below) found = true;
      }
      if (found) matchBelow.add(n.id);
      return found;
    };
    tree.items.forEach(mark);
  }

  const walk = (nodes: TreeNode[], depth: number, parentId: string | null, inMatch: boolean) => {
    const shown: { n: TreeNode; m: ReturnType<typeof matchOf> }[] = [];
    for (const n of nodes) {
      const m = matchOf(n, q);
      if (!q || inMatch || m.name || m.url || matchBelow.has(n.id)) shown.push({ n, m });
    }
    shown.forEach(({ n, m }, i) => {
      const folder = isFolder(n);
      const forced = !!q && folder && matchBelow.has(n.id);
      const open = folder && n.children.length > 0 && (forced || expanded.has(n.id));
      out.push({
        id: n.id, node: n, depth, parentId, hasChildren: folder && n.children.length > 0, expanded: open, forced,
        posInSet: i + 1, setSize: shown.length, nameMatch: m.name, urlMatch: m.url,
      });
      if (open && folder) walk(n.children, depth + 1, n.id, inMatch || !!m.name);
    });
  };
  walk(tree.items, 0, null, false);
  return out;
}

/** Every request and folder below a folder (not counting it). */
export function countInside(node: TreeNode): { folders: number; requests: number; requestIds: string[] } {
  const res = { folders: 0, requests: 0, requestIds: [] as string[] };
  if (!isFolder(node)) return res;
  const stack: TreeNode[] = [...node.children];
  while (stack.length) {
    const n = stack.pop()!;
    if (isFolder(n)) {
      res.folders++;
      stack.push(...n.children);
    } else {
      res.requests++;
      res.requestIds.push(n.id);
    }
  }
  return res;
}

/** "3 folders and 12 requests" (or "nothing else") for a delete confirmation. */
export function describeContents(c: { folders: number; requests: number }): string {
  const parts: string[] = [];
  if (c.folders) parts.push(`${c.folders} folder${c.folders === 1 ? "" : "s"}`);
  if (c.requests) parts.push(`${c.requests} request${c.requests === 1 ? "" : "s"}`);
  return parts.join(" and ");
}

/** Whether `id` is `ancestorId` itself or somewhere below it. */
export function isInside(tree: Tree | null, id: string, ancestorId: string): boolean {
  if (id === ancestorId) return true;
  return ancestorsOf(tree, id).some((f) => f.id === ancestorId);
}

/* ---- drag and drop ---- */

export type DropZone = "before" | "inside" | "after";

/**
 * Which part of a row the pointer is over, from its vertical position (0 = top edge, 1 = bottom edge).
 * Folders: upper third before, middle third inside, lower third after. Requests: upper half before, lower after.
 */
export function dropZone(kind: TreeNode["kind"], ratio: number): DropZone {
  if (kind === "request") return ratio < 0.5 ? "before" : "after";
  if (ratio < 1 / 3) return "before";
  if (ratio > 2 / 3) return "after";
  return "inside";
}

export interface DropPlan {
  /** the row the indicator is drawn on and how */
  targetId: string;
  zone: DropZone;
  /** what the API gets: the new parent (null = a collection) and the 0-based index among the new siblings */
  parentId: string | null;
  index: number;
}

function childrenOf(tree: Tree, parentId: string | null): TreeNode[] {
  if (parentId === null) return tree.items;
  const p = findNode(tree, parentId);
  return p && isFolder(p) ? p.children : [];
}

/**
 * Where dropping `dragId` on the `zone` of the row `targetId` puts it, or null when that drop is refused
 * (onto itself, a folder into itself or its own folders, a request at the top level, or no change at all).
 * `targetExpanded`: the target folder is shown open, so "after" it means "first inside it".
 */
export function planDrop(tree: Tree | null, dragId: string, targetId: string, zone: DropZone, targetExpanded = false): DropPlan | null {
  if (!tree || dragId === targetId) return null;
  const drag = findNode(tree, dragId);
  const target = findNode(tree, targetId);
  if (!drag || !target) return null;
  const targetParent: string | null = target.parent_id;

  let parentId: string | null;
  let index: number;
  // A request cannot sit at the top level: beside a collection means inside it.
  if (drag.kind === "request" && target.kind === "collection") zone = "inside";
  if (zone === "after" && isFolder(target) && targetExpanded && target.children.length > 0) {
    parentId = target.id;
    index = 0;
  } else if (zone === "inside") {
    if (!isFolder(target)) return null;
    parentId = target.id;
    index = target.children.filter((c) => c.id !== dragId).length;
  } else {
    parentId = targetParent;
    const siblings = childrenOf(tree, parentId).filter((c) => c.id !== dragId);
    const at = siblings.findIndex((c) => c.id === targetId);
    if (at < 0) return null;
    index = zone === "before" ? at : at + 1;
  }
  if (parentId === null && drag.kind === "request") return null;
  if (isFolder(drag) && parentId !== null && isInside(tree, parentId, dragId)) return null;

  // Nothing would change: same parent, same place.
  const currentParent = drag.parent_id;
  if (currentParent === parentId) {
    const now = childrenOf(tree, parentId).findIndex((c) => c.id === dragId);
    if (now === index) return null;
  }
  return { targetId, zone, parentId, index };
}

/** The tree with `id` moved under `parentId` at `index` among its new siblings (a new object; the input is untouched). */
export function moveInTree(tree: Tree, id: string, parentId: string | null, index: number): Tree {
  const node = findNode(tree, id);
  if (!node) return tree;
  const strip = (nodes: TreeNode[]): TreeNode[] =>
    nodes.filter((n) => n.id !== id).map((n) => (isFolder(n) ? { ...n, children: strip(n.children) } : n));
  let items = strip(tree.items) as TreeFolder[];
  const moved: TreeNode =
    node.kind === "request"
      ? { ...node, parent_id: parentId ?? node.parent_id }
      : { ...node, parent_id: parentId, kind: parentId === null ? "collection" : "folder" };
  const insert = <T extends TreeNode>(list: T[]): T[] => {
    const copy = [...list];
    copy.splice(Math.max(0, Math.min(index, copy.length)), 0, moved as T);
    return copy;
  };
  if (parentId === null) {
    items = insert(items);
  } else {
    const place = (nodes: TreeNode[]): TreeNode[] =>
      nodes.map((n) => {
        if (!isFolder(n)) return n;
        if (n.id === parentId) return { ...n, children: insert(n.children) };
        return { ...n, children: place(n.children) };
      });
    items = place(items) as TreeFolder[];
  }
  return { ...tree, items };
}

/** The tree with the node `id` renamed. */
export function renameInTree(tree: Tree, id: string, name: string): Tree {
  const walk = (nodes: TreeNode[]): TreeNode[] =>
    nodes.map((n) => {
      if (n.id === id) return { ...n, name };
      return isFolder(n) ? { ...n, children: walk(n.children) } : n;
    });
  return { ...tree, items: walk(tree.items) as TreeFolder[] };
}

/** The tree without the node `id` (and what was inside it). */
export function removeFromTree(tree: Tree, id: string): Tree {
  const walk = (nodes: TreeNode[]): TreeNode[] =>
    nodes.filter((n) => n.id !== id).map((n) => (isFolder(n) ? { ...n, children: walk(n.children) } : n));
  return { ...tree, items: walk(tree.items) as TreeFolder[] };
}

/* ---- keyboard ---- */

export type TreeKeyAction =
  | { type: "focus"; index: number }
  | { type: "expand"; id: string }
  | { type: "collapse"; id: string }
  | { type: "open"; id: string }
  | { type: "toggle"; id: string }
  | { type: "rename"; id: string }
  | { type: "delete"; id: string }
  | { type: "menu"; id: string };

/** What a key pressed on row `index` does (WAI-ARIA tree pattern), or null when the key is not ours. */
export function treeKeyAction(rows: FlatRow[], index: number, key: string, shift = false): TreeKeyAction | null {
  const row = rows[index];
  if (!row) return rows.length && (key === "ArrowDown" || key === "Home") ? { type: "focus", index: 0 } : null;
  const folder = row.node.kind !== "request";
  switch (key) {
    case "ArrowDown":
      return { type: "focus", index: Math.min(index + 1, rows.length - 1) };
    case "ArrowUp":
      return { type: "focus", index: Math.max(index - 1, 0) };
    case "Home":
      return { type: "focus", index: 0 };
    case "End":
      return { type: "focus", index: rows.length - 1 };
    case "PageDown":
      return { type: "focus", index: Math.min(index + 10, rows.length - 1) };
    case "PageUp":
      return { type: "focus", index: Math.max(index - 10, 0) };
    case "ArrowRight":
      if (!folder || !row.hasChildren) return null;
      if (!row.expanded) return { type: "expand", id: row.id };
      return rows[index + 1] ? { type: "focus", index: index + 1 } : null;
    case "ArrowLeft": {
      if (folder && row.expanded && !row.forced) return { type: "collapse", id: row.id };
      if (row.parentId === null) return null;
      for (let i = index - 1; i >= 0; i--) if (rows[i]!.id === row.parentId) return { type: "focus", index: i };
      return null;
    }
    case "Enter":
    case " ":
      return folder ? { type: "toggle", id: row.id } : { type: "open", id: row.id };
    case "F2":
      return { type: "rename", id: row.id };
    case "Delete":
      return { type: "delete", id: row.id };
    case "ContextMenu":
      return { type: "menu", id: row.id };
    case "F10":
      return shift ? { type: "menu", id: row.id } : null;
    default:
      return null;
  }
}

/** Dropping on the empty space below the rows: a folder or collection becomes the last collection. */
export function planDropAtEnd(tree: Tree | null, dragId: string): DropPlan | null {
  if (!tree) return null;
  const drag = findNode(tree, dragId);
  if (!drag || drag.kind === "request") return null;
  const others = tree.items.filter((c) => c.id !== dragId);
  if (drag.parent_id === null && tree.items[tree.items.length - 1]?.id === dragId) return null;
  return { targetId: END_OF_TREE, zone: "after", parentId: null, index: others.length };
}

/** The pseudo target id of the space below the last row. */
export const END_OF_TREE = "__end__";

/** Type-ahead: the next row after `from` (wrapping) whose name starts with `text`, or -1. */
export function typeaheadIndex(rows: FlatRow[], from: number, text: string): number {
  const t = text.toLowerCase();
  if (!t || !rows.length) return -1;
  for (let k = 1; k <= rows.length; k++) {
    const i = (from + k) % rows.length;
    if (rows[i]!.node.name.toLowerCase().startsWith(t)) return i;
  }
  return -1;
}
