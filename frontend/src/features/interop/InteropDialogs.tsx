/** Renders the open import/export dialog (see interopStore) and applies a finished import to the app. */
import { memo, useCallback } from "react";
import { flushSync } from "react-dom";
import type { ImportResult } from "../../api";
import { toast } from "../../ui/toast";
import { useEnvironments } from "../environments/envStore";
import { useTree } from "../tree/treeStore";
import { ancestorsOf } from "../tree/treeUtils";
import { ExportDialog } from "./ExportDialog";
import { ImportDialog } from "./ImportDialog";
import { describeImport } from "./importPlan";
import { useInterop } from "./interopStore";

/** After an import: say what came in, re-read the tree (and environments), open what was created. */
export async function applyImport(ws: string, result: ImportResult, parentId: string | null): Promise<string | null> {
  toast.success(describeImport(result));
  const warnings = result.warnings ?? [];
  if (warnings.length) {
    toast.info(warnings.length === 1 ? `Note: ${warnings[0]}` : `${warnings.length} notes: ${warnings[0]} …`);
  }
  if ((result.environments ?? []).length) void useEnvironments.getState().load(ws);
  const created = (result.collections ?? []).map((c) => c.id);
  if (!created.length) return null;
  const t = useTree.getState();
  const above = parentId ? [...ancestorsOf(t.tree, parentId).map((f) => f.id), parentId] : [];
  t.expandAll([...above, ...created]);
  await t.reload();
  return created[0] ?? null;
}

// memo: the collections panel re-renders on every scrolled frame; this should not
export const InteropDialogs = memo(function InteropDialogs({ ws, onImported }: {
  ws: string;
  /** called with the first created collection/folder once the tree shows it (to select and scroll to it) */
  onImported?: (id: string) => void;
}) {
  const dialog = useInterop((s) => s.dialog);
  const close = useCallback(() => useInterop.getState().close(), []);
  if (!dialog) return null;
  if (dialog.kind === "import") {
    const parentId = dialog.parent?.id ?? null;
    return (
      <ImportDialog ws={ws} parent={dialog.parent} onClose={close} onBackup={parentId ? undefined : () => useInterop.getState().openBackup()}
        onImported={async (result) => {
          const id = await applyImport(ws, result, parentId);
          // Unmount now: the dialog hands focus back to where it was; only then may the new row take it.
          flushSync(close);
          if (id) setTimeout(() => onImported?.(id), 0);
        }} />
    );
  }
  return <ExportDialog key={dialog.kind === "export" ? dialog.collection.id : "backup"} ws={ws}
    collection={dialog.kind === "export" ? dialog.collection : null} onClose={close} />;
});
