/** {{variable}} tokenising and the variable scope of a request (pure). */
import type { Environment, Folder, TreeFolder } from "../../api";
import type { ResolvedVariable } from "../environments/envStore";

export type Segment =
  | { kind: "text"; text: string; start: number }
  | { kind: "var"; text: string; name: string; start: number };

const VAR_RE = /\{\{([^{}]+?)\}\}/g;

/** Split text into plain runs and {{name}} tokens; offsets point into the original string. */
export function tokenize(text: string): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(VAR_RE)) {
    const start = m.index ?? 0;
    if (start > last) out.push({ kind: "text", text: text.slice(last, start), start: last });
    out.push({ kind: "var", text: m[0], name: m[1]!.trim(), start });
    last = start + m[0].length;
  }
  if (last < text.length) out.push({ kind: "text", text: text.slice(last), start: last });
  return out;
}

/** Names of the {{variables}} in a text, in order of first use. */
export function variableNames(text: string): string[] {
  const names: string[] = [];
  for (const s of tokenize(text)) if (s.kind === "var" && !names.includes(s.name)) names.push(s.name);
  return names;
}

export type VarStatus = "ok" | "secret" | "dynamic" | "bad";

export interface VarInfo {
  name: string;
  status: VarStatus;
  /** shown in the tooltip */
  detail: string;
  source: string | null;
}

export type Scope = Record<string, ResolvedVariable>;

/** What a {{name}} resolves to in this scope, for highlighting and tooltips. */
export function describeVariable(name: string, scope: Scope): VarInfo {
  if (name.startsWith("$")) return { name, status: "dynamic", detail: "Dynamic variable: a fresh value at every send", source: null };
  const v = scope[name];
  if (!v) return { name, status: "bad", detail: "not defined in the active environment", source: null };
  if (v.secret || v.value === null) {
    return { name, status: "secret", detail: "•••• (secret, resolved on the server)", source: v.source };
  }
  return { name, status: "ok", detail: v.value === "" ? "(empty)" : v.value, source: v.source };
}

/** Whether a text uses a variable the scope cannot resolve. */
export function hasUnresolved(text: string, scope: Scope): boolean {
  return variableNames(text).some((n) => describeVariable(n, scope).status === "bad");
}

/**
 * The variables a request sees, weakest first (Postman's order): globals, then collection and folder variables from
 * the outermost folder in, then the active environment.
 */
export function buildScope(
  env: { environments: Environment[]; globals: Environment | null; activeId: string | null },
  folders: { node: TreeFolder; folder: Folder | undefined }[],
): Scope {
  const out: Scope = {};
  for (const v of env.globals?.variables ?? []) if (v.enabled) out[v.key] = { value: v.value, secret: v.secret, source: "Globals" };
  for (const { node, folder } of folders) {
    const label = `${node.kind === "collection" ? "Collection" : "Folder"} ‘${node.name}’`;
    for (const v of folder?.variables ?? []) if (v.enabled && v.key) out[v.key] = { value: v.value, secret: false, source: label };
  }
  const active = env.environments.find((e) => e.id === env.activeId);
  for (const v of active?.variables ?? []) if (v.enabled) out[v.key] = { value: v.value, secret: v.secret, source: active!.name };
  return out;
}
