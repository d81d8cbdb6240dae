import { describe, expect, it } from "vitest";
import {
  axisTicks, detectKind, errorInfo, fileNameFor, formatMarkup, headerValue, prettyJson, prettyText, splitRows,
  statusClass, statusText, timingBars,
} from "./responseUtils";

describe("status", () => {
  it("classes by hundreds, and no status is an error", () => {
    expect(statusClass(200)).toBe("2xx");
    expect(statusClass(204)).toBe("2xx");
    expect(statusClass(302)).toBe("3xx");
    expect(statusClass(404)).toBe("4xx");
    expect(statusClass(503)).toBe("5xx");
    expect(statusClass(null)).toBe("error");
    expect(statusClass(0)).toBe("error");
    expect(statusClass(99)).toBe("error");
  });
  it("uses the server's reason, else the standard one", () => {
    expect(statusText(200, "OK")).toBe("200 OK");
    expect(statusText(200, "Fine")).toBe("200 Fine");
    expect(statusText(404, "")).toBe("404 Not Found");
    expect(statusText(299, null)).toBe("299");
  });
});

describe("content detection", () => {
  it("reads the content type, parameters and suffixes included", () => {
    expect(detectKind("application/json; charset=utf-8", "{}", false)).toBe("json");
    expect(detectKind("application/problem+json", "{}", false)).toBe("json");
    expect(detectKind("application/atom+xml", "<a/>", false)).toBe("xml");
    expect(detectKind("text/html", "<p>", false)).toBe("html");
    expect(detectKind("text/javascript", "x()", false)).toBe("javascript");
    expect(detectKind("image/png", null, true)).toBe("image");
    expect(detectKind("application/octet-stream", null, true)).toBe("binary");
    expect(detectKind("text/plain", null, false)).toBe("empty");
  });
  it("sniffs when the content type says nothing useful", () => {
    expect(detectKind("text/plain", '{"a": 1}', false)).toBe("json");
    expect(detectKind("text/plain", "{not json", false)).toBe("text");
    expect(detectKind(null, "<!DOCTYPE html><html></html>", false)).toBe("html");
    expect(detectKind(null, '<?xml version="1.0"?><a/>', false)).toBe("xml");
    expect(detectKind(null, "hello", false)).toBe("text");
  });
  it("finds the last header of a name, case-insensitively", () => {
    const h: [string, string][] = [["Content-Type", "text/plain"], ["X", "1"], ["content-type", "application/json"]];
    expect(headerValue(h, "CONTENT-TYPE")).toBe("application/json");
    expect(headerValue(h, "missing")).toBeNull();
  });
});

describe("prettyJson", () => {
  it("indents objects and arrays", () => {
    expect(prettyJson('{"a":1,"b":[1,2],"c":{}}')).toBe('{\n  "a": 1,\n  "b": [\n    1,\n    2\n  ],\n  "c": {}\n}');
  });
  it("keeps the exact digits of numbers JSON.parse would round", () => {
    const out = prettyJson('{"id":12345678901234567891,"price":1.50}')!;
    expect(out).toContain("12345678901234567891");
    expect(out).toContain("1.50");
  });
  it("does not touch brackets, commas and escaped quotes inside strings", () => {
    const src = '{"s":"a, [b] {c}: \\"d\\"","t":[]}';
    const out = prettyJson(src)!;
    expect(out).toBe('{\n  "s": "a, [b] {c}: \\"d\\"",\n  "t": []\n}');
    expect(JSON.parse(out)).toEqual(JSON.parse(src));
  });
  it("keeps duplicate keys and their order", () => {
    expect(prettyJson('{"b":1,"a":2,"b":3}')).toBe('{\n  "b": 1,\n  "a": 2,\n  "b": 3\n}');
  });
  it("answers null for what is not JSON", () => {
    expect(prettyJson("{oops")).toBeNull();
    expect(prettyText("text", "x")).toBeNull();
  });
});

describe("formatMarkup", () => {
  it("puts XML elements one per line, text elements on one line", () => {
    expect(formatMarkup('<?xml version="1.0"?><root><item id="1">x</item><empty/></root>')).toBe(
      '<?xml version="1.0"?>\n<root>\n  <item id="1">x</item>\n  <empty/>\n</root>',
    );
  });
  it("keeps a > inside an attribute value", () => {
    expect(formatMarkup('<a title="1 > 0"><b>t</b></a>')).toBe('<a title="1 > 0">\n  <b>t</b>\n</a>');
  });
  it("does not indent HTML void elements and keeps script contents", () => {
    const out = formatMarkup("<html><head><meta charset=utf-8><script>if (a<b) {x()}</script></head><body><br><p>Hi</p></body></html>", true);
    expect(out).toBe(
      "<html>\n  <head>\n    <meta charset=utf-8>\n    <script>if (a<b) {x()}</script>\n  </head>\n  <body>\n    <br>\n    <p>Hi</p>\n  </body>\n</html>",
    );
  });
  it("leaves text without tags alone", () => {
    expect(formatMarkup("just text")).toBe("just text");
  });
});

describe("splitRows", () => {
  it("splits lines and cuts very long ones", () => {
    expect(splitRows("a\nb\n")).toEqual(["a", "b", ""]);
    const rows = splitRows("x".repeat(4500) + "\nend", 2000);
    expect(rows.map((r) => r.length)).toEqual([2000, 2000, 500, 3]);
  });
});

describe("timingBars", () => {
  it("lays the phases one after the other on the total's axis", () => {
    const { bars, axis } = timingBars({ dns: 10, connect: 20, tls: 30, ttfb: 40, download: 0, total: 100 });
    expect(axis).toBe(100);
    const by = Object.fromEntries(bars.map((b) => [b.key, b]));
    expect(by.other).toBeUndefined();
    expect(by.dns).toMatchObject({ left: 0, width: 10 });
    expect(by.connect).toMatchObject({ left: 10, width: 20 });
    expect(by.tls).toMatchObject({ left: 30, width: 30 });
    expect(by.ttfb).toMatchObject({ left: 60, width: 40 });
    expect(by.download).toMatchObject({ width: 0, ms: 0 });
  });
  it("puts the unexplained time (redirect hops) first", () => {
    const { bars } = timingBars({ dns: 0, connect: 0, tls: 0, ttfb: 25, download: 25, total: 200 }, true);
    expect(bars[0]).toMatchObject({ key: "other", label: "Redirects", left: 0, width: 75 });
    expect(bars.find((b) => b.key === "ttfb")).toMatchObject({ left: 75, width: 12.5 });
  });
  it("keeps tiny phases visible and inside the track", () => {
    const { bars } = timingBars({ dns: 0, connect: 0, tls: 0, ttfb: 999.9, download: 0.1, total: 1000 });
    const dl = bars.find((b) => b.key === "download")!;
    expect(dl.width).toBeGreaterThan(0.59);
    expect(dl.left + dl.width).toBeLessThanOrEqual(100.0001);
  });
  it("has no bars without time", () => {
    expect(timingBars({ dns: 0, connect: 0, tls: 0, ttfb: 0, download: 0, total: 0 }).bars).toEqual([]);
  });
  it("picks round ticks", () => {
    expect(axisTicks(100)).toEqual([0, 25, 50, 75, 100]);
    expect(axisTicks(80)).toEqual([0, 20, 40, 60, 80]);
  });
});

describe("fileNameFor", () => {
  it("names the download after the URL and the content type", () => {
    expect(fileNameFor("https://api.example.com/users/42?x=1", "application/json; charset=utf-8")).toBe("42.json");
    expect(fileNameFor("https://example.com/report.pdf", "application/pdf")).toBe("report.pdf");
    expect(fileNameFor("https://example.com/", "text/html")).toBe("response.html");
    expect(fileNameFor("https://example.com/a%20b", "image/png")).toBe("a_b.png");
    expect(fileNameFor(null, null)).toBe("response.bin");
  });
});

describe("errorInfo", () => {
  it("has a title and a hint for the executor's codes", () => {
    expect(errorInfo("EGRESS_BLOCKED").title).toMatch(/egress/i);
    expect(errorInfo("DNS_FAILURE").title).toMatch(/resolve/i);
    expect(errorInfo("SOMETHING_NEW").hint.length).toBeGreaterThan(10);
  });
});
