import type { KeyValue } from "../../api";
import {
  joinUrl, paramsFromUrl, parseQuery, pathVariableNames, pathVariablesFromUrl, splitUrl, urlWithParams, withParams, withUrl,
} from "./urlParams";
import { newRequestDoc } from "./newRequest";

const kv = (key: string, value = "", enabled = true, description = ""): KeyValue => ({ key, value, enabled, description });
const keysValues = (rows: KeyValue[]) => rows.map((r) => [r.key, r.value, r.enabled]);

describe("splitUrl", () => {
  it("splits base, query and fragment", () => {
    expect(splitUrl("https://x.io/a?b=1#frag")).toEqual({ base: "https://x.io/a", query: "b=1", fragment: "frag" });
  });
  it("has no query when there is no '?'", () => {
    expect(splitUrl("https://x.io/a")).toEqual({ base: "https://x.io/a", query: null, fragment: null });
  });
  it("treats a '?' after '#' as part of the fragment", () => {
    expect(splitUrl("https://x.io/a#x?y=1")).toEqual({ base: "https://x.io/a", query: null, fragment: "x?y=1" });
  });
  it("keeps a second '?' inside the query", () => {
    expect(splitUrl("/a?x=?y")).toEqual({ base: "/a", query: "x=?y", fragment: null });
  });
  it("round-trips through joinUrl", () => {
    for (const u of ["a?b#c", "a?", "a#", "a?#", "{{base}}/x?y={{v}}&y=2#f", ""]) expect(joinUrl(splitUrl(u))).toBe(u);
  });
});

describe("parseQuery", () => {
  it("keeps duplicates, order, empty values and keys without '='", () => {
    expect(parseQuery("a=1&b&c=&a=2")).toEqual([
      { key: "a", value: "1", hasEq: true },
      { key: "b", value: "", hasEq: false },
      { key: "c", value: "", hasEq: true },
      { key: "a", value: "2", hasEq: true },
    ]);
  });
  it("splits at the first '=' only", () => {
    expect(parseQuery("token=abc==&x==y")).toEqual([
      { key: "token", value: "abc==", hasEq: true },
      { key: "x", value: "=y", hasEq: true },
    ]);
  });
  it("does not decode percent-escapes or '+'", () => {
    expect(parseQuery("q=a%20b+c&%26k=v")).toEqual([
      { key: "q", value: "a%20b+c", hasEq: true },
      { key: "%26k", value: "v", hasEq: true },
    ]);
  });
  it("keeps {{vars}} as they are", () => {
    expect(parseQuery("{{k}}={{v}}&id={{id}}")).toEqual([
      { key: "{{k}}", value: "{{v}}", hasEq: true },
      { key: "id", value: "{{id}}", hasEq: true },
    ]);
  });
  it("empty query has no pairs; a trailing '&' is an empty pair", () => {
    expect(parseQuery("")).toEqual([]);
    expect(parseQuery(null)).toEqual([]);
    expect(parseQuery("a=1&")).toEqual([{ key: "a", value: "1", hasEq: true }, { key: "", value: "", hasEq: false }]);
  });
});

describe("paramsFromUrl", () => {
  it("builds rows from the URL", () => {
    expect(keysValues(paramsFromUrl("http://h/p?a=1&b&a=2", []))).toEqual([["a", "1", true], ["b", "", true], ["a", "2", true]]);
  });
  it("keeps disabled rows in place", () => {
    const old = [kv("a", "1"), kv("off", "x", false), kv("b", "2")];
    expect(keysValues(paramsFromUrl("/p?a=1&b=3", old))).toEqual([["a", "1", true], ["off", "x", false], ["b", "3", true]]);
  });
  it("appends new pairs after the existing rows and drops removed ones", () => {
    const old = [kv("a", "1"), kv("off", "x", false)];
    expect(keysValues(paramsFromUrl("/p?a=1&c=9", old))).toEqual([["a", "1", true], ["off", "x", false], ["c", "9", true]]);
    expect(keysValues(paramsFromUrl("/p", old))).toEqual([["off", "x", false]]);
  });
  it("keeps descriptions by key, and by position while a key is typed", () => {
    const old = [kv("a", "1", true, "first"), kv("b", "2", true, "second")];
    const reordered = paramsFromUrl("/p?b=2&a=1", old);
    expect(reordered.map((r) => r.description)).toEqual(["second", "first"]);
    const typing = paramsFromUrl("/p?a=1&bx=2", old);
    expect(typing.map((r) => r.description)).toEqual(["first", "second"]);
  });
  it("keeps '#' out of the params", () => {
    expect(keysValues(paramsFromUrl("/p?a=1#b=2", []))).toEqual([["a", "1", true]]);
  });
});

describe("urlWithParams", () => {
  it("rewrites the query from enabled rows, keeping the fragment", () => {
    expect(urlWithParams("http://h/p?old=1#top", [kv("a", "1"), kv("x", "y", false), kv("b", "{{v}}")])).toBe("http://h/p?a=1&b={{v}}#top");
  });
  it("round-trips any query exactly", () => {
    for (const u of [
      "http://h/p?a=1&b&c=&a=2", "{{base}}/x?{{k}}={{v}}&q=a%20b+c", "/p?t=abc==", "/p?a=1&", "/p?=v", "/p?a=1#f", "/p?",
    ]) {
      expect(urlWithParams(u, paramsFromUrl(u, []))).toBe(u);
    }
  });
  it("keeps the form of empty values ('a' vs 'a=')", () => {
    const url = "/p?a&b=";
    const rows = paramsFromUrl(url, []);
    const renamed = rows.map((r, i) => (i === 0 ? { ...r, value: "1" } : r));
    expect(urlWithParams(url, renamed)).toBe("/p?a=1&b=");
    expect(urlWithParams("/p?a=1", [kv("a", "")])).toBe("/p?a=");
  });
  it("writes a new row without value as a bare key", () => {
    expect(urlWithParams("/p", [kv("flag")])).toBe("/p?flag");
  });
  it("removes the query when no row is enabled", () => {
    expect(urlWithParams("/p?a=1#f", [kv("a", "1", false)])).toBe("/p#f");
  });
  it("escapes only '&', '#' (and '=' in keys) that would break the query", () => {
    expect(urlWithParams("/p", [kv("a=b", "x&y#z"), kv("s", "a b/ü?=")])).toBe("/p?a%3Db=x%26y%23z&s=a b/ü?=");
  });
  it("does not re-encode what was already encoded", () => {
    expect(urlWithParams("/p", [kv("q", "a%20b")])).toBe("/p?q=a%20b");
  });
  it("keeps a bare key's form when toggling another row", () => {
    const rows = [kv("a"), kv("b", "")];
    const url = "/p?a&b=";
    const toggled = [{ ...rows[0]!, enabled: false }, rows[1]!];
    expect(urlWithParams(url, toggled)).toBe("/p?b=");
  });
});

describe("path variables", () => {
  it("finds :name segments in the path only", () => {
    expect(pathVariableNames("http://localhost:8080/users/:id/posts/:postId?x=:no#:no")).toEqual(["id", "postId"]);
    expect(pathVariableNames("{{base}}/orgs/:org/:org")).toEqual(["org"]);
    expect(pathVariableNames("localhost:3000/a")).toEqual([]);
    expect(pathVariableNames("/a:b/c")).toEqual([]);
  });
  it("keeps values of rows already there, in URL order", () => {
    const old = [kv("id", "42", true, "user id")];
    expect(pathVariablesFromUrl("/u/:org/:id", old)).toEqual([kv("org"), kv("id", "42", true, "user id")]);
  });
});

describe("withUrl / withParams", () => {
  it("syncs both ways on a request document", () => {
    let doc = newRequestDoc();
    doc = withUrl(doc, "{{base}}/users/:id?page=1&page=2");
    expect(keysValues(doc.params)).toEqual([["page", "1", true], ["page", "2", true]]);
    expect(doc.path_variables.map((r) => r.key)).toEqual(["id"]);
    doc = withParams(doc, [...doc.params, kv("q", "{{term}}")]);
    expect(doc.url).toBe("{{base}}/users/:id?page=1&page=2&q={{term}}");
  });
  it("keeps array identity when nothing changed", () => {
    const doc = withUrl(newRequestDoc(), "/a?x=1");
    const again = withUrl(doc, "/a?x=1#frag");
    expect(again.params).toBe(doc.params);
    expect(again.path_variables).toBe(doc.path_variables);
  });
});
