/**
 * Export a collection as Postman v2.1 or OpenAPI 3.1, or the whole workspace as a backup. The server prepares the
 * file as a job; this dialog polls it, then saves the file.
 */
import { useCallback, useEffect, useId, useRef, useState } from "react";
import { CircleCheck, Download, Loader2, TriangleAlert } from "lucide-react";
import { errorMessage, type ExportFormat, type ExportJob } from "../../api";
import { Dialog } from "../../ui/Dialog";
import { formatBytes } from "./importPlan";
import { runExport, saveExport, safeFilename } from "./exportJob";
import type { NodeRef } from "./interopStore";
import "./interop.css";

const COLLECTION_FORMATS: { value: Extract<ExportFormat, "postman" | "openapi">; label: string; hint: string }[] = [
  { value: "postman", label: "Postman Collection v2.1", hint: "Folders, requests, auth and variables. Opens in Postman and most API clients." },
  { value: "openapi", label: "OpenAPI 3.1", hint: "One operation per request, with its parameters and example bodies. For docs and code generators." },
];

type Phase =
  | { kind: "idle" }
  | { kind: "running" }
  | { kind: "done"; job: ExportJob; how: "saved" | "opened" }
  | { kind: "failed"; message: string };

export function ExportDialog({ ws, collection, onClose }: {
  ws: string;
  /** the collection to export; null exports the whole workspace (a backup) */
  collection: NodeRef | null;
  onClose: () => void;
}) {
  const [format, setFormat] = useState<"postman" | "openapi">("postman");
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const abort = useRef<AbortController | null>(null);
  const ids = useId();

  useEffect(() => () => abort.current?.abort(), []);
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;
  const close = useCallback(() => {
    abort.current?.abort();
    onCloseRef.current();
  }, []);

  async function start() {
    abort.current?.abort();
    const ctrl = new AbortController();
    abort.current = ctrl;
    setPhase({ kind: "running" });
    try {
      const job = await runExport(ws, collection ? format : "workspace", collection?.id, { signal: ctrl.signal });
      if (ctrl.signal.aborted) return;
      const how = await saveExport(job);
      if (!ctrl.signal.aborted) setPhase({ kind: "done", job, how });
    } catch (err) {
      if (ctrl.signal.aborted) return;
      setPhase({ kind: "failed", message: errorMessage(err) });
    }
  }

  const running = phase.kind === "running";
  const title = collection ? `Export ${collection.name}` : "Export workspace backup";
  const actions = phase.kind === "done" ? (
    <button type="button" className="btn btn-primary" onClick={close}>Done</button>
  ) : (
    <>
      <button type="button" className="btn" onClick={close}>Cancel</button>
      <button type="button" className="btn btn-primary io-submit" onClick={() => void start()} disabled={running}
        aria-busy={running || undefined}>
        {running ? <Loader2 size={14} className="io-spin" aria-hidden="true" /> : <Download size={14} aria-hidden="true" />}
        {running ? "Preparing…" : phase.kind === "failed" ? "Try again" : "Export"}
      </button>
    </>
  );

  return (
    <Dialog title={title} onClose={close} actions={actions} width={480}>
      {collection ? (
        <fieldset className="io-formats" disabled={running || phase.kind === "done"}>
          <legend className="label">Format</legend>
          {COLLECTION_FORMATS.map((f) => (
            <label key={f.value} className={`io-format-card${format === f.value ? " is-checked" : ""}`}>
              <input type="radio" name={`${ids}-format`} value={f.value} checked={format === f.value}
                onChange={() => setFormat(f.value)} aria-describedby={`${ids}-${f.value}`} />
              <span className="col io-format-text">
                <span className="io-format-label">{f.label}</span>
                <span className="io-hint" id={`${ids}-${f.value}`}>{f.hint}</span>
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="io-lead io-lead-block">
          Every collection as Postman v2.1 and every environment, in one JSON file. Secret values are left out — a
          backup is a file that travels.
        </p>
      )}

      <div className="io-status" aria-live="polite">
        {running && (
          <div className="io-note">
            <Loader2 size={15} className="io-spin" aria-hidden="true" />
            <span>Preparing the file… large workspaces can take a little while.</span>
          </div>
        )}
        {phase.kind === "done" && (
          <div className="io-note io-note-ok">
            <CircleCheck size={15} aria-hidden="true" />
            <span className="grow">
              <strong>{phase.how === "saved" ? "Downloaded" : "Opened in a new tab"}</strong>{" "}
              <span className="mono">{safeFilename(phase.job.filename)}</span>
              {phase.job.size != null && <span className="muted"> · {formatBytes(phase.job.size)}</span>}
            </span>
            <a className="io-again" href={phase.job.download_url} download={safeFilename(phase.job.filename)}
              target="_blank" rel="noopener noreferrer">Download again</a>
          </div>
        )}
        {phase.kind === "failed" && (
          <div className="io-error" role="alert">
            <TriangleAlert size={15} aria-hidden="true" />
            <div className="grow">
              <div className="io-error-title">The export failed</div>
              <div className="io-error-details">{phase.message}</div>
            </div>
          </div>
        )}
      </div>
    </Dialog>
  );
}
