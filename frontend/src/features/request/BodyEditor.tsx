/** The Body section: mode chooser, code editors (lazy CodeMirror), form tables and file picks. */
import { lazy, Suspense, useState } from "react";
import { FileUp, Trash2, Wand2, X } from "lucide-react";
import { executionsApi, uploadFile, type Body, type BodyMode, type FormField, type RequestDoc } from "../../api";
import { toast } from "../../ui/toast";
import { formatBytes } from "../../ui/format";
import { KeyValueTable, KvHead } from "./KeyValueTable";
import { VarInput, useScope } from "./VarInput";
import { BODY_MODES, beautifyJson, headersForMode, jsonError } from "./requestModel";

const CodeEditor = lazy(() => import("./editor/CodeEditor"));

export function BodyEditor({ ws, doc, onChange, readOnly }: { ws: string; doc: RequestDoc; onChange: (d: RequestDoc) => void; readOnly: boolean }) {
  const body = doc.body;
  const scope = useScope();
  const setBody = (patch: Partial<Body>) => onChange({ ...doc, body: { ...body, ...patch } });
  const setMode = (mode: BodyMode) => {
    const next: Body = { ...body, mode };
    if (mode === "graphql" && !next.graphql) next.graphql = { query: "", variables: "", operation_name: null };
    onChange({ ...doc, body: next, headers: headersForMode(doc.headers, body.mode, mode) });
  };
  const err = body.mode === "json" ? jsonError(body.raw) : null;

  return (
    <div className="body-editor">
      <div className="body-toolbar">
        <div className="segmented" role="radiogroup" aria-label="Body type">
          {BODY_MODES.map((m) => (
            <label key={m.id} className={`segmented-item${body.mode === m.id ? " on" : ""}`}>
              <input type="radio" name={`body-mode-${ws}`} value={m.id} checked={body.mode === m.id} disabled={readOnly}
                onChange={() => setMode(m.id)} />
              {m.label}
            </label>
          ))}
        </div>
        <div className="spacer" />
        {body.mode === "json" && (
          <>
            {err ? <span className="body-status bad" title={err.message}>Invalid JSON</span> : body.raw.trim() ? <span className="body-status ok">Valid JSON</span> : null}
            <button type="button" className="btn btn-sm btn-ghost" disabled={readOnly || !body.raw.trim()}
              onClick={() => {
                const pretty = beautifyJson(body.raw);
                if (pretty === null) toast.error(new Error(`Cannot beautify: ${err?.message ?? "invalid JSON"}`));
                else setBody({ raw: pretty });
              }}>
              <Wand2 size={13} /> Beautify
            </button>
          </>
        )}
      </div>
      <div className="body-content">
        {body.mode === "none" && <div className="kv-empty">This request does not have a body. Choose a body type above to add one.</div>}
        {(body.mode === "json" || body.mode === "text" || body.mode === "xml") && (
          <div className="code-frame">
            <Suspense fallback={<div className="code-loading">Loading editor…</div>}>
              <CodeEditor language={body.mode} value={body.raw} onChange={(raw) => setBody({ raw })} ariaLabel="Request body"
                readOnly={readOnly} scope={scope}
                placeholder={body.mode === "json" ? '{ "name": "{{userName}}" }' : body.mode === "xml" ? "<root/>" : "Text body"} />
            </Suspense>
          </div>
        )}
        {body.mode === "graphql" && (
          <div className="graphql-split">
            <div className="col grow">
              <span className="label">Query</span>
              <div className="code-frame">
                <Suspense fallback={<div className="code-loading">Loading editor…</div>}>
                  <CodeEditor language="graphql" value={body.graphql?.query ?? ""} ariaLabel="Request body" readOnly={readOnly} scope={scope}
                    placeholder="query { viewer { id } }"
                    onChange={(query) => setBody({ graphql: { variables: "", operation_name: null, ...body.graphql, query } })} />
                </Suspense>
              </div>
            </div>
            <div className="col graphql-vars">
              <span className="label">Variables (JSON)</span>
              <div className="code-frame">
                <Suspense fallback={<div className="code-loading">Loading editor…</div>}>
                  <CodeEditor language="json" value={body.graphql?.variables ?? ""} ariaLabel="GraphQL variables" readOnly={readOnly} scope={scope}
                    placeholder='{ "id": 1 }'
                    onChange={(variables) => setBody({ graphql: { query: "", operation_name: null, ...body.graphql, variables } })} />
                </Suspense>
              </div>
            </div>
          </div>
        )}
        {body.mode === "urlencoded" && (
          <KeyValueTable label="Field" rows={body.urlencoded} onChange={(urlencoded) => setBody({ urlencoded })} readOnly={readOnly} />
        )}
        {body.mode === "formdata" && (
          <FormDataTable ws={ws} rows={body.formdata} onChange={(formdata) => setBody({ formdata })} readOnly={readOnly} />
        )}
        {body.mode === "binary" && (
          <BinaryPick ws={ws} body={body} onChange={(binary) => setBody({ binary })} readOnly={readOnly} />
        )}
      </div>
    </div>
  );
}

/** Register the file with the API, then PUT it to the blob store. */
async function upload(ws: string, file: File): Promise<{ file_ref: string; filename: string; content_type: string }> {
  const contentType = file.type || "application/octet-stream";
  const reg = await executionsApi.registerFile(ws, file.name, contentType, file.size);
  await uploadFile(reg.upload_url, file, contentType);
  return { file_ref: reg.file_ref, filename: file.name, content_type: contentType };
}

function FilePick({ ws, label, filename, onPicked, onClear, readOnly }: {
  ws: string; label: string; filename: string | null; readOnly: boolean;
  onPicked: (f: { file_ref: string; filename: string; content_type: string }) => void; onClear: () => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (filename && !busy) {
    return (
      <span className="file-chip" title={filename}>
        <FileUp size={13} /> <span className="truncate">{filename}</span>
        {!readOnly && <button type="button" className="icon-btn" aria-label={`Remove file ${label}`} onClick={onClear}><X size={12} /></button>}
      </span>
    );
  }
  return (
    <span className="file-pick">
      <label className={`btn btn-sm${readOnly ? " disabled" : ""}`}>
        <FileUp size={13} /> {busy ? `Uploading ${busy}…` : "Select file"}
        <input type="file" className="sr-only" aria-label={label} disabled={readOnly || !!busy}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = "";
            if (!file) return;
            setBusy(`${file.name} (${formatBytes(file.size)})`);
            setError(null);
            try {
              onPicked(await upload(ws, file));
            } catch (err) {
              setError(err instanceof Error ? err.message : String(err));
              toast.error(err);
            } finally {
              setBusy(null);
            }
          }} />
      </label>
      {error && <span className="field-error" role="alert">{error}</span>}
    </span>
  );
}

function BinaryPick({ ws, body, onChange, readOnly }: { ws: string; body: Body; onChange: (b: Body["binary"]) => void; readOnly: boolean }) {
  return (
    <div className="binary-pick">
      <FilePick ws={ws} label="Binary body file" filename={body.binary?.filename ?? null} readOnly={readOnly}
        onPicked={(f) => onChange(f)} onClear={() => onChange(null)} />
      <span className="hint">The file is sent as the whole body{body.binary?.content_type ? ` (${body.binary.content_type})` : ""}.</span>
    </div>
  );
}

const blankField = (): FormField => ({ key: "", type: "text", value: "", file_ref: null, filename: null, content_type: null, enabled: true, description: "" });

function FormDataTable({ ws, rows, onChange, readOnly }: { ws: string; rows: FormField[]; onChange: (rows: FormField[]) => void; readOnly: boolean }) {
  const all = readOnly ? rows : [...rows, blankField()];
  const edit = (i: number, patch: Partial<FormField>) => {
    if (i >= rows.length) onChange([...rows, { ...blankField(), ...patch }]);
    else onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  if (!all.length) return <div className="kv-empty">No form fields.</div>;
  return (
    <div className="kv kv-form" role="table" aria-label="Form fields">
      <KvHead columns={["Key", "Type", "Value", "Description"]} />
      {all.map((r, i) => {
        const n = i + 1;
        const ghost = i >= rows.length;
        return (
          <div key={i} role="row" className={`kv-row${!r.enabled && !ghost ? " kv-disabled" : ""}${ghost ? " kv-ghost" : ""}`}>
            <span role="cell" className="kv-check-cell">
              <input type="checkbox" className="kv-check" aria-label={`Form field enabled ${n}`} checked={r.enabled} disabled={readOnly || ghost}
                onChange={(e) => edit(i, { enabled: e.target.checked })} />
            </span>
            <span role="cell" className="kv-cell">
              <input className="kv-input mono" aria-label={`Form field key ${n}`} value={r.key} placeholder={ghost ? "Key" : ""} readOnly={readOnly}
                spellCheck={false} autoComplete="off" onChange={(e) => edit(i, { key: e.target.value })} />
            </span>
            <span role="cell" className="kv-cell">
              <select className="kv-select" aria-label={`Form field type ${n}`} value={r.type} disabled={readOnly}
                onChange={(e) => edit(i, e.target.value === "file" ? { type: "file", value: "" } : { type: "text", file_ref: null, filename: null, content_type: null })}>
                <option value="text">Text</option>
                <option value="file">File</option>
              </select>
            </span>
            <span role="cell" className="kv-cell">
              {r.type === "file" ? (
                <FilePick ws={ws} label={`Form field file ${n}`} filename={r.filename} readOnly={readOnly}
                  onPicked={(f) => edit(i, { ...f, type: "file" })} onClear={() => edit(i, { file_ref: null, filename: null, content_type: null })} />
              ) : (
                <VarInput className="kv-varinput" ariaLabel={`Form field value ${n}`} value={r.value} placeholder={ghost ? "Value" : ""} readOnly={readOnly}
                  onChange={(value) => edit(i, { value })} />
              )}
            </span>
            <span role="cell" className="kv-cell">
              <input className="kv-input" aria-label={`Form field description ${n}`} value={r.description} placeholder={ghost ? "Description" : ""}
                readOnly={readOnly} onChange={(e) => edit(i, { description: e.target.value })} />
            </span>
            <span role="cell" className="kv-actions">
              {!ghost && !readOnly && (
                <button type="button" className="icon-btn kv-delete" aria-label={`Delete form field ${n}`} title="Delete"
                  onClick={() => onChange(rows.filter((_, j) => j !== i))}>
                  <Trash2 size={14} />
                </button>
              )}
            </span>
          </div>
        );
      })}
    </div>
  );
}
