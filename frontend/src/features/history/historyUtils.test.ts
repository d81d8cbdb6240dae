import { describe, expect, it } from "vitest";
import type { Tree } from "../../api";
import { dayLabel, folderOptions, groupByDay, historyQuery, humanCode, shortUrl, statusLabel, statusQuery, statusTone } from "./historyUtils";

const at = (y: number, m: number, d: number, h = 12, min = 0) => new Date(y, m - 1, d, h, min).toISOString();

describe("status filter → API query", () => {
  it("maps classes to their digit and errors to 0 (failed before a response)", () => {
    expect(statusQuery("any")).toBeUndefined();
    expect(statusQuery("2xx")).toBe(2);
    expect(statusQuery("3xx")).toBe(3);
    expect(statusQuery("4xx")).toBe(4);
    expect(statusQuery("5xx")).toBe(5);
    expect(statusQuery("errors")).toBe(0);
  });

  it("leaves empty filters out and keeps status 0", () => {
    expect(historyQuery({ q: "  ", method: "", status: "any" })).toEqual({});
    expect(historyQuery({ q: " users ", method: "POST", status: "errors" })).toEqual({ q: "users", method: "POST", status: 0 });
  });
});

describe("grouping by day", () => {
  const now = new Date(2026, 10, 27, 15, 0);

  it("labels today, yesterday, this week and older days", () => {
    expect(dayLabel(at(2026, 11, 27, 0, 5), now)).toBe("Today");
    expect(dayLabel(at(2026, 11, 26, 23, 59), now)).toBe("Yesterday");
    expect(dayLabel(at(2026, 11, 23), now)).toBe(new Date(2026, 10, 23).toLocaleDateString(undefined, { weekday: "long", day: "numeric", month: "short" }));
    expect(dayLabel(at(2026, 10, 2), now)).toBe(new Date(2026, 9, 2).toLocaleDateString(undefined, { day: "numeric", month: "short" }));
    expect(dayLabel(at(2025, 12, 31), now)).toContain("2025");
  });

  it("keeps the API's order and starts a group at each new local day", () => {
    const items = [
      { id: "a", created_at: at(2026, 11, 27, 14) },
      { id: "b", created_at: at(2026, 11, 27, 9) },
      { id: "c", created_at: at(2026, 11, 26, 22) },
      { id: "d", created_at: at(2026, 11, 20, 8) },
      { id: "e", created_at: at(2026, 11, 20, 7) },
    ];
    const groups = groupByDay(items, now);
    expect(groups.map((g) => [g.label.split(",")[0], g.items.map((i) => i.id).join("")])).toEqual([
      ["Today", "ab"], ["Yesterday", "c"], [groups[2]!.label.split(",")[0], "de"],
    ]);
    expect(groupByDay([], now)).toEqual([]);
  });
});

describe("entry labels", () => {
  it("colours by status class and calls a missing status an error", () => {
    expect([200, 302, 404, 503].map((status) => statusTone({ status }))).toEqual(["ok", "redirect", "warn", "err"]);
    expect(statusTone({ status: null })).toBe("err");
    expect(statusLabel({ status: null })).toBe("Error");
    expect(statusLabel({ status: 201 })).toBe("201");
    expect(humanCode("CONNECTION_REFUSED")).toBe("Connection refused");
  });

  it("shortens URLs by their scheme only", () => {
    expect(shortUrl("https://api.acme.com/v1?x=1")).toBe("api.acme.com/v1?x=1");
    expect(shortUrl("{{base}}/users")).toBe("{{base}}/users");
  });

  it("lists every collection and folder with its path, skipping requests", () => {
    const tree = {
      items: [{
        id: "c1", kind: "collection", name: "Billing", parent_id: null, auth_type: "inherit", children: [
          { id: "r1", kind: "request", name: "List", parent_id: "c1", method: "GET", url: "/" },
          { id: "f1", kind: "folder", name: "Invoices", parent_id: "c1", auth_type: "inherit", children: [] },
        ],
      }],
    } as unknown as Tree;
    expect(folderOptions(tree)).toEqual([
      { id: "c1", label: "Billing", depth: 0 },
      { id: "f1", label: "Billing / Invoices", depth: 1 },
    ]);
    expect(folderOptions(null)).toEqual([]);
  });
});
