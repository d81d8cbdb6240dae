/**
 * The response viewer of one request tab: idle, running (elapsed time, Cancel), the send error, or the result:
 * status bar (status, time, size, HTTP version, unresolved variables) and the sections Body / Headers / Cookies /
 * Timing / Request. A tiny footer shows how results arrive (live WebSocket, reconnecting, polling).
 */
import { useEffect, useId, useState, type ReactNode } from "react";
import { AlertTriangle, CircleSlash, Loader2, SendHorizontal, WifiOff, XCircle } from "lucide-react";
import type { Execution, ExecutionResult } from "../../api";
import { Tabs } from "../../ui/Tabs";
import { formatBytes, formatMs } from "../../ui/format";
import { useExecutions, type TabRun } from "./executionStore";
import { errorInfo, responseSize, statusClass, statusText } from "./responseUtils";
import { BodyView } from "./BodyView";
import { CookiesTable, HeadersTable, RequestSent, TimingView } from "./Sections";
import "./response.css";

type Section = "body" | "headers" | "cookies" | "timing" | "request";

export function ResponsePane({ tabKey }: { tabKey: string }) {
  const run = useExecutions((s) => s.byTab[tabKey]);
  return (
    <section className="rp" aria-label="Response" data-testid="response-pane">
      <div className="rp-main">{!run || run.phase === "idle" ? <Idle /> : <RunView run={run} tabKey={tabKey} />}</div>
      <ConnectionFooter run={run} />
    </section>
  );
}

function RunView({ run, tabKey }: { run: TabRun; tabKey: string }) {
  if (run.phase === "queued" || run.phase === "running") return <Running run={run} tabKey={tabKey} />;
  if (run.error && !run.execution) return <SendFailed message={run.error} />;
  const exe = run.execution;
  if (!exe) return <SendFailed message={run.error ?? "No result."} />;
  if (!exe.result) {
    if (run.bodyLoading) return <Loading text="Fetching the result…" />;
    if (exe.error) return <ErrorResult code={exe.error.code} message={exe.error.message} />;
    if (run.phase === "cancelled") return <ErrorResult code="CANCELLED" message="The request was cancelled." />;
    return <SendFailed message={run.bodyError ?? "The execution finished without a result."} />;
  }
  return <ResultView run={run} exe={exe} result={exe.result} />;
}

// ---- states ----

function Idle() {
  return (
    <div className="rp-state">
      <div className="rp-state-icon"><SendHorizontal size={22} /></div>
      <h3>Send a request to see its response here</h3>
      <p>
        Press <kbd>Ctrl</kbd> + <kbd>Enter</kbd> (<kbd>⌘</kbd> + <kbd>Enter</kbd> on a Mac) or click <strong>Send</strong>.
        The status, body, headers, cookies and timing appear here.
      </p>
    </div>
  );
}

function useNow(active: boolean, every = 100): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const id = setInterval(() => setNow(Date.now()), every);
    return () => clearInterval(id);
  }, [active, every]);
  return now;
}

function Running({ run, tabKey }: { run: TabRun; tabKey: string }) {
  const now = useNow(true);
  const elapsed = Math.max(0, now - run.startedAt);
  const label = run.cancelling ? "Cancelling…" : run.executionId ? "Waiting for the response…" : "Sending request…";
  return (
    <div className="rp-state" aria-busy="true">
      <Loader2 size={26} className="rp-spin" aria-hidden />
      <h3 role="status">{label}</h3>
      <p className="rp-elapsed mono" data-testid="response-elapsed">{(elapsed / 1000).toFixed(1)} s</p>
      <button type="button" className="btn btn-sm" aria-label="Cancel running request" disabled={run.cancelling}
        onClick={() => void useExecutions.getState().cancel(tabKey)}>
        <CircleSlash size={14} /> Cancel
      </button>
    </div>
  );
}

function Loading({ text }: { text: string }) {
  return (
    <div className="rp-state" aria-busy="true">
      <Loader2 size={22} className="rp-spin" aria-hidden />
      <p role="status">{text}</p>
    </div>
  );
}

function SendFailed({ message }: { message: string }) {
  return (
    <div className="rp-state">
      <div className="rp-state-icon rp-state-icon-err"><XCircle size={22} /></div>
      <h3>Could not send the request</h3>
      <p className="rp-error-text" role="alert" data-testid="response-error">{message}</p>
    </div>
  );
}

export function ErrorResult({ code, message }: { code: string; message: string }) {
  const info = errorInfo(code);
  const cancelled = code === "CANCELLED";
  return (
    <div className={`rp-error${cancelled ? " rp-error-muted" : ""}`} role={cancelled ? "status" : "alert"} data-testid="response-error">
      <div className="rp-error-icon">{cancelled ? <CircleSlash size={20} /> : <WifiOff size={20} />}</div>
      <div className="rp-error-body">
        <div className="rp-error-title">
          {info.title} <span className="rp-error-code mono">{code}</span>
        </div>
        <div className="rp-error-message">{message}</div>
        <div className="rp-error-hint">{info.hint}</div>
      </div>
    </div>
  );
}

// ---- the result ----

function ResultView({ run, exe, result }: { run: TabRun; exe: Execution; result: ExecutionResult }) {
  const [section, setSection] = useState<Section>("body");
  const failure = result.error ?? (exe.status === "failed" ? exe.error : null) ?? null;
  const headers = result.headers ?? [];
  const cookies = result.cookies ?? [];
  return (
    <div className="rp-result">
      <div className="rp-bar">
        <Tabs<Section>
          label="Response sections"
          value={section}
          onChange={setSection}
          tabs={[
            { id: "body", label: "Body" },
            { id: "headers", label: "Headers", count: headers.length },
            { id: "cookies", label: "Cookies", count: cookies.length },
            { id: "timing", label: "Timing" },
            { id: "request", label: "Request" },
          ]}
        />
        <StatusBar exe={exe} result={result} />
      </div>
      <div className="rp-section" role="tabpanel" aria-label={section}>
        {section === "body" &&
          (failure && result.status == null ? (
            <div className="rp-pad"><ErrorResult code={failure.code} message={failure.message} /></div>
          ) : (
            <BodyView result={result} loading={run.bodyLoading} loadError={run.bodyError} />
          ))}
        {section === "headers" && <HeadersTable headers={headers} />}
        {section === "cookies" && <CookiesTable cookies={cookies} />}
        {section === "timing" && <TimingView result={result} />}
        {section === "request" && <RequestSent sent={result.request_sent} />}
      </div>
    </div>
  );
}

function Pop({ children, content, testId }: { children: ReactNode; content: ReactNode; testId?: string }) {
  const id = useId();
  return (
    <span className="rp-pop" tabIndex={0} aria-describedby={id} data-testid={testId}>
      {children}
      <span className="rp-pop-card" role="tooltip" id={id}>{content}</span>
    </span>
  );
}

function StatusBar({ exe, result }: { exe: Execution; result: ExecutionResult }) {
  const t = result.timings;
  const cls = statusClass(result.status);
  const unresolved = exe.unresolved_variables ?? [];
  const cancelled = result.status == null && result.error?.code === "CANCELLED";
  return (
    <div className="rp-status">
      {unresolved.length > 0 && (
        <Pop testId="response-unresolved"
          content={
            <>
              <div className="rp-pop-title">Not defined in the active environment</div>
              {unresolved.map((v) => <div key={v} className="mono">{`{{${v}}}`}</div>)}
              <div className="rp-pop-note">They were sent as typed.</div>
            </>
          }>
          <span className="badge badge-warn"><AlertTriangle size={12} /> {unresolved.length} unresolved</span>
        </Pop>
      )}
      <span className={`rp-code-badge rp-${cancelled ? "1xx" : cls}`} data-testid="response-status">
        {result.status != null ? statusText(result.status, result.reason) : cancelled ? "Cancelled" : "Error"}
      </span>
      {t && (
        <Pop
          content={
            <>
              <div className="rp-pop-title">Timing</div>
              <PopRow k="DNS lookup" v={formatMs(t.dns)} />
              <PopRow k="TCP connect" v={formatMs(t.connect)} />
              <PopRow k="TLS handshake" v={formatMs(t.tls)} />
              <PopRow k="Waiting (TTFB)" v={formatMs(t.ttfb)} />
              <PopRow k="Download" v={formatMs(t.download)} />
              <div className="rp-pop-sep" />
              <PopRow k="Total" v={formatMs(t.total)} strong />
            </>
          }>
          <span className="rp-meta-k">Time</span> <span className={`rp-meta-v rp-meta-${cls}`} data-testid="response-time">{formatMs(t.total)}</span>
        </Pop>
      )}
      {result.status != null && (
        <Pop
          content={
            <>
              <div className="rp-pop-title">Response size</div>
              <PopRow k="Headers" v={formatBytes(result.size_headers)} />
              <PopRow k="Body" v={formatBytes(result.size_body)} />
              <PopRow k="Body on the wire" v={formatBytes(result.size_body_compressed)} />
              {result.size_body_compressed > 0 && result.size_body_compressed !== result.size_body && (
                <div className="rp-pop-note">
                  Compressed to {Math.round((result.size_body_compressed / Math.max(1, result.size_body)) * 100)}% of its size
                </div>
              )}
            </>
          }>
          <span className="rp-meta-k">Size</span> <span className={`rp-meta-v rp-meta-${cls}`} data-testid="response-size">{formatBytes(responseSize(result))}</span>
        </Pop>
      )}
      {result.http_version && <span className="rp-meta-k rp-version" title="HTTP version">{result.http_version}</span>}
    </div>
  );
}

function PopRow({ k, v, strong }: { k: string; v: string; strong?: boolean }) {
  return (
    <div className={`rp-pop-row${strong ? " strong" : ""}`}>
      <span>{k}</span>
      <span className="mono">{v}</span>
    </div>
  );
}

// ---- footer ----

function ConnectionFooter({ run }: { run: TabRun | undefined }) {
  const connection = useExecutions((s) => s.connection);
  const polling = useExecutions((s) => s.polling);
  const mode = connection === "connected" ? (polling > 0 ? "polling" : "connected")
    : connection === "connecting" || connection === "reconnecting" ? "reconnecting" : "polling";
  const label = mode === "connected" ? "Live" : mode === "reconnecting" ? (connection === "connecting" ? "Connecting…" : "Reconnecting…") : "Polling";
  const title = mode === "connected"
    ? "Results arrive over a live WebSocket connection"
    : mode === "reconnecting" ? "The live connection dropped; results are polled meanwhile"
    : "Results are fetched by polling";
  return (
    <footer className="rp-footer">
      <span className={`rp-conn rp-conn-${mode}`} role="status" aria-label={`Connection: ${label}`} title={title} data-testid="connection-state">
        <span className="rp-dot" aria-hidden /> {label}
      </span>
      <span className="spacer" />
      {run?.finishedAt && run.execution && (
        <span className="faint">
          {run.via === "poll" ? "Fetched" : "Received"} {new Date(run.finishedAt).toLocaleTimeString()}
        </span>
      )}
    </footer>
  );
}
