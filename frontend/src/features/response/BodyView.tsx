/** The Body section: Pretty (lazy CodeMirror) / Raw (virtualised) / Preview (sandboxed HTML, images), Copy, Save. */
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { useVirtualizer } from "@tanstack/react-virtual";
import { Copy, Download, FileWarning, Info, Loader2 } from "lucide-react";
import type { ExecutionResult } from "../../api";
import { formatBytes } from "../../ui/format";
import { toast } from "../../ui/toast";
import {
  PRETTY_LIMIT, base64ToBytes, detectKind, fileNameFor, headerValue, isTextKind, mediaType, prettyText, splitRows,
  type BodyKind,
} from "./responseUtils";
import type { CodeLanguage } from "./CodeView";
import { copyText } from "../../ui/clipboard";

const CodeView = lazy(() => import("./CodeView"));

export type BodyMode = "pretty" | "raw" | "preview";

function defaultMode(kind: BodyKind): BodyMode {
  return kind === "image" || kind === "binary" ? "preview" : "pretty";
}

export function BodyView({ result, loading, loadError }: { result: ExecutionResult; loading: boolean; loadError: string | null }) {
  const contentType = headerValue(result.headers, "content-type");
  const text = result.body_text ?? null;
  const b64 = result.body_base64 ?? null;
  const kind = useMemo(() => detectKind(contentType, text, b64 !== null && b64 !== ""), [contentType, text, b64]);
  const [mode, setMode] = useState<BodyMode>(() => defaultMode(kind));
  useEffect(() => setMode(defaultMode(kind)), [kind]);

  const tooBig = text !== null && text.length > PRETTY_LIMIT;
  const pretty = useMemo(() => (mode === "pretty" && text !== null && !tooBig ? prettyText(kind, text) : null), [mode, text, kind, tooBig]);
  const shown = mode === "pretty" && pretty !== null ? pretty : text;
  const url = result.request_sent?.url ?? null;

  const copy = async () => {
    if (shown === null) return;
    if (await copyText(shown)) toast.success("Copied the body to the clipboard");
    else toast.error("The browser did not allow copying to the clipboard.");
  };
  const save = () => {
    const name = fileNameFor(url, contentType);
    const blob = b64 !== null && text === null
      ? new Blob([base64ToBytes(b64)], { type: mediaType(contentType) || "application/octet-stream" })
      : new Blob([shown ?? ""], { type: (mediaType(contentType) || "text/plain") + ";charset=utf-8" });
    const href = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = href;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(href), 10_000);
  };

  const hasBody = text !== null || (b64 !== null && b64 !== "");
  return (
    <div className="rp-body">
      <div className="rp-body-bar">
        <div className="rp-seg" role="group" aria-label="Body view">
          {(["pretty", "raw", "preview"] as const).map((m) => (
            <button key={m} type="button" className="rp-seg-btn" aria-pressed={mode === m} onClick={() => setMode(m)}>
              {m === "pretty" ? "Pretty" : m === "raw" ? "Raw" : "Preview"}
            </button>
          ))}
        </div>
        {contentType && <span className="rp-ctype mono truncate" title={contentType}>{mediaType(contentType)}</span>}
        <span className="spacer" />
        <button type="button" className="btn btn-sm btn-ghost" onClick={() => void copy()} disabled={shown === null || loading}
          aria-label="Copy" title="Copy the body">
          <Copy size={13} /> Copy
        </button>
        <button type="button" className="btn btn-sm btn-ghost" onClick={save} disabled={!hasBody || loading}
          aria-label="Save" title="Save the body to a file">
          <Download size={13} /> Save
        </button>
      </div>
      {result.body_truncated && (
        <div className="rp-notice rp-notice-warn" role="note">
          <FileWarning size={14} /> The body was cut at {formatBytes(result.size_body)}: the server keeps at most that much of a response.
        </div>
      )}
      {loadError && (
        <div className="rp-notice rp-notice-err" role="alert">
          <FileWarning size={14} /> The body could not be loaded: {loadError}
        </div>
      )}
      {mode === "pretty" && tooBig && (
        <div className="rp-notice" role="note">
          <Info size={14} /> Large body ({formatBytes(text!.length)}): shown raw. Pretty printing is off above {formatBytes(PRETTY_LIMIT)}.
        </div>
      )}
      <div className="rp-body-content">
        {loading ? (
          <div className="rp-state" aria-busy="true">
            <Loader2 size={20} className="rp-spin" aria-hidden />
            <p role="status">Loading the body ({formatBytes(result.size_body)})…</p>
          </div>
        ) : !hasBody ? (
          <div className="rp-state"><p className="muted">This response has no body.</p></div>
        ) : (
          <BodyContent mode={mode} kind={kind} text={text} b64={b64} contentType={contentType} pretty={pretty}
            tooBig={tooBig} onSave={save} size={result.size_body} />
        )}
      </div>
    </div>
  );
}

function BodyContent({ mode, kind, text, b64, contentType, pretty, tooBig, onSave, size }: {
  mode: BodyMode; kind: BodyKind; text: string | null; b64: string | null; contentType: string | null;
  pretty: string | null; tooBig: boolean; onSave: () => void; size: number;
}) {
  if (!isTextKind(kind) || text === null) {
    if (kind === "image" && b64 && mode !== "raw") {
      return (
        <div className="rp-image">
          <img src={`data:${mediaType(contentType)};base64,${b64}`} alt="Response image" />
        </div>
      );
    }
    return <BinaryNotice size={size} onSave={onSave} contentType={contentType} />;
  }
  if (mode === "preview") {
    if (kind === "html") return <iframe className="rp-preview" title="Response preview" sandbox="" srcDoc={text} />;
    if (mediaType(contentType) === "image/svg+xml") {
      return <div className="rp-image"><img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`} alt="Response image" /></div>;
    }
    return (
      <>
        <div className="rp-notice" role="note"><Info size={14} /> No preview for {mediaType(contentType) || "this content"}: shown raw.</div>
        <RawText text={text} />
      </>
    );
  }
  if (mode === "raw" || tooBig) return <RawText text={text} />;
  const lang: CodeLanguage = kind === "json" || kind === "xml" || kind === "html" || kind === "javascript" ? kind : "text";
  return (
    <Suspense fallback={<RawText text={pretty ?? text} />}>
      <CodeView text={pretty ?? text} language={lang} label="Response body" />
    </Suspense>
  );
}

function BinaryNotice({ size, onSave, contentType }: { size: number; onSave: () => void; contentType: string | null }) {
  return (
    <div className="rp-state">
      <div className="rp-state-icon"><FileWarning size={20} /></div>
      <h3>Binary body ({size.toLocaleString()} bytes)</h3>
      <p>{mediaType(contentType) || "application/octet-stream"} cannot be shown as text.</p>
      <button type="button" className="btn btn-sm" onClick={onSave}><Download size={13} /> Download</button>
    </div>
  );
}

/** Under this many characters the raw body is one <pre>; above it, rows are virtualised. */
const PLAIN_LIMIT = 100_000;

export function RawText({ text }: { text: string }) {
  if (text.length <= PLAIN_LIMIT) {
    return <pre className="rp-raw" tabIndex={0} aria-label="Response body (raw)" data-testid="response-raw">{text}</pre>;
  }
  return <VirtualRaw text={text} />;
}

function VirtualRaw({ text }: { text: string }) {
  const rows = useMemo(() => splitRows(text), [text]);
  const scroller = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => 19,
    overscan: 20,
  });
  return (
    <div className="rp-raw rp-raw-virtual" ref={scroller} tabIndex={0} aria-label="Response body (raw)" data-testid="response-raw">
      <div style={{ height: virt.getTotalSize(), position: "relative", width: "100%" }}>
        {virt.getVirtualItems().map((item) => (
          <div key={item.key} data-index={item.index} ref={virt.measureElement} className="rp-raw-row"
            style={{ position: "absolute", top: 0, left: 0, width: "100%", transform: `translateY(${item.start}px)` }}>
            {rows[item.index] || "\u00a0"}
          </div>
        ))}
      </div>
    </div>
  );
}
