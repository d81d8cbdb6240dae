import { beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../api", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../api")>();
  return {
    ...real,
    interopApi: { ...real.interopApi, importContent: vi.fn() },
    executionsApi: { ...real.executionsApi, registerFile: vi.fn() },
    uploadFile: vi.fn(),
    importFile: vi.fn(),
  };
});

import { executionsApi, importFile, interopApi, uploadFile } from "../../api";
import { runImport } from "./importRun";

const result = { format: "postman", collections: [{ id: "fld_1", name: "A" }], environments: [], warnings: [], folders: 1, requests: 0 };

beforeEach(() => {
  vi.mocked(interopApi.importContent).mockReset().mockResolvedValue(result);
  vi.mocked(executionsApi.registerFile).mockReset().mockResolvedValue({ file_ref: "file_9", upload_url: "http://blobs/put" });
  vi.mocked(uploadFile).mockReset().mockResolvedValue();
  vi.mocked(importFile).mockReset().mockResolvedValue(result as never);
});

describe("runImport", () => {
  it("sends pasted text inline with the format and parent", async () => {
    const stages: string[] = [];
    await runImport("w1", { kind: "text", text: "curl https://x.test" }, "curl", "fld_p", (s) => stages.push(s));
    expect(interopApi.importContent).toHaveBeenCalledWith("w1", "curl https://x.test", "curl", "fld_p");
    expect(executionsApi.registerFile).not.toHaveBeenCalled();
    expect(stages).toEqual(["importing"]);
  });

  it("reads a small file and sends it inline", async () => {
    const file = new File(['{"info":{},"item":[]}'], "c.json", { type: "application/json" });
    await runImport("w1", { kind: "file", file }, undefined, null);
    expect(interopApi.importContent).toHaveBeenCalledWith("w1", '{"info":{},"item":[]}', undefined, null);
  });

  it("uploads a big file first and imports it by file_ref", async () => {
    const file = new File(["x".repeat(400_000)], "github.yaml", { type: "application/yaml" });
    const stages: string[] = [];
    await runImport("w1", { kind: "file", file }, "openapi", null, (s) => stages.push(s));
    expect(interopApi.importContent).not.toHaveBeenCalled();
    expect(executionsApi.registerFile).toHaveBeenCalledWith("w1", "github.yaml", "application/yaml", 400_000);
    expect(uploadFile).toHaveBeenCalledWith("http://blobs/put", file, "application/yaml");
    expect(importFile).toHaveBeenCalledWith("w1", "file_9", "openapi", null);
    expect(stages).toEqual(["uploading", "importing"]);
  });

  it("uploads pasted text that is too big to send inline", async () => {
    const text = "y".repeat(345_001);
    await runImport("w1", { kind: "text", text }, undefined, null);
    expect(executionsApi.registerFile).toHaveBeenCalledWith("w1", "pasted-import.txt", "text/plain", 345_001);
    expect(importFile).toHaveBeenCalledWith("w1", "file_9", undefined, null);
  });

  it("refuses a file over 20 MB before uploading anything", async () => {
    const file = new File(["z"], "huge.json");
    Object.defineProperty(file, "size", { value: 21 * 1024 * 1024 });
    await expect(runImport("w1", { kind: "file", file }, undefined, null)).rejects.toThrow(/limited to 20\.0 MB/);
    expect(executionsApi.registerFile).not.toHaveBeenCalled();
  });
});
