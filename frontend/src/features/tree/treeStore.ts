/** The workspace's tree of collections, folders and request summaries (GET /tree), and which folders are open. */
import { create } from "zustand";
import { collectionsApi, errorMessage, type Tree } from "../../api";
import { moveInTree, removeFromTree, renameInTree } from "./treeUtils";

interface TreeState {
  ws: string | null;
  tree: Tree | null;
  loading: boolean;
  error: string | null;
  /** ids of the folders/collections shown open in the sidebar (remembered per workspace in localStorage) */
  expanded: ReadonlySet<string>;
  load: (ws: string) => Promise<void>;
  /** re-read the tree of the current workspace (after a save, move, import...) */
  reload: () => Promise<void>;
  setExpanded: (id: string, open: boolean) => void;
  toggle: (id: string) => void;
  /** open several folders at once (the ancestors of a request, say) */
  expandAll: (ids: string[]) => void;
  collapseAll: () => void;
  /** optimistic edits: shown at once, the next reload replaces them with the server's tree */
  applyMove: (id: string, parentId: string | null, index: number) => void;
  applyRename: (id: string, name: string) => void;
  applyRemove: (id: string) => void;
  /** put back a tree saved before an optimistic edit that the server refused */
  restore: (tree: Tree | null) => void;
}

/** bumped by every optimistic edit: a tree read that started before it is stale and is dropped */
let edits = 0;

const expandedKey = (ws: string) => `playground.tree.expanded.${ws}`;

/** The stored open folders of `ws`, or null when nothing was stored yet. */
export function readExpanded(ws: string): Set<string> | null {
  try {
    const raw = localStorage.getItem(expandedKey(ws));
    if (raw === null) return null;
    const ids: unknown = JSON.parse(raw);
    return new Set(Array.isArray(ids) ? ids.filter((x): x is string => typeof x === "string") : []);
  } catch {
    return null;
  }
}

function writeExpanded(ws: string | null, ids: ReadonlySet<string>): void {
  if (!ws) return;
  try {
    localStorage.setItem(expandedKey(ws), JSON.stringify([...ids]));
  } catch {
    /* storage full or disabled: the open state just is not remembered */
  }
}

export const useTree = create<TreeState>((set, get) => ({
  ws: null,
  tree: null,
  loading: false,
  error: null,
  expanded: new Set<string>(),
  async load(ws) {
    if (get().ws !== ws) set({ ws, tree: null, expanded: readExpanded(ws) ?? new Set() });
    set({ loading: true, error: null });
    const startedAt = edits;
    try {
      const tree = await collectionsApi.tree(ws);
      if (get().ws !== ws) return;
      if (startedAt !== edits) {
        // an optimistic edit happened meanwhile; the reload that follows it brings the server's view
        set({ loading: false });
        return;
      }
      if (readExpanded(ws) === null) {
        // first visit of this workspace: its collections start open
        const expanded = new Set(tree.items.map((c) => c.id));
        writeExpanded(ws, expanded);
        set({ tree, loading: false, expanded });
      } else set({ tree, loading: false });
    } catch (err) {
      if (get().ws === ws) set({ loading: false, error: errorMessage(err) });
    }
  },
  async reload() {
    const ws = get().ws;
    if (ws) await get().load(ws);
  },
  setExpanded(id, open) {
    const cur = get().expanded;
    if (cur.has(id) === open) return;
    const next = new Set(cur);
    if (open) next.add(id);
    else next.delete(id);
    writeExpanded(get().ws, next);
    set({ expanded: next });
  },
  toggle(id) {
    get().setExpanded(id, !get().expanded.has(id));
  },
  expandAll(ids) {
    const cur = get().expanded;
    if (ids.every((id) => cur.has(id))) return;
    const next = new Set([...cur, ...ids]);
    writeExpanded(get().ws, next);
    set({ expanded: next });
  },
  collapseAll() {
    const next = new Set<string>();
    writeExpanded(get().ws, next);
    set({ expanded: next });
  },
  applyMove(id, parentId, index) {
    edits++;
    const tree = get().tree;
    if (tree) set({ tree: moveInTree(tree, id, parentId, index) });
  },
  applyRename(id, name) {
    edits++;
    const tree = get().tree;
    if (tree) set({ tree: renameInTree(tree, id, name) });
  },
  applyRemove(id) {
    edits++;
    const tree = get().tree;
    if (tree) set({ tree: removeFromTree(tree, id) });
  },
  restore(tree) {
    edits++;
    set({ tree });
  },
}));
