import { useState } from "react";
import { ApiError, executionsApi, type HistoryItem } from "../../api";
import { Dialog } from "../../ui/Dialog";
import { toast } from "../../ui/toast";
import { useTabs } from "../request/tabsStore";
import { useTree } from "../tree/treeStore";
import { folderOptions, shortUrl } from "./historyUtils";

/** "Save as request…": put a history entry into a collection or folder, then open it. */
export function SaveHistoryDialog({ ws, item, onClose }: { ws: string; item: HistoryItem; onClose: () => void }) {
  const tree = useTree((s) => s.tree);
  const options = folderOptions(tree);
  const [name, setName] = useState(item.name || `${item.method} ${shortUrl(item.url)}`.slice(0, 200));
  const [parent, setParent] = useState(options[0]?.id ?? "");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<{ name?: string; parent?: string }>({});

  const submit = async () => {
    if (!name.trim() || !parent) return;
    setBusy(true);
    try {
      const saved = await executionsApi.restoreHistory(ws, item.id, parent, name.trim());
      toast.success(`Saved “${saved.name}”`);
      void useTree.getState().reload();
      void useTabs.getState().openRequest(ws, saved.id);
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 400) {
        setErrors({ name: err.fieldMessage("name"), parent: err.fieldMessage("parent_id") });
      }
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title="Save as request" onClose={onClose} actions={
      <>
        <button className="btn" onClick={onClose}>Cancel</button>
        <button className="btn btn-primary" disabled={busy || !name.trim() || !parent} onClick={() => void submit()}>
          {busy ? "Saving…" : "Save"}
        </button>
      </>
    }>
      <form className="col" style={{ gap: 14 }} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <div className="field">
          <label htmlFor="hist-save-name">Request name</label>
          <input id="hist-save-name" className="input" value={name} maxLength={200} aria-invalid={errors.name ? true : undefined}
            onChange={(e) => setName(e.target.value)} />
          {errors.name && <span className="field-error">{errors.name}</span>}
        </div>
        <div className="field">
          <label htmlFor="hist-save-folder">Save to</label>
          {options.length ? (
            <select id="hist-save-folder" className="select" value={parent} onChange={(e) => setParent(e.target.value)}>
              {options.map((o) => <option key={o.id} value={o.id}>{o.label}</option>)}
            </select>
          ) : (
            <span className="hint">{tree ? "Create a collection first: requests live in collections and folders." : "Loading collections…"}</span>
          )}
          {errors.parent && <span className="field-error">{errors.parent}</span>}
        </div>
      </form>
    </Dialog>
  );
}
