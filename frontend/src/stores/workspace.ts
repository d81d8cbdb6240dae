/** The workspaces I belong to and the one open now (it follows the /w/:ws route). */
import { create } from "zustand";
import { workspacesApi, type Role, type Workspace } from "../api";

interface WorkspaceState {
  workspaces: Workspace[];
  loaded: boolean;
  currentId: string | null;
  load: () => Promise<Workspace[]>;
  setCurrent: (id: string | null) => void;
  upsert: (ws: Workspace) => void;
  remove: (id: string) => void;
}

export const useWorkspaces = create<WorkspaceState>((set) => ({
  workspaces: [],
  loaded: false,
  currentId: null,
  async load() {
    const workspaces = await workspacesApi.list();
    set({ workspaces, loaded: true });
    return workspaces;
  },
  setCurrent(id) {
    if (id) localStorage.setItem("playground.lastWorkspace", id);
    set({ currentId: id });
  },
  upsert(ws) {
    set((s) => ({ workspaces: [...s.workspaces.filter((w) => w.id !== ws.id), ws].sort((a, b) => a.name.localeCompare(b.name)) }));
  },
  remove(id) {
    set((s) => ({ workspaces: s.workspaces.filter((w) => w.id !== id), currentId: s.currentId === id ? null : s.currentId }));
  },
}));

export function useCurrentWorkspace(): Workspace | null {
  return useWorkspaces((s) => s.workspaces.find((w) => w.id === s.currentId) ?? null);
}

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2, owner: 3 };

/** Whether the current role is at least `min` (the UI hides what the API would refuse; the API still decides). */
export function useCan(min: Role): boolean {
  const role = useCurrentWorkspace()?.role;
  return role !== undefined && RANK[role] >= RANK[min];
}

export function roleAtLeast(role: Role | undefined, min: Role): boolean {
  return role !== undefined && RANK[role] >= RANK[min];
}
