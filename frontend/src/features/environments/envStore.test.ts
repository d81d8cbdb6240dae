import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Environment } from "../../api";
import { environmentsApi } from "../../api";
import { activeEnvironment, useEnvironments, variableScope } from "./envStore";

const env = (id: string, name: string, variables: Environment["variables"], kind: Environment["kind"] = "environment"): Environment => ({
  id, workspace_id: "ws_1", name, kind, variables, version: 1, updated_at: "2026-01-01T00:00:00Z", updated_by: "usr_1", revealed: false,
});
const v = (key: string, value: string | null, enabled = true, secret = false) => ({ key, value, enabled, secret });

describe("variableScope", () => {
  const globals = env("globals", "Globals", [v("base", "https://global"), v("version", "v1"), v("off", "x", false)], "globals");
  const prod = env("env_p", "Production", [v("base", "https://prod"), v("token", null, true, true), v("version", "v9", false)]);

  it("lets the active environment override globals, and ignores disabled rows on both sides", () => {
    const scope = variableScope({ environments: [prod], globals, activeId: "env_p" });
    expect(scope.base).toEqual({ value: "https://prod", secret: false, source: "Production" });
    // disabled in the environment: the global value stays
    expect(scope.version).toEqual({ value: "v1", secret: false, source: "Globals" });
    expect(scope.off).toBeUndefined();
    expect(scope.token).toEqual({ value: null, secret: true, source: "Production" });
  });

  it("has only globals without an active environment", () => {
    const scope = variableScope({ environments: [prod], globals, activeId: null });
    expect(Object.keys(scope).sort()).toEqual(["base", "version"]);
    expect(scope.base?.source).toBe("Globals");
  });

  it("finds the active environment", () => {
    expect(activeEnvironment({ environments: [prod], activeId: "env_p" })?.name).toBe("Production");
    expect(activeEnvironment({ environments: [prod], activeId: "env_gone" })).toBeNull();
  });
});

describe("active environment per workspace", () => {
  beforeEach(() => {
    localStorage.clear();
    vi.restoreAllMocks();
    useEnvironments.setState({ ws: null, environments: [], globals: null, activeId: null, loading: false, error: null });
  });

  const mockWorkspace = (lists: Record<string, Environment[]>) => {
    vi.spyOn(environmentsApi, "list").mockImplementation(async (ws: string) => lists[ws] ?? []);
    vi.spyOn(environmentsApi, "globals").mockImplementation(async (ws: string) => ({ ...env("globals", "Globals", [], "globals"), workspace_id: ws }));
  };

  it("remembers the choice of each workspace separately", async () => {
    mockWorkspace({ ws_a: [env("env_a1", "A1", []), env("env_a2", "A2", [])], ws_b: [env("env_b1", "B1", [])] });
    const s = useEnvironments.getState();
    await s.load("ws_a");
    useEnvironments.getState().setActive("env_a2");
    await useEnvironments.getState().load("ws_b");
    expect(useEnvironments.getState().activeId).toBeNull();
    useEnvironments.getState().setActive("env_b1");
    await useEnvironments.getState().load("ws_a");
    expect(useEnvironments.getState().activeId).toBe("env_a2");
    await useEnvironments.getState().load("ws_b");
    expect(useEnvironments.getState().activeId).toBe("env_b1");
  });

  it("forgets a remembered environment that no longer exists, and 'No environment' clears the memory", async () => {
    mockWorkspace({ ws_a: [env("env_a1", "A1", [])] });
    localStorage.setItem("playground.env.ws_a", "env_deleted");
    await useEnvironments.getState().load("ws_a");
    expect(useEnvironments.getState().activeId).toBeNull();
    useEnvironments.getState().setActive("env_a1");
    useEnvironments.getState().setActive(null);
    await useEnvironments.getState().load("ws_a");
    expect(useEnvironments.getState().activeId).toBeNull();
  });

  it("removing the active environment unsets it; upsert keeps the list sorted by name", () => {
    useEnvironments.setState({ ws: "ws_a", environments: [env("env_b", "Beta", [])], activeId: "env_b" });
    useEnvironments.getState().upsert(env("env_a", "Alpha", []));
    expect(useEnvironments.getState().environments.map((e) => e.name)).toEqual(["Alpha", "Beta"]);
    useEnvironments.getState().removeLocal("env_b");
    expect(useEnvironments.getState().activeId).toBeNull();
  });

  it("keeps an environment created while the list was loading, and ignores an older load that answers last", async () => {
    let resolveFirst: (v: Environment[]) => void = () => undefined;
    let resolveSecond: (v: Environment[]) => void = () => undefined;
    vi.spyOn(environmentsApi, "list")
      .mockImplementationOnce(() => new Promise((r) => (resolveFirst = r)))
      .mockImplementationOnce(() => new Promise((r) => (resolveSecond = r)));
    vi.spyOn(environmentsApi, "globals").mockResolvedValue(env("globals", "Globals", [], "globals"));
    const first = useEnvironments.getState().load("ws_a");
    const second = useEnvironments.getState().load("ws_a");
    useEnvironments.getState().upsert(env("env_new", "New", []));
    resolveSecond([env("env_b", "Beta", [])]);
    await second;
    expect(useEnvironments.getState().environments.map((e) => e.id)).toEqual(["env_b", "env_new"]);
    resolveFirst([]); // stale: must not wipe the list
    await first;
    expect(useEnvironments.getState().environments.map((e) => e.id)).toEqual(["env_b", "env_new"]);
  });
});
