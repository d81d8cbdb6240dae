/** The workspace's tree of collections, folders and request summaries (GET /tree). */
import { create } from "zustand";
import { collectionsApi, errorMessage, type Tree } from "../../api";

interface TreeState {
  ws: string | null;
  tree: Tree | null;
  loading: boolean;
  error: string | null;
  load: (ws: string) => Promise<void>;
  /** re-read the tree of the current workspace (after a save, move, import...) */
  reload: () => Promise<void>;
}

export const useTree = create<TreeState>((set, get) => ({
  ws: null,
  tree: null,
  loading: false,
  error: null,
  async load(ws) {
    if (get().ws !== ws) set({ ws, tree: null });
    set({ loading: true, error: null });
    try {
      const tree = await collectionsApi.tree(ws);
      if (get().ws === ws) set({ tree, loading: false });
    } catch (err) {
      if (get().ws === ws) set({ loading: false, error: errorMessage(err) });
    }
  },
  async reload() {
    const ws = get().ws;
    if (ws) await get().load(ws);
  },
}));
