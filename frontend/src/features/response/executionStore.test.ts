import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Execution, ExecutionResult, RequestDoc } from "../../api";
import type { RequestTab } from "../request/tabsStore";

const api = vi.hoisted(() => ({
  executeSaved: vi.fn(),
  execute: vi.fn(),
  cancel: vi.fn(),
  get: vi.fn(),
  full: vi.fn(),
}));

vi.mock("../../api", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../api")>();
  return {
    ...real,
    executionsApi: { ...real.executionsApi, executeSaved: api.executeSaved, execute: api.execute, cancel: api.cancel },
    executionResultsApi: { get: api.get, full: api.full },
  };
});

import { ApiError } from "../../api";
import { useEnvironments } from "../environments/envStore";
import { pollDelay, resetExecutionsForTests, useExecutions } from "./executionStore";

const doc = { name: "R", method: "GET", url: "http://x" } as RequestDoc;
function tab(p: Partial<RequestTab> = {}): RequestTab {
  return { key: "t1", ws: "ws_1", requestId: null, parentId: "fld_1", version: null, saved: null, draft: doc,
    dirty: true, loading: false, error: null, ...p };
}
const result = (p: Partial<ExecutionResult> = {}) => ({ ok: true, status: 200, reason: "OK", headers: [], body_text: "hi", ...p }) as ExecutionResult;
function exe(id: string, p: Partial<Execution> & { result_url?: string } = {}): Execution {
  return { id, workspace_id: "ws_1", status: "completed", trigger: "manual", request_id: null, created_at: "", result: result(), ...p };
}
const queued = (id: string) => ({ id, status: "queued", workspace_id: "ws_1", created_at: "", poll: `/executions/${id}` });
const run = () => useExecutions.getState().byTab.t1!;

beforeEach(() => {
  vi.useFakeTimers();
  Object.values(api).forEach((f) => f.mockReset());
  resetExecutionsForTests();
  useEnvironments.setState({ activeId: "env_1" });
  useExecutions.setState({ connection: "connected" });
});
afterEach(() => {
  resetExecutionsForTests();
  vi.useRealTimers();
});

describe("send", () => {
  it("sends an unsaved tab with its folder and the active environment", async () => {
    api.execute.mockResolvedValue(queued("exe_1"));
    await useExecutions.getState().send(tab());
    expect(api.execute).toHaveBeenCalledWith("ws_1", doc, "fld_1", { environment_id: "env_1" });
    expect(api.executeSaved).not.toHaveBeenCalled();
    expect(run()).toMatchObject({ executionId: "exe_1", phase: "queued", error: null });
  });

  it("sends a saved tab with its edits as overrides only when dirty", async () => {
    api.executeSaved.mockResolvedValue(queued("exe_2"));
    await useExecutions.getState().send(tab({ requestId: "req_1", dirty: true }));
    expect(api.executeSaved).toHaveBeenLastCalledWith("ws_1", "req_1", doc, { environment_id: "env_1" });
    useEnvironments.setState({ activeId: null });
    await useExecutions.getState().send(tab({ requestId: "req_1", dirty: false }));
    expect(api.executeSaved).toHaveBeenLastCalledWith("ws_1", "req_1", null, { environment_id: null });
  });

  it("a 400 (or 429, or no network) fails the run with the message", async () => {
    api.execute.mockRejectedValue(new ApiError(400, { code: "VALIDATION", message: "Invalid request.",
      details: { fields: [{ field: "request.url", message: "required" }] } }));
    await useExecutions.getState().send(tab());
    expect(run().phase).toBe("failed");
    expect(run().error).toBe("Invalid request. request.url: required");
    api.execute.mockRejectedValue(new ApiError(429, { code: "RATE_LIMITED", message: "Slow down." }));
    await useExecutions.getState().send(tab());
    expect(run()).toMatchObject({ phase: "failed", error: "Slow down." });
  });
});

describe("results", () => {
  it("receive() completes the run and bumps completedCount once", async () => {
    api.execute.mockResolvedValue(queued("exe_1"));
    await useExecutions.getState().send(tab());
    useExecutions.getState().receive(exe("exe_1"));
    expect(run().phase).toBe("completed");
    expect(run().execution?.result?.body_text).toBe("hi");
    expect(run().via).toBe("socket");
    useExecutions.getState().receive(exe("exe_1")); // a duplicate
    expect(useExecutions.getState().completedCount).toBe(1);
    // no poll happens after the grace period: the event came
    await vi.advanceTimersByTimeAsync(5000);
    expect(api.get).not.toHaveBeenCalled();
  });

  it("an event that beats the 202 is matched when the id is known", async () => {
    let answer!: (v: unknown) => void;
    api.execute.mockReturnValue(new Promise((r) => (answer = r)));
    const sending = useExecutions.getState().send(tab());
    useExecutions.getState().receive(exe("exe_9"));
    expect(useExecutions.getState().completedCount).toBe(1);
    answer(queued("exe_9"));
    await sending;
    expect(run().phase).toBe("completed");
    expect(useExecutions.getState().completedCount).toBe(1);
  });

  it("ignores events of other executions (but counts finished ones of mine)", async () => {
    api.execute.mockResolvedValue(queued("exe_1"));
    await useExecutions.getState().send(tab());
    useExecutions.getState().receive(exe("exe_other"));
    expect(run().phase).toBe("queued");
    expect(useExecutions.getState().completedCount).toBe(1);
  });

  it("a completed result with a CANCELLED error is a cancelled run", async () => {
    api.execute.mockResolvedValue(queued("exe_1"));
    await useExecutions.getState().send(tab());
    useExecutions.getState().receive(exe("exe_1", { result: result({ ok: false, status: null, error: { code: "CANCELLED", message: "x" } }) }));
    expect(run().phase).toBe("cancelled");
  });

  it("a pointer event without a result fetches the execution, then the full result from result_url", async () => {
    api.execute.mockResolvedValue(queued("exe_1"));
    await useExecutions.getState().send(tab());
    api.get.mockResolvedValue(exe("exe_1", { result: result({ body_text: undefined }), result_url: "http://s3/x" }));
    api.full.mockResolvedValue(result({ body_text: "the whole body" }));
    useExecutions.getState().receive(exe("exe_1", { result: undefined }));
    expect(run()).toMatchObject({ phase: "completed", bodyLoading: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(api.get).toHaveBeenCalledWith("exe_1");
    expect(api.full).toHaveBeenCalledWith("http://s3/x");
    expect(run()).toMatchObject({ bodyLoading: false, bodyError: null });
    expect(run().execution?.result?.body_text).toBe("the whole body");
  });
});

describe("polling", () => {
  it("polls when no event arrives within 3 s, 500 ms growing to 2 s, until terminal", async () => {
    api.execute.mockResolvedValue(queued("exe_1"));
    api.get.mockResolvedValue(exe("exe_1", { status: "running", result: null }));
    await useExecutions.getState().send(tab());
    await vi.advanceTimersByTimeAsync(2999);
    expect(api.get).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1 + 500);
    expect(api.get).toHaveBeenCalledTimes(1);
    expect(run().phase).toBe("running");
    expect(useExecutions.getState().polling).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(api.get).toHaveBeenCalledTimes(2);
    api.get.mockResolvedValue(exe("exe_1"));
    await vi.advanceTimersByTimeAsync(1000);
    expect(api.get).toHaveBeenCalledTimes(3);
    expect(run()).toMatchObject({ phase: "completed", via: "poll" });
    expect(useExecutions.getState().polling).toBe(0);
    expect(useExecutions.getState().completedCount).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(api.get).toHaveBeenCalledTimes(3);
  });

  it("polls at once while the socket is down, and survives a failed poll", async () => {
    useExecutions.setState({ connection: "reconnecting" });
    api.execute.mockResolvedValue(queued("exe_1"));
    api.get.mockRejectedValueOnce(new TypeError("Failed to fetch")).mockResolvedValue(exe("exe_1"));
    await useExecutions.getState().send(tab());
    await vi.advanceTimersByTimeAsync(500);
    expect(api.get).toHaveBeenCalledTimes(1);
    expect(run().phase).toBe("queued");
    await vi.advanceTimersByTimeAsync(500);
    expect(run().phase).toBe("completed");
  });

  it("a socket that drops makes pending runs poll", async () => {
    api.execute.mockResolvedValue(queued("exe_1"));
    api.get.mockResolvedValue(exe("exe_1"));
    await useExecutions.getState().send(tab());
    useExecutions.getState().setConnection("reconnecting");
    await vi.advanceTimersByTimeAsync(500);
    expect(api.get).toHaveBeenCalledTimes(1);
    expect(run().phase).toBe("completed");
  });

  it("the schedule", () => {
    expect([0, 1, 2, 3, 4, 5, 9].map(pollDelay)).toEqual([500, 500, 1000, 1000, 2000, 2000, 2000]);
  });
});

describe("cancel", () => {
  it("a queued execution is cancelled by the server's answer", async () => {
    api.execute.mockResolvedValue(queued("exe_1"));
    api.cancel.mockResolvedValue(exe("exe_1", { status: "cancelled", result: result({ ok: false, status: null, error: { code: "CANCELLED", message: "Cancelled before it ran." } }) }));
    await useExecutions.getState().send(tab());
    await useExecutions.getState().cancel("t1");
    expect(api.cancel).toHaveBeenCalledWith("exe_1");
    expect(run()).toMatchObject({ phase: "cancelled", cancelling: false });
  });

  it("Cancel before the 202 cancels once the id is known", async () => {
    let answer!: (v: unknown) => void;
    api.execute.mockReturnValue(new Promise((r) => (answer = r)));
    api.cancel.mockResolvedValue(exe("exe_1", { status: "running", result: null }));
    const sending = useExecutions.getState().send(tab());
    await useExecutions.getState().cancel("t1");
    expect(run().cancelling).toBe(true);
    expect(api.cancel).not.toHaveBeenCalled();
    answer(queued("exe_1"));
    await sending;
    expect(api.cancel).toHaveBeenCalledWith("exe_1");
  });

  it("a newer Send wins over the older one's late answer", async () => {
    let first!: (v: unknown) => void;
    api.execute.mockReturnValueOnce(new Promise((r) => (first = r))).mockResolvedValueOnce(queued("exe_new"));
    const a = useExecutions.getState().send(tab());
    await useExecutions.getState().send(tab());
    first(queued("exe_old"));
    await a;
    expect(run().executionId).toBe("exe_new");
    useExecutions.getState().receive(exe("exe_old"));
    expect(run().phase).toBe("queued");
  });
});
