import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../api", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../api")>();
  return { ...real, interopApi: { ...real.interopApi, exportStart: vi.fn(), exportGet: vi.fn() } };
});

import { interopApi, type ExportJob } from "../../api";
import { EXPORT_POLL_MS, ExportFailed, runExport, safeFilename } from "./exportJob";

const job = (over: Partial<ExportJob> = {}): ExportJob => ({
  id: "exp_1", format: "postman", status: "queued", created_at: "", completed_at: null, filename: null, size: null,
  error: null, workspace_id: "w1", ...over,
});

beforeEach(() => {
  vi.useFakeTimers();
  vi.mocked(interopApi.exportStart).mockReset().mockResolvedValue(job() as never);
  vi.mocked(interopApi.exportGet).mockReset();
});
afterEach(() => vi.useRealTimers());

describe("runExport", () => {
  it("polls every 500 ms until the export is completed", async () => {
    const done = job({ status: "completed", filename: "A.postman_collection.json", download_url: "http://blobs/a" });
    vi.mocked(interopApi.exportGet)
      .mockResolvedValueOnce(job() as never)
      .mockResolvedValueOnce(job() as never)
      .mockResolvedValueOnce(done as never);
    const p = runExport("w1", "postman", "fld_1");
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS - 1);
    expect(interopApi.exportGet).toHaveBeenCalledTimes(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(interopApi.exportGet).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS * 2);
    await expect(p).resolves.toEqual(done);
    expect(interopApi.exportStart).toHaveBeenCalledWith("w1", "postman", "fld_1");
    expect(interopApi.exportGet).toHaveBeenCalledTimes(3);
    expect(interopApi.exportGet).toHaveBeenLastCalledWith("w1", "exp_1");
  });

  it("throws the worker's error when the export failed", async () => {
    vi.mocked(interopApi.exportGet).mockResolvedValue(job({ status: "failed", error: "No such collection or folder." }) as never);
    const p = runExport("w1", "openapi", "fld_1");
    const check = expect(p).rejects.toThrow(new ExportFailed("No such collection or folder."));
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS);
    await check;
  });

  it("gives up after a minute", async () => {
    vi.mocked(interopApi.exportGet).mockResolvedValue(job() as never);
    const p = runExport("w1", "workspace", undefined);
    const check = expect(p).rejects.toThrow(/still being prepared after a minute/);
    await vi.advanceTimersByTimeAsync(60_000);
    await check;
    expect(interopApi.exportGet).toHaveBeenCalledTimes(60_000 / EXPORT_POLL_MS);
  });

  it("stops polling when aborted (the dialog closed)", async () => {
    vi.mocked(interopApi.exportGet).mockResolvedValue(job() as never);
    const ctrl = new AbortController();
    const p = runExport("w1", "postman", "fld_1", { signal: ctrl.signal });
    const check = expect(p).rejects.toBeDefined();
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS * 2);
    ctrl.abort();
    await check;
    await vi.advanceTimersByTimeAsync(EXPORT_POLL_MS * 10);
    expect(interopApi.exportGet).toHaveBeenCalledTimes(2);
  });

  it("answers a completed job at once without polling", async () => {
    vi.mocked(interopApi.exportStart).mockResolvedValue(job({ status: "completed", download_url: "http://b/x" }) as never);
    await expect(runExport("w1", "postman", "fld_1")).resolves.toMatchObject({ status: "completed" });
    expect(interopApi.exportGet).not.toHaveBeenCalled();
  });
});

describe("safeFilename", () => {
  it("keeps good names and cleans bad ones", () => {
    expect(safeFilename("Payments API.postman_collection.json")).toBe("Payments API.postman_collection.json");
    expect(safeFilename("a/b:c?.openapi.json")).toBe("a-b-c-.openapi.json");
    expect(safeFilename(null)).toBe("export.json");
  });
});
