/** Pure helpers of the history panel: status filter, grouping by day, how an entry is labelled. */
import type { HistoryItem, TreeFolder, TreeNode } from "../../api";

export type StatusFilter = "any" | "2xx" | "3xx" | "4xx" | "5xx" | "errors";

/** The API's `status` query: a class digit (2 = every 2xx) or 0 for "failed before a response". */
/** "Errors" are requests that got no response at all (refused, timed out, TLS...). */
export const STATUS_FILTERS: { id: StatusFilter; label: string; value: number | undefined }[] = [
  { id: "any", label: "Any status", value: undefined },
  { id: "2xx", label: "2xx", value: 2 },
  { id: "3xx", label: "3xx", value: 3 },
  { id: "4xx", label: "4xx", value: 4 },
  { id: "5xx", label: "5xx", value: 5 },
  { id: "errors", label: "Errors", value: 0 },
];

export function statusQuery(filter: StatusFilter): number | undefined {
  return STATUS_FILTERS.find((f) => f.id === filter)?.value;
}

export const METHOD_FILTERS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** The filters as the API takes them (empty ones left out). */
export function historyQuery(f: { q: string; method: string; status: StatusFilter }): { q?: string; method?: string; status?: number } {
  const out: { q?: string; method?: string; status?: number } = {};
  if (f.q.trim()) out.q = f.q.trim();
  if (f.method) out.method = f.method;
  const s = statusQuery(f.status);
  if (s !== undefined) out.status = s;
  return out;
}

function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

/** "Today", "Yesterday", "Monday, 23 Nov" or, in another year, "23 Nov 2025" (local time). */
export function dayLabel(iso: string, now: Date = new Date()): string {
  const d = new Date(iso);
  const today = localDay(now);
  const y = new Date(now);
  y.setDate(now.getDate() - 1);
  const key = localDay(d);
  if (key === today) return "Today";
  if (key === localDay(y)) return "Yesterday";
  if (d.getFullYear() !== now.getFullYear()) return d.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
  const week = new Date(now);
  week.setDate(now.getDate() - 6);
  if (d >= new Date(week.getFullYear(), week.getMonth(), week.getDate()))
    return d.toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "short" });
  return d.toLocaleDateString(undefined, { day: "numeric", month: "short" });
}

export interface DayGroup<T> {
  key: string;
  label: string;
  items: T[];
}

/** Consecutive entries of the same local day, in the order given (the API lists newest first). */
export function groupByDay<T extends Pick<HistoryItem, "created_at">>(items: T[], now: Date = new Date()): DayGroup<T>[] {
  const groups: DayGroup<T>[] = [];
  for (const item of items) {
    const key = localDay(new Date(item.created_at));
    const last = groups[groups.length - 1];
    if (last && last.key === key) last.items.push(item);
    else groups.push({ key, label: dayLabel(item.created_at, now), items: [item] });
  }
  return groups;
}

export type StatusTone = "ok" | "redirect" | "warn" | "err";

export function statusTone(item: Pick<HistoryItem, "status">): StatusTone {
  const s = item.status;
  if (s === null || s >= 500) return "err";
  if (s >= 400) return "warn";
  if (s >= 300) return "redirect";
  return "ok";
}

/** 200, 404 ... or "Error" when no response came back. */
export function statusLabel(item: Pick<HistoryItem, "status">): string {
  return item.status === null ? "Error" : String(item.status);
}

/** The URL without its scheme, for a dense list (the full one goes in the title). */
export function shortUrl(url: string): string {
  return url.replace(/^https?:\/\//i, "");
}

/** "14:05" for today's entries, the clock time otherwise too (the group header carries the day). */
export function clockTime(iso: string): string {
  return new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/** Every collection and folder of the tree, depth-first, labelled with its path ("Billing / Invoices"). */
export function folderOptions(tree: { items: TreeFolder[] } | null): { id: string; label: string; depth: number }[] {
  const out: { id: string; label: string; depth: number }[] = [];
  const walk = (nodes: TreeNode[], path: string[]) => {
    for (const n of nodes) {
      if (n.kind === "request") continue;
      const p = [...path, n.name];
      out.push({ id: n.id, label: p.join(" / "), depth: path.length });
      walk(n.children, p);
    }
  };
  walk(tree?.items ?? [], []);
  return out;
}

/** CONNECTION_REFUSED → "Connection refused". */
export function humanCode(code: string): string {
  const t = code.toLowerCase().replace(/_/g, " ").trim();
  return t.charAt(0).toUpperCase() + t.slice(1);
}
