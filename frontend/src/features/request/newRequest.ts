import type { RequestDoc } from "../../api";

/** A blank request document with the backend's defaults. */
export function newRequestDoc(patch: Partial<RequestDoc> = {}): RequestDoc {
  return {
    name: "Untitled request",
    method: "GET",
    url: "",
    params: [],
    path_variables: [],
    headers: [],
    body: { mode: "none", raw: "", urlencoded: [], formdata: [], binary: null, graphql: null },
    auth: { type: "inherit", attributes: [] },
    settings: { follow_redirects: true, max_redirects: 10, timeout_ms: 30000, verify_tls: true, http2: false },
    description: "",
    events: [],
    examples: [],
    extras: {},
    ...patch,
  };
}

const DOC_KEYS: (keyof RequestDoc)[] = [
  "name", "method", "url", "params", "path_variables", "headers", "body", "auth", "settings", "description", "events",
  "examples", "extras",
];

/** Just the editable document of a saved request (drops id, version, timestamps). */
export function docOf(saved: Partial<RequestDoc>): RequestDoc {
  const base = newRequestDoc();
  const out = { ...base } as Record<string, unknown>;
  for (const k of DOC_KEYS) if (saved[k] !== undefined) out[k] = saved[k];
  return out as unknown as RequestDoc;
}
