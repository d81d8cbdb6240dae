/**
 * Folders (collections included) the builder needs in full: their variables for {{var}} highlighting and their auth
 * for "Inherit from parent". Fetched once per tree load: a tree reload (after any edit) empties the cache.
 */
import { useEffect, useMemo } from "react";
import { create } from "zustand";
import { collectionsApi, type Folder, type Tree, type TreeFolder } from "../../api";
import { useTree } from "../tree/treeStore";
import { ancestorsOf, findNode } from "../tree/treeUtils";
import { useEnvironments } from "../environments/envStore";
import { buildScope, type Scope } from "./variables";

interface FolderCache {
  tree: Tree | null;
  byId: Record<string, Folder>;
  pending: Set<string>;
  ensure: (ws: string, ids: string[]) => void;
}

export const useFolderCache = create<FolderCache>((set, get) => ({
  tree: null,
  byId: {},
  pending: new Set(),
  ensure(ws, ids) {
    for (const id of ids) {
      if (get().byId[id] || get().pending.has(id)) continue;
      get().pending.add(id);
      const tree = get().tree;
      collectionsApi.folder(ws, id).then(
        (folder) => {
          get().pending.delete(id);
          if (get().tree === tree) set((s) => ({ byId: { ...s.byId, [id]: folder } }));
        },
        () => get().pending.delete(id),
      );
    }
  },
}));

useTree.subscribe((s) => {
  if (s.tree !== useFolderCache.getState().tree) useFolderCache.setState({ tree: s.tree, byId: {}, pending: new Set() });
});

/** The folders a request lives in, collection first (a draft uses its intended parent). */
export function chainOf(tree: Tree | null, requestId: string | null, parentId: string | null): TreeFolder[] {
  if (requestId) {
    const path = ancestorsOf(tree, requestId);
    if (path.length) return path;
  }
  if (!parentId) return [];
  const parent = findNode(tree, parentId);
  if (!parent || parent.kind === "request") return [];
  return [...ancestorsOf(tree, parentId), parent];
}

/** The ancestor chain with the full folders as they load. */
export function useChain(ws: string, requestId: string | null, parentId: string | null): { node: TreeFolder; folder: Folder | undefined }[] {
  const tree = useTree((s) => s.tree);
  const byId = useFolderCache((s) => s.byId);
  const chain = useMemo(() => chainOf(tree, requestId, parentId), [tree, requestId, parentId]);
  const ids = chain.map((n) => n.id).join(",");
  useEffect(() => {
    if (ids) useFolderCache.getState().ensure(ws, ids.split(","));
  }, [ws, ids, tree]);
  return useMemo(() => chain.map((node) => ({ node, folder: byId[node.id] })), [chain, byId]);
}

/** Variables visible to a request: globals, its collection/folders, the active environment. */
export function useRequestScope(ws: string, requestId: string | null, parentId: string | null): Scope {
  const chain = useChain(ws, requestId, parentId);
  const environments = useEnvironments((s) => s.environments);
  const globals = useEnvironments((s) => s.globals);
  const activeId = useEnvironments((s) => s.activeId);
  return useMemo(() => buildScope({ environments, globals, activeId }, chain), [environments, globals, activeId, chain]);
}
