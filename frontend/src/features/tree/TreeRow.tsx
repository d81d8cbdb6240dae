import { memo, type DragEvent, type MouseEvent, type RefObject } from "react";
import { ChevronRight, Ellipsis, Folder, FolderOpen, LibraryBig } from "lucide-react";
import { MethodBadge } from "../../ui/MethodBadge";
import type { DropZone, FlatRow } from "./treeUtils";

export const ROW_HEIGHT = 28;
export const INDENT = 16;
/** left padding of a depth-0 row */
export const BASE_PAD = 8;

/** What a row reports to the panel; kept in a ref so rows do not re-render when the handlers change. */
export interface RowHandlers {
  click: (row: FlatRow, e: MouseEvent) => void;
  more: (row: FlatRow, e: MouseEvent<HTMLButtonElement>) => void;
  contextMenu: (row: FlatRow, e: MouseEvent) => void;
  focus: (row: FlatRow) => void;
  dragStart: (row: FlatRow, e: DragEvent) => void;
  dragOver: (row: FlatRow, e: DragEvent<HTMLDivElement>) => void;
  drop: (row: FlatRow, e: DragEvent) => void;
  dragEnd: () => void;
}

interface Props {
  row: FlatRow;
  index: number;
  start: number;
  selected: boolean;
  tabbable: boolean;
  active: boolean;
  dragging: boolean;
  drop: DropZone | null;
  /** depth of the drop indicator line (differs from the row's for "after an open folder") */
  dropDepth: number;
  draggable: boolean;
  menuOpen: boolean;
  showMore: boolean;
  handlers: RefObject<RowHandlers>;
}

function Highlighted({ text, range }: { text: string; range: [number, number] | null }) {
  if (!range) return <>{text}</>;
  return (
    <>
      {text.slice(0, range[0])}
      <mark className="tree-mark">{text.slice(range[0], range[1])}</mark>
      {text.slice(range[1])}
    </>
  );
}

export const TreeRow = memo(function TreeRow(p: Props) {
  const { row, handlers: h } = p;
  const n = row.node;
  const folder = n.kind !== "request";
  const cls = [
    "tree-row",
    p.selected && "is-selected",
    p.active && "is-active",
    p.dragging && "is-dragging",
    p.menuOpen && "is-menu",
    p.drop && `drop-${p.drop}`,
    n.kind === "collection" && "is-collection",
  ].filter(Boolean).join(" ");
  const guides = [];
  for (let d = 0; d < row.depth; d++) {
    guides.push(<span key={d} className="tree-guide" style={{ left: BASE_PAD + d * INDENT + 7 }} aria-hidden="true" />);
  }
  return (
    <div
      role="treeitem"
      aria-level={row.depth + 1}
      aria-expanded={folder && row.hasChildren ? row.expanded : undefined}
      aria-selected={p.selected}
      aria-setsize={row.setSize}
      aria-posinset={row.posInSet}
      aria-label={n.name}
      aria-current={p.active ? "page" : undefined}
      data-id={row.id}
      data-index={p.index}
      tabIndex={p.tabbable ? 0 : -1}
      className={cls}
      title={n.kind === "request" ? `${n.name}\n${n.method} ${n.url || "(no URL)"}` : n.name}
      style={{ transform: `translateY(${p.start}px)`, paddingLeft: BASE_PAD + row.depth * INDENT }}
      draggable={p.draggable}
      onClick={(e) => h.current.click(row, e)}
      onContextMenu={(e) => h.current.contextMenu(row, e)}
      onFocus={(e) => e.target === e.currentTarget && h.current.focus(row)}
      onDragStart={(e) => h.current.dragStart(row, e)}
      onDragOver={(e) => h.current.dragOver(row, e)}
      onDrop={(e) => h.current.drop(row, e)}
      onDragEnd={() => h.current.dragEnd()}
    >
      {guides}
      {p.drop && p.drop !== "inside" && (
        <span className="tree-drop-line" style={{ left: BASE_PAD + p.dropDepth * INDENT }} aria-hidden="true" />
      )}
      {folder ? (
        <span
          className={`tree-chevron${row.expanded ? " is-open" : ""}${row.hasChildren ? "" : " is-empty"}`}
          aria-hidden="true"
        >
          <ChevronRight size={14} strokeWidth={2.2} />
        </span>
      ) : null}
      {n.kind === "collection" ? (
        <LibraryBig className="tree-icon is-collection" size={15} aria-hidden="true" />
      ) : n.kind === "folder" ? (
        row.expanded ? (
          <FolderOpen className="tree-icon" size={15} aria-hidden="true" />
        ) : (
          <Folder className="tree-icon" size={15} aria-hidden="true" />
        )
      ) : n.kind === "request" ? (
        <span className="tree-method">
          <MethodBadge method={n.method} short />
        </span>
      ) : null}
      <span className="tree-name">
        <Highlighted text={n.name} range={row.nameMatch} />
      </span>
      {row.urlMatch && n.kind === "request" && <span className="tree-url">{n.url}</span>}
      {p.showMore && (
        <button
          type="button"
          className="tree-more"
          tabIndex={-1}
          aria-label={`More actions for ${n.name}`}
          aria-haspopup="menu"
          aria-expanded={p.menuOpen}
          onClick={(e) => h.current.more(row, e)}
          draggable={false}
        >
          <Ellipsis size={15} />
        </button>
      )}
    </div>
  );
});
