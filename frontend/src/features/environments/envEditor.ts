/**
 * The environment editor's rows and how they become the PUT payload.
 *
 * API contract: a secret arrives masked (value null, masked true) unless revealed. Saving a secret row back with
 * value null keeps the stored value, matched by key; so a masked secret the user did not touch goes back as null.
 */
import type { Environment, EnvVariable } from "../../api";

export interface EnvRow {
  /** local identity for React keys */
  id: string;
  key: string;
  /** null while a secret is masked (its value is not on this page) */
  value: string | null;
  enabled: boolean;
  secret: boolean;
  /** the server sent this row masked and the user has not typed a new value */
  masked: boolean;
}

let seq = 0;
export const rowId = () => `r${++seq}`;

export function emptyRow(): EnvRow {
  return { id: rowId(), key: "", value: "", enabled: true, secret: false, masked: false };
}

export function rowsOf(env: Pick<Environment, "variables">): EnvRow[] {
  return env.variables.map((v) => ({
    id: rowId(),
    key: v.key,
    value: v.value,
    enabled: v.enabled,
    secret: v.secret,
    masked: v.value === null,
  }));
}

/** A row the user left completely blank (the trailing "add" row, or one they emptied): not saved. */
export function isBlank(row: EnvRow): boolean {
  return row.key.trim() === "" && (row.value ?? "") === "";
}

/** The rows as the API takes them: blank rows dropped, masked secrets sent as null, no `masked` field (Strict). */
export function toPayload(rows: EnvRow[]): EnvVariable[] {
  return rows
    .filter((r) => !isBlank(r))
    .map((r) => ({
      key: r.key.trim(),
      value: r.masked ? null : (r.value ?? ""),
      enabled: r.enabled,
      secret: r.secret,
    }));
}

/** Client-side checks before a save, by row id: a value without a name. */
export function rowErrors(rows: EnvRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (!isBlank(r) && r.key.trim() === "") out[r.id] = "Give this variable a name";
  return out;
}

/** Map 400 field errors ("variables.2.key") to row ids, counting only the rows that were sent. */
export function fieldErrorsByRow(rows: EnvRow[], fields: { field: string; message: string }[]): Record<string, string> {
  const sent = rows.filter((r) => !isBlank(r));
  const out: Record<string, string> = {};
  for (const f of fields) {
    const m = /^variables\.(\d+)(?:\.(\w+))?/.exec(f.field);
    const row = m ? sent[Number(m[1])] : undefined;
    if (row) out[row.id] = m?.[2] ? `${m[2]}: ${f.message}` : f.message;
  }
  return out;
}

/** Whether the editor differs from what was loaded. */
export function isDirty(name: string, rows: EnvRow[], baseName: string, baseRows: EnvRow[]): boolean {
  return name.trim() !== baseName.trim() || JSON.stringify(toPayload(rows)) !== JSON.stringify(toPayload(baseRows));
}

/**
 * Fill masked rows with values from a revealed copy of the same environment. Rows match by key, in order, so
 * duplicate keys keep their own values (the server matches the same way). Unsaved edits are kept.
 */
export function fillRevealed(rows: EnvRow[], revealed: Pick<Environment, "variables">): EnvRow[] {
  const byKey = new Map<string, (string | null)[]>();
  for (const v of revealed.variables) if (v.secret) byKey.set(v.key, [...(byKey.get(v.key) ?? []), v.value]);
  return rows.map((r) => {
    if (!r.masked) return r;
    const queue = byKey.get(r.key);
    const value = queue?.length ? queue.shift() : undefined;
    return value === undefined || value === null ? r : { ...r, value, masked: false };
  });
}

/**
 * After a save the server answers with secrets masked again. When we had their values on screen (revealed or
 * typed), keep showing them: take them from what we sent, row by row (the answer keeps the order sent).
 */
export function rowsAfterSave(saved: Pick<Environment, "variables">, sent: EnvVariable[]): EnvRow[] {
  return rowsOf(saved).map((r, i) => {
    const mine = sent[i];
    return r.masked && mine && mine.key === r.key && mine.value !== null ? { ...r, value: mine.value, masked: false } : r;
  });
}

/** A trailing blank row is always there to type into. */
export function withTrailingRow(rows: EnvRow[]): EnvRow[] {
  const last = rows[rows.length - 1];
  return last && isBlank(last) ? rows : [...rows, emptyRow()];
}
