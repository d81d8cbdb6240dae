/**
 * What the sidebar tree does to the server: create, rename, duplicate, delete and move collections, folders and
 * requests. Each shows the change at once where that is safe (optimistic), calls the API, then re-reads the tree;
 * a refusal puts the tree back and shows the API's message.
 */
import { collectionsApi, type TreeNode } from "../../api";
import { confirmAction, promptText } from "../../ui/prompt";
import { toast } from "../../ui/toast";
import { docOf } from "../request/newRequest";
import { useTabs } from "../request/tabsStore";
import { useTree } from "./treeStore";
import { ancestorsOf, countInside, describeContents, type DropPlan } from "./treeUtils";

const kindLabel = (n: TreeNode) => (n.kind === "collection" ? "collection" : n.kind === "folder" ? "folder" : "request");

/** Ask for a name, then create with it; API errors become a toast. Resolves to what `create` answers (null when
 * cancelled or refused). */
async function askAndCreate(title: string, create: (name: string) => Promise<string>): Promise<string | null> {
  const name = await promptText(title, { label: "Name", confirmText: "Create" });
  if (!name) return null;
  try {
    return await create(name);
  } catch (err) {
    toast.error(err);
    return null;
  }
}

/** Ask for a name and create a collection; resolves to its id (null when cancelled or refused). */
export function newCollection(ws: string): Promise<string | null> {
  return askAndCreate("New collection", async (name) => {
    const folder = await collectionsApi.createFolder(ws, name, null);
    useTree.getState().setExpanded(folder.id, true);
    await useTree.getState().reload();
    return folder.id;
  });
}

/** Ask for a name and create a folder inside `parent`. */
export function newFolder(ws: string, parent: TreeNode): Promise<string | null> {
  return askAndCreate(`New folder in “${parent.name}”`, async (name) => {
    const folder = await collectionsApi.createFolder(ws, name, parent.id);
    const t = useTree.getState();
    t.expandAll([...ancestorsOf(t.tree, parent.id).map((f) => f.id), parent.id]);
    await t.reload();
    return folder.id;
  });
}

/** Ask for a name, create a GET request inside `parent` on the server and open it in a tab. */
export function newRequestIn(ws: string, parent: TreeNode): Promise<string | null> {
  return askAndCreate(`New request in “${parent.name}”`, async (name) => {
    const saved = await collectionsApi.createRequest(ws, parent.id, { name, method: "GET", url: "" });
    const t = useTree.getState();
    t.expandAll([...ancestorsOf(t.tree, parent.id).map((f) => f.id), parent.id]);
    void useTabs.getState().openRequest(ws, saved.id);
    await t.reload();
    return saved.id;
  });
}

/** `answered` runs as soon as the dialog closes (the panel puts keyboard focus back on the row). */
export async function renameNode(ws: string, node: TreeNode, answered?: () => void): Promise<void> {
  const name = await promptText(`Rename ${kindLabel(node)}`, { label: "Name", initial: node.name, confirmText: "Rename" });
  if (!name || name === node.name) {
    answered?.();
    return;
  }
  const t = useTree.getState();
  const before = t.tree;
  t.applyRename(node.id, name);
  answered?.();
  try {
    if (node.kind === "request") {
      // Requests have no PATCH: save the current server copy with the new name.
      const current = await collectionsApi.request(ws, node.id);
      const saved = await collectionsApi.saveRequest(ws, node.id, current.version, { ...docOf(current), name });
      const tabs = useTabs.getState();
      tabs.renameRequest(node.id, name);
      // A tab without unsaved edits takes the new version too, so its next save does not conflict.
      for (const tab of useTabs.getState().tabs) if (tab.requestId === node.id && !tab.dirty) tabs.markSaved(tab.key, saved);
    } else {
      await collectionsApi.updateFolder(ws, node.id, { name });
    }
    await useTree.getState().reload();
  } catch (err) {
    useTree.getState().restore(before);
    toast.error(err);
    void useTree.getState().reload();
  }
}

export async function duplicateNode(ws: string, node: TreeNode): Promise<string | null> {
  try {
    const copy =
      node.kind === "request"
        ? await collectionsApi.duplicateRequest(ws, node.id)
        : await collectionsApi.duplicateFolder(ws, node.id);
    await useTree.getState().reload();
    toast.success(`Duplicated “${node.name}”`);
    return copy.id;
  } catch (err) {
    toast.error(err);
    return null;
  }
}

/** The sentence of the delete confirmation: what goes with it. */
export function deleteMessage(node: TreeNode): string {
  if (node.kind === "request") return `The request “${node.name}” will be deleted for everyone in this workspace.`;
  const inside = describeContents(countInside(node));
  return inside
    ? `Deleting the ${kindLabel(node)} “${node.name}” also deletes the ${inside} inside it, for everyone in this workspace.`
    : `The ${kindLabel(node)} “${node.name}” is empty. It will be deleted for everyone in this workspace.`;
}

/** Confirm, then delete; resolves true when it was deleted. */
export async function deleteNode(ws: string, node: TreeNode, answered?: (deleted: boolean) => void): Promise<boolean> {
  const ok = await confirmAction(`Delete ${kindLabel(node)}?`, deleteMessage(node), { confirmText: "Delete", danger: true });
  if (!ok) {
    answered?.(false);
    return false;
  }
  const requestIds = node.kind === "request" ? [node.id] : countInside(node).requestIds;
  return optimistic(() => {
    useTree.getState().applyRemove(node.id);
    answered?.(true);
  }, async () => {
    if (node.kind === "request") await collectionsApi.deleteRequest(ws, node.id);
    else await collectionsApi.deleteFolder(ws, node.id);
    const tabs = useTabs.getState();
    for (const id of requestIds) tabs.forgetRequest(id);
  });
}

/** An optimistic edit: `show` changes the tree at once, `send` tells the server; a refusal puts the tree back. */
async function optimistic(show: () => void, send: () => Promise<void>): Promise<boolean> {
  const before = useTree.getState().tree;
  show();
  try {
    await send();
    await useTree.getState().reload();
    return true;
  } catch (err) {
    useTree.getState().restore(before);
    toast.error(err);
    void useTree.getState().reload();
    return false;
  }
}

/** Carry out a drop computed by planDrop: shown at once, then sent; a refusal puts the tree back. */
export async function moveNode(ws: string, node: TreeNode, plan: DropPlan): Promise<boolean> {
  return optimistic(() => {
    const t = useTree.getState();
    t.applyMove(node.id, plan.parentId, plan.index);
    if (plan.parentId) t.setExpanded(plan.parentId, true);
  }, async () => {
    if (node.kind === "request") {
      if (!plan.parentId) throw new Error("A request must live in a collection or folder.");
      await collectionsApi.moveRequest(ws, node.id, plan.parentId, plan.index);
    } else {
      await collectionsApi.moveFolder(ws, node.id, plan.parentId, plan.index);
    }
  });
}
