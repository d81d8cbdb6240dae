/** Dialogs of the builder: save a new request, resolve a save conflict, generate code. */
import { useEffect, useMemo, useState } from "react";
import { Check, Copy } from "lucide-react";
import { ApiError, collectionsApi, errorMessage, interopApi, type CodegenTarget, type RequestDoc, type Tree, type TreeNode } from "../../api";
import { Dialog } from "../../ui/Dialog";
import { timeAgo } from "../../ui/format";
import type { SavedRequest } from "../../api";
import { copyText } from "../../ui/clipboard";
import { useCan } from "../../stores/workspace";

export interface FolderOption {
  id: string;
  label: string;
  depth: number;
  path: string;
}

/** Every collection and folder of the tree, depth first, for a "Save to" select. */
export function folderOptions(tree: Tree | null): FolderOption[] {
  const out: FolderOption[] = [];
  const walk = (nodes: TreeNode[], depth: number, path: string[]) => {
    for (const n of nodes) {
      if (n.kind === "request") continue;
      out.push({ id: n.id, label: n.name, depth, path: [...path, n.name].join(" / ") });
      walk(n.children, depth + 1, [...path, n.name]);
    }
  };
  walk(tree?.items ?? [], 0, []);
  return out;
}

export function SaveDialog({ ws, tree, doc, initialParent, onClose, onSaved }: {
  ws: string;
  tree: Tree | null;
  doc: RequestDoc;
  initialParent: string | null;
  onClose: () => void;
  onSaved: (saved: SavedRequest) => void;
}) {
  const options = useMemo(() => folderOptions(tree), [tree]);
  const [name, setName] = useState(doc.name);
  const [parent, setParent] = useState(initialParent && options.some((o) => o.id === initialParent) ? initialParent : (options[0]?.id ?? ""));
  const [newCollection, setNewCollection] = useState(options.length ? "" : "My collection");
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setBusy(true);
    setErrors({});
    setError(null);
    try {
      let parentId = parent;
      if (!options.length) {
        const col = await collectionsApi.createFolder(ws, newCollection.trim() || "My collection", null);
        parentId = col.id;
      }
      const saved = await collectionsApi.createRequest(ws, parentId, { ...doc, name: name.trim() || doc.name });
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError && err.fields.length) {
        setErrors(Object.fromEntries(err.fields.map((f) => [f.field, f.message])));
      }
      setError(errorMessage(err));
      setBusy(false);
    }
  };

  return (
    <Dialog title="Save request" onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose}>Cancel</button>
          <button className="btn btn-primary" disabled={busy || !name.trim() || (!!options.length && !parent)} onClick={() => void submit()}>
            {busy ? "Saving…" : "Save"}
          </button>
        </>
      }>
      <form className="col" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <div className="field">
          <label htmlFor="save-name">Request name</label>
          <input id="save-name" className="input" value={name} onChange={(e) => setName(e.target.value)} aria-invalid={errors.name ? true : undefined} />
          {errors.name && <span className="field-error">{errors.name}</span>}
        </div>
        {options.length ? (
          <div className="field">
            <label htmlFor="save-parent">Save to</label>
            <select id="save-parent" className="select" value={parent} onChange={(e) => setParent(e.target.value)}>
              {options.map((o) => (
                <option key={o.id} value={o.id}>{`${"\u00a0\u00a0\u00a0".repeat(o.depth)}${o.depth ? "└ " : ""}${o.label}`}</option>
              ))}
            </select>
            {errors.parent_id && <span className="field-error">{errors.parent_id}</span>}
          </div>
        ) : (
          <div className="field">
            <label htmlFor="save-collection">New collection</label>
            <input id="save-collection" className="input" value={newCollection} onChange={(e) => setNewCollection(e.target.value)} />
            <span className="hint">This workspace has no collection yet: one is created for this request.</span>
          </div>
        )}
        {error && <div className="field-error" role="alert">{error}</div>}
        <button type="submit" hidden />
      </form>
    </Dialog>
  );
}

export function ConflictDialog({ current, onReload, onOverwrite, onClose }: {
  current: SavedRequest;
  onReload: () => void;
  onOverwrite: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog title="Changed by someone else" onClose={onClose}
      actions={
        <>
          <button className="btn" onClick={onClose}>Cancel</button>
          <button className="btn" onClick={onReload}>Reload (discard mine)</button>
          <button className="btn btn-primary" onClick={onOverwrite}>Overwrite</button>
        </>
      }>
      <p className="muted" style={{ marginTop: 0 }}>
        “{current.name}” was saved by someone else {timeAgo(current.updated_at)} (version {current.version}) while you were editing it.
      </p>
      <ul className="conflict-choices">
        <li><strong>Reload</strong> shows their version and drops your unsaved changes.</li>
        <li><strong>Overwrite</strong> saves your version on top of theirs (theirs stays in Snapshots).</li>
      </ul>
    </Dialog>
  );
}

export function CodeDialog({ ws, doc, parentId, environmentId, onClose }: {
  ws: string;
  doc: RequestDoc;
  parentId: string | null;
  environmentId: string | null;
  onClose: () => void;
}) {
  const [targets, setTargets] = useState<CodegenTarget[]>([]);
  const [target, setTarget] = useState(() => localStorage.getItem("playground.codegen") ?? "curl");
  const [resolve, setResolve] = useState(false);
  const [secrets, setSecrets] = useState(false);
  const canReveal = useCan("editor");
  const [result, setResult] = useState<{ code: string; unresolved: string[]; notes: { code: string; text: string }[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    interopApi.codegenTargets().then((r) => {
      setTargets(r.items);
      setTarget((t) => (r.items.some((x) => x.id === t) ? t : (r.items[0]?.id ?? t)));
    }, (err) => setError(errorMessage(err)));
  }, []);

  useEffect(() => {
    if (!targets.length) return;
    let live = true;
    setError(null);
    interopApi.codegen({ request: doc, target, workspace_id: ws, parent_id: parentId, environment_id: environmentId, resolve_variables: resolve,
      include_secrets: resolve && secrets })
      .then((r) => live && setResult({ code: r.code, unresolved: r.unresolved_variables, notes: r.limitations ?? [] }),
        (err) => live && setError(errorMessage(err)));
    return () => { live = false; };
  }, [targets, target, resolve, secrets, doc, ws, parentId, environmentId]);

  const info = targets.find((t) => t.id === target);
  return (
    <Dialog title="Generate code" onClose={onClose} width={760}
      actions={<button className="btn" onClick={onClose}>Close</button>}>
      <div className="row code-dialog-bar">
        <div className="field">
          <label htmlFor="codegen-target">Target</label>
          <select id="codegen-target" className="select" value={target}
            onChange={(e) => { setTarget(e.target.value); localStorage.setItem("playground.codegen", e.target.value); }}>
            {targets.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
          </select>
        </div>
        <label className="checkbox" style={{ marginTop: 18 }}>
          <input type="checkbox" checked={resolve} onChange={(e) => setResolve(e.target.checked)} />
          Resolve variables
        </label>
        {resolve && canReveal && (
          <label className="checkbox" style={{ marginTop: 18 }} title="Secret values are written as placeholders unless you ask for them">
            <input type="checkbox" checked={secrets} onChange={(e) => setSecrets(e.target.checked)} />
            Include secret values
          </label>
        )}
        <div className="spacer" />
        <button className="btn btn-sm" style={{ marginTop: 18 }} disabled={!result}
          onClick={() => {
            if (!result) return;
            void copyText(result.code).then((ok) => {
              if (!ok) return;
              setCopied(true);
              setTimeout(() => setCopied(false), 1500);
            });
          }}>
          {copied ? <Check size={13} /> : <Copy size={13} />} {copied ? "Copied" : "Copy"}
        </button>
      </div>
      {error && <div className="field-error" role="alert">{error}</div>}
      <pre className="code-output" aria-label="Generated code" tabIndex={0}>{result?.code ?? "…"}</pre>
      {result?.notes.length ? (
        <div className="hint code-limits" data-testid="codegen-notes">
          <p>{info?.label ?? "This client"}, for this request:</p>
          <ul>{result.notes.map((l) => <li key={l.code}>{l.text}</li>)}</ul>
        </div>
      ) : result ? <p className="hint" data-testid="codegen-notes">{info?.label ?? "This client"} sends this request's method, URL, headers and body exactly (adding only its own defaults, such as User-Agent, where the request sets none).</p> : null}
      {result?.unresolved.length ? <p className="hint">Unresolved: {result.unresolved.map((v) => `{{${v}}}`).join(", ")}</p> : null}
    </Dialog>
  );
}
