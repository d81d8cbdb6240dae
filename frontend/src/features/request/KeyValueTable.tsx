/**
 * Editable key/value rows (params, headers, path variables, form fields): enable checkbox, key, value, description,
 * delete. An empty last row is always there and becomes a row when typed in. Duplicates are fine.
 */
import { Trash2 } from "lucide-react";
import type { KeyValue } from "../../api";
import { VarInput } from "./VarInput";

const blank = (): KeyValue => ({ key: "", value: "", enabled: true, description: "" });

export function KeyValueTable({
  label, rows, onChange, readOnly = false, fixedKeys = false, keyList, keyPlaceholder = "Key", valuePlaceholder = "Value",
  emptyHint,
}: {
  /** singular, capitalised: "Header" gives "Header key 1", "Header value 1", "Header enabled 1" */
  label: string;
  rows: KeyValue[];
  onChange: (rows: KeyValue[]) => void;
  readOnly?: boolean;
  /** path variables: keys come from the URL (no add, no delete, no rename) */
  fixedKeys?: boolean;
  /** id of a <datalist> of key suggestions */
  keyList?: string;
  keyPlaceholder?: string;
  valuePlaceholder?: string;
  emptyHint?: string;
}) {
  const lower = label.toLowerCase();
  const showGhost = !readOnly && !fixedKeys;
  const all = showGhost ? [...rows, blank()] : rows;
  const seen = new Map<string, number>();
  for (const r of rows) if (r.enabled && r.key) seen.set(r.key.toLowerCase(), (seen.get(r.key.toLowerCase()) ?? 0) + 1);

  const edit = (i: number, patch: Partial<KeyValue>) => {
    if (i >= rows.length) onChange([...rows, { ...blank(), ...patch }]);
    else onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  };
  const remove = (i: number) => onChange(rows.filter((_, j) => j !== i));

  if (!all.length) return <div className="kv-empty">{emptyHint ?? "Nothing here yet."}</div>;

  return (
    <div className={`kv${readOnly ? " kv-readonly" : ""}`} role="table" aria-label={`${label}s`}>
      <KvHead columns={["Key", "Value", "Description"]} />
      {all.map((r, i) => {
        const n = i + 1;
        const ghost = i >= rows.length;
        const dup = !ghost && r.enabled && r.key !== "" && (seen.get(r.key.toLowerCase()) ?? 0) > 1;
        return (
          <div key={i} role="row" className={`kv-row${!r.enabled && !ghost ? " kv-disabled" : ""}${ghost ? " kv-ghost" : ""}`}>
            <span role="cell" className="kv-check-cell">
              <input
                type="checkbox"
                className="kv-check"
                aria-label={`${label} enabled ${n}`}
                checked={r.enabled}
                disabled={readOnly || ghost}
                onChange={(e) => edit(i, { enabled: e.target.checked })}
              />
            </span>
            <span role="cell" className="kv-cell">
              <input
                className="kv-input mono"
                aria-label={`${label} key ${n}`}
                value={r.key}
                placeholder={ghost ? keyPlaceholder : ""}
                readOnly={readOnly || fixedKeys}
                list={keyList}
                spellCheck={false}
                autoComplete="off"
                onChange={(e) => edit(i, { key: e.target.value })}
              />
              {dup && <span className="kv-dup" title="Sent several times, in this order">×{seen.get(r.key.toLowerCase())}</span>}
            </span>
            <span role="cell" className="kv-cell">
              <VarInput
                className="kv-varinput"
                ariaLabel={`${label} value ${n}`}
                value={r.value}
                placeholder={ghost ? valuePlaceholder : ""}
                readOnly={readOnly}
                onChange={(v) => edit(i, { value: v })}
              />
            </span>
            <span role="cell" className="kv-cell">
              <input
                className="kv-input"
                aria-label={`${label} description ${n}`}
                value={r.description}
                placeholder={ghost ? "Description" : ""}
                readOnly={readOnly}
                onChange={(e) => edit(i, { description: e.target.value })}
              />
            </span>
            <span role="cell" className="kv-actions">
              {!ghost && !readOnly && !fixedKeys && (
                <button type="button" className="icon-btn kv-delete" aria-label={`Delete ${lower} ${n}`} title="Delete" onClick={() => remove(i)}>
                  <Trash2 size={14} />
                </button>
              )}
            </span>
          </div>
        );
      })}
    </div>
  );
}

/** The header row of a key/value table: an enable column, the named columns, an actions column. */
export function KvHead({ columns }: { columns: string[] }) {
  return (
    <div className="kv-row kv-head" role="row">
      <span role="columnheader" className="kv-check-cell"><span className="sr-only">Enabled</span></span>
      {columns.map((c) => <span key={c} role="columnheader">{c}</span>)}
      <span role="columnheader"><span className="sr-only">Actions</span></span>
    </div>
  );
}
