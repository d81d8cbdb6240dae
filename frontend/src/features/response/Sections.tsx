/** The Headers, Cookies, Timing and Request sections of the response viewer. */
import { useMemo, useState } from "react";
import { CornerDownRight, Search } from "lucide-react";
import type { Cookie, ExecutionResult } from "../../api";
import { formatBytes, formatMs } from "../../ui/format";
import { MethodBadge } from "../../ui/MethodBadge";
import { axisTicks, timingBars } from "./responseUtils";
import { RawText } from "./BodyView";

export function HeadersTable({ headers, label = "Response headers", filterable = true }: {
  headers: [string, string][]; label?: string; filterable?: boolean;
}) {
  const [q, setQ] = useState("");
  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return headers
      .map(([k, v], i) => ({ k, v, i }))
      .filter((r) => !needle || r.k.toLowerCase().includes(needle) || r.v.toLowerCase().includes(needle));
  }, [headers, q]);
  if (headers.length === 0) return <div className="rp-state"><p className="muted">No headers.</p></div>;
  return (
    <div className="rp-table-wrap">
      {filterable && headers.length > 4 && (
        <div className="rp-filter">
          <Search size={13} aria-hidden />
          <input className="rp-filter-input" placeholder="Filter headers" aria-label="Filter headers" value={q}
            onChange={(e) => setQ(e.target.value)} />
        </div>
      )}
      <table className="table rp-table" aria-label={label}>
        <thead>
          <tr><th style={{ width: "32%" }}>Name</th><th>Value</th></tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.i}>
              <td className="rp-hname mono">{r.k}</td>
              <td className="rp-hvalue mono">{r.v}</td>
            </tr>
          ))}
          {rows.length === 0 && (
            <tr><td colSpan={2} className="muted">No header matches “{q}”.</td></tr>
          )}
        </tbody>
      </table>
    </div>
  );
}

function cookieExpiry(c: Cookie): string {
  if (c.max_age != null) return `Max-Age ${String(c.max_age)} s`;
  if (c.expires) return String(c.expires);
  return "Session";
}

const yes = (b: unknown) => (b ? <span className="rp-flag-on">✓</span> : <span className="faint">—</span>);

export function CookiesTable({ cookies }: { cookies: Cookie[] }) {
  if (cookies.length === 0) {
    return (
      <div className="rp-state">
        <h3>No cookies</h3>
        <p>The server set no cookie with this response (no Set-Cookie header).</p>
      </div>
    );
  }
  return (
    <div className="rp-table-wrap">
      <table className="table rp-table" aria-label="Response cookies">
        <thead>
          <tr>
            <th>Name</th><th>Value</th><th>Domain</th><th>Path</th><th>Expires</th>
            <th>HttpOnly</th><th>Secure</th><th>SameSite</th>
          </tr>
        </thead>
        <tbody>
          {cookies.map((c, i) => (
            <tr key={`${c.name}-${i}`}>
              <td className="mono rp-hname">{c.name}</td>
              <td className="mono rp-hvalue">{c.value}</td>
              <td className="mono">{c.domain || <span className="faint">—</span>}</td>
              <td className="mono">{c.path || <span className="faint">—</span>}</td>
              <td>{cookieExpiry(c)}</td>
              <td>{yes(c.http_only)}</td>
              <td>{yes(c.secure)}</td>
              <td>{c.same_site || <span className="faint">—</span>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function TimingView({ result }: { result: ExecutionResult }) {
  const t = result.timings;
  const redirects = result.redirects ?? [];
  const { bars, axis } = useMemo(() => timingBars(t, redirects.length > 0), [t, redirects.length]);
  if (!t || axis <= 0) return <div className="rp-state"><p className="muted">No timing was recorded.</p></div>;
  const ticks = axisTicks(axis);
  return (
    <div className="rp-timing">
      <div className="rp-wf" role="table" aria-label="Timing waterfall">
        <div className="rp-wf-row rp-wf-axis" role="row" aria-hidden>
          <span className="rp-wf-label" />
          <span className="rp-wf-track">
            {ticks.map((v) => (
              <span key={v} className="rp-wf-tick" style={{ left: `${(v / axis) * 100}%` }}>{v === 0 ? "0" : formatMs(v)}</span>
            ))}
          </span>
          <span className="rp-wf-ms" />
        </div>
        {bars.map((b) => (
          <div key={b.key} className="rp-wf-row" role="row">
            <span className="rp-wf-label" role="rowheader">{b.label}</span>
            <span className="rp-wf-track" role="cell">
              {ticks.map((v) => <span key={v} className="rp-wf-grid" style={{ left: `${(v / axis) * 100}%` }} />)}
              {b.ms > 0 && (
                <span className={`rp-wf-bar rp-wf-${b.key}`} style={{ left: `${b.left}%`, width: `${b.width}%` }}
                  title={`${b.label}: ${formatMs(b.ms)}`} />
              )}
            </span>
            <span className="rp-wf-ms mono" role="cell">{b.ms > 0 ? formatMs(b.ms) : "—"}</span>
          </div>
        ))}
        <div className="rp-wf-row rp-wf-total" role="row">
          <span className="rp-wf-label" role="rowheader">Total</span>
          <span className="rp-wf-track" role="cell" />
          <span className="rp-wf-ms mono" role="cell">{formatMs(t.total)}</span>
        </div>
      </div>
      {redirects.length > 0 && (
        <div className="rp-redirects">
          <h4>Redirects ({redirects.length})</h4>
          <ol>
            {redirects.map((r, i) => (
              <li key={i}>
                <span className="rp-code-badge rp-3xx">{r.status}</span>
                <span className="mono truncate">{r.url}</span>
                {typeof r.location === "string" && (
                  <span className="rp-redirect-to mono truncate"><CornerDownRight size={12} /> {r.location}</span>
                )}
              </li>
            ))}
          </ol>
          <p className="hint">The bars show the last hop; the time of the earlier hops is in “Redirects”.</p>
        </div>
      )}
    </div>
  );
}

export function RequestSent({ sent }: { sent: ExecutionResult["request_sent"] }) {
  if (!sent) return <div className="rp-state"><p className="muted">The request was not sent.</p></div>;
  return (
    <div className="rp-sent">
      <div className="rp-sent-line">
        <MethodBadge method={sent.method} />
        <span className="mono rp-sent-url">{sent.url}</span>
      </div>
      <h4>Headers <span className="faint">({sent.headers.length})</span></h4>
      {sent.headers.length > 0 ? (
        <HeadersTable headers={sent.headers} label="Request headers" filterable={false} />
      ) : (
        <p className="muted rp-pad-x">No headers besides the client's defaults.</p>
      )}
      <h4>Body {sent.body_size > 0 && <span className="faint">({formatBytes(sent.body_size)})</span>}</h4>
      {sent.body_truncated && <div className="rp-notice rp-notice-warn" role="note">Only the start of the body is shown.</div>}
      {sent.body ? <div className="rp-sent-body"><RawText text={sent.body} /></div> : <p className="muted rp-pad-x">No body.</p>}
    </div>
  );
}
