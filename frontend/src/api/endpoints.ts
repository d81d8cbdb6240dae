/** Every backend call the app makes, one typed function each. Features import from here, never `fetch`. */
import { http, listAll, request, tokens, type Page } from "./client";
import type {
  ApiKey, AuthResult, CodegenResult, CodegenTarget, Environment, EnvVariable, Execution, ExecutionQueued, FileRegistration, Folder,
  HistoryEntry, HistoryItem, Invitation, KeyValue, Member, RequestDoc, Role, SavedRequest, Snapshot, Tree, User,
  Workspace,
} from "./types";

const enc = encodeURIComponent;
const wsPath = (ws: string) => `/workspaces/${enc(ws)}`;

export const authApi = {
  async register(email: string, password: string, name: string): Promise<User> {
    const r = await http.post<AuthResult>("/auth/register", { email, password, name }, { auth: false });
    tokens.set(r);
    return r.user;
  },
  async login(email: string, password: string): Promise<User> {
    const r = await http.post<AuthResult>("/auth/login", { email, password }, { auth: false });
    tokens.set(r);
    return r.user;
  },
  async logout(): Promise<void> {
    try {
      await http.post("/auth/logout", {});
    } finally {
      tokens.clear();
    }
  },
  me: () => http.get<User>("/me"),
  updateProfile: (name: string) => http.patch<User>("/me", { name }),
  changePassword: (current_password: string, new_password: string) =>
    http.post<unknown>("/me/password", { current_password, new_password }),
  apiKeys: () => listAll<ApiKey>("/me/api-keys"),
  createApiKey: (name: string) => http.post<ApiKey>("/me/api-keys", { name }),
  revokeApiKey: (id: string) => http.del(`/me/api-keys/${enc(id)}`),
  myInvitations: () => listAll<Invitation>("/me/invitations"),
};

export const workspacesApi = {
  list: () => listAll<Workspace>("/workspaces"),
  get: (ws: string) => http.get<Workspace>(wsPath(ws)),
  create: (name: string, description = "") => http.post<Workspace>("/workspaces", { name, description }),
  update: (ws: string, patch: Partial<Pick<Workspace, "name" | "description" | "history_retention_days">>) =>
    http.patch<Workspace>(wsPath(ws), patch),
  remove: (ws: string) => http.del(wsPath(ws)),
  transfer: (ws: string, user_id: string) => http.post<unknown>(`${wsPath(ws)}/transfer`, { user_id }),
  members: (ws: string) => listAll<Member>(`${wsPath(ws)}/members`),
  setRole: (ws: string, uid: string, role: Role) => http.patch<Member>(`${wsPath(ws)}/members/${enc(uid)}`, { role }),
  removeMember: (ws: string, uid: string) => http.del(`${wsPath(ws)}/members/${enc(uid)}`),
  invitations: (ws: string) => listAll<Invitation>(`${wsPath(ws)}/invitations`),
  invite: (ws: string, email: string, role: Role) => http.post<Invitation>(`${wsPath(ws)}/invitations`, { email, role }),
  revokeInvitation: (ws: string, id: string) => http.del(`${wsPath(ws)}/invitations/${enc(id)}`),
  acceptInvitation: (token: string) => http.post<{ workspace_id: string; [k: string]: unknown }>("/invitations/accept", { token }),
  declineInvitation: (token: string) => http.post<unknown>("/invitations/decline", { token }),
};

export type FolderPatch = Partial<Pick<Folder, "name" | "description" | "auth" | "headers" | "variables">>;

export const collectionsApi = {
  tree: (ws: string) => http.get<Tree>(`${wsPath(ws)}/tree`),
  createFolder: (ws: string, name: string, parent_id: string | null = null) =>
    http.post<Folder>(`${wsPath(ws)}/folders`, { name, parent_id }),
  folder: (ws: string, id: string) => http.get<Folder>(`${wsPath(ws)}/folders/${enc(id)}`),
  updateFolder: (ws: string, id: string, patch: FolderPatch) => http.patch<Folder>(`${wsPath(ws)}/folders/${enc(id)}`, patch),
  deleteFolder: (ws: string, id: string) => http.del(`${wsPath(ws)}/folders/${enc(id)}`),
  /** parent_id null makes it a collection; index is the 0-based place among the new siblings */
  moveFolder: (ws: string, id: string, parent_id: string | null, index?: number) =>
    http.post<Folder>(`${wsPath(ws)}/folders/${enc(id)}/move`, { parent_id, index }),
  duplicateFolder: (ws: string, id: string) => http.post<Folder>(`${wsPath(ws)}/folders/${enc(id)}/duplicate`, {}),
  createRequest: (ws: string, parent_id: string, doc: Partial<RequestDoc>) =>
    http.post<SavedRequest>(`${wsPath(ws)}/requests`, { ...doc, parent_id }),
  request: (ws: string, id: string) => http.get<SavedRequest>(`${wsPath(ws)}/requests/${enc(id)}`),
  /** 409 (ApiError code CONFLICT / VERSION_CONFLICT) when `version` is stale; details carry the current document */
  saveRequest: (ws: string, id: string, version: number, doc: RequestDoc) =>
    http.put<SavedRequest>(`${wsPath(ws)}/requests/${enc(id)}`, { ...doc, version }),
  deleteRequest: (ws: string, id: string) => http.del(`${wsPath(ws)}/requests/${enc(id)}`),
  duplicateRequest: (ws: string, id: string) => http.post<SavedRequest>(`${wsPath(ws)}/requests/${enc(id)}/duplicate`, {}),
  moveRequest: (ws: string, id: string, parent_id: string, index?: number) =>
    http.post<SavedRequest>(`${wsPath(ws)}/requests/${enc(id)}/move`, { parent_id, index }),
  snapshots: (ws: string, id: string) => listAll<Snapshot>(`${wsPath(ws)}/requests/${enc(id)}/snapshots`),
  snapshot: (ws: string, id: string, version: number) =>
    http.get<SavedRequest>(`${wsPath(ws)}/requests/${enc(id)}/snapshots/${version}`),
  restoreSnapshot: (ws: string, id: string, version: number, current?: number) =>
    http.post<SavedRequest>(`${wsPath(ws)}/requests/${enc(id)}/snapshots/${version}/restore`, { version: current }),
};

export const environmentsApi = {
  list: (ws: string) => listAll<Environment>(`${wsPath(ws)}/environments`),
  get: (ws: string, id: string, reveal = false) =>
    http.get<Environment>(`${wsPath(ws)}/environments/${enc(id)}`, { query: { reveal: reveal || undefined } }),
  create: (ws: string, name: string, variables: EnvVariable[] = []) =>
    http.post<Environment>(`${wsPath(ws)}/environments`, { name, variables }),
  save: (ws: string, id: string, name: string, variables: EnvVariable[], version?: number) =>
    http.put<Environment>(`${wsPath(ws)}/environments/${enc(id)}`, { name, variables, version }),
  remove: (ws: string, id: string) => http.del(`${wsPath(ws)}/environments/${enc(id)}`),
  globals: (ws: string, reveal = false) => http.get<Environment>(`${wsPath(ws)}/globals`, { query: { reveal: reveal || undefined } }),
  saveGlobals: (ws: string, variables: EnvVariable[], version?: number) =>
    http.put<Environment>(`${wsPath(ws)}/globals`, { variables, version }),
};

export interface ExecuteOptions {
  environment_id?: string | null;
  variables?: KeyValue[];
}

export const executionsApi = {
  /** a saved request, with the builder's unsaved edits as `overrides` */
  executeSaved: (ws: string, requestId: string, overrides: RequestDoc | null, opts: ExecuteOptions = {}) =>
    http.post<ExecutionQueued>(`${wsPath(ws)}/requests/${enc(requestId)}/execute`, { ...opts, overrides }),
  /** an unsaved request; parent_id lets it inherit a folder's auth, headers and variables */
  execute: (ws: string, doc: RequestDoc, parent_id: string | null, opts: ExecuteOptions = {}) =>
    http.post<ExecutionQueued>(`${wsPath(ws)}/execute`, { ...opts, request: doc, parent_id }),
  get: (id: string) => http.get<Execution>(`/executions/${enc(id)}`),
  cancel: (id: string) => http.post<Execution>(`/executions/${enc(id)}/cancel`, {}),
  registerFile: (ws: string, filename: string, content_type: string, size: number) =>
    http.post<FileRegistration>(`${wsPath(ws)}/files`, { filename, content_type, size }),
  history: (ws: string, filters: { q?: string; method?: string; status?: number; cursor?: string | null; limit?: number } = {}) =>
    http.get<Page<HistoryItem>>(`${wsPath(ws)}/history`, { query: { limit: 50, ...filters } }),
  historyEntry: (ws: string, id: string) => http.get<HistoryEntry>(`${wsPath(ws)}/history/${enc(id)}`),
  deleteHistoryEntry: (ws: string, id: string) => http.del(`${wsPath(ws)}/history/${enc(id)}`),
  clearHistory: (ws: string) => http.del(`${wsPath(ws)}/history`),
  restoreHistory: (ws: string, id: string, parent_id: string, name?: string) =>
    http.post<SavedRequest>(`${wsPath(ws)}/history/${enc(id)}/restore`, { parent_id, name }),
  wsTicket: () => http.post<{ ticket: string; url: string; expires_in: number }>("/ws/ticket", {}),
};

export const interopApi = {
  codegenTargets: () => http.get<{ items: CodegenTarget[] }>("/codegen/targets"),
  codegen: (body: { request: RequestDoc; target: string; workspace_id?: string; parent_id?: string | null;
    environment_id?: string | null; resolve_variables?: boolean; include_secrets?: boolean }) =>
    http.post<CodegenResult>("/codegen", body),
  /** a request document from a cURL command line (nothing is saved) */
  curlToRequest: (command: string) =>
    http.post<{ request: RequestDoc; requests: number; warnings: string[] }>("/convert/curl", { command }),
  /** a request document from a browser's "Copy as fetch" (nothing is saved) */
  fetchToRequest: (command: string) =>
    http.post<{ request: RequestDoc; requests: number; warnings: string[] }>("/convert/fetch", { command }),
  importContent: (ws: string, content: string, format?: string, parent_id?: string | null) =>
    http.post<Record<string, unknown>>(`${wsPath(ws)}/imports`, { content, format, parent_id }),
  exportStart: (ws: string, format: "postman" | "openapi" | "workspace" | "har", collection_id?: string) =>
    http.post<{ id: string; status: string; [k: string]: unknown }>(`${wsPath(ws)}/exports`, { format, collection_id }),
  exportGet: (ws: string, id: string) =>
    http.get<{ id: string; status: string; download_url?: string; [k: string]: unknown }>(`${wsPath(ws)}/exports/${enc(id)}`),
};

export const metaApi = {
  health: () => request<{ status: string; [k: string]: unknown }>("GET", "/health", undefined, { auth: false }),
};

export interface EgressInfo {
  mode: "hosted" | "local" | "team";
  summary: string;
  allow_private_networks: boolean;
  allow_cidrs: string[];
  allow_hosts: string[];
  always_refused: string[];
  checked: string;
}

export const settingsApi = {
  egress: () => http.get<EgressInfo>("/egress"),
};

// --- history & snapshots (feature D: environments, history, snapshots) ---
import type { SnapshotDetail } from "./types";

/** The server answers a snapshot read as { version, saved_at, saved_by, request } (not a SavedRequest). */
export const snapshotsApi = {
  detail: (ws: string, id: string, version: number) =>
    http.get<SnapshotDetail>(`${wsPath(ws)}/requests/${enc(id)}/snapshots/${version}`),
};

// --- response viewer (feature C2: sending, realtime results, response viewer) ---
import type { ExecutionDetail, ExecutionResult } from "./types";

export const executionResultsApi = {
  /** GET /executions/{id}, typed with the `result_url` of a large result */
  get: (id: string) => http.get<ExecutionDetail>(`/executions/${enc(id)}`),
  /** the full result of a large execution from its presigned `result_url` (no bearer token: the URL is signed) */
  full: (resultUrl: string, signal?: AbortSignal) =>
    request<ExecutionResult>("GET", resultUrl, undefined, { auth: false, signal }),
};

// ---- request builder (C1): file bodies ----

/**
 * PUT a picked file to the presigned `upload_url` that executionsApi.registerFile returned. This is the one call
 * that does not go to the API origin (the blob store), so it does not carry our bearer token.
 */
export async function uploadFile(url: string, file: Blob, contentType: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: "PUT", body: file, headers: { "Content-Type": contentType } });
  } catch {
    throw new Error("The file could not be uploaded: the file store did not accept the browser's request (network or CORS).");
  }
  if (!res.ok) throw new Error(`The file could not be uploaded: the file store answered ${res.status}.`);
}

// ---- interop UI (import & export dialogs) ----
import type { ImportFormat, ImportResult } from "./types";

/** Import a file uploaded with executionsApi.registerFile + uploadFile (too big to send inline as `content`). */
export const importFile = (ws: string, file_ref: string, format?: ImportFormat, parent_id?: string | null) =>
  http.post<ImportResult>(`${wsPath(ws)}/imports`, { file_ref, format, parent_id });

/**
 * GET a presigned download URL (an export on the blob store's origin, which allows CORS) as a Blob, so the page can
 * save it under its own file name. No bearer token: the URL is signed.
 */
export async function downloadBlob(url: string, signal?: AbortSignal): Promise<Blob> {
  const res = await fetch(url, { signal });
  if (!res.ok) throw new Error(`The download failed: the file store answered ${res.status}.`);
  return res.blob();
}
