/**
 * The one place the app talks HTTP to the backend. Everything under src/api goes through `request()`.
 *
 * Tokens: the access token (15 min) lives only in memory; the refresh token is kept in localStorage so a reload
 * stays signed in. A 401 triggers one refresh (shared by every call that hit it at the same time) and a retry;
 * if the refresh fails the session is over and `onSessionLost` listeners hear it.
 */

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: Record<string, unknown> | null;
}

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(status: number, body: ApiErrorBody) {
    super(body.message);
    this.name = "ApiError";
    this.status = status;
    this.code = body.code;
    this.details = body.details ?? {};
  }

  /** Validation errors of a 400, by field path ("email", "headers.0.key"). */
  get fields(): FieldError[] {
    const raw = this.details.fields;
    return Array.isArray(raw) ? (raw as FieldError[]) : [];
  }

  fieldMessage(field: string): string | undefined {
    return this.fields.find((f) => f.field === field)?.message;
  }
}

/** Any error as one sentence for the UI. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const first = err.fields[0];
    return first ? `${err.message} ${first.field}: ${first.message}` : err.message;
  }
  if (err instanceof Error) return err.message;
  return String(err);
}

const REFRESH_KEY = "playground.refresh";

export interface TokenPair {
  access_token: string;
  refresh_token: string;
  expires_in: number;
}

let accessToken: string | null = null;
let refreshing: Promise<boolean> | null = null;
const lostListeners = new Set<() => void>();

export const tokens = {
  set(pair: TokenPair): void {
    accessToken = pair.access_token;
    localStorage.setItem(REFRESH_KEY, pair.refresh_token);
  },
  clear(): void {
    accessToken = null;
    localStorage.removeItem(REFRESH_KEY);
  },
  hasRefresh(): boolean {
    return localStorage.getItem(REFRESH_KEY) !== null;
  },
  access(): string | null {
    return accessToken;
  },
};

export function onSessionLost(listener: () => void): () => void {
  lostListeners.add(listener);
  return () => lostListeners.delete(listener);
}

/**
 * Run `fn` while no other tab of this browser refreshes. The refresh token rotates and a spent one ends the session
 * (it looks stolen), so tabs refreshing at the same moment (a restored browser, a laptop waking up) take turns, each
 * reading the token the one before it stored. Without the Web Locks API (old browsers, tests) it just runs.
 */
function oneTabAtATime<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  return locks ? locks.request("playground.refresh", fn) : fn();
}

/** Trade the stored refresh token for new tokens (it rotates). One refresh at a time, shared by all callers. */
export function refreshSession(): Promise<boolean> {
  if (refreshing) return refreshing;
  if (!localStorage.getItem(REFRESH_KEY)) return Promise.resolve(false);
  const run = oneTabAtATime(async () => {
    const rt = localStorage.getItem(REFRESH_KEY); // read under the lock: another tab may have just rotated it
    if (!rt) return false;
    try {
      const res = await fetch("/auth/refresh", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ refresh_token: rt }),
      });
      if (!res.ok) {
        // A newer sign-in may have replaced the token meanwhile: only forget the one that was refused.
        if (localStorage.getItem(REFRESH_KEY) === rt) tokens.clear();
        return false;
      }
      tokens.set((await res.json()) as TokenPair);
      return true;
    } catch {
      return false; // offline: keep the refresh token, try again later
    }
  });
  refreshing = run.finally(() => {
    refreshing = null;
  });
  return refreshing;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** false for the sign-in calls themselves */
  auth?: boolean;
}

function buildUrl(path: string, query?: RequestOptions["query"]): string {
  if (!query) return path;
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== "") qs.append(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

async function parse(res: Response): Promise<unknown> {
  if (res.status === 204) return null;
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * This page's name in X-Client-Id: the server puts it on the events of the changes it makes, so this page skips
 * its own and the same user's other tabs still hear them.
 */
export const CLIENT_ID = `tab-${Math.random().toString(36).slice(2, 12)}${Date.now().toString(36)}`;

export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  let sentWith: string | null = null;
  const send = (): Promise<Response> => {
    const headers: Record<string, string> = { Accept: "application/json", "X-Client-Id": CLIENT_ID };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    sentWith = opts.auth !== false ? accessToken : null;
    if (sentWith) headers.Authorization = `Bearer ${sentWith}`;
    return fetch(buildUrl(path, opts.query), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: opts.signal,
    });
  };
  if (opts.auth !== false && !accessToken && tokens.hasRefresh()) await refreshSession();
  let res = await send();
  if (res.status === 401 && opts.auth !== false) {
    if (accessToken && accessToken !== sentWith) {
      // Signed in again (or refreshed) while this call was in flight: it was refused for the old session only.
      res = await send();
    } else if (await refreshSession()) {
      res = await send();
    } else if (!tokens.hasRefresh()) {
      lostListeners.forEach((l) => l());
    }
  }
  const data = await parse(res);
  if (!res.ok) {
    const err =
      data && typeof data === "object" && "error" in data
        ? ((data as { error: ApiErrorBody }).error)
        : { code: `HTTP_${res.status}`, message: `The server answered ${res.status} ${res.statusText}.` };
    throw new ApiError(res.status, err);
  }
  return data as T;
}

export const http = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>("GET", path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>("POST", path, body ?? {}, opts),
  put: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>("PUT", path, body, opts),
  patch: <T>(path: string, body: unknown, opts?: RequestOptions) => request<T>("PATCH", path, body, opts),
  del: <T = null>(path: string, opts?: RequestOptions) => request<T>("DELETE", path, undefined, opts),
};

/** Follow `next_cursor` until the end (lists are paginated at 100 per page). */
export async function listAll<T>(path: string, query: RequestOptions["query"] = {}): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<T> = await http.get<Page<T>>(path, { query: { ...query, limit: 100, cursor } });
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

export interface Page<T> {
  items: T[];
  next_cursor: string | null;
}
