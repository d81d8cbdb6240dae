/** Shapes of the backend's JSON, as chalicelib returns them (see /openapi.json). */

export type Role = "owner" | "admin" | "editor" | "viewer";

export interface User {
  id: string;
  email: string;
  name: string;
  created_at: string;
  disabled: boolean;
  is_operator: boolean;
}

export interface AuthResult {
  user: User;
  access_token: string;
  refresh_token: string;
  token_type: "Bearer";
  expires_in: number;
}

export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used: string | null;
  /** only in the answer to create */
  key?: string;
}

export interface Workspace {
  id: string;
  name: string;
  description: string;
  created_at: string;
  created_by: string;
  history_retention_days: number;
  role: Role;
}

export interface Member {
  user_id: string;
  email: string;
  name: string;
  role: Role;
  joined_at: string;
}

export interface Invitation {
  id: string;
  workspace_id: string;
  workspace_name?: string;
  email: string;
  role: Role;
  status: "pending" | "accepted" | "declined" | "revoked" | "expired";
  invited_by: string;
  created_at: string;
  expires_at: string;
  /** only in the answer to create: the secret of the invitation link */
  token?: string;
  accept_path?: string;
}

export interface KeyValue {
  key: string;
  value: string;
  enabled: boolean;
  description: string;
}

export interface FormField {
  key: string;
  type: "text" | "file";
  value: string;
  file_ref: string | null;
  filename: string | null;
  content_type: string | null;
  enabled: boolean;
  description: string;
}

export type BodyMode = "none" | "json" | "text" | "xml" | "urlencoded" | "formdata" | "binary" | "graphql";

export interface Body {
  mode: BodyMode;
  raw: string;
  urlencoded: KeyValue[];
  formdata: FormField[];
  binary: { file_ref: string | null; filename: string | null; content_type: string | null } | null;
  graphql: { query: string; variables: string; operation_name: string | null } | null;
}

export type AuthType =
  | "inherit" | "noauth" | "basic" | "bearer" | "apikey" | "digest" | "oauth1" | "oauth2" | "hawk" | "awsv4"
  | "ntlm" | "akamai" | "edgegrid" | "jwt" | "asap";

export interface AuthAttribute {
  key: string;
  value: unknown;
  type: string;
}

export interface Auth {
  type: AuthType;
  attributes: AuthAttribute[];
}

export interface RequestSettings {
  follow_redirects: boolean;
  max_redirects: number;
  timeout_ms: number;
  verify_tls: boolean;
  http2: boolean;
}

/** The editable part of a request (what the builder holds and what PUT takes). */
export interface RequestDoc {
  name: string;
  method: string;
  url: string;
  params: KeyValue[];
  path_variables: KeyValue[];
  headers: KeyValue[];
  body: Body;
  auth: Auth;
  settings: RequestSettings;
  description: string;
  events: Record<string, unknown>[];
  examples: Record<string, unknown>[];
  extras: Record<string, unknown>;
}

export interface SavedRequest extends RequestDoc {
  id: string;
  workspace_id: string;
  parent_id: string;
  version: number;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
}

export interface Variable {
  key: string;
  value: string;
  enabled: boolean;
  description: string;
}

export interface Folder {
  id: string;
  workspace_id: string;
  kind: "collection" | "folder";
  parent_id: string | null;
  name: string;
  description: string;
  auth: Auth;
  headers: KeyValue[];
  variables: Variable[];
  events: Record<string, unknown>[];
  extras: Record<string, unknown>;
  updated_at: string;
}

export interface TreeFolder {
  id: string;
  kind: "collection" | "folder";
  name: string;
  parent_id: string | null;
  auth_type: AuthType;
  children: TreeNode[];
}

export interface TreeRequest {
  id: string;
  kind: "request";
  name: string;
  parent_id: string;
  method: string;
  url: string;
}

export type TreeNode = TreeFolder | TreeRequest;

export interface Tree {
  workspace_id: string;
  items: TreeFolder[];
  counts: { collections: number; folders: number; requests: number };
}

export interface Snapshot {
  version: number;
  saved_at: string;
  saved_by: string;
  name: string;
  method: string;
  url: string;
}

export interface EnvVariable {
  key: string;
  /** null on a masked secret: saving null back keeps the stored value */
  value: string | null;
  enabled: boolean;
  secret: boolean;
  masked?: boolean;
}

export interface Environment {
  id: string;
  workspace_id: string;
  name: string;
  kind: "environment" | "globals";
  variables: EnvVariable[];
  version: number;
  updated_at: string;
  updated_by: string;
  revealed: boolean;
}

export type ExecutionStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

export interface Timings {
  dns: number;
  connect: number;
  tls: number;
  ttfb: number;
  download: number;
  total: number;
}

export interface Cookie {
  name: string;
  value: string;
  domain?: string;
  path?: string;
  expires?: string | null;
  max_age?: number | null;
  secure?: boolean;
  http_only?: boolean;
  same_site?: string | null;
  [k: string]: unknown;
}

export interface ExecutionResult {
  ok: boolean;
  status: number | null;
  reason: string | null;
  http_version: string | null;
  /** in the order received, duplicates kept */
  headers: [string, string][];
  cookies: Cookie[];
  body_text: string | null;
  body_base64: string | null;
  body_truncated: boolean;
  size_headers: number;
  size_body_compressed: number;
  size_body: number;
  timings: Timings;
  redirects: { status: number; url: string; [k: string]: unknown }[];
  request_sent: {
    method: string;
    url: string;
    headers: [string, string][];
    body: string | null;
    body_size: number;
    body_truncated: boolean;
  } | null;
  error: { code: string; message: string; [k: string]: unknown } | null;
}

export interface Execution {
  id: string;
  workspace_id: string;
  status: ExecutionStatus;
  trigger: string;
  request_id: string | null;
  created_at: string;
  started_at?: string | null;
  completed_at?: string | null;
  unresolved_variables?: string[];
  result?: ExecutionResult | null;
  error?: { code: string; message: string } | null;
}

export interface ExecutionQueued {
  id: string;
  status: "queued";
  workspace_id: string;
  created_at: string;
  poll: string;
}

export interface HistoryItem {
  id: string;
  trigger: string;
  created_at: string;
  request_id: string | null;
  method: string;
  url: string;
  name: string;
  status: number | null;
  ok: boolean;
  error_code: string | null;
  duration_ms: number | null;
  size: number | null;
  environment_id: string | null;
}

export interface HistoryEntry extends HistoryItem {
  request: RequestDoc;
  result?: ExecutionResult | null;
  [k: string]: unknown;
}

export interface FileRegistration {
  file_ref: string;
  upload_url: string;
  [k: string]: unknown;
}

/** POST /codegen: `limitations` are what this client may do differently from the app for this very request */
export interface CodegenResult {
  target: string;
  code: string;
  unresolved_variables: string[];
  limitations: { code: string; text: string }[];
}

export interface CodegenTarget {
  id: string;
  label: string;
  language: string;
  limitations: { code: string; text: string }[];
}

export interface ServerEvent {
  type: string;
  execution?: Execution;
  workspace_id?: string;
  /** tree.changed / environments.changed: the user id of who changed it, and their name */
  by?: string;
  by_name?: string | null;
  /** the page (its X-Client-Id) that made the change, when it said */
  origin?: string | null;
  /** tree.changed: the request or folder the change was about, when it was about one */
  request_id?: string;
  folder_id?: string;
  [k: string]: unknown;
}

// --- history & snapshots (feature D: environments, history, snapshots) ---
/** GET /workspaces/{ws}/requests/{id}/snapshots/{version}: the saved document of one version */
export interface SnapshotDetail {
  version: number;
  saved_at: string;
  saved_by: string;
  request: RequestDoc;
}

// --- response viewer (feature C2: sending, realtime results, response viewer) ---
/**
 * GET /executions/{id} and the realtime event. A result too large to keep inline (over ~300 KB) comes as a summary
 * without body_text/body_base64 plus `result_url`, a short-lived presigned URL of the full result JSON. The
 * realtime event of such a result carries no result at all, but `pointer` ("/executions/{id}").
 */
export interface ExecutionDetail extends Execution {
  result_url?: string;
}

// --- interop UI (import & export dialogs) ---
export type ImportFormat = "postman" | "postman_environment" | "openapi" | "swagger" | "curl" | "fetch" | "har" | "insomnia";

/** POST /workspaces/{ws}/imports (201). `folders` counts the new collections themselves too. */
export interface ImportResult {
  format: ImportFormat;
  collections: { id: string; name: string | null }[];
  environments: { id: string; name: string }[];
  warnings: string[];
  folders: number;
  requests: number;
}

export type ExportFormat = "postman" | "openapi" | "workspace" | "har";

/** POST /workspaces/{ws}/exports (202) and GET .../exports/{id}: status "queued" → "completed" | "failed". */
export interface ExportJob {
  id: string;
  format: ExportFormat;
  status: string;
  created_at: string;
  completed_at: string | null;
  filename: string | null;
  size: number | null;
  error: string | null;
  workspace_id: string;
  /** presigned, on the blob store's origin; present once completed */
  download_url?: string;
}
