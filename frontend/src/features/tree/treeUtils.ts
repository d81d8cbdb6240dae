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
