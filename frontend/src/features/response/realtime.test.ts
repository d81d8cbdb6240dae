import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { BACKOFF_MAX_MS, PING_INTERVAL_MS, RealtimeClient, backoffDelay, type RealtimeState, type SocketLike } from "../../api/realtime";
import type { ServerEvent } from "../../api";

describe("backoffDelay", () => {
  it("doubles from 1 s to a 30 s cap, with half of each step random", () => {
    const low = [0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, () => 0));
    const high = [0, 1, 2, 3, 4, 5, 6, 10].map((a) => backoffDelay(a, () => 1));
    expect(low).toEqual([500, 1000, 2000, 4000, 8000, 15000, 15000, 15000]);
    expect(high).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
    expect(backoffDelay(1000, () => 0.999)).toBeLessThanOrEqual(BACKOFF_MAX_MS);
  });
});

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: string[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(public url: string) {
    FakeSocket.all.push(this);
  }
  send(d: string) {
    this.sent.push(d);
  }
  close() {
    this.readyState = 3;
  }
  open() {
    this.readyState = 1;
    this.onopen?.({});
  }
  drop() {
    this.readyState = 3;
    this.onclose?.({});
  }
  push(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) });
  }
}

describe("RealtimeClient", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.all = [];
  });
  afterEach(() => vi.useRealTimers());

  function make(url = "ws://x/api") {
    let n = 0;
    const getTicket = vi.fn(async () => ({ url: url ? `${url}?ticket=t${++n}` : "" }));
    const events: ServerEvent[] = [];
    const states: RealtimeState[] = [];
    const client = new RealtimeClient({
      getTicket, onEvent: (e) => events.push(e), onState: (s) => states.push(s),
      createSocket: (u) => new FakeSocket(u), random: () => 0,
    });
    return { client, getTicket, events, states };
  }

  it("subscribes on open, forwards events and pings every 5 minutes", async () => {
    const { client, events, states } = make();
    client.start("ws_1");
    await vi.advanceTimersByTimeAsync(0);
    const s = FakeSocket.all[0]!;
    expect(s.url).toBe("ws://x/api?ticket=t1");
    s.open();
    expect(states).toEqual(["connecting", "connected"]);
    expect(JSON.parse(s.sent[0]!)).toEqual({ action: "subscribe", workspace_id: "ws_1" });
    s.push({ type: "execution.completed", execution: { id: "exe_1" } });
    s.onmessage?.({ data: "not json" });
    expect(events).toEqual([{ type: "execution.completed", execution: { id: "exe_1" } }]);
    await vi.advanceTimersByTimeAsync(PING_INTERVAL_MS);
    expect(JSON.parse(s.sent.at(-1)!)).toEqual({ action: "ping" });
    client.setWorkspace("ws_2");
    expect(JSON.parse(s.sent.at(-1)!)).toEqual({ action: "subscribe", workspace_id: "ws_2" });
    client.stop();
  });

  it("reconnects with backoff, a new ticket each time, and subscribes again", async () => {
    const { client, getTicket, states } = make();
    client.start("ws_1");
    await vi.advanceTimersByTimeAsync(0);
    FakeSocket.all[0]!.open();
    FakeSocket.all[0]!.drop();
    expect(states.at(-1)).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(499);
    expect(getTicket).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(getTicket).toHaveBeenCalledTimes(2);
    const second = FakeSocket.all[1]!;
    expect(second.url).toBe("ws://x/api?ticket=t2");
    // this one fails before opening: the wait doubles
    second.drop();
    await vi.advanceTimersByTimeAsync(999);
    expect(getTicket).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(getTicket).toHaveBeenCalledTimes(3);
    const third = FakeSocket.all[2]!;
    third.open();
    expect(states.at(-1)).toBe("connected");
    expect(JSON.parse(third.sent[0]!)).toEqual({ action: "subscribe", workspace_id: "ws_1" });
    // after a success the backoff starts again at the bottom
    third.drop();
    await vi.advanceTimersByTimeAsync(500);
    expect(getTicket).toHaveBeenCalledTimes(4);
    client.stop();
  });

  it("retries when the ticket call fails, and stop() cancels the retry", async () => {
    const { client, getTicket } = make();
    getTicket.mockRejectedValueOnce(new Error("offline"));
    client.start("ws_1");
    await vi.advanceTimersByTimeAsync(0);
    expect(client.state).toBe("reconnecting");
    client.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(getTicket).toHaveBeenCalledTimes(1);
    expect(client.state).toBe("idle");
  });

  it("is 'unavailable' when the server has no WebSocket URL", async () => {
    const { client } = make("");
    client.start("ws_1");
    await vi.advanceTimersByTimeAsync(0);
    expect(client.state).toBe("unavailable");
    expect(FakeSocket.all).toHaveLength(0);
  });
});
