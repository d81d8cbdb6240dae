/** A compact comparison of two versions of a request, for the snapshots dialog. */
import type { RequestDoc } from "../../api";

export interface DiffRow {
  label: string;
  /** the selected snapshot */
  then: string;
  /** the request as saved now */
  now: string;
  changed: boolean;
}

const enabledKeys = (rows: { key: string; enabled: boolean }[]) => rows.filter((r) => r.enabled && r.key).map((r) => r.key);

function countText(rows: { key: string; enabled: boolean }[]): string {
  const keys = enabledKeys(rows);
  if (keys.length === 0) return "none";
  const shown = keys.slice(0, 4).join(", ");
  return `${keys.length} · ${shown}${keys.length > 4 ? ", …" : ""}`;
}

/** What the body holds, as text (raw modes), or a one-line summary (forms, files). */
export function bodyExcerpt(doc: Pick<RequestDoc, "body">, max = 600): string {
  const b = doc.body;
  let text: string;
  switch (b.mode) {
    case "none":
      return "";
    case "urlencoded":
      text = b.urlencoded.filter((r) => r.enabled).map((r) => `${r.key}=${r.value}`).join("&");
      break;
    case "formdata":
      text = b.formdata.filter((r) => r.enabled).map((r) => `${r.key}: ${r.type === "file" ? `<${r.filename ?? "file"}>` : r.value}`).join("\n");
      break;
    case "binary":
      text = b.binary?.filename ? `<${b.binary.filename}>` : "<file>";
      break;
    case "graphql":
      text = b.graphql?.query ?? "";
      break;
    default:
      text = b.raw;
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function diffRows(then: RequestDoc, now: RequestDoc): DiffRow[] {
  const row = (label: string, a: string, b: string): DiffRow => ({ label, then: a, now: b, changed: a !== b });
  return [
    row("Name", then.name, now.name),
    row("Method", then.method.toUpperCase(), now.method.toUpperCase()),
    row("URL", then.url, now.url),
    row("Params", countText(then.params), countText(now.params)),
    row("Headers", countText(then.headers), countText(now.headers)),
    row("Body", then.body.mode, now.body.mode),
    row("Auth", then.auth.type, now.auth.type),
  ];
}

/** How many aspects differ (the body's content counts as one). */
export function changeCount(then: RequestDoc, now: RequestDoc): number {
  return diffRows(then, now).filter((r) => r.changed).length + (bodyExcerpt(then, 1e9) !== bodyExcerpt(now, 1e9) && then.body.mode === now.body.mode ? 1 : 0);
}
