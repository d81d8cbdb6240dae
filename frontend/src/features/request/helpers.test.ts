import type { Auth, Environment, Folder, KeyValue, TreeFolder } from "../../api";
import { parseBulk, serializeBulk } from "./bulkEdit";
import { buildScope, describeVariable, hasUnresolved, tokenize, variableNames } from "./variables";
import {
  beautifyJson, headersForMode, jsonError, looksLikeCurl, looksLikeFetch, normalizeMethod, sectionCounts, setAuthAttr, authAttr,
} from "./requestModel";
import { newRequestDoc } from "./newRequest";

const kv = (key: string, value = "", enabled = true, description = ""): KeyValue => ({ key, value, enabled, description });

describe("bulk edit", () => {
  it("serialises rows, disabled ones with //", () => {
    expect(serializeBulk([kv("Accept", "application/json"), kv("X-A", "1", false), kv("", "")])).toBe(
      "Accept: application/json\n//X-A: 1",
    );
  });
  it("parses lines, first ':' splits, values may hold ':'", () => {
    expect(parseBulk("Host: a.io:8080\n\n//X-Off: 1\nX-Flag\nReferer: https://x.io/a")).toEqual([
      kv("Host", "a.io:8080"), kv("X-Off", "1", false), kv("X-Flag", ""), kv("Referer", "https://x.io/a"),
    ]);
  });
  it("keeps duplicates and their descriptions", () => {
    const old = [kv("X-A", "1", true, "one"), kv("X-A", "2", true, "two")];
    expect(parseBulk("X-A: 3\nX-A: 4", old).map((r) => [r.value, r.description])).toEqual([["3", "one"], ["4", "two"]]);
  });
  it("round-trips", () => {
    const rows = [kv("A", "1"), kv("A", "2"), kv("B", "x: y", false), kv("C", "")];
    expect(parseBulk(serializeBulk(rows), rows)).toEqual(rows);
  });
});

describe("variables", () => {
  it("tokenizes text and variables with offsets", () => {
    expect(tokenize("{{base}}/u/{{ id }}?x")).toEqual([
      { kind: "var", text: "{{base}}", name: "base", start: 0 },
      { kind: "text", text: "/u/", start: 8 },
      { kind: "var", text: "{{ id }}", name: "id", start: 11 },
      { kind: "text", text: "?x", start: 19 },
    ]);
  });
  it("leaves unbalanced braces as text", () => {
    expect(tokenize("{{a}")).toEqual([{ kind: "text", text: "{{a}", start: 0 }]);
    expect(tokenize("{{}}").every((s) => s.kind === "text")).toBe(true);
  });
  it("lists names once", () => {
    expect(variableNames("{{a}}{{b}}{{a}}")).toEqual(["a", "b"]);
  });
  it("describes known, secret, dynamic and unresolved variables", () => {
    const scope = {
      base: { value: "http://x", secret: false, source: "Dev" },
      token: { value: null, secret: true, source: "Dev" },
    };
    expect(describeVariable("base", scope)).toMatchObject({ status: "ok", detail: "http://x", source: "Dev" });
    expect(describeVariable("token", scope)).toMatchObject({ status: "secret", detail: "•••• (secret, resolved on the server)" });
    expect(describeVariable("$guid", scope).status).toBe("dynamic");
    expect(describeVariable("nope", scope)).toMatchObject({ status: "bad", detail: "not defined in the active environment" });
    expect(hasUnresolved("{{base}}/{{nope}}", scope)).toBe(true);
    expect(hasUnresolved("{{base}}/{{$guid}}", scope)).toBe(false);
  });
  it("builds the scope in Postman's order: globals < collection < folder < environment", () => {
    const v = (key: string, value: string) => ({ key, value, enabled: true, secret: false });
    const globals = { variables: [v("a", "g"), v("b", "g"), v("c", "g"), v("d", "g")] } as Environment;
    const env = { id: "e1", name: "Dev", variables: [v("d", "env")] } as Environment;
    const col = { node: { kind: "collection", name: "C" } as TreeFolder, folder: { variables: [{ key: "b", value: "col", enabled: true, description: "" }, { key: "c", value: "col", enabled: true, description: "" }] } as Folder };
    const fld = { node: { kind: "folder", name: "F" } as TreeFolder, folder: { variables: [{ key: "c", value: "fld", enabled: true, description: "" }, { key: "d", value: "fld", enabled: true, description: "" }] } as Folder };
    const scope = buildScope({ globals, environments: [env], activeId: "e1" }, [col, fld]);
    expect(scope.a).toEqual({ value: "g", secret: false, source: "Globals" });
    expect(scope.b?.source).toBe("Collection ‘C’");
    expect(scope.c).toMatchObject({ value: "fld", source: "Folder ‘F’" });
    expect(scope.d).toMatchObject({ value: "env", source: "Dev" });
    expect(buildScope({ globals, environments: [env], activeId: null }, []).d?.value).toBe("g");
  });
});

describe("methods", () => {
  it("validates RFC 9110 tokens and uppercases", () => {
    expect(normalizeMethod("purge")).toBe("PURGE");
    expect(normalizeMethod(" PROPFIND ")).toBe("PROPFIND");
    expect(normalizeMethod("BAD METHOD")).toBeNull();
    expect(normalizeMethod("")).toBeNull();
    expect(normalizeMethod("A(B)")).toBeNull();
    expect(normalizeMethod("X".repeat(33))).toBeNull();
  });
});

describe("body helpers", () => {
  it("adds a Content-Type row for the mode when none is present", () => {
    expect(headersForMode([kv("Accept", "*/*")], "none", "json")).toEqual([kv("Accept", "*/*"), kv("Content-Type", "application/json")]);
  });
  it("updates an automatic Content-Type but never a custom one", () => {
    expect(headersForMode([kv("Content-Type", "application/json")], "json", "xml")).toEqual([kv("Content-Type", "application/xml")]);
    expect(headersForMode([kv("content-type", "application/vnd.api+json")], "json", "xml")).toEqual([kv("content-type", "application/vnd.api+json")]);
    expect(headersForMode([kv("Content-Type", "application/json")], "json", "formdata")).toEqual([]);
    expect(headersForMode([], "json", "none")).toEqual([]);
  });
  it("lints JSON but tolerates {{vars}}", () => {
    expect(jsonError('{"a": {{n}}, "b": "{{s}}"}')).toBeNull();
    expect(jsonError("")).toBeNull();
    const err = jsonError('{"a": 1,}');
    expect(err).not.toBeNull();
    expect(err!.from).toBeGreaterThan(0);
    expect(err!.message.length).toBeGreaterThan(0);
  });
  it("beautifies JSON keeping placeholders", () => {
    expect(beautifyJson('{"a":{{n}},"b":"{{s}}"}')).toBe('{\n  "a": {{n}},\n  "b": "{{s}}"\n}');
    expect(beautifyJson("{oops")).toBeNull();
  });
  it("counts enabled rows per section", () => {
    const doc = newRequestDoc({ params: [kv("a"), kv("b", "", false)], headers: [kv("X", "1"), kv("X", "2")] });
    expect(sectionCounts(doc)).toEqual({ params: 1, path: 0, headers: 2, body: 0 });
  });
});

describe("auth attributes", () => {
  it("sets attributes in place, keeping unknown ones", () => {
    let auth: Auth = { type: "bearer", attributes: [{ key: "token", value: "a", type: "string" }, { key: "x", value: 1, type: "any" }] };
    auth = setAuthAttr(auth, "token", "b");
    expect(auth.attributes).toEqual([{ key: "token", value: "b", type: "string" }, { key: "x", value: 1, type: "any" }]);
    auth = setAuthAttr(auth, "flag", true);
    expect(authAttr(auth, "flag")).toBe(true);
    expect(auth.attributes[2]!.type).toBe("boolean");
  });
});

describe("a pasted cURL command", () => {
  it("is recognised as browsers and docs give it, and nothing else is", () => {
    for (const text of ["curl 'https://x.test/a' -H 'A: b'", "  curl -X POST https://x", "$ curl https://x", "CURL https://x",
      "curl.exe \"https://x\"", "curl\thttps://x"]) expect(looksLikeCurl(text)).toBe(true);
    for (const text of ["https://x.test/curl", "curly.example.com", "curl", "{{base}}/curl -X"]) expect(looksLikeCurl(text)).toBe(false);
  });
});

describe("a pasted fetch call", () => {
  it("is recognised as Chrome and Firefox copy it, and a URL is not", () => {
    for (const text of ['fetch("https://x.test/a", {', ' await fetch("https://x", {})', 'fetch ("https://x")'])
      expect(looksLikeFetch(text)).toBe(true);
    for (const text of ["https://x.test/fetch(", "fetcher.example.com", "{{base}}/fetch("]) expect(looksLikeFetch(text)).toBe(false);
  });
});
