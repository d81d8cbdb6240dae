/** Small pure rules of the builder: methods, body content types, auth forms, counts. */
import type { Auth, AuthAttribute, AuthType, BodyMode, KeyValue, RequestDoc } from "../../api";

export const STANDARD_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

/** RFC 9110 token (the backend's METHOD_PATTERN), at most 32 characters. */
const TOKEN_RE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$/;

/** A custom method as typed: null when it is not a valid token, else uppercased. */
export function normalizeMethod(input: string): string | null {
  const m = input.trim();
  return TOKEN_RE.test(m) ? m.toUpperCase() : null;
}

// ---- body ----

export const BODY_MODES: { id: BodyMode; label: string }[] = [
  { id: "none", label: "none" },
  { id: "json", label: "JSON" },
  { id: "text", label: "Text" },
  { id: "xml", label: "XML" },
  { id: "urlencoded", label: "Form URL-encoded" },
  { id: "formdata", label: "Multipart form" },
  { id: "binary", label: "Binary" },
  { id: "graphql", label: "GraphQL" },
];

/** The Content-Type a mode implies (the server's defaults). Multipart has none: its boundary is set when sent. */
export const MODE_CONTENT_TYPE: Partial<Record<BodyMode, string>> = {
  json: "application/json",
  text: "text/plain",
  xml: "application/xml",
  urlencoded: "application/x-www-form-urlencoded",
  graphql: "application/json",
  binary: "application/octet-stream",
};

/**
 * Headers after switching the body mode (Postman-like): if there is no Content-Type row, one is added for the new
 * mode; a row still holding the old mode's default follows the mode (and goes away for none / multipart). A
 * Content-Type the user typed is never touched.
 */
export function headersForMode(headers: KeyValue[], from: BodyMode, to: BodyMode): KeyValue[] {
  const i = headers.findIndex((h) => h.key.trim().toLowerCase() === "content-type");
  const next = MODE_CONTENT_TYPE[to];
  if (i === -1) return next ? [...headers, { key: "Content-Type", value: next, enabled: true, description: "" }] : headers;
  const row = headers[i]!;
  const prevDefault = MODE_CONTENT_TYPE[from];
  if (prevDefault === undefined || row.value !== prevDefault) return headers;
  if (!next) return headers.filter((_, j) => j !== i);
  return headers.map((h, j) => (j === i ? { ...h, value: next } : h));
}

/** JSON.parse that tolerates {{var}} placeholders (as a value or inside a string). null when valid. */
export function jsonError(text: string): { message: string; from: number; to: number } | null {
  if (!text.trim()) return null;
  // replace each {{...}} by a same-length JSON value so positions stay right
  const masked = text.replace(/\{\{[^{}]*\}\}/g, (m, offset: number) => {
    const before = text.slice(0, offset);
    const inString = (before.match(/(?<!\\)"/g)?.length ?? 0) % 2 === 1;
    return inString ? "x".repeat(m.length) : "0".padEnd(m.length, " ");
  });
  try {
    JSON.parse(masked);
    return null;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const pos = message.match(/position (\d+)/);
    let from = pos ? Number(pos[1]) : text.length;
    const lc = message.match(/line (\d+) column (\d+)/);
    if (!pos && lc) {
      const lines = text.split("\n");
      const line = Math.min(Number(lc[1]), lines.length);
      from = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + Number(lc[2]) - 1;
    }
    from = Math.max(0, Math.min(from, text.length));
    const to = Math.min(text.length, from + 1);
    return { message: message.replace(/^JSON\.parse: /, ""), from: to === from && from > 0 ? from - 1 : from, to: Math.max(to, from) };
  }
}

/** Pretty-print JSON keeping {{var}} placeholders that stand for values. Returns null when it cannot parse. */
export function beautifyJson(text: string): string | null {
  const vars: string[] = [];
  const masked = text.replace(/\{\{[^{}]*\}\}/g, (m, offset: number) => {
    const before = text.slice(0, offset);
    const inString = (before.match(/(?<!\\)"/g)?.length ?? 0) % 2 === 1;
    if (inString) return m;
    vars.push(m);
    return `"__pgvar_${vars.length - 1}__"`;
  });
  try {
    const out = JSON.stringify(JSON.parse(masked), null, 2);
    return out.replace(/"__pgvar_(\d+)__"/g, (_, i: string) => vars[Number(i)] ?? "");
  } catch {
    return null;
  }
}

// ---- auth ----

export const AUTH_TYPES: { id: AuthType; label: string }[] = [
  { id: "inherit", label: "Inherit from parent" },
  { id: "noauth", label: "No auth" },
  { id: "basic", label: "Basic auth" },
  { id: "bearer", label: "Bearer token" },
  { id: "apikey", label: "API key" },
  { id: "digest", label: "Digest auth" },
  { id: "oauth1", label: "OAuth 1.0" },
  { id: "oauth2", label: "OAuth 2.0" },
  { id: "hawk", label: "Hawk authentication" },
  { id: "awsv4", label: "AWS Signature" },
  { id: "ntlm", label: "NTLM authentication" },
  { id: "akamai", label: "Akamai EdgeGrid" },
  { id: "edgegrid", label: "Akamai EdgeGrid (edgegrid)" },
  { id: "jwt", label: "JWT bearer" },
  { id: "asap", label: "ASAP (Atlassian)" },
];

export function authLabel(type: AuthType): string {
  return AUTH_TYPES.find((t) => t.id === type)?.label ?? type;
}

export interface AuthField {
  key: string;
  label: string;
  kind?: "text" | "secret" | "select" | "boolean" | "textarea";
  options?: { value: string; label: string }[];
  placeholder?: string;
  hint?: string;
  /** value used when the attribute is absent */
  fallback?: string;
}

const EDGEGRID: AuthField[] = [
  { key: "accessToken", label: "Access token", kind: "secret" },
  { key: "clientToken", label: "Client token", kind: "secret" },
  { key: "clientSecret", label: "Client secret", kind: "secret" },
  { key: "baseURL", label: "Base URL", placeholder: "https://akaa-xxx.luna.akamaiapis.net" },
  { key: "nonce", label: "Nonce", placeholder: "Generated when empty" },
  { key: "timestamp", label: "Timestamp", placeholder: "Generated when empty" },
  { key: "headersToSign", label: "Headers to sign" },
];

/** The form of each auth type; keys are Postman collection format attribute names (what the executor reads). */
export const AUTH_FIELDS: Partial<Record<AuthType, AuthField[]>> = {
  basic: [
    { key: "username", label: "Username" },
    { key: "password", label: "Password", kind: "secret" },
  ],
  bearer: [{ key: "token", label: "Token", kind: "secret", placeholder: "{{token}}" }],
  apikey: [
    { key: "key", label: "Key", placeholder: "X-API-Key" },
    { key: "value", label: "Value", kind: "secret" },
    { key: "in", label: "Add to", kind: "select", fallback: "header",
      options: [{ value: "header", label: "Header" }, { value: "query", label: "Query params" }] },
  ],
  digest: [
    { key: "username", label: "Username" },
    { key: "password", label: "Password", kind: "secret" },
    { key: "realm", label: "Realm", hint: "Filled from the server's challenge when sent" },
    { key: "algorithm", label: "Algorithm", kind: "select", fallback: "MD5",
      options: ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess"].map((v) => ({ value: v, label: v })) },
  ],
  oauth1: [
    { key: "signatureMethod", label: "Signature method", kind: "select", fallback: "HMAC-SHA1",
      options: ["HMAC-SHA1", "HMAC-SHA256", "HMAC-SHA512", "RSA-SHA1", "RSA-SHA256", "PLAINTEXT"].map((v) => ({ value: v, label: v })) },
    { key: "consumerKey", label: "Consumer key" },
    { key: "consumerSecret", label: "Consumer secret", kind: "secret" },
    { key: "token", label: "Access token" },
    { key: "tokenSecret", label: "Token secret", kind: "secret" },
    { key: "realm", label: "Realm" },
    { key: "addParamsToHeader", label: "Add auth data to headers", kind: "boolean" },
  ],
  oauth2: [
    { key: "grant_type", label: "Grant type", kind: "select", fallback: "client_credentials",
      options: [
        { value: "client_credentials", label: "Client credentials" },
        { value: "password_credentials", label: "Password credentials" },
        { value: "authorization_code", label: "Authorization code (token pasted below)" },
        { value: "authorization_code_with_pkce", label: "Authorization code with PKCE (token pasted below)" },
        { value: "implicit", label: "Implicit (token pasted below)" },
      ] },
    { key: "accessTokenUrl", label: "Access token URL", placeholder: "https://auth.example.com/oauth/token" },
    { key: "clientId", label: "Client ID" },
    { key: "clientSecret", label: "Client secret", kind: "secret" },
    { key: "scope", label: "Scope", placeholder: "read write" },
    { key: "username", label: "Username", hint: "Password grant only" },
    { key: "password", label: "Password", kind: "secret", hint: "Password grant only" },
    { key: "client_authentication", label: "Client authentication", kind: "select", fallback: "header",
      options: [{ value: "header", label: "Basic auth header" }, { value: "body", label: "In the request body" }] },
    { key: "accessToken", label: "Access token", kind: "secret", hint: "When set, it is sent as is (no token request)" },
    { key: "headerPrefix", label: "Header prefix", placeholder: "Bearer" },
    { key: "addTokenTo", label: "Add token to", kind: "select", fallback: "header",
      options: [{ value: "header", label: "Header" }, { value: "queryParams", label: "Query params" }] },
  ],
  hawk: [
    { key: "authId", label: "Hawk auth ID" },
    { key: "authKey", label: "Hawk auth key", kind: "secret" },
    { key: "algorithm", label: "Algorithm", kind: "select", fallback: "sha256",
      options: [{ value: "sha256", label: "SHA256" }, { value: "sha1", label: "SHA1" }] },
    { key: "user", label: "User" },
    { key: "ext", label: "ext" },
    { key: "app", label: "app" },
    { key: "dlg", label: "dlg" },
    { key: "includePayloadHash", label: "Include payload hash", kind: "boolean" },
  ],
  awsv4: [
    { key: "accessKey", label: "Access key" },
    { key: "secretKey", label: "Secret key", kind: "secret" },
    { key: "region", label: "AWS region", placeholder: "us-east-1" },
    { key: "service", label: "Service name", placeholder: "execute-api" },
    { key: "sessionToken", label: "Session token", kind: "secret" },
    { key: "addAuthDataToQuery", label: "Add auth data to query params", kind: "boolean" },
  ],
  ntlm: [
    { key: "username", label: "Username" },
    { key: "password", label: "Password", kind: "secret" },
    { key: "domain", label: "Domain" },
    { key: "workstation", label: "Workstation" },
  ],
  akamai: EDGEGRID,
  edgegrid: EDGEGRID,
  jwt: [
    { key: "algorithm", label: "Algorithm", kind: "select", fallback: "HS256",
      options: ["HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
        .map((v) => ({ value: v, label: v })) },
    { key: "secret", label: "Secret", kind: "secret", hint: "HS algorithms" },
    { key: "isSecretBase64Encoded", label: "Secret is Base64 encoded", kind: "boolean" },
    { key: "privateKey", label: "Private key (PEM)", kind: "textarea", hint: "RS / PS / ES algorithms" },
    { key: "payload", label: "Payload (JSON)", kind: "textarea", placeholder: '{ "sub": "123" }' },
    { key: "header", label: "Extra JWT headers (JSON)", kind: "textarea", placeholder: "{}" },
    { key: "addTokenTo", label: "Add token to", kind: "select", fallback: "header",
      options: [{ value: "header", label: "Header" }, { value: "queryParam", label: "Query param" }] },
    { key: "headerPrefix", label: "Header prefix", placeholder: "Bearer" },
    { key: "queryParamKey", label: "Query param name", placeholder: "token" },
  ],
  asap: [
    { key: "alg", label: "Algorithm", kind: "select", fallback: "RS256",
      options: ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"].map((v) => ({ value: v, label: v })) },
    { key: "iss", label: "Issuer" },
    { key: "aud", label: "Audience" },
    { key: "kid", label: "Key ID" },
    { key: "privateKey", label: "Private key (PEM)", kind: "textarea" },
    { key: "sub", label: "Subject" },
    { key: "claims", label: "Additional claims (JSON)", kind: "textarea", placeholder: "{}" },
    { key: "exp", label: "Expiry (seconds)", placeholder: "3600" },
  ],
};

/** Types the server stores and round-trips but does not send yet (chalicelib/executor/auth/apply.py). */
export const AUTH_NOT_SENT = new Set<AuthType>(["oauth1", "hawk", "ntlm", "akamai", "edgegrid", "asap"]);

export function authAttr(auth: Auth, key: string): unknown {
  return auth.attributes.find((a) => a.key === key)?.value;
}

/** Set one attribute (replacing it in place, or appending), keeping every other attribute as it was. */
export function setAuthAttr(auth: Auth, key: string, value: unknown): Auth {
  const type = typeof value === "boolean" ? "boolean" : "string";
  const i = auth.attributes.findIndex((a) => a.key === key);
  const row: AuthAttribute = { key, value, type };
  const attributes = i === -1 ? [...auth.attributes, row] : auth.attributes.map((a, j) => (j === i ? { ...a, value, type } : a));
  return { ...auth, attributes };
}

/** A short human description of an auth, e.g. for the inherited notice. */
export function describeAuth(auth: Auth | null | undefined): string {
  if (!auth || auth.type === "noauth") return "No auth";
  return authLabel(auth.type);
}

// ---- counts ----

export function enabledCount(rows: KeyValue[] | { enabled: boolean; key: string }[]): number {
  return rows.filter((r) => r.enabled && r.key !== "").length;
}

/** A pasted text that is a curl command line ("Copy as cURL" from a browser, or from docs with a `$ ` prompt). */
export function looksLikeCurl(text: string): boolean {
  return /^\s*(\$\s+)?curl(\.exe)?\s/i.test(text);
}

/** A browser's "Copy as fetch" (Chrome, Firefox; `await` in front or not). */
export function looksLikeFetch(text: string): boolean {
  return /^\s*(await\s+)?fetch\s*\(/.test(text);
}

export function sectionCounts(doc: RequestDoc): Record<"params" | "path" | "headers" | "body", number> {
  const body = doc.body;
  let b = 0;
  if (body.mode === "urlencoded") b = enabledCount(body.urlencoded);
  else if (body.mode === "formdata") b = enabledCount(body.formdata);
  else if (body.mode !== "none") b = 1;
  return { params: enabledCount(doc.params), path: doc.path_variables.length, headers: enabledCount(doc.headers), body: b };
}
