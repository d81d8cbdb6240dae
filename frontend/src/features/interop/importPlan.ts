/**
 * Pure helpers of the Import dialog: the format choices, how the content travels (inline or uploaded first), a
 * cheap guess of what was pasted, the sentence that says what was imported, and what an API refusal says.
 */
import { ApiError, type ImportFormat, type ImportResult } from "../../api";
import { formatBytes } from "../../ui/format";

/** `content` is limited to 340,000 characters and a request body to 350,000 bytes; keep a margin for the rest. */
export const INLINE_MAX_CHARS = 340_000;
export const INLINE_MAX_BODY_BYTES = 345_000;
/** the server refuses bigger imports (413) */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface FormatOption {
  /** "" = detect automatically (no `format` sent) */
  value: "" | ImportFormat;
  label: string;
}

export const FORMAT_OPTIONS: readonly FormatOption[] = [
  { value: "", label: "Detect automatically" },
  { value: "postman", label: "Postman collection" },
  { value: "postman_environment", label: "Postman environment" },
  // one importer reads both; "swagger" is accepted by the API too but gives the same result
  { value: "openapi", label: "OpenAPI 3 / Swagger 2" },
  { value: "curl", label: "cURL" },
  { value: "fetch", label: "fetch (Copy as fetch)" },
  { value: "har", label: "HAR" },
  { value: "insomnia", label: "Insomnia" },
];

/** The `format` to send for a choice of the select: undefined lets the server detect it. */
export function formatParam(value: string): ImportFormat | undefined {
  const option = FORMAT_OPTIONS.find((o) => o.value === value);
  return option && option.value ? option.value : undefined;
}

const FORMAT_NAMES: Record<ImportFormat, string> = {
  postman: "Postman collection",
  postman_environment: "Postman environment",
  openapi: "OpenAPI",
  swagger: "Swagger 2",
  curl: "cURL command",
  fetch: "fetch call",
  har: "HAR file",
  insomnia: "Insomnia export",
};

export function formatName(fmt: string | null | undefined): string {
  return (fmt && FORMAT_NAMES[fmt as ImportFormat]) || "file";
}

const encoder = new TextEncoder();

/** Bytes of the request body when `content` is sent inline (JSON-escaped: quotes and newlines take two bytes). */
export function inlineBodyBytes(content: string): number {
  return encoder.encode(JSON.stringify({ content })).length + 120; // + format and parent_id
}

export type Transport = "inline" | "upload" | "too-large";

/**
 * How content travels. A file's byte size decides without reading it when it is clearly too big for a request
 * body; otherwise the text (when known) decides: its length and its JSON-escaped size must both fit.
 */
export function chooseTransport(size: number, text?: string): Transport {
  if (size > MAX_IMPORT_BYTES) return "too-large";
  if (size > INLINE_MAX_BODY_BYTES) return "upload";
  if (text === undefined) return "inline";
  if (text.length > INLINE_MAX_CHARS || inlineBodyBytes(text) > INLINE_MAX_BODY_BYTES) return "upload";
  return "inline";
}

/** What the content looks like, for a hint beside "Detect automatically" (the server decides for real). */
export function guessFormat(text: string): ImportFormat | null {
  const t = text.trimStart();
  if (!t) return null;
  if (/^curl\s/i.test(t)) return "curl";
  if (/^(await\s+)?fetch\s*\(/.test(t)) return "fetch";
  if (/^(openapi|swagger)\s*:/m.test(t.slice(0, 4000))) return /^swagger/m.test(t.slice(0, 4000)) ? "swagger" : "openapi";
  // Insomnia v5 (YAML) and v4 written as YAML
  if (/^type:\s*["']?(collection|spec|environment)\.insomnia\.rest\//m.test(t.slice(0, 4000))) return "insomnia";
  if (/^_type:\s*["']?export\b/m.test(t.slice(0, 4000))) return "insomnia";
  if (!t.startsWith("{")) return null;
  const head = t.slice(0, 4000);
  if (/"openapi"\s*:/.test(head)) return "openapi";
  if (/"swagger"\s*:/.test(head)) return "swagger";
  if (/"log"\s*:\s*\{/.test(head) && /"entries"/.test(t)) return "har";
  if (/"_type"\s*:\s*"export"/.test(head) || /"__export_format"/.test(head)) return "insomnia";
  if (/"_postman_variable_scope"/.test(t) || (/"values"\s*:\s*\[/.test(head) && !/"item"\s*:/.test(head))) {
    return "postman_environment";
  }
  if (/"info"\s*:/.test(t) && /"item"\s*:/.test(t)) return "postman";
  return null;
}

const plural = (n: number, word: string) => `${n.toLocaleString()} ${word}${n === 1 ? "" : "s"}`;

/** "Imported “Petstore”: 2 folders, 5 requests" and friends, from the 201 answer. */
export function describeImport(r: ImportResult): string {
  const parts: string[] = [];
  const cols = r.collections ?? [];
  const envs = r.environments ?? [];
  if (cols.length) {
    const what = cols.length === 1 ? `“${cols[0]!.name ?? "Untitled"}”` : plural(cols.length, "collection");
    const inner = Math.max(0, (r.folders ?? 0) - cols.length);
    const counts = [inner ? plural(inner, "folder") : "", plural(r.requests ?? 0, "request")].filter(Boolean);
    parts.push(`${what} (${counts.join(", ")})`);
  }
  if (envs.length) {
    parts.push(envs.length === 1 ? `the environment “${envs[0]!.name}”` : plural(envs.length, "environment"));
  }
  if (!parts.length) return `Nothing to import was found in this ${formatName(r.format)}.`;
  return `Imported ${parts.join(" and ")} from a ${formatName(r.format)}.`;
}

export interface ImportProblem {
  title: string;
  /** "line 3, column 7", "format: unknown", "content: String should have at most 340000 characters" */
  details: string[];
}

/** An import refusal as a title and its details, for the dialog's error box. */
export function describeImportError(err: unknown): ImportProblem {
  if (!(err instanceof ApiError)) {
    return { title: err instanceof Error ? err.message : String(err), details: [] };
  }
  const details: string[] = [];
  for (const f of err.fields) details.push(`${f.field}: ${f.message}`);
  const d = err.details;
  if (typeof d.location === "string" && d.location) details.push(`At ${d.location}.`);
  if (err.status === 413 && typeof d.size === "number" && typeof d.limit === "number") {
    details.push(`The file is ${formatBytes(d.size)}; the limit is ${formatBytes(d.limit)}.`);
  }
  for (const [k, v] of Object.entries(d)) {
    if (["fields", "location", "format", "size", "limit"].includes(k)) continue;
    if (typeof v === "string" || typeof v === "number") details.push(`${k}: ${v}`);
  }
  if (err.code === "IMPORT_FAILED" && typeof d.format === "string") {
    details.unshift(`Read as a ${formatName(d.format)}.`);
  }
  return { title: err.message, details };
}

export { formatBytes };
