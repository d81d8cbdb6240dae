/** Bulk edit of key/value rows as text: "Key: Value" per line, a "//" prefix marks a disabled row (pure). */
import type { KeyValue } from "../../api";

export function serializeBulk(rows: KeyValue[]): string {
  return rows
    .filter((r) => r.key !== "" || r.value !== "")
    .map((r) => `${r.enabled ? "" : "//"}${r.key}: ${r.value}`)
    .join("\n");
}

/**
 * Parse bulk text back into rows. Blank lines are skipped; the first ':' separates key and value (values may hold
 * ':' too, e.g. URLs); one space after it is dropped. A line with no ':' is a key with an empty value. Descriptions
 * of rows with the same key (first unused one) are kept.
 */
export function parseBulk(text: string, old: KeyValue[] = []): KeyValue[] {
  const used = new Set<number>();
  const out: KeyValue[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (!line) continue;
    let enabled = true;
    if (line.startsWith("//")) {
      enabled = false;
      line = line.slice(2).trimStart();
    }
    const i = line.indexOf(":");
    const key = (i === -1 ? line : line.slice(0, i)).trim();
    let value = i === -1 ? "" : line.slice(i + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    const j = old.findIndex((r, k) => !used.has(k) && r.key === key);
    if (j !== -1) used.add(j);
    out.push({ key, value, enabled, description: j === -1 ? "" : old[j]!.description });
  }
  return out;
}
