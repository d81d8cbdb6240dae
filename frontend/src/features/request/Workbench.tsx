/**
 * The main area of a workspace: open-request tabs, the builder of the active one and (below a resizable split) its
 * response pane. Keyboard: Ctrl/Cmd+Enter sends, Ctrl/Cmd+S saves, Alt+T opens a new tab.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { AlertTriangle, FilePlus2, Plus, X } from "lucide-react";
import { ApiError, collectionsApi, type SavedRequest } from "../../api";
import { Empty } from "../../ui/Empty";
import { MethodBadge } from "../../ui/MethodBadge";
import { confirmAction } from "../../ui/prompt";
import { toast } from "../../ui/toast";
import { useCan } from "../../stores/workspace";
import { useTree } from "../tree/treeStore";
import { useEnvironments } from "../environments/envStore";
import { ResponsePane } from "../response/ResponsePane";
import { useExecutions } from "../response/executionStore";
import { SnapshotsDialog } from "../history/SnapshotsDialog";
import { useTabs, type RequestTab } from "./tabsStore";
import { useRequestScope } from "./folderCache";
import { ScopeContext } from "./VarInput";
import { Builder, MOD } from "./Builder";
import { CodeDialog, ConflictDialog, SaveDialog } from "./dialogs";
import "./request.css";

const SPLIT_KEY = "playground.split";

function readSplit(): number {
  const v = Number(localStorage.getItem(SPLIT_KEY));
  return v >= 0.2 && v <= 0.85 ? v : 0.52;
}

export function Workbench({ ws }: { ws: string }) {
  const allTabs = useTabs((s) => s.tabs);
  const activeKey = useTabs((s) => s.activeKey);
  const tabs = allTabs.filter((t) => t.ws === ws);
  const active = tabs.find((t) => t.key === activeKey) ?? tabs[tabs.length - 1] ?? null;
  const canEdit = useCan("editor");
  const tree = useTree((s) => s.tree);
  const envActive = useEnvironments((s) => s.activeId);
  const [dialog, setDialog] = useState<null | { kind: "save" | "snapshots" | "code"; key: string } | { kind: "conflict"; key: string; current: SavedRequest }>(null);
  const root = useRef<HTMLDivElement>(null);

  const latest = (key: string): RequestTab | undefined => useTabs.getState().tabs.find((t) => t.key === key);

  /** After a save: the server's copy becomes `saved`; edits typed meanwhile stay as the draft. */
  const applySaved = useCallback((key: string, saved: SavedRequest, sentDraft: unknown) => {
    const now = latest(key);
    useTabs.getState().markSaved(key, saved);
    if (now && JSON.stringify(now.draft) !== JSON.stringify(sentDraft)) useTabs.getState().updateDraft(key, now.draft);
    void useTree.getState().reload();
  }, []);

  const save = useCallback(async (key: string, overwriteVersion?: number) => {
    const tab = latest(key);
    if (!tab || !canEdit || tab.loading) return;
    if (!tab.requestId) {
      setDialog({ kind: "save", key });
      return;
    }
    const draft = tab.draft;
    try {
      const saved = await collectionsApi.saveRequest(tab.ws, tab.requestId, overwriteVersion ?? tab.version ?? 1, draft);
      applySaved(key, saved, draft);
      toast.success(`Saved “${saved.name}”`);
    } catch (err) {
      const current = err instanceof ApiError && err.status === 409 ? (err.details.current as SavedRequest | undefined) : undefined;
      if (current) setDialog({ kind: "conflict", key, current });
      else toast.error(err);
    }
  }, [canEdit, applySaved]);

  const send = useCallback((key: string) => {
    const tab = latest(key);
    if (!tab || tab.loading) return;
    const run = useExecutions.getState().byTab[key];
    if (run?.phase === "queued" || run?.phase === "running") return;
    void useExecutions.getState().send(tab);
  }, []);

  const newTab = useCallback(() => useTabs.getState().openDraft(ws), [ws]);

  const closeTab = useCallback(async (tab: RequestTab) => {
    if (tab.dirty && !(tab.requestId === null && isPristineDraft(tab))) {
      const ok = await confirmAction("Close without saving?", `“${tab.draft.name}” has unsaved changes. They will be lost.`, { confirmText: "Close tab", danger: true });
      if (!ok) return;
    }
    useTabs.getState().close(tab.key);
  }, []);

  // keyboard shortcuts (capture: before CodeMirror and inputs)
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const key = active?.key;
      if (dialog) return;
      if (mod && !e.shiftKey && !e.altKey && e.key.toLowerCase() === "s") {
        if (!key) return;
        e.preventDefault();
        e.stopPropagation();
        void save(key);
      } else if (mod && e.key === "Enter") {
        const target = e.target as Node | null;
        const inBuilder = root.current?.contains(target) || target === document.body;
        if (!key || !inBuilder) return;
        e.preventDefault();
        e.stopPropagation();
        send(key);
      } else if (e.altKey && !mod && e.code === "KeyT") {
        e.preventDefault();
        newTab();
      }
    };
    document.addEventListener("keydown", onKey, true);
    return () => document.removeEventListener("keydown", onKey, true);
  }, [active?.key, dialog, save, send, newTab]);

  const dialogTab = dialog ? latest(dialog.key) : undefined;

  return (
    <div className="workbench" ref={root}>
      <TabsBar ws={ws} tabs={tabs} activeKey={active?.key ?? null} onClose={closeTab} onNew={newTab} />
      {active ? (
        <ActiveRequest key={active.key} tab={active} canEdit={canEdit}
          onSave={() => void save(active.key)}
          onSend={() => send(active.key)}
          onSnapshots={() => setDialog({ kind: "snapshots", key: active.key })}
          onCode={() => setDialog({ kind: "code", key: active.key })} />
      ) : (
        <Empty icon={<FilePlus2 size={36} />} title="No request open"
          action={
            <div className="col" style={{ alignItems: "center", gap: 14, marginTop: 6 }}>
              <button className="btn btn-primary" onClick={newTab}><Plus size={14} /> New request</button>
              <div className="shortcut-hints" aria-label="Keyboard shortcuts">
                <span><kbd>Alt</kbd> <kbd>T</kbd> new tab</span>
                <span><kbd>{MOD}</kbd> <kbd>Enter</kbd> send</span>
                <span><kbd>{MOD}</kbd> <kbd>S</kbd> save</span>
              </div>
            </div>
          }>
          Pick a request in the sidebar, or start a new one and save it into a collection.
        </Empty>
      )}

      {dialog?.kind === "save" && dialogTab && (
        <SaveDialog ws={ws} tree={tree} doc={dialogTab.draft} initialParent={dialogTab.parentId} onClose={() => setDialog(null)}
          onSaved={(saved) => {
            applySaved(dialogTab.key, saved, dialogTab.draft);
            setDialog(null);
            toast.success(`Saved “${saved.name}”`);
          }} />
      )}
      {dialog?.kind === "conflict" && dialogTab && (
        <ConflictDialog current={dialog.current} onClose={() => setDialog(null)}
          onReload={() => {
            useTabs.getState().markSaved(dialogTab.key, dialog.current);
            setDialog(null);
            toast.info("Reloaded their version.");
          }}
          onOverwrite={() => {
            const v = dialog.current.version;
            setDialog(null);
            void save(dialogTab.key, v);
          }} />
      )}
      {dialog?.kind === "snapshots" && dialogTab?.requestId && (
        <SnapshotsDialog ws={ws} requestId={dialogTab.requestId} onClose={() => setDialog(null)}
          onRestored={(saved) => useTabs.getState().markSaved(dialogTab.key, saved)} />
      )}
      {dialog?.kind === "code" && dialogTab && (
        <CodeDialog ws={ws} doc={dialogTab.draft} parentId={dialogTab.parentId} environmentId={envActive} onClose={() => setDialog(null)} />
      )}
    </div>
  );
}

/** Someone saved this request while the tab held edits: load theirs (the edits go) or keep editing. */
function NewerVersion({ tab, newer }: { tab: RequestTab; newer: NonNullable<RequestTab["newer"]> }) {
  const loadTheirs = async () => {
    const ok = await confirmAction("Load their version?",
      `Your unsaved changes to “${tab.draft.name}” will be replaced by the newer saved version (v${newer.saved.version}).`,
      { confirmText: "Load theirs", danger: true });
    if (!ok) return;
    useTabs.getState().markSaved(tab.key, newer.saved);
    toast.info(`Loaded the newer version (v${newer.saved.version}).`);
  };
  return (
    <div className="tab-banner tab-banner-warn" role="alert">
      <AlertTriangle size={15} aria-hidden />
      <span className="grow">
        <strong>{newer.by}</strong> saved a newer version of this request (v{newer.saved.version}) while you were
        editing. Your changes are still here; saving them will ask before overwriting theirs.
      </span>
      <button className="btn btn-sm" onClick={() => void loadTheirs()}>Load theirs</button>
      <button className="btn btn-sm btn-ghost" onClick={() => useTabs.getState().dismissNewer(tab.key)}>Keep mine</button>
    </div>
  );
}

/** A new tab nobody typed in yet closes without asking. */
function isPristineDraft(tab: RequestTab): boolean {
  const d = tab.draft;
  return !d.url && d.name === "Untitled request" && !d.headers.length && !d.params.length && d.body.mode === "none" && d.auth.type === "inherit";
}

function ActiveRequest({ tab, canEdit, onSave, onSend, onSnapshots, onCode }: {
  tab: RequestTab; canEdit: boolean; onSave: () => void; onSend: () => void; onSnapshots: () => void; onCode: () => void;
}) {
  const scope = useRequestScope(tab.ws, tab.requestId, tab.parentId);
  const [ratio, setRatio] = useState(readSplit);
  const split = useRef<HTMLDivElement>(null);

  const startDrag = (e: React.PointerEvent) => {
    e.preventDefault();
    const box = split.current!.getBoundingClientRect();
    const move = (ev: PointerEvent) => {
      const r = Math.min(0.85, Math.max(0.2, (ev.clientY - box.top) / box.height));
      setRatio(r);
    };
    const up = () => {
      document.removeEventListener("pointermove", move);
      document.removeEventListener("pointerup", up);
      document.body.classList.remove("resizing-rows");
      setRatio((r) => { localStorage.setItem(SPLIT_KEY, String(r)); return r; });
    };
    document.body.classList.add("resizing-rows");
    document.addEventListener("pointermove", move);
    document.addEventListener("pointerup", up);
  };

  if (tab.loading) return <div className="workbench-loading" aria-busy="true"><span className="muted">Loading request…</span></div>;
  if (tab.error) {
    return (
      <Empty title="This request could not be opened">
        {tab.error}
      </Empty>
    );
  }
  return (
    <ScopeContext.Provider value={scope}>
      {tab.newer && <NewerVersion tab={tab} newer={tab.newer} />}
      <div className="split" ref={split} style={{ gridTemplateRows: `${ratio}fr 7px ${1 - ratio}fr` }}>
        <div className="split-top">
          <Builder tab={tab} canEdit={canEdit} onSave={onSave} onSend={onSend} onSnapshots={onSnapshots} onCode={onCode} />
        </div>
        <div className="split-handle" role="separator" aria-orientation="horizontal" aria-label="Resize response pane" tabIndex={0}
          aria-valuenow={Math.round(ratio * 100)} aria-valuemin={20} aria-valuemax={85}
          onPointerDown={startDrag}
          onDoubleClick={() => { setRatio(0.52); localStorage.setItem(SPLIT_KEY, "0.52"); }}
          onKeyDown={(e) => {
            if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
            e.preventDefault();
            const r = Math.min(0.85, Math.max(0.2, ratio + (e.key === "ArrowDown" ? 0.04 : -0.04)));
            setRatio(r);
            localStorage.setItem(SPLIT_KEY, String(r));
          }} />
        <div className="split-bottom">
          <ResponsePane tabKey={tab.key} />
        </div>
      </div>
    </ScopeContext.Provider>
  );
}

const TAB_DRAG_TYPE = "application/x-playground-tab";

function TabsBar({ ws, tabs, activeKey, onClose, onNew }: {
  ws: string; tabs: RequestTab[]; activeKey: string | null; onClose: (t: RequestTab) => void; onNew: () => void;
}) {
  const strip = useRef<HTMLDivElement>(null);
  const [drop, setDrop] = useState<{ key: string; side: "before" | "after" } | null>(null);
  /** the tab that follows `key` among this workspace's tabs, for a drop on its right half (null: the end) */
  const nextKey = (key: string) => tabs[tabs.findIndex((t) => t.key === key) + 1]?.key ?? null;
  const move = (key: string, delta: -1 | 1) => {
    const i = tabs.findIndex((t) => t.key === key);
    const j = i + delta;
    if (i < 0 || j < 0 || j >= tabs.length) return;
    useTabs.getState().moveTab(key, delta < 0 ? tabs[j]!.key : nextKey(tabs[j]!.key));
  };
  useEffect(() => {
    strip.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.scrollIntoView?.({ block: "nearest", inline: "nearest" });
  }, [activeKey, tabs.length]);
  void ws;
  return (
    <div className="req-tabs-bar">
      <div className="req-tabs" role="tablist" aria-label="Open requests" ref={strip}
        onKeyDown={(e) => {
          if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
          if (e.altKey && e.shiftKey && activeKey) {
            // Alt+Shift+arrows move the tab itself
            e.preventDefault();
            move(activeKey, e.key === "ArrowRight" ? 1 : -1);
            return;
          }
          const i = tabs.findIndex((t) => t.key === activeKey);
          const n = tabs[(i + (e.key === "ArrowRight" ? 1 : -1) + tabs.length) % tabs.length];
          if (n) {
            useTabs.getState().setActive(n.key);
            requestAnimationFrame(() => strip.current?.querySelector<HTMLElement>('[aria-selected="true"]')?.focus());
          }
        }}>
        {tabs.map((t) => {
          const selected = t.key === activeKey;
          return (
            <div key={t.key} role="presentation" draggable
              className={`req-tab${selected ? " active" : ""}${drop?.key === t.key ? ` drop-${drop.side}` : ""}`}
              onDragStart={(e) => {
                e.dataTransfer.setData(TAB_DRAG_TYPE, t.key);
                e.dataTransfer.effectAllowed = "move";
              }}
              onDragOver={(e) => {
                if (!e.dataTransfer.types.includes(TAB_DRAG_TYPE)) return;
                e.preventDefault();
                const box = e.currentTarget.getBoundingClientRect();
                const side = e.clientX < box.left + box.width / 2 ? "before" : "after";
                if (drop?.key !== t.key || drop.side !== side) setDrop({ key: t.key, side });
              }}
              onDragLeave={() => setDrop((d) => (d?.key === t.key ? null : d))}
              onDrop={(e) => {
                const dragged = e.dataTransfer.getData(TAB_DRAG_TYPE);
                setDrop(null);
                if (!dragged) return;
                e.preventDefault();
                const side = e.clientX < e.currentTarget.getBoundingClientRect().left + e.currentTarget.offsetWidth / 2
                  ? "before" : "after";
                useTabs.getState().moveTab(dragged, side === "before" ? t.key : nextKey(t.key));
              }}
              onDragEnd={() => setDrop(null)}
              onAuxClick={(e) => { if (e.button === 1) { e.preventDefault(); onClose(t); } }}
              onMouseDown={(e) => { if (e.button === 1) e.preventDefault(); }}>
              <button role="tab" className="req-tab-main" aria-selected={selected} tabIndex={selected ? 0 : -1}
                aria-label={`${t.draft.method} ${t.draft.name}${t.dirty ? ", unsaved changes" : ""}${t.newer ? ", a newer version was saved" : ""}`}
                title={t.newer ? `${t.newer.by} saved a newer version (v${t.newer.saved.version})` : t.draft.url || t.draft.name}
                onClick={() => useTabs.getState().setActive(t.key)}>
                <MethodBadge method={t.draft.method} short />
                <span className="truncate req-tab-name">{t.draft.name}</span>
              </button>
              {t.dirty && <span className={`req-tab-dirty${t.newer ? " newer" : ""}`} aria-hidden="true" />}
              <button className="req-tab-close" aria-label={`Close ${t.draft.name}`} title="Close" onClick={() => onClose(t)}>
                <X size={13} />
              </button>
            </div>
          );
        })}
      </div>
      <button className="icon-btn req-tab-new" aria-label="New request tab" title="New request tab (Alt+T)" onClick={onNew}>
        <Plus size={16} />
      </button>
    </div>
  );
}
