import { describe, expect, it } from "vitest";
import type { Environment } from "../../api";
import {
  emptyRow, fieldErrorsByRow, fillRevealed, isDirty, rowErrors, rowsAfterSave, rowsOf, toPayload, withTrailingRow, type EnvRow,
} from "./envEditor";

const server = (variables: Environment["variables"]): Pick<Environment, "variables"> => ({ variables });
const masked = { key: "token", value: null, enabled: true, secret: true, masked: true };

describe("editor rows → save payload", () => {
  it("sends a masked secret left untouched as value null, without the masked flag", () => {
    const rows = rowsOf(server([{ key: "base", value: "http://x", enabled: true, secret: false }, masked]));
    expect(toPayload(rows)).toEqual([
      { key: "base", value: "http://x", enabled: true, secret: false },
      { key: "token", value: null, enabled: true, secret: true },
    ]);
  });

  it("sends a revealed secret with its value", () => {
    const rows = fillRevealed(rowsOf(server([masked])), server([{ key: "token", value: "s3cr3t", enabled: true, secret: true }]));
    expect(rows[0]?.masked).toBe(false);
    expect(toPayload(rows)).toEqual([{ key: "token", value: "s3cr3t", enabled: true, secret: true }]);
  });

  it("drops the empty trailing row and blank rows, trims names", () => {
    const rows: EnvRow[] = withTrailingRow([{ ...emptyRow(), key: " host ", value: "a" }, emptyRow(), { ...emptyRow(), key: "b", value: "" }]);
    expect(rows).toHaveLength(4);
    expect(toPayload(rows)).toEqual([
      { key: "host", value: "a", enabled: true, secret: false },
      { key: "b", value: "", enabled: true, secret: false },
    ]);
  });

  it("always offers exactly one trailing blank row", () => {
    const one = withTrailingRow([]);
    expect(one).toHaveLength(1);
    expect(withTrailingRow(one)).toBe(one);
  });

  it("flags a value without a name instead of dropping it silently", () => {
    const bad = { ...emptyRow(), value: "orphan" };
    expect(rowErrors([bad, emptyRow()])).toEqual({ [bad.id]: "Give this variable a name" });
  });

  it("maps 400 field paths to the rows that were sent (blank rows skipped)", () => {
    const a = { ...emptyRow(), key: "a", value: "1" };
    const b = { ...emptyRow(), key: "b", value: "2" };
    const errs = fieldErrorsByRow([a, emptyRow(), b], [{ field: "variables.1.key", message: "too long" }]);
    expect(errs).toEqual({ [b.id]: "key: too long" });
  });
});

describe("revealing and saving", () => {
  it("fills duplicate keys in order and keeps unsaved edits", () => {
    const rows = rowsOf(server([masked, { ...masked }, { key: "x", value: "1", enabled: true, secret: false }]));
    const edited = rows.map((r) => (r.key === "x" ? { ...r, value: "edited" } : r));
    const out = fillRevealed(edited, server([
      { key: "token", value: "first", enabled: true, secret: true },
      { key: "token", value: "second", enabled: true, secret: true },
      { key: "x", value: "1", enabled: true, secret: false },
    ]));
    expect(out.map((r) => r.value)).toEqual(["first", "second", "edited"]);
  });

  it("keeps showing the values we sent when the save answer is masked", () => {
    const sent = [{ key: "token", value: "typed", enabled: true, secret: true }, { key: "old", value: null, enabled: true, secret: true }];
    const rows = rowsAfterSave(server([masked, { ...masked, key: "old" }]), sent);
    expect(rows.map((r) => [r.value, r.masked])).toEqual([["typed", false], [null, true]]);
  });

  it("is dirty only when the payload or the name changes", () => {
    const base = rowsOf(server([masked, { key: "a", value: "1", enabled: true, secret: false }]));
    expect(isDirty("Prod", withTrailingRow(base), "Prod", base)).toBe(false);
    expect(isDirty("Prod 2", base, "Prod", base)).toBe(true);
    expect(isDirty("Prod", base.map((r) => (r.key === "a" ? { ...r, enabled: false } : r)), "Prod", base)).toBe(true);
  });
});
