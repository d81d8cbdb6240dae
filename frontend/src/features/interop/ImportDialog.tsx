/**
 * Import a Postman collection or environment, an OpenAPI / Swagger spec, a HAR file, an Insomnia export or a cURL
 * command: from a dropped or picked file, or pasted text. All or nothing on the server; a refusal is shown here
 * with the API's message and the pasted text stays.
 */
import { useCallback, useEffect, useId, useRef, useState, type DragEvent } from "react";
import { DatabaseBackup, FileText, FolderInput, Loader2, TriangleAlert, UploadCloud, X } from "lucide-react";
import type { ImportResult } from "../../api";
import { Dialog } from "../../ui/Dialog";
import {
  chooseTransport, describeImportError, FORMAT_OPTIONS, formatBytes, formatName, formatParam, guessFormat,
  type ImportProblem,
} from "./importPlan";
import { runImport, type ImportSource, type ImportStage } from "./importRun";
import type { NodeRef } from "./interopStore";
import "./interop.css";

const STAGE_LABEL: Record<ImportStage, string> = {
  reading: "Reading…",
  uploading: "Uploading…",
  importing: "Importing…",
};

export function ImportDialog({ ws, parent, onClose, onImported, onBackup }: {
  ws: string;
  /** import under this folder instead of as new collections */
  parent: NodeRef | null;
  onClose: () => void;
  /** the import succeeded: the dialog stays busy until this settles, then the caller closes it */
  onImported: (result: ImportResult) => Promise<void> | void;
  /** shown as "Export workspace backup" in the footer when given */
  onBackup?: () => void;
}) {
  const [text, setText] = useState("");
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState("");
  const [stage, setStage] = useState<ImportStage | null>(null);
  const [problem, setProblem] = useState<ImportProblem | null>(null);
  const [dragging, setDragging] = useState(false);
  const busy = stage !== null;
  const busyRef = useRef(false);
  busyRef.current = busy;
  const textRef = useRef<HTMLTextAreaElement>(null);
  const fileRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  // A click outside or Escape closes, but not while the import is in flight (its result still has to land).
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const close = useCallback(() => {
    if (!busyRef.current) onCloseRef.current();
  }, []);

  // The paste area is where most imports start (the Dialog focuses its first control, the hidden file input).
  useEffect(() => {
    textRef.current?.focus();
  }, []);

  const pickFile = (f: File | null | undefined) => {
    if (!f) return;
    setFile(f);
    setProblem(null);
  };
  const clearFile = () => {
    setFile(null);
    if (fileRef.current) fileRef.current.value = "";
    setProblem(null);
  };

  const source: ImportSource | null = file ? { kind: "file", file } : text.trim() ? { kind: "text", text } : null;
  const guess = !file && format === "" ? guessFormat(text) : null;
  const fileTransport = file ? chooseTransport(file.size) : null;

  async function submit() {
    if (!source || busy) return;
    setProblem(null);
    setStage("reading");
    try {
      const result = await runImport(ws, source, formatParam(format), parent?.id ?? null, setStage);
      try {
        await onImported(result); // re-reads the tree: the dialog closes once the import shows
      } finally {
        setStage(null);
      }
    } catch (err) {
      setStage(null);
      setProblem(describeImportError(err));
    }
  }

  const onDragOver = (e: DragEvent) => {
    if (busy || !Array.from(e.dataTransfer.types).includes("Files")) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = "copy";
    setDragging(true);
  };
  const onDrop = (e: DragEvent) => {
    if (busy || !e.dataTransfer.files.length) return;
    e.preventDefault();
    setDragging(false);
    pickFile(e.dataTransfer.files[0]);
  };

  const actions = (
    <>
      {onBackup && (
        <>
          <button type="button" className="btn btn-ghost io-backup" onClick={onBackup} disabled={busy}>
            <DatabaseBackup size={15} aria-hidden="true" /> Export workspace backup
          </button>
          <span className="spacer" />
        </>
      )}
      <button type="button" className="btn" onClick={close} disabled={busy}>Cancel</button>
      <button type="button" className="btn btn-primary io-submit" onClick={() => void submit()}
        disabled={!source || busy || fileTransport === "too-large"} aria-busy={busy || undefined}>
        {busy && <Loader2 size={14} className="io-spin" aria-hidden="true" />}
        {busy ? STAGE_LABEL[stage] : "Import"}
      </button>
    </>
  );

  return (
    <Dialog title="Import" onClose={close} actions={actions} width={620}>
      <div className="io-body" onDragOver={onDragOver} onDragLeave={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setDragging(false);
      }} onDrop={onDrop}>
        <p className="io-lead">
          {parent ? (
            <><FolderInput size={14} aria-hidden="true" /> Into <strong>{parent.name}</strong> — everything lands as folders and requests inside it.</>
          ) : (
            <>Postman collections and environments, OpenAPI 3 and Swagger 2 (JSON or YAML), HAR, Insomnia (v4 and v5), cURL and fetch calls.</>
          )}
        </p>

        <div className={`io-drop${dragging ? " is-over" : ""}${file ? " has-file" : ""}`}>
          <input ref={fileRef} id={`${ids}-file`} type="file" className="sr-only" aria-label="Import file"
            accept=".json,.yaml,.yml,.har,.txt,.sh,.curl,application/json,application/yaml,text/yaml,text/plain"
            disabled={busy} onChange={(e) => pickFile(e.target.files?.[0])} />
          {file ? (
            <div className="io-file">
              <FileText size={20} aria-hidden="true" className="io-file-icon" />
              <div className="grow">
                <div className="io-file-name truncate" title={file.name}>{file.name}</div>
                <div className="io-file-meta">
                  {formatBytes(file.size)}
                  {fileTransport === "upload" && " · uploaded first, then imported"}
                  {fileTransport === "too-large" && <span className="io-bad"> · larger than the 20 MB limit</span>}
                </div>
              </div>
              <button type="button" className="icon-btn" aria-label="Remove file" title="Remove file" onClick={clearFile}
                disabled={busy}>
                <X size={15} />
              </button>
            </div>
          ) : (
            <label htmlFor={`${ids}-file`} className="io-drop-label">
              <UploadCloud size={22} aria-hidden="true" />
              <span><strong>Drop a file here</strong> or <span className="io-link">choose a file</span></span>
              <span className="io-hint">.json, .yaml, .har or a text file · up to 20 MB</span>
            </label>
          )}
        </div>

        <div className="io-or" aria-hidden="true"><span>or paste</span></div>

        <textarea
          ref={textRef}
          className="textarea io-paste"
          aria-label="Paste a collection, spec or cURL command"
          placeholder={"curl -X POST https://api.example.com/v1/items -H 'Content-Type: application/json' -d '{\"a\":1}'\n\n…or the JSON / YAML of a collection or spec"}
          value={file ? "" : text}
          disabled={busy || !!file}
          spellCheck={false}
          autoComplete="off"
          aria-invalid={problem && !file ? true : undefined}
          aria-describedby={problem ? `${ids}-err` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            if (problem) setProblem(null);
          }}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void submit();
            }
          }}
        />
        {file && text.trim() && <div className="io-hint io-kept">Your pasted text is kept; remove the file to import it instead.</div>}

        <div className="io-format">
          <label htmlFor={`${ids}-fmt`} className="label">Format</label>
          <select id={`${ids}-fmt`} className="select" aria-label="Format" value={format} disabled={busy}
            onChange={(e) => setFormat(e.target.value)}>
            {FORMAT_OPTIONS.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          </select>
          {guess && <span className="badge badge-accent" aria-live="polite">Looks like {formatName(guess)}</span>}
        </div>

        {busy && (
          <div className="io-note" role="status">
            <Loader2 size={15} className="io-spin" aria-hidden="true" />
            <span>
              {stage === "uploading" && file ? `Uploading ${file.name} (${formatBytes(file.size)})…` : STAGE_LABEL[stage]}
              {(fileTransport === "upload" || stage === "uploading") && " Large files can take a minute or two to import — keep this window open."}
            </span>
          </div>
        )}

        {problem && (
          <div className="io-error" role="alert" id={`${ids}-err`}>
            <TriangleAlert size={15} aria-hidden="true" />
            <div className="grow">
              <div className="io-error-title">{problem.title}</div>
              {problem.details.length > 0 && (
                <ul className="io-error-details">
                  {problem.details.map((d) => <li key={d}>{d}</li>)}
                </ul>
              )}
            </div>
          </div>
        )}
      </div>
    </Dialog>
  );
}
