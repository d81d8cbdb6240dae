import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { refreshSession, tokens } from "./client";

/** A stand-in for navigator.locks whose holder runs only when the test lets it (another tab holds the lock). */
function heldLock() {
  let open: () => void = () => {};
  const free = new Promise<void>((resolve) => (open = resolve));
  const request = vi.fn(async (_name: string, fn: () => Promise<unknown>) => {
    await free;
    return fn();
  });
  Object.defineProperty(navigator, "locks", { value: { request }, configurable: true });
  return { request, release: () => open() };
}

describe("refreshing the session", () => {
  const fetchMock = vi.fn();
  beforeEach(() => {
    localStorage.clear();
    fetchMock.mockReset();
    vi.stubGlobal("fetch", fetchMock);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    Reflect.deleteProperty(navigator, "locks");
  });

  it("waits for other tabs and uses the token the last of them stored", async () => {
    localStorage.setItem("playground.refresh", "rt-old");
    const lock = heldLock();
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ access_token: "at-2", refresh_token: "rt-3", expires_in: 900 })));
    const done = refreshSession();
    expect(lock.request).toHaveBeenCalledWith("playground.refresh", expect.any(Function));
    // meanwhile another tab refreshed with rt-old and stored its successor
    localStorage.setItem("playground.refresh", "rt-new");
    expect(fetchMock).not.toHaveBeenCalled();
    lock.release();
    expect(await done).toBe(true);
    expect(JSON.parse(fetchMock.mock.calls[0]![1].body as string)).toEqual({ refresh_token: "rt-new" });
    expect(localStorage.getItem("playground.refresh")).toBe("rt-3");
    expect(tokens.access()).toBe("at-2");
  });

  it("is not stuck when another tab signed out while it waited", async () => {
    localStorage.setItem("playground.refresh", "rt-1");
    const lock = heldLock();
    const first = refreshSession();
    localStorage.removeItem("playground.refresh");
    lock.release();
    expect(await first).toBe(false);
    expect(fetchMock).not.toHaveBeenCalled();
    // a later sign-in's refresh runs (the finished attempt is not handed out again)
    localStorage.setItem("playground.refresh", "rt-2");
    fetchMock.mockResolvedValue(new Response(JSON.stringify({ access_token: "at-9", refresh_token: "rt-10", expires_in: 900 })));
    expect(await refreshSession()).toBe(true);
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });
});
