/** Which import/export dialog is open; any part of the app can open one (the tree's header, menus, empty state). */
import { create } from "zustand";

export interface NodeRef {
  id: string;
  name: string;
}

export type InteropDialog =
  | { kind: "import"; parent: NodeRef | null }
  | { kind: "export"; collection: NodeRef }
  | { kind: "backup" };

interface InteropState {
  dialog: InteropDialog | null;
  openImport: (parent?: NodeRef | null) => void;
  openExport: (collection: NodeRef) => void;
  openBackup: () => void;
  close: () => void;
}

export const useInterop = create<InteropState>((set) => ({
  dialog: null,
  openImport: (parent = null) => set({ dialog: { kind: "import", parent: parent ? { id: parent.id, name: parent.name } : null } }),
  openExport: (c) => set({ dialog: { kind: "export", collection: { id: c.id, name: c.name } } }),
  openBackup: () => set({ dialog: { kind: "backup" } }),
  close: () => set({ dialog: null }),
}));
