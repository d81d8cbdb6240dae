import { describe, expect, it } from "vitest";
import { newRequestDoc } from "../request/newRequest";
import { bodyExcerpt, changeCount, diffRows } from "./snapshotDiff";

describe("snapshot diff", () => {
  const base = newRequestDoc({ name: "List", method: "GET", url: "{{base}}/invoices" });

  it("marks only what changed", () => {
    const then = { ...base, headers: [{ key: "Accept", value: "json", enabled: true, description: "" }] };
    const now = { ...base, method: "POST", headers: [...then.headers, { key: "X-Off", value: "", enabled: false, description: "" }] };
    const rows = Object.fromEntries(diffRows(then, now).map((r) => [r.label, r]));
    expect(rows.Method).toMatchObject({ then: "GET", now: "POST", changed: true });
    expect(rows.URL?.changed).toBe(false);
    // a disabled header does not count
    expect(rows.Headers).toMatchObject({ then: "1 · Accept", changed: false });
    expect(changeCount(then, now)).toBe(1);
  });

  it("counts a body content change even when the mode is the same", () => {
    const then = { ...base, body: { ...base.body, mode: "json" as const, raw: '{"a":1}' } };
    const now = { ...base, body: { ...base.body, mode: "json" as const, raw: '{"a":2}' } };
    expect(changeCount(then, now)).toBe(1);
    expect(bodyExcerpt(then)).toBe('{"a":1}');
  });

  it("excerpts long bodies and summarises forms", () => {
    const long = { ...base, body: { ...base.body, mode: "text" as const, raw: "x".repeat(700) } };
    expect(bodyExcerpt(long, 10)).toBe(`${"x".repeat(10)}…`);
    const form = { ...base, body: { ...base.body, mode: "urlencoded" as const, urlencoded: [
      { key: "a", value: "1", enabled: true, description: "" }, { key: "b", value: "2", enabled: false, description: "" }] } };
    expect(bodyExcerpt(form)).toBe("a=1");
    expect(bodyExcerpt(base)).toBe("");
  });
});
