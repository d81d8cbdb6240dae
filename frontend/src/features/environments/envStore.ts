/** Environments and globals of the open workspace, and which environment is active (remembered per workspace). */
import { create } from "zustand";
import { environmentsApi, errorMessage, type Environment } from "../../api";

export interface ResolvedVariable {
  /** null for a masked secret: it resolves on the server, its value is not on this page */
  value: string | null;
  secret: boolean;
  /** where it comes from: the environment's name or "Globals" */
  source: string;
}

interface EnvState {
  ws: string | null;
  environments: Environment[];
  globals: Environment | null;
  activeId: string | null;
  loading: boolean;
  error: string | null;
  load: (ws: string) => Promise<void>;
  setActive: (id: string | null) => void;
  /** put a saved environment (from the manager) into the list */
  upsert: (env: Environment) => void;
  removeLocal: (id: string) => void;
  setGlobals: (env: Environment) => void;
}

const activeKey = (ws: string) => `playground.env.${ws}`;
const sortByName = (list: Environment[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));

/** Only the latest load lands; local saves made while it was in flight are replayed over its answer. */
let loadSeq = 0;
let inFlight: { envs: Map<string, Environment | null>; globals: Environment | null } | null = null;

export const useEnvironments = create<EnvState>((set, get) => ({
  ws: null,
  environments: [],
  globals: null,
  activeId: null,
  loading: false,
  error: null,
  async load(ws) {
    const mine = ++loadSeq;
    inFlight = { envs: new Map(), globals: null };
    set({ ws, loading: true, error: null, ...(get().ws !== ws ? { environments: [], globals: null, activeId: null } : {}) });
    try {
      const [listed, fetchedGlobals] = await Promise.all([environmentsApi.list(ws), environmentsApi.globals(ws)]);
      if (mine !== loadSeq || get().ws !== ws) return;
      // Saves made on this page while the lists were on their way win over the (older) lists.
      const edits = inFlight ?? { envs: new Map(), globals: null };
      inFlight = null;
      let environments = listed;
      for (const [id, env] of edits.envs) environments = [...environments.filter((e) => e.id !== id), ...(env ? [env] : [])];
      environments = sortByName(environments);
      const globals = edits.globals ?? fetchedGlobals;
      const remembered = localStorage.getItem(activeKey(ws));
      const activeId = environments.some((e) => e.id === remembered) ? remembered : null;
      set({ environments, globals, activeId, loading: false });
    } catch (err) {
      if (mine !== loadSeq || get().ws !== ws) return;
      inFlight = null;
      set({ loading: false, error: errorMessage(err) });
    }
  },
  setActive(id) {
    const ws = get().ws;
    if (ws) {
      if (id) localStorage.setItem(activeKey(ws), id);
      else localStorage.removeItem(activeKey(ws));
    }
    set({ activeId: id });
  },
  upsert(env) {
    inFlight?.envs.set(env.id, env);
    set((s) => ({ environments: sortByName([...s.environments.filter((e) => e.id !== env.id), env]) }));
  },
  removeLocal(id) {
    inFlight?.envs.set(id, null);
    set((s) => ({ environments: s.environments.filter((e) => e.id !== id), activeId: s.activeId === id ? null : s.activeId }));
  },
  setGlobals(env) {
    if (inFlight) inFlight.globals = env;
    set({ globals: env });
  },
}));

/** Variables the page knows, by name: globals first, the active environment over them (Postman's order). */
export function variableScope(state: Pick<EnvState, "environments" | "globals" | "activeId">): Record<string, ResolvedVariable> {
  const out: Record<string, ResolvedVariable> = {};
  const add = (env: Environment | null | undefined, source: string) => {
    for (const v of env?.variables ?? []) if (v.enabled) out[v.key] = { value: v.value, secret: v.secret, source };
  };
  add(state.globals, "Globals");
  const active = state.environments.find((e) => e.id === state.activeId);
  add(active, active?.name ?? "");
  return out;
}

/** The active environment of the open workspace (null for "No environment"). */
export function activeEnvironment(state: Pick<EnvState, "environments" | "activeId">): Environment | null {
  return state.environments.find((e) => e.id === state.activeId) ?? null;
}

/** How many variables a document has (blank rows are never stored). */
export function variableCount(env: Pick<Environment, "variables"> | null | undefined): number {
  return env?.variables.length ?? 0;
}
