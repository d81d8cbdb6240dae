import { beforeEach, describe, expect, it, vi } from "vitest";
import type { ImportResult, Tree } from "../../api";
import { useToasts } from "../../ui/toast";
import { useEnvironments } from "../environments/envStore";
import { useTree } from "../tree/treeStore";
import { applyImport } from "./InteropDialogs";

const tree: Tree = {
  workspace_id: "w1",
  counts: { collections: 1, folders: 1, requests: 0 },
  items: [{ id: "c1", kind: "collection", name: "Platform", parent_id: null, auth_type: "inherit", children: [
    { id: "f1", kind: "folder", name: "Users", parent_id: "c1", auth_type: "inherit", children: [] },
  ] }],
};

const base: ImportResult = { format: "postman", collections: [], environments: [], warnings: [], folders: 0, requests: 0 };
const reload = vi.fn(async () => undefined);
const loadEnvs = vi.fn(async () => undefined);

beforeEach(() => {
  localStorage.clear();
  reload.mockClear();
  loadEnvs.mockClear();
  useTree.setState({ ws: "w1", tree, expanded: new Set(), reload });
  useEnvironments.setState({ load: loadEnvs });
  useToasts.setState({ toasts: [] });
});

describe("applyImport", () => {
  it("opens the new collection, re-reads the tree and says what came in", async () => {
    const id = await applyImport("w1", { ...base, collections: [{ id: "fld_new", name: "Petstore" }], folders: 3, requests: 7 }, null);
    expect(id).toBe("fld_new");
    expect(reload).toHaveBeenCalledTimes(1);
    expect([...useTree.getState().expanded]).toEqual(["fld_new"]);
    expect(useToasts.getState().toasts.map((t) => t.text)).toEqual(["Imported “Petstore” (2 folders, 7 requests) from a Postman collection."]);
    expect(loadEnvs).not.toHaveBeenCalled();
  });

  it("opens the target folder and its ancestors when importing into a folder", async () => {
    await applyImport("w1", { ...base, format: "curl", collections: [{ id: "fld_c", name: "cURL import" }], folders: 1, requests: 1 }, "f1");
    expect(new Set(useTree.getState().expanded)).toEqual(new Set(["c1", "f1", "fld_c"]));
  });

  it("reloads environments after an environment import and shows warnings", async () => {
    const id = await applyImport("w1", { ...base, format: "postman_environment", environments: [{ id: "env_1", name: "Dev" }],
      warnings: ["Variable “x” has no key and was skipped."] }, null);
    expect(id).toBeNull();
    expect(loadEnvs).toHaveBeenCalledWith("w1");
    expect(reload).not.toHaveBeenCalled();
    expect(useToasts.getState().toasts.map((t) => t.kind)).toEqual(["success", "info"]);
  });
});
