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

export const useEnvironments = create<EnvState>((set, get) => ({
  ws: null,
  environments: [],
  globals: null,
  activeId: null,
  loading: false,
  error: null,
  async load(ws) {
    set({ ws, loading: true, error: null, ...(get().ws !== ws ? { environments: [], globals: null } : {}) });
    try {
      const [environments, globals] = await Promise.all([environmentsApi.list(ws), environmentsApi.globals(ws)]);
      if (get().ws !== ws) return;
      const remembered = localStorage.getItem(activeKey(ws));
      const activeId = environments.some((e) => e.id === remembered) ? remembered : null;
      set({ environments, globals, activeId, loading: false });
    } catch (err) {
      if (get().ws === ws) set({ loading: false, error: errorMessage(err) });
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
    set((s) => ({ environments: [...s.environments.filter((e) => e.id !== env.id), env].sort((a, b) => a.name.localeCompare(b.name)) }));
  },
  removeLocal(id) {
    set((s) => ({ environments: s.environments.filter((e) => e.id !== id), activeId: s.activeId === id ? null : s.activeId }));
  },
  setGlobals(env) {
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
