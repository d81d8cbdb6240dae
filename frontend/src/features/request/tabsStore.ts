/**
 * Open request tabs. Each tab holds the document as saved (`saved`, null for a new one) and the one on screen
 * (`draft`); `dirty` is whether they differ. Other features open tabs through `openRequest` / `openDraft`.
 */
import { create } from "zustand";
import { collectionsApi, errorMessage, type RequestDoc, type SavedRequest } from "../../api";
import { docOf, newRequestDoc } from "./newRequest";

export interface RequestTab {
  key: string;
  ws: string;
  /** null until first saved */
  requestId: string | null;
  /** the folder it lives in (or would be saved into) */
  parentId: string | null;
  version: number | null;
  saved: RequestDoc | null;
  draft: RequestDoc;
  dirty: boolean;
  loading: boolean;
  error: string | null;
  /** someone saved a newer version while this tab held edits: theirs, and who (the edits stay until the user picks) */
  newer?: { saved: SavedRequest; by: string } | null;
}

interface TabsState {
  tabs: RequestTab[];
  activeKey: string | null;
  /** open (or focus) the saved request `id` */
  openRequest: (ws: string, id: string) => Promise<void>;
  /** open an unsaved request (new, or from history) */
  openDraft: (ws: string, doc?: Partial<RequestDoc>, opts?: { parentId?: string | null }) => string;
  setActive: (key: string) => void;
  /** move tab `key` in front of `beforeKey` (null: to the end) */
  moveTab: (key: string, beforeKey: string | null) => void;
  close: (key: string) => void;
  /** replace the draft (the builder calls this on every edit) */
  updateDraft: (key: string, draft: RequestDoc) => void;
  /** after a save: the server's copy becomes `saved` */
  markSaved: (key: string, saved: SavedRequest) => void;
  /** a request was deleted elsewhere (tree): its tab closes */
  forgetRequest: (requestId: string) => void;
  /** a request was renamed/moved elsewhere: update the tab title without touching unsaved edits */
  renameRequest: (requestId: string, name: string) => void;
  /**
   * `by` saved `requestId`: tabs of it without unsaved edits show the new version; tabs with edits keep them and are
   * told (`newer`), so the user can load theirs or keep editing (a save then asks before overwriting)
   */
  refreshRequest: (ws: string, requestId: string, by?: string) => Promise<void>;
  /** keep editing: forget the notice of a newer version (a save still meets the conflict) */
  dismissNewer: (key: string) => void;
  /** requests of `ws` gone from the tree (deleted by a teammate): their tabs close unless they hold edits */
  closeGone: (ws: string, present: (requestId: string) => boolean) => void;
  /** the workspace changed: tabs of other workspaces are hidden, not lost */
}

let seq = 0;
const newKey = () => `t${Date.now().toString(36)}${(seq++).toString(36)}`;

function same(a: RequestDoc | null, b: RequestDoc): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

export const useTabs = create<TabsState>((set, get) => ({
  tabs: [],
  activeKey: null,
  async openRequest(ws, id) {
    const existing = get().tabs.find((t) => t.ws === ws && t.requestId === id);
    if (existing) {
      set({ activeKey: existing.key });
      return;
    }
    const key = newKey();
    const placeholder: RequestTab = {
      key, ws, requestId: id, parentId: null, version: null, saved: null, draft: newRequestDoc({ name: "Loading…" }),
      dirty: false, loading: true, error: null,
    };
    set((s) => ({ tabs: [...s.tabs, placeholder], activeKey: key }));
    try {
      const saved = await collectionsApi.request(ws, id);
      get().markSaved(key, saved);
    } catch (err) {
      set((s) => ({ tabs: s.tabs.map((t) => (t.key === key ? { ...t, loading: false, error: errorMessage(err) } : t)) }));
    }
  },
  openDraft(ws, doc = {}, opts = {}) {
    const key = newKey();
    const draft = newRequestDoc(doc);
    const tab: RequestTab = {
      key, ws, requestId: null, parentId: opts.parentId ?? null, version: null, saved: null, draft, dirty: true,
      loading: false, error: null,
    };
    set((s) => ({ tabs: [...s.tabs, tab], activeKey: key }));
    return key;
  },
  setActive(key) {
    set({ activeKey: key });
  },
  moveTab(key, beforeKey) {
    if (key === beforeKey) return;
    set((s) => {
      const moving = s.tabs.find((t) => t.key === key);
      if (!moving) return s;
      const rest = s.tabs.filter((t) => t.key !== key);
      const at = beforeKey === null ? rest.length : rest.findIndex((t) => t.key === beforeKey);
      if (at < 0) return s;
      return { tabs: [...rest.slice(0, at), moving, ...rest.slice(at)] };
    });
  },
  close(key) {
    set((s) => {
      const i = s.tabs.findIndex((t) => t.key === key);
      const tabs = s.tabs.filter((t) => t.key !== key);
      const activeKey = s.activeKey === key ? (tabs[Math.min(i, tabs.length - 1)]?.key ?? null) : s.activeKey;
      return { tabs, activeKey };
    });
  },
  updateDraft(key, draft) {
    set((s) => ({ tabs: s.tabs.map((t) => (t.key === key ? { ...t, draft, dirty: !same(t.saved, draft) } : t)) }));
  },
  markSaved(key, saved) {
    const doc = docOf(saved);
    set((s) => ({
      tabs: s.tabs.map((t) =>
        t.key === key
          ? { ...t, requestId: saved.id, parentId: saved.parent_id, version: saved.version, saved: doc, draft: doc, dirty: false, loading: false, error: null, newer: null }
          : t,
      ),
    }));
  },
  forgetRequest(requestId) {
    for (const t of get().tabs) if (t.requestId === requestId) get().close(t.key);
  },
  async refreshRequest(ws, requestId, by = "Someone") {
    const ofRequest = () => get().tabs.filter((t) => t.ws === ws && t.requestId === requestId && !t.loading);
    if (!ofRequest().length) return;
    let saved: SavedRequest;
    try {
      saved = await collectionsApi.request(ws, requestId);
    } catch {
      return; // gone or unreachable: closeGone and the next open deal with it
    }
    for (const t of ofRequest()) {
      if (t.version !== null && saved.version <= t.version) continue;
      if (!t.dirty) get().markSaved(t.key, saved);
      else set((s) => ({ tabs: s.tabs.map((x) => (x.key === t.key ? { ...x, newer: { saved, by } } : x)) }));
    }
  },
  dismissNewer(key) {
    set((s) => ({ tabs: s.tabs.map((t) => (t.key === key ? { ...t, newer: null } : t)) }));
  },
  closeGone(ws, present) {
    for (const t of get().tabs) if (t.ws === ws && t.requestId && !t.dirty && !t.loading && !present(t.requestId)) get().close(t.key);
  },
  renameRequest(requestId, name) {
    set((s) => ({
      tabs: s.tabs.map((t) =>
        t.requestId === requestId && t.saved
          ? { ...t, saved: { ...t.saved, name }, draft: { ...t.draft, name }, dirty: !same({ ...t.saved, name }, { ...t.draft, name }) }
          : t,
      ),
    }));
  },
}));

export function useActiveTab(): RequestTab | null {
  return useTabs((s) => s.tabs.find((t) => t.key === s.activeKey) ?? null);
}
