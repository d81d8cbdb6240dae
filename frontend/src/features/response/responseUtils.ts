/** Pure helpers of the response viewer: status classes, content detection, pretty printing, timing geometry. */
import type { ExecutionResult, Timings } from "../../api";

// ---- status ----

export type StatusClass = "1xx" | "2xx" | "3xx" | "4xx" | "5xx" | "error";

export function statusClass(status: number | null | undefined): StatusClass {
  if (!status || status < 100 || status > 599) return "error";
  return `${Math.floor(status / 100)}xx` as StatusClass;
}

const REASONS: Record<number, string> = {
  100: "Continue", 101: "Switching Protocols", 200: "OK", 201: "Created", 202: "Accepted", 204: "No Content",
  206: "Partial Content", 301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified",
  307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden",
  404: "Not Found", 405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 410: "Gone",
  413: "Content Too Large", 415: "Unsupported Media Type", 418: "I'm a teapot", 422: "Unprocessable Content",
  429: "Too Many Requests", 500: "Internal Server Error", 501: "Not Implemented", 502: "Bad Gateway",
  503: "Service Unavailable", 504: "Gateway Timeout",
};

/** "200 OK": the server's own reason phrase, or the standard one when it sent none (HTTP/2 has none). */
export function statusText(status: number, reason?: string | null): string {
  const r = (reason ?? "").trim() || REASONS[status] || "";
  return r ? `${status} ${r}` : String(status);
}

// ---- headers and content ----

/** The value of the last header named `name` (case-insensitive), or null. */
export function headerValue(headers: [string, string][] | null | undefined, name: string): string | null {
  const n = name.toLowerCase();
  let found: string | null = null;
  for (const [k, v] of headers ?? []) if (k.toLowerCase() === n) found = v;
  return found;
}

export type BodyKind = "json" | "xml" | "html" | "javascript" | "css" | "text" | "image" | "binary" | "empty";

/** The media type without parameters, lower case ("application/json"). */
export function mediaType(contentType: string | null | undefined): string {
  return (contentType ?? "").split(";")[0]!.trim().toLowerCase();
}

/** What the body is, from the Content-Type, else by sniffing the start of the text. */
export function detectKind(contentType: string | null | undefined, text: string | null, hasBinary: boolean): BodyKind {
  const mt = mediaType(contentType);
  if (mt.startsWith("image/")) return mt === "image/svg+xml" && text !== null ? "xml" : "image";
  if (text === null) return hasBinary ? "binary" : "empty";
  if (mt === "application/json" || mt.endsWith("+json") || mt === "text/json") return "json";
  if (mt === "text/html" || mt === "application/xhtml+xml") return "html";
  if (mt === "application/xml" || mt === "text/xml" || mt.endsWith("+xml")) return "xml";
  if (mt.includes("javascript") || mt === "text/ecmascript") return "javascript";
  if (mt === "text/css") return "css";
  if (text.length === 0) return "empty";
  const head = text.slice(0, 512).trimStart();
  if ((head.startsWith("{") || head.startsWith("[")) && looksLikeJson(text)) return "json";
  if (/^<!doctype html|^<html[\s>]/i.test(head)) return "html";
  if (head.startsWith("<?xml")) return "xml";
  return "text";
}

function looksLikeJson(text: string): boolean {
  if (text.length > 2_000_000) return true; // parsing a huge body only to sniff it is not worth it
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** Whether a body of this kind can be pretty-printed (a code view): text kinds. */
export function isTextKind(kind: BodyKind): boolean {
  return kind !== "image" && kind !== "binary";
}

// ---- pretty printing ----

/**
 * JSON re-indented by scanning its tokens, never by parse + stringify: numbers such as 12345678901234567891 or
 * 1.50 keep their exact digits, and key order and duplicate keys stay as sent. Answers null when `text` is not JSON.
 */
export function prettyJson(text: string, indent = 2): string | null {
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  const pad = (n: number) => "\n" + " ".repeat(n * indent);
  const out: string[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out.push(text.slice(i, j + 1));
      i = j;
    } else if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      let j = i + 1;
      while (j < text.length && /\s/.test(text[j]!)) j++;
      if (text[j] === close) {
        out.push(c + close); // {} and [] stay on one line
        i = j;
      } else {
        depth++;
        out.push(c + pad(depth));
      }
    } else if (c === "}" || c === "]") {
      depth--;
      out.push(pad(depth) + c);
    } else if (c === ",") {
      out.push("," + pad(depth));
    } else if (c === ":") {
      out.push(": ");
    } else if (!/\s/.test(c)) {
      out.push(c);
    }
  }
  return out.join("");
}

const VOID_HTML = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const RAW_TEXT = new Set(["script", "style", "pre", "textarea"]);

/**
 * XML or HTML, one tag per line and indented. Text runs stay as they are (trimmed); comments, CDATA, doctype and
 * processing instructions are kept verbatim; in HTML, void elements do not indent and the contents of
 * script/style/pre/textarea are not touched. Answers the input unchanged if it finds no tag.
 */
export function formatMarkup(src: string, html = false, indent = 2): string {
  const tokens: string[] = [];
  let i = 0;
  const n = src.length;
  while (i < n) {
    if (src[i] === "<") {
      let end: number;
      if (src.startsWith("<!--", i)) end = src.indexOf("-->", i) + 3;
      else if (src.startsWith("<![CDATA[", i)) end = src.indexOf("]]>", i) + 3;
      else {
        // a tag: find its ">" outside quoted attribute values
        let j = i + 1;
        let quote: string | null = null;
        while (j < n) {
          const ch = src[j]!;
          if (quote) {
            if (ch === quote) quote = null;
          } else if (ch === '"' || ch === "'") quote = ch;
          else if (ch === ">") break;
          j++;
        }
        end = j + 1;
      }
      if (end <= i) end = n; // unterminated: the rest
      const tag = src.slice(i, end);
      tokens.push(tag);
      i = end;
      const name = /^<([A-Za-z][\w:.-]*)/.exec(tag)?.[1]?.toLowerCase();
      if (html && name && RAW_TEXT.has(name) && !tag.endsWith("/>")) {
        const close = src.toLowerCase().indexOf(`</${name}`, i);
        const stop = close < 0 ? n : close;
        if (stop > i) tokens.push("\u0000" + src.slice(i, stop)); // raw content, verbatim
        i = stop;
      }
    } else {
      const next = src.indexOf("<", i);
      const stop = next < 0 ? n : next;
      const text = src.slice(i, stop).trim();
      if (text) tokens.push(text);
      i = stop;
    }
  }
  if (!tokens.some((t) => t.startsWith("<"))) return src;
  const lines: string[] = [];
  let depth = 0;
  const at = (d: number) => " ".repeat(Math.max(0, d) * indent);
  for (let k = 0; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.startsWith("\u0000")) {
      // raw content glued to its opening tag line and closing tag
      const prev = lines.pop() ?? "";
      const closing = tokens[k + 1] ?? "";
      lines.push(prev + t.slice(1) + closing);
      k++;
      depth--;
      continue;
    }
    if (t.startsWith("</")) {
      depth--;
      // <a>text</a> on one line
      const prev = lines[lines.length - 1];
      const prevTok = tokens[k - 1] ?? "";
      const open = tokens[k - 2] ?? "";
      if (prev !== undefined && !prevTok.startsWith("<") && isOpening(open, html) && lines.length >= 2) {
        lines.pop();
        const opener = lines.pop()!;
        lines.push(opener + prevTok + t);
      } else lines.push(at(depth) + t);
      continue;
    }
    lines.push(at(depth) + t);
    if (t.startsWith("<!") || t.startsWith("<?") || t.endsWith("/>") || !t.startsWith("<")) continue;
    const name = /^<([A-Za-z][\w:.-]*)/.exec(t)?.[1]?.toLowerCase();
    if (html && name && VOID_HTML.has(name)) continue;
    depth++;
  }
  return lines.join("\n");
}

function isOpening(tag: string, html: boolean): boolean {
  if (!tag.startsWith("<") || tag.startsWith("</") || tag.startsWith("<!") || tag.startsWith("<?") || tag.endsWith("/>")) return false;
  const name = /^<([A-Za-z][\w:.-]*)/.exec(tag)?.[1]?.toLowerCase();
  return !!name && !(html && VOID_HTML.has(name));
}

/** The text shown by "Pretty" for a kind, or null when it cannot be prettier than it is. */
export function prettyText(kind: BodyKind, text: string): string | null {
  if (kind === "json") return prettyJson(text);
  if (kind === "xml") return formatMarkup(text, false);
  if (kind === "html") return formatMarkup(text, true);
  return null;
}

// ---- large bodies ----

/** Above this, Pretty (CodeMirror, formatting) is off and the body is shown raw and virtualised. */
export const PRETTY_LIMIT = 1024 * 1024;

/**
 * Rows for a virtualised raw view: the lines of `text`, with very long lines cut into pieces of `max` characters
 * so that one 5 MB line does not become one 5 MB DOM node.
 */
export function splitRows(text: string, max = 2000): string[] {
  const rows: string[] = [];
  let start = 0;
  while (start <= text.length) {
    let nl = text.indexOf("\n", start);
    if (nl < 0) nl = text.length;
    if (nl - start <= max) {
      rows.push(text.slice(start, nl));
    } else {
      for (let p = start; p < nl; p += max) rows.push(text.slice(p, Math.min(p + max, nl)));
    }
    start = nl + 1;
  }
  return rows;
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// ---- sizes ----

export function responseSize(r: Pick<ExecutionResult, "size_body" | "size_headers">): number {
  return (r.size_body ?? 0) + (r.size_headers ?? 0);
}

// ---- file names ----

const EXT: Record<string, string> = {
  "application/json": "json", "application/xml": "xml", "text/xml": "xml", "text/html": "html", "text/plain": "txt",
  "text/csv": "csv", "text/css": "css", "application/javascript": "js", "text/javascript": "js",
  "application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp",
  "image/svg+xml": "svg", "application/zip": "zip", "application/octet-stream": "bin", "application/yaml": "yaml",
};

/** A download name from the URL's last path segment and the content type: ".../users/42" + JSON → "42.json". */
export function fileNameFor(url: string | null | undefined, contentType: string | null | undefined): string {
  const mt = mediaType(contentType);
  const ext = EXT[mt] ?? (mt.endsWith("+json") ? "json" : mt.endsWith("+xml") ? "xml" : mt.startsWith("text/") ? "txt" : "bin");
  let base = "";
  try {
    const path = new URL(url ?? "", "http://x").pathname;
    base = decodeURIComponent(path.split("/").filter(Boolean).pop() ?? "");
  } catch {
    base = "";
  }
  base = base.replace(/[^\w.-]+/g, "_").replace(/^\.+/, "").slice(0, 80);
  if (!base) base = "response";
  if (/\.[A-Za-z0-9]{1,5}$/.test(base)) return base;
  return `${base}.${ext}`;
}

// ---- timing ----

export interface TimingBar {
  key: keyof Timings | "other";
  label: string;
  ms: number;
  /** where the bar starts on the axis, percent */
  left: number;
  /** its length, percent (at least `minWidth` when ms > 0, so tiny phases stay visible) */
  width: number;
}

const PHASES: { key: keyof Timings; label: string }[] = [
  { key: "dns", label: "DNS lookup" },
  { key: "connect", label: "TCP connect" },
  { key: "tls", label: "TLS handshake" },
  { key: "ttfb", label: "Waiting (TTFB)" },
  { key: "download", label: "Download" },
];

/**
 * The waterfall: the phases of the last hop one after the other on one axis of `total` ms. When the total is
 * longer than the phases (earlier redirect hops, preparing the request) that time comes first as "other".
 */
export function timingBars(t: Timings, hasRedirects = false, minWidth = 0.6): { bars: TimingBar[]; axis: number } {
  const sum = PHASES.reduce((s, p) => s + Math.max(0, t[p.key] || 0), 0);
  const axis = Math.max(t.total || 0, sum);
  if (axis <= 0) return { bars: [], axis: 0 };
  const bars: TimingBar[] = [];
  let at = 0;
  const other = axis - sum;
  const pct = (ms: number) => (ms / axis) * 100;
  if (other > axis * 0.005) {
    bars.push({ key: "other", label: hasRedirects ? "Redirects" : "Prepare", ms: other, left: 0, width: pct(other) });
    at = other;
  }
  for (const p of PHASES) {
    const ms = Math.max(0, t[p.key] || 0);
    const left = Math.min(pct(at), 100 - (ms > 0 ? minWidth : 0));
    const width = ms > 0 ? Math.max(minWidth, pct(ms)) : 0;
    bars.push({ key: p.key, label: p.label, ms, left, width: Math.min(width, 100 - left) });
    at += ms;
  }
  return { bars, axis };
}

/** Nice tick values for the timing axis (0 … axis), about `count` of them. */
export function axisTicks(axis: number, count = 4): number[] {
  if (axis <= 0) return [0];
  const raw = axis / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = 0; v <= axis + 1e-9; v += step) ticks.push(Number(v.toFixed(6)));
  return ticks;
}

// ---- errors ----

export interface ErrorInfo {
  title: string;
  hint: string;
}

/** A title and what to do about it, for the executor's failure codes. */
export function errorInfo(code: string | null | undefined): ErrorInfo {
  switch (code) {
    case "DNS_FAILURE":
      return { title: "Could not resolve the host", hint: "Check the host name for typos, and that an environment variable in the URL resolves to what you expect." };
    case "CONNECTION_REFUSED":
      return { title: "Connection refused", hint: "Nothing is listening on that host and port. Is the server running, and is the port right?" };
    case "TIMEOUT":
      return { title: "The request timed out", hint: "The server took too long. Raise the timeout in the request's Settings tab, or check that the server is responding." };
    case "TLS_ERROR":
      return { title: "TLS handshake failed", hint: "The certificate could not be verified. For a self-signed certificate, turn off \"Verify TLS\" in the request's Settings." };
    case "EGRESS_BLOCKED":
      return { title: "Blocked by the egress policy", hint: "This server does not send requests to that address (private networks and metadata addresses are refused). See Settings → Network for what is allowed." };
    case "TOO_MANY_REDIRECTS":
      return { title: "Too many redirects", hint: "The server kept redirecting. Raise \"Max redirects\" in Settings, or turn off following redirects to see the first answer." };
    case "INVALID_URL":
      return { title: "Invalid URL", hint: "The URL cannot be sent as it is. Check its scheme (http:// or https://) and any unresolved {{variables}}." };
    case "PROTOCOL_ERROR":
      return { title: "The server broke the HTTP protocol", hint: "The answer was not valid HTTP. Is this an HTTP port? Try turning HTTP/2 off or on in Settings." };
    case "CANCELLED":
      return { title: "Request cancelled", hint: "Send it again when you are ready." };
    case "NETWORK_ERROR":
      return { title: "Network error", hint: "The connection failed while the request was in flight. Try again." };
    default:
      return { title: "The request failed", hint: "The request could not be completed. Check the URL and the request settings, then send it again." };
  }
}
