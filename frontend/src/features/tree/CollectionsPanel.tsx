/**
 * The sidebar tree of collections: filter, virtualised rows (so 5,000 requests scroll smoothly), the WAI-ARIA tree
 * keyboard model with a roving tabindex, a context menu, and drag and drop to move and reorder.
 */
import {
  useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState,
  type DragEvent, type KeyboardEvent, type MouseEvent,
} from "react";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import {
  ChevronsDownUp, Copy, ExternalLink, FileDown, FilePlus, FolderPlus, Import, LibraryBig, Pencil, Plus, RotateCw, Search,
  Trash2, TriangleAlert, X,
} from "lucide-react";
import type { TreeNode } from "../../api";
import { Empty } from "../../ui/Empty";
import { Menu, type MenuItem } from "../../ui/Menu";
import { useCan } from "../../stores/workspace";
import { useActiveTab, useTabs } from "../request/tabsStore";
import { useTree } from "./treeStore";
import {
  ancestorsOf, dropZone, END_OF_TREE, findNode, flattenTree, planDrop, planDropAtEnd, treeKeyAction, typeaheadIndex,
  type DropPlan, type FlatRow,
} from "./treeUtils";
import { deleteNode, duplicateNode, moveNode, newCollection, newFolder, newRequestIn, renameNode } from "./treeActions";
import { BASE_PAD, INDENT, ROW_HEIGHT, TreeRow, type RowHandlers } from "./TreeRow";
import { InteropDialogs } from "../interop/InteropDialogs";
import { useInterop } from "../interop/interopStore";
import "./collections.css";

/** hovering a closed folder this long while dragging opens it */
const HOVER_OPEN_MS = 650;

export function CollectionsPanel({ ws }: { ws: string }) {
  const treeWs = useTree((s) => s.ws);
  const storedTree = useTree((s) => s.tree);
  const loading = useTree((s) => s.loading);
  const error = useTree((s) => s.error);
  const expanded = useTree((s) => s.expanded);
  const tree = treeWs === ws ? storedTree : null;
  const canEdit = useCan("editor");
  const activeTab = useActiveTab();
  const activeRequestId = activeTab && activeTab.ws === ws ? activeTab.requestId : null;

  const [filter, setFilter] = useState("");
  const q = useDeferredValue(filter);
  const rows = useMemo(() => flattenTree(tree, expanded, q), [tree, expanded, q]);
  const indexById = useMemo(() => new Map(rows.map((r, i) => [r.id, i])), [rows]);

  const [selectedId, setSelectedId] = useState<string | null>(null);
  const selIndex = selectedId !== null ? (indexById.get(selectedId) ?? -1) : -1;
  const tabbableIndex = selIndex >= 0 ? selIndex : 0;

  const [menu, setMenu] = useState<{ x: number; y: number; id: string } | null>(null);
  const [dragId, setDragId] = useState<string | null>(null);
  const [plan, setPlan] = useState<DropPlan | null>(null);
  const planRef = useRef<DropPlan | null>(null);
  const hoverOpen = useRef<{ id: string; timer: number } | null>(null);
  const [revealId, setRevealId] = useState<string | null>(null);
  const focusPending = useRef<string | null>(null);
  const [, setTick] = useState(0);
  const typed = useRef({ text: "", at: 0 });

  // ---- virtualisation (the focused row is always rendered, so the roving tabindex never disappears) ----
  const scrollRef = useRef<HTMLDivElement>(null);
  const rangeExtractor = useCallback(
    (range: Range) => {
      const out = defaultRangeExtractor(range);
      if (tabbableIndex < rows.length && !out.includes(tabbableIndex)) {
        out.push(tabbableIndex);
        out.sort((a, b) => a - b);
      }
      return out;
    },
    [tabbableIndex, rows.length],
  );
  const getItemKey = useCallback((i: number) => rows[i]?.id ?? i, [rows]);
  const virt = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    rangeExtractor,
    getItemKey,
  });

  // Move DOM focus to a row once it is rendered.
  useLayoutEffect(() => {
    const id = focusPending.current;
    if (!id) return;
    const el = scrollRef.current?.querySelector<HTMLElement>(`[data-id="${CSS.escape(id)}"]`);
    if (el) {
      focusPending.current = null;
      el.focus({ preventScroll: true });
    }
  });

  const focusIndex = useCallback(
    (index: number) => {
      const r = rows[index];
      if (!r) return;
      focusPending.current = r.id;
      setSelectedId(r.id);
      setTick((t) => t + 1);
      virt.scrollToIndex(index, { align: "auto" });
    },
    [rows, virt],
  );

  /** select, scroll to and (when `focus`) focus a row that may only appear after the next tree reload */
  const reveal = useCallback((id: string | null, focus = true) => {
    if (!id) return;
    if (focus) focusPending.current = id;
    setSelectedId(id);
    setRevealId(id);
    setTick((t) => t + 1);
  }, []);

  useEffect(() => {
    if (!revealId) return;
    const i = indexById.get(revealId);
    if (i === undefined) return;
    virt.scrollToIndex(i, { align: "auto" });
    setRevealId(null);
  }, [revealId, indexById, virt]);

  // The request open in the active tab: open its folders, select it, scroll to it (without taking focus).
  const revealed = useRef<string | null>(null);
  const onImported = useCallback((id: string) => {
    setFilter("");
    reveal(id);
  }, [reveal]);
  useEffect(() => {
    if (!activeRequestId || !tree || revealed.current === activeRequestId) return;
    if (!findNode(tree, activeRequestId)) return;
    revealed.current = activeRequestId;
    const ids = ancestorsOf(tree, activeRequestId).map((f) => f.id);
    if (ids.length) useTree.getState().expandAll(ids);
    reveal(activeRequestId, false);
  }, [activeRequestId, tree, reveal]);

  // A collapsed folder hides the selected row: select the folder instead.
  useEffect(() => {
    if (selectedId && tree && selIndex < 0 && rows.length) {
      const anc = ancestorsOf(tree, selectedId);
      for (let i = anc.length - 1; i >= 0; i--) {
        if (indexById.has(anc[i]!.id)) {
          setSelectedId(anc[i]!.id);
          return;
        }
      }
    }
  }, [selectedId, selIndex, tree, rows.length, indexById]);

  // ---- actions ----
  const open = useCallback((id: string) => void useTabs.getState().openRequest(ws, id), [ws]);

  const act = {
    async rename(node: TreeNode) {
      await renameNode(ws, node, () => reveal(node.id));
    },
    async remove(node: TreeNode) {
      const i = indexById.get(node.id) ?? 0;
      const ok = await deleteNode(ws, node, (deleted) => {
        if (!deleted) return reveal(node.id);
        // focus the row that took its place
        const rest = flattenTree(useTree.getState().tree, useTree.getState().expanded, q);
        reveal(rest[Math.min(i, rest.length - 1)]?.id ?? null);
      });
      if (!ok && useTree.getState().tree && findNode(useTree.getState().tree, node.id)) reveal(node.id);
    },
    async duplicate(node: TreeNode) {
      reveal(await duplicateNode(ws, node));
    },
    async newRequest(node: TreeNode) {
      const id = await newRequestIn(ws, node);
      if (id) reveal(id, false);
    },
    async newFolder(node: TreeNode) {
      reveal(await newFolder(ws, node));
    },
    async newCollection() {
      setFilter("");
      reveal(await newCollection(ws));
    },
  };

  function menuItems(node: TreeNode): MenuItem[] {
    const s = 15;
    if (node.kind === "request") {
      const items: MenuItem[] = [{ label: "Open", icon: <ExternalLink size={s} />, onSelect: () => open(node.id) }];
      if (!canEdit) return items;
      return [
        ...items,
        { label: "Rename", icon: <Pencil size={s} />, onSelect: () => void act.rename(node), separatorBefore: true },
        { label: "Duplicate", icon: <Copy size={s} />, onSelect: () => void act.duplicate(node) },
        { label: "Delete", icon: <Trash2 size={s} />, onSelect: () => void act.remove(node), danger: true, separatorBefore: true },
      ];
    }
    // interop: collections can be exported (viewers too) and imported into
    const exportItem: MenuItem[] = node.kind === "collection"
      ? [{ label: "Export…", icon: <FileDown size={s} />, onSelect: () => useInterop.getState().openExport(node) }]
      : [];
    if (!canEdit) return exportItem;
    return [
      { label: "New request", icon: <FilePlus size={s} />, onSelect: () => void act.newRequest(node) },
      { label: "New folder", icon: <FolderPlus size={s} />, onSelect: () => void act.newFolder(node) },
      { label: "Import into…", icon: <Import size={s} />, onSelect: () => useInterop.getState().openImport(node) },
      { label: "Rename", icon: <Pencil size={s} />, onSelect: () => void act.rename(node), separatorBefore: true },
      { label: "Duplicate", icon: <Copy size={s} />, onSelect: () => void act.duplicate(node) },
      ...exportItem,
      { label: "Delete", icon: <Trash2 size={s} />, onSelect: () => void act.remove(node), danger: true, separatorBefore: true },
    ];
  }

  const openMenu = (row: FlatRow, x: number, y: number) => {
    if (!menuItems(row.node).length) return;
    setSelectedId(row.id);
    setMenu({ x, y, id: row.id });
  };

  const toggleFolder = (row: FlatRow) => {
    if (row.node.kind === "request" || !row.hasChildren || row.forced) return;
    useTree.getState().toggle(row.id);
  };

  // ---- drag and drop ----
  const clearHover = () => {
    if (hoverOpen.current) window.clearTimeout(hoverOpen.current.timer);
    hoverOpen.current = null;
  };
  const showPlan = (next: DropPlan | null) => {
    const cur = planRef.current;
    if (cur?.targetId === next?.targetId && cur?.zone === next?.zone && cur?.parentId === next?.parentId) return;
    planRef.current = next;
    setPlan(next);
  };
  const endDrag = () => {
    clearHover();
    showPlan(null);
    setDragId(null);
  };
  const doDrop = (e: DragEvent) => {
    e.preventDefault();
    const p = planRef.current;
    const node = dragId && tree ? findNode(tree, dragId) : null;
    endDrag();
    if (!p || !node) return;
    reveal(node.id);
    void moveNode(ws, node, p);
  };

  const handlers = useRef<RowHandlers>(null!);
  handlers.current = {
    click(row) {
      setSelectedId(row.id);
      if (row.node.kind === "request") open(row.id);
      else toggleFolder(row);
    },
    more(row, e) {
      e.stopPropagation();
      const r = e.currentTarget.getBoundingClientRect();
      openMenu(row, r.left, r.bottom + 2);
    },
    contextMenu(row, e: MouseEvent) {
      e.preventDefault();
      openMenu(row, e.clientX, e.clientY);
    },
    focus(row) {
      if (selectedId !== row.id) setSelectedId(row.id);
    },
    dragStart(row, e) {
      if (!canEdit) {
        e.preventDefault();
        return;
      }
      e.dataTransfer.effectAllowed = "move";
      e.dataTransfer.setData("text/plain", row.node.name);
      setMenu(null);
      setDragId(row.id);
    },
    dragOver(row, e) {
      if (!dragId) return;
      e.stopPropagation();
      const rect = e.currentTarget.getBoundingClientRect();
      const zone = dropZone(row.node.kind, (e.clientY - rect.top) / rect.height);
      const p = planDrop(tree, dragId, row.id, zone, row.expanded);
      if (p) {
        e.preventDefault();
        e.dataTransfer.dropEffect = "move";
      } else e.dataTransfer.dropEffect = "none";
      showPlan(p);
      // Hovering a closed folder's middle opens it.
      if (p?.zone === "inside" && row.hasChildren && !row.expanded) {
        if (hoverOpen.current?.id !== row.id) {
          clearHover();
          hoverOpen.current = {
            id: row.id,
            timer: window.setTimeout(() => useTree.getState().setExpanded(row.id, true), HOVER_OPEN_MS),
          };
        }
      } else clearHover();
    },
    drop(_row, e) {
      e.stopPropagation();
      doDrop(e);
    },
    dragEnd: endDrag,
  };

  const onTreeDragOver = (e: DragEvent<HTMLDivElement>) => {
    if (!dragId) return;
    const p = planDropAtEnd(tree, dragId);
    if (p) {
      e.preventDefault();
      e.dataTransfer.dropEffect = "move";
    }
    clearHover();
    showPlan(p);
  };

  // ---- keyboard ----
  const onTreeKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const el = e.target as HTMLElement;
    if (el.getAttribute("role") !== "treeitem") return;
    const index = Number(el.dataset.index);
    const row = rows[index];
    if (!row) return;
    if (e.key.length === 1 && e.key !== " " && !e.ctrlKey && !e.metaKey && !e.altKey) {
      const now = Date.now();
      const t = typed.current;
      t.text = now - t.at < 700 ? t.text + e.key : e.key;
      t.at = now;
      const i = typeaheadIndex(rows, t.text.length > 1 ? index - 1 : index, t.text);
      if (i >= 0) focusIndex(i);
      e.preventDefault();
      return;
    }
    const action = treeKeyAction(rows, index, e.key, e.shiftKey);
    if (!action) return;
    e.preventDefault();
    const node = row.node;
    switch (action.type) {
      case "focus":
        focusIndex(action.index);
        break;
      case "expand":
        useTree.getState().setExpanded(action.id, true);
        break;
      case "collapse":
        useTree.getState().setExpanded(action.id, false);
        break;
      case "toggle":
        toggleFolder(row);
        break;
      case "open":
        open(action.id);
        break;
      case "rename":
        if (canEdit) void act.rename(node);
        break;
      case "delete":
        if (canEdit) void act.remove(node);
        break;
      case "menu": {
        const r = el.getBoundingClientRect();
        openMenu(row, r.left + 24 + row.depth * INDENT, r.bottom);
        break;
      }
    }
  };

  const menuNode = menu && tree ? findNode(tree, menu.id) : null;
  const closeMenu = useCallback(() => {
    setMenu((m) => {
      if (m) focusPending.current = m.id; // keyboard users land back on the row
      return null;
    });
  }, []);

  // ---- render ----
  const loadingFirst = !tree && (loading || treeWs !== ws);
  let body;
  if (loadingFirst) body = <Skeleton />;
  else if (!tree && error) {
    body = (
      <Empty icon={<TriangleAlert size={26} />} title="Couldn’t load collections"
        action={<button className="btn btn-sm" onClick={() => void useTree.getState().load(ws)}><RotateCw size={14} /> Retry</button>}>
        {error}
      </Empty>
    );
  } else if (tree && tree.items.length === 0) {
    body = (
      <Empty icon={<LibraryBig size={28} />} title="No collections yet"
        action={canEdit ? (
          <div className="row">
            <button className="btn btn-primary btn-sm" onClick={() => void act.newCollection()}><Plus size={14} /> Create collection</button>
            <button className="btn btn-sm" onClick={() => useInterop.getState().openImport()}><Import size={14} /> Import a file</button>
          </div>
        ) : undefined}>
        {canEdit
          ? "Collections keep your team’s requests together, in folders. Create one, or import a Postman collection, an OpenAPI file, a HAR or a cURL command."
          : "This workspace has no collections yet. Ask an editor to create one."}
      </Empty>
    );
  } else if (tree && rows.length === 0 && q.trim()) {
    body = (
      <Empty icon={<Search size={24} />} title={`No requests match “${q.trim()}”`}
        action={<button className="btn btn-sm" onClick={() => setFilter("")}>Show all requests</button>}>
        Names and URLs are searched, in every collection.
      </Empty>
    );
  } else {
    const items = virt.getVirtualItems();
    body = (
      <div ref={scrollRef} className={`tree-scroll${dragId ? " is-dragging" : ""}`} role="tree" aria-label="Collections"
        onKeyDown={onTreeKeyDown} onDragOver={onTreeDragOver} onDrop={doDrop}
        onDragLeave={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) {
            clearHover();
            showPlan(null);
          }
        }}>
        <div className="tree-inner" style={{ height: virt.getTotalSize() + ROW_HEIGHT * 2 }}>
          {items.map((vi) => {
            const row = rows[vi.index]!;
            const drop = plan && plan.targetId === row.id ? plan.zone : null;
            return (
              <TreeRow
                key={row.id}
                row={row}
                index={vi.index}
                start={vi.start}
                selected={row.id === selectedId}
                tabbable={vi.index === tabbableIndex}
                active={row.id === activeRequestId}
                dragging={row.id === dragId}
                drop={drop}
                dropDepth={drop === "after" && plan?.parentId === row.id ? row.depth + 1 : row.depth}
                draggable={canEdit}
                menuOpen={menu?.id === row.id}
                showMore={canEdit || row.node.kind === "request"}
                handlers={handlers}
              />
            );
          })}
          {plan?.targetId === END_OF_TREE && (
            <span className="tree-drop-line is-end" style={{ top: virt.getTotalSize() - 1, left: BASE_PAD }} aria-hidden="true" />
          )}
        </div>
      </div>
    );
  }

  const c = tree?.counts;
  return (
    <div className="tree-panel">
      <div className="tree-head">
        <h2 className="tree-title">Collections</h2>
        <div className="spacer" />
        {tree && tree.items.length > 0 && (
          <button type="button" className="icon-btn" aria-label="Collapse all" title="Collapse all"
            onClick={() => useTree.getState().collapseAll()}>
            <ChevronsDownUp size={16} />
          </button>
        )}
        {canEdit && (
          <button type="button" className="icon-btn" aria-label="Import" title="Import"
            onClick={() => useInterop.getState().openImport()}>
            <Import size={16} />
          </button>
        )}
        {canEdit && (
          <button type="button" className="icon-btn" aria-label="New collection" title="New collection"
            onClick={() => void act.newCollection()}>
            <Plus size={17} />
          </button>
        )}
      </div>
      <div className="tree-filter">
        <Search className="tree-filter-icon" size={14} aria-hidden="true" />
        <input
          className="input"
          type="search"
          aria-label="Filter requests"
          placeholder="Filter by name or URL"
          value={filter}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Escape" && filter) {
              e.preventDefault();
              setFilter("");
            } else if (e.key === "ArrowDown" && rows.length) {
              e.preventDefault();
              focusIndex(0);
            }
          }}
        />
        {filter && (
          <button type="button" className="tree-filter-clear" aria-label="Clear filter" onClick={() => setFilter("")}>
            <X size={13} />
          </button>
        )}
      </div>
      {tree && error && (
        <div className="tree-banner" role="alert">
          <TriangleAlert size={13} aria-hidden="true" />
          <span className="truncate grow" title={error}>Couldn’t refresh: {error}</span>
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => void useTree.getState().reload()}>Retry</button>
        </div>
      )}
      <div className="tree-body">{body}</div>
      {c && (c.collections > 0 || c.requests > 0) && (
        <div className="tree-foot" aria-label="Totals">
          {plural(c.collections, "collection")} · {plural(c.folders, "folder")} · {plural(c.requests, "request")}
        </div>
      )}
      {menu && menuNode && (
        <Menu x={menu.x} y={menu.y} items={menuItems(menuNode)} onClose={closeMenu} label={`Actions for ${menuNode.name}`} />
      )}
      <InteropDialogs ws={ws} onImported={onImported} />
    </div>
  );
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString()} ${word}${n === 1 ? "" : "s"}`;
}

const SKELETON = [62, 48, 70, 55, 40, 66, 52, 44, 58];

function Skeleton() {
  return (
    <div className="tree-skeleton" aria-busy="true" aria-label="Loading collections" role="status">
      {SKELETON.map((w, i) => (
        <div key={i} className="tree-sk-row" style={{ paddingLeft: BASE_PAD + (i % 3 === 0 ? 0 : INDENT) }}>
          <span className="tree-sk tree-sk-icon" />
          <span className="tree-sk" style={{ width: `${w}%` }} />
        </div>
      ))}
    </div>
  );
}
