/**
 * The WebSocket to the backend (part of the API door, like client.ts): one connection per signed-in page.
 *
 * A browser cannot send headers on the handshake, so every connection starts with a one-use ticket
 * (POST /ws/ticket → {url}). After "open" we subscribe to the open workspace; the server pushes events
 * ({"type": "execution.completed", "execution": {...}}) for this user. A ping every 5 minutes keeps the socket
 * past API Gateway's 10-minute idle timeout. When the socket drops we reconnect with exponential backoff and
 * jitter (1 s → 30 s), with a new ticket each time, and subscribe again.
 */
import type { ServerEvent } from "./types";

export type RealtimeState = "idle" | "connecting" | "connected" | "reconnecting" | "unavailable";

export const PING_INTERVAL_MS = 5 * 60 * 1000;
export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_MAX_MS = 30_000;

/**
 * The wait before reconnect attempt `attempt` (0 = the first retry): 1 s, 2 s, 4 s … capped at 30 s, with
 * "equal jitter" — half the step is fixed, the other half random — so a server restart does not see every tab
 * come back in the same millisecond.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  const step = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, Math.min(attempt, 16)));
  return Math.round(step / 2 + random() * (step / 2));
}

export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

export interface RealtimeOptions {
  /** POST /ws/ticket: the URL to connect to ("" when the server has no WebSocket endpoint) */
  getTicket: () => Promise<{ url: string }>;
  onEvent: (event: ServerEvent) => void;
  onState?: (state: RealtimeState) => void;
  createSocket?: (url: string) => SocketLike;
  random?: () => number;
  timers?: {
    setTimeout: (fn: () => void, ms: number) => unknown;
    clearTimeout: (id: unknown) => void;
    setInterval: (fn: () => void, ms: number) => unknown;
    clearInterval: (id: unknown) => void;
  };
}

const OPEN = 1;

export class RealtimeClient {
  private socket: SocketLike | null = null;
  private workspace: string | null = null;
  private attempt = 0;
  private retryTimer: unknown = null;
  private pingTimer: unknown = null;
  private stopped = true;
  private generation = 0;
  private _state: RealtimeState = "idle";
  private readonly opts: RealtimeOptions;
  private readonly timers: NonNullable<RealtimeOptions["timers"]>;

  constructor(opts: RealtimeOptions) {
    this.opts = opts;
    this.timers = opts.timers ?? {
      setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
      clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof setTimeout>),
      setInterval: (fn, ms) => globalThis.setInterval(fn, ms),
      clearInterval: (id) => globalThis.clearInterval(id as ReturnType<typeof setInterval>),
    };
  }

  get state(): RealtimeState {
    return this._state;
  }

  /** Connect (if not yet) and watch `workspace`. */
  start(workspace: string | null): void {
    this.workspace = workspace;
    if (!this.stopped) {
      this.sendSubscribe();
      return;
    }
    this.stopped = false;
    void this.connect();
  }

  /** Change the watched workspace without reconnecting. */
  setWorkspace(workspace: string | null): void {
    this.workspace = workspace;
    this.sendSubscribe();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.clearTimers();
    const s = this.socket;
    this.socket = null;
    if (s) {
      s.onopen = s.onclose = s.onerror = s.onmessage = null;
      try {
        s.close(1000, "bye");
      } catch {
        /* already closed */
      }
    }
    this.setState("idle");
  }

  /** Reconnect now (e.g. the browser came back online), skipping the remaining backoff. */
  reconnectNow(): void {
    if (this.stopped || this._state === "connected" || this._state === "connecting") return;
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = null;
    void this.connect();
  }

  private setState(state: RealtimeState): void {
    if (this._state === state) return;
    this._state = state;
    this.opts.onState?.(state);
  }

  private clearTimers(): void {
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    if (this.pingTimer !== null) this.timers.clearInterval(this.pingTimer);
    this.retryTimer = null;
    this.pingTimer = null;
  }

  private sendSubscribe(): void {
    if (this.workspace && this.socket && this.socket.readyState === OPEN) {
      this.socket.send(JSON.stringify({ action: "subscribe", workspace_id: this.workspace }));
    }
  }

  private async connect(): Promise<void> {
    const gen = ++this.generation;
    this.setState(this.attempt === 0 ? "connecting" : "reconnecting");
    let url: string;
    try {
      url = (await this.opts.getTicket()).url;
    } catch {
      if (gen === this.generation && !this.stopped) this.scheduleRetry();
      return;
    }
    if (gen !== this.generation || this.stopped) return;
    if (!url) {
      // The server has no WebSocket endpoint configured: results come by polling only.
      this.setState("unavailable");
      return;
    }
    let socket: SocketLike;
    try {
      socket = this.opts.createSocket ? this.opts.createSocket(url) : (new WebSocket(url) as unknown as SocketLike);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      if (gen !== this.generation) return;
      this.attempt = 0;
      this.setState("connected");
      this.sendSubscribe();
      if (this.pingTimer !== null) this.timers.clearInterval(this.pingTimer);
      this.pingTimer = this.timers.setInterval(() => {
        if (this.socket?.readyState === OPEN) this.socket.send(JSON.stringify({ action: "ping" }));
      }, PING_INTERVAL_MS);
    };
    socket.onmessage = (ev) => {
      if (gen !== this.generation || typeof ev.data !== "string") return;
      let msg: unknown;
      try {
        msg = JSON.parse(ev.data);
      } catch {
        return;
      }
      if (msg && typeof msg === "object" && typeof (msg as ServerEvent).type === "string") this.opts.onEvent(msg as ServerEvent);
    };
    socket.onerror = () => {
      /* a close event follows */
    };
    socket.onclose = () => {
      if (gen !== this.generation) return;
      this.socket = null;
      if (this.pingTimer !== null) this.timers.clearInterval(this.pingTimer);
      this.pingTimer = null;
      if (!this.stopped) this.scheduleRetry();
    };
  }

  private scheduleRetry(): void {
    const delay = backoffDelay(this.attempt, this.opts.random);
    this.attempt++;
    this.setState("reconnecting");
    if (this.retryTimer !== null) this.timers.clearTimeout(this.retryTimer);
    this.retryTimer = this.timers.setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped) void this.connect();
    }, delay);
  }
}
