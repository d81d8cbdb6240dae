/**
 * URL ⇄ Params table sync (pure). The URL is the source of truth for enabled params: what the user typed is kept
 * byte for byte ({{vars}}, duplicates, order, empty values, keys without '=', percent-escapes). Disabled rows and
 * descriptions only live in the table, so merging keeps them.
 */
import type { KeyValue } from "../../api";

export interface QueryPair {
  key: string;
  value: string;
  /** whether the piece had an '=' ("a=" vs "a") */
  hasEq: boolean;
}

export interface UrlParts {
  /** everything before the '?' (or before '#' when there is no query) */
  base: string;
  /** the text between '?' and '#', null when there is no '?' */
  query: string | null;
  /** the text after '#', null when there is no '#' */
  fragment: string | null;
}

/** Split at the first '?' and the first '#' (a '#' before the '?' makes the rest a fragment). */
export function splitUrl(url: string): UrlParts {
  const hash = url.indexOf("#");
  const q = url.indexOf("?");
  const fragment = hash === -1 ? null : url.slice(hash + 1);
  const head = hash === -1 ? url : url.slice(0, hash);
  if (q === -1 || (hash !== -1 && hash < q)) return { base: head, query: null, fragment };
  return { base: head.slice(0, q), query: head.slice(q + 1), fragment };
}

export function joinUrl(parts: UrlParts): string {
  return parts.base + (parts.query !== null ? `?${parts.query}` : "") + (parts.fragment !== null ? `#${parts.fragment}` : "");
}

/** "a=1&b&c=&a=2" → pairs, raw (no decoding). An empty query has no pairs; "a=1&" ends with an empty pair. */
export function parseQuery(query: string | null): QueryPair[] {
  if (query === null || query === "") return [];
  return query.split("&").map((piece) => {
    const i = piece.indexOf("=");
    return i === -1 ? { key: piece, value: "", hasEq: false } : { key: piece.slice(0, i), value: piece.slice(i + 1), hasEq: true };
  });
}

/** Escape only what would change the structure of the query; everything else stays as typed. */
export function escapeQueryPart(text: string, isKey: boolean): string {
  let out = text.replace(/&/g, "%26").replace(/#/g, "%23");
  if (isKey) out = out.replace(/=/g, "%3D");
  return out;
}

export function serializeQuery(pairs: QueryPair[]): string {
  return pairs
    .map((p) => escapeQueryPart(p.key, true) + (p.hasEq || p.value !== "" ? `=${escapeQueryPart(p.value, false)}` : ""))
    .join("&");
}

/**
 * The params table after the URL was edited: enabled rows become the URL's pairs (in order), disabled rows stay
 * where they were, descriptions follow their key (or their position while a key is being typed).
 */
export function paramsFromUrl(url: string, old: KeyValue[]): KeyValue[] {
  const pairs = parseQuery(splitUrl(url).query);
  const oldEnabled = old.filter((r) => r.enabled);
  const used = new Set<number>();
  const matched: (KeyValue | undefined)[] = pairs.map((p) => {
    const i = oldEnabled.findIndex((r, j) => !used.has(j) && r.key === p.key);
    if (i === -1) return undefined;
    used.add(i);
    return oldEnabled[i];
  });
  const rows: KeyValue[] = pairs.map((p, i) => {
    let prev = matched[i];
    if (!prev && oldEnabled[i] && !used.has(i)) {
      used.add(i);
      prev = oldEnabled[i];
    }
    return { key: p.key, value: p.value, enabled: true, description: prev?.description ?? "" };
  });
  const out: KeyValue[] = [];
  let next = 0;
  for (const r of old) {
    if (!r.enabled) out.push(r);
    else if (next < rows.length) out.push(rows[next++]!);
  }
  while (next < rows.length) out.push(rows[next++]!);
  return out;
}

/**
 * The URL after the params table was edited: its query becomes the enabled rows. An empty value keeps the form
 * it had in the URL ("a" or "a="); a new row with no value is written without '='.
 */
export function urlWithParams(url: string, params: KeyValue[]): string {
  const parts = splitUrl(url);
  const oldPairs = parseQuery(parts.query);
  const used = new Set<number>();
  const enabled = params.filter((r) => r.enabled);
  const pairs: QueryPair[] = enabled.map((r, i) => {
    if (r.value !== "") return { key: r.key, value: r.value, hasEq: true };
    let j = oldPairs.findIndex((p, k) => !used.has(k) && p.key === r.key);
    if (j === -1 && oldPairs[i] && !used.has(i)) j = i;
    if (j !== -1) used.add(j);
    return { key: r.key, value: "", hasEq: j === -1 ? false : oldPairs[j]!.hasEq };
  });
  const query = pairs.length ? serializeQuery(pairs) : parts.query === "" ? "" : null;
  return joinUrl({ ...parts, query });
}

/** The path part of a URL (after scheme://host, or from the first '/' when there is no scheme). */
function pathOf(base: string): string {
  const scheme = base.match(/^[A-Za-z][A-Za-z0-9+.-]*:\/\//);
  const rest = scheme ? base.slice(scheme[0].length) : base;
  const slash = rest.indexOf("/");
  return slash === -1 ? "" : rest.slice(slash);
}

/** Names of ":name" path segments, in order, without duplicates. */
export function pathVariableNames(url: string): string[] {
  const path = pathOf(splitUrl(url).base);
  const names: string[] = [];
  for (const seg of path.split("/")) {
    const m = seg.match(/^:([A-Za-z0-9_.~-]+)$/);
    if (m && !names.includes(m[1]!)) names.push(m[1]!);
  }
  return names;
}

/** The path variables table for a URL: one row per ":name", keeping values/descriptions of rows already there. */
export function pathVariablesFromUrl(url: string, old: KeyValue[]): KeyValue[] {
  return pathVariableNames(url).map(
    (key) => old.find((r) => r.key === key) ?? { key, value: "", enabled: true, description: "" },
  );
}

function sameRows(a: KeyValue[], b: KeyValue[]): boolean {
  return a.length === b.length && a.every((r, i) => {
    const o = b[i]!;
    return r.key === o.key && r.value === o.value && r.enabled === o.enabled && r.description === o.description;
  });
}

/** Apply a URL edit to a request: params and path variables follow it. Arrays keep identity when unchanged. */
export function withUrl<T extends { url: string; params: KeyValue[]; path_variables: KeyValue[] }>(doc: T, url: string): T {
  const params = paramsFromUrl(url, doc.params);
  const pv = pathVariablesFromUrl(url, doc.path_variables);
  return {
    ...doc,
    url,
    params: sameRows(params, doc.params) ? doc.params : params,
    path_variables: sameRows(pv, doc.path_variables) ? doc.path_variables : pv,
  };
}

/** Apply a params table edit to a request: the URL's query follows it. */
export function withParams<T extends { url: string; params: KeyValue[] }>(doc: T, params: KeyValue[]): T {
  return { ...doc, params, url: urlWithParams(doc.url, params) };
}
