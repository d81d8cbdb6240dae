import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent } from "react";
import { Clock, Download, ExternalLink, FolderPlus, History as HistoryIcon, Loader2, MoreHorizontal, Search, Trash2, X } from "lucide-react";
import { executionsApi, type HistoryItem } from "../../api";
import { Menu } from "../../ui/Menu";
import { MethodBadge } from "../../ui/MethodBadge";
import { formatMs, timeAgo } from "../../ui/format";
import { confirmAction } from "../../ui/prompt";
import { toast } from "../../ui/toast";
import { useCan } from "../../stores/workspace";
import { useExecutions } from "../response/executionStore";
import { useTabs } from "../request/tabsStore";
import {
  clockTime, groupByDay, humanCode, historyQuery, METHOD_FILTERS, shortUrl, STATUS_FILTERS, statusLabel, statusTone, type StatusFilter,
} from "./historyUtils";
import { SaveHistoryDialog } from "./SaveHistoryDialog";
import { runExport, saveExport } from "../interop/exportJob";
import "./history.css";

const PAGE = 50;

const entryTitle = (item: HistoryItem) => item.name || `${item.method} ${shortUrl(item.url)}`;

/** Left panel on /w/:ws/history: my sent requests, newest first, grouped by day. */
export function HistoryPanel({ ws }: { ws: string }) {
  const canEdit = useCan("editor");
  const completed = useExecutions((s) => s.completedCount);
  const [q, setQ] = useState("");
  const [debouncedQ, setDebouncedQ] = useState("");
  const [method, setMethod] = useState("");
  const [status, setStatus] = useState<StatusFilter>("any");
  const [items, setItems] = useState<HistoryItem[]>([]);
  const [exporting, setExporting] = useState(false);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [menu, setMenu] = useState<{ x: number; y: number; item: HistoryItem } | null>(null);
  const [saving, setSaving] = useState<HistoryItem | null>(null);
  const [opening, setOpening] = useState<string | null>(null);
  const seq = useRef(0);
  const sentinel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const t = setTimeout(() => setDebouncedQ(q), 250);
    return () => clearTimeout(t);
  }, [q]);

  const filters = useMemo(() => historyQuery({ q: debouncedQ, method, status }), [debouncedQ, method, status]);
  const filtered = Object.keys(filters).length > 0;

  // First page: on open, on a filter change, and whenever one of my executions finishes.
  useEffect(() => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    executionsApi.history(ws, { ...filters, limit: PAGE })
      .then((page) => {
        if (mine !== seq.current) return;
        setItems(page.items);
        setCursor(page.next_cursor);
      })
      .catch((err: unknown) => mine === seq.current && setError(err instanceof Error ? err.message : String(err)))
      .finally(() => mine === seq.current && setLoading(false));
  }, [ws, filters, completed]);

  const loadMore = useCallback(async () => {
    if (!cursor || loadingMore || loading) return;
    const mine = seq.current;
    setLoadingMore(true);
    try {
      const page = await executionsApi.history(ws, { ...filters, limit: PAGE, cursor });
      if (mine !== seq.current) return;
      setItems((list) => [...list, ...page.items.filter((i) => !list.some((x) => x.id === i.id))]);
      setCursor(page.next_cursor);
    } catch (err) {
      toast.error(err);
    } finally {
      setLoadingMore(false);
    }
  }, [ws, filters, cursor, loadingMore, loading]);

  // Infinite scroll: the sentinel below the list loads the next page when it scrolls into view.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || !cursor || typeof IntersectionObserver === "undefined") return;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), { rootMargin: "120px" });
    io.observe(el);
    return () => io.disconnect();
  }, [cursor, loadMore]);

  const open = async (item: HistoryItem) => {
    setOpening(item.id);
    try {
      const entry = await executionsApi.historyEntry(ws, item.id);
      useTabs.getState().openDraft(ws, { ...entry.request, name: entry.name || entry.request.name || entryTitle(item) }, { parentId: null });
    } catch (err) {
      toast.error(err);
    } finally {
      setOpening(null);
    }
  };

  const remove = async (item: HistoryItem) => {
    try {
      await executionsApi.deleteHistoryEntry(ws, item.id);
      setItems((list) => list.filter((i) => i.id !== item.id));
    } catch (err) {
      toast.error(err);
    }
  };

  const clearAll = async () => {
    const ok = await confirmAction("Clear history?", "Every request you sent in this workspace disappears from your history. Saved requests are not touched.", {
      confirmText: "Clear history",
      danger: true,
    });
    if (!ok) return;
    try {
      await executionsApi.clearHistory(ws);
      seq.current++;
      setItems([]);
      setCursor(null);
      toast.success("History cleared");
    } catch (err) {
      toast.error(err);
    }
  };

  const openMenu = (e: MouseEvent, item: HistoryItem) => {
    e.preventDefault();
    e.stopPropagation();
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    setMenu(e.type === "contextmenu" ? { x: e.clientX, y: e.clientY, item } : { x: r.right - 180, y: r.bottom + 4, item });
  };

  // Arrow keys move between entries.
  const onListKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const rows = Array.from(e.currentTarget.querySelectorAll<HTMLButtonElement>(".hist-open"));
    const i = rows.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    e.preventDefault();
    rows[Math.max(0, Math.min(rows.length - 1, i + (e.key === "ArrowDown" ? 1 : -1)))]?.focus();
  };

  /** HAR 1.2 of my history here (an export job, as every export): what was sent and what came back */
  const exportHar = async () => {
    setExporting(true);
    try {
      const how = await saveExport(await runExport(ws, "har", undefined));
      toast.success(how === "saved" ? "History exported as HAR" : "The HAR file opened in a new tab");
    } catch (err) {
      toast.error(err);
    } finally {
      setExporting(false);
    }
  };

  const groups = useMemo(() => groupByDay(items), [items]);
  const now = Date.now();

  return (
    <div className="hist">
      <div className="panel-head">
        <h2>History</h2>
        <div className="spacer" />
        <button className="icon-btn" aria-label="Export history as HAR" title="Export my history as HAR (the latest 500)"
          disabled={items.length === 0 || exporting} onClick={() => void exportHar()}>
          {exporting ? <Loader2 size={15} className="spin" /> : <Download size={15} />}
        </button>
        <button className="icon-btn" aria-label="Clear history" title="Clear history" disabled={items.length === 0 && !filtered}
          onClick={() => void clearAll()}>
          <Trash2 size={15} />
        </button>
      </div>
      <div className="hist-filters">
        <div className="hist-search">
          <Search size={14} aria-hidden />
          <input className="input" type="search" aria-label="Search history" placeholder="Search URL or name" value={q}
            onChange={(e) => setQ(e.target.value)} />
          {q && (
            <button className="icon-btn hist-clear-q" aria-label="Clear search" onClick={() => setQ("")}><X size={13} /></button>
          )}
        </div>
        <div className="hist-selects">
          <select className="select" aria-label="Filter by method" value={method} onChange={(e) => setMethod(e.target.value)}>
            <option value="">Any method</option>
            {METHOD_FILTERS.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
          <select className="select" aria-label="Filter by status" value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            {STATUS_FILTERS.map((f) => <option key={f.id} value={f.id}>{f.label}</option>)}
          </select>
        </div>
      </div>

      <div className="hist-list" onKeyDown={onListKey} aria-busy={loading || undefined}>
        {error && (
          <div className="hist-note" role="alert">
            <span className="field-error">{error}</span>
          </div>
        )}
        {!error && loading && items.length === 0 && (
          <div className="hist-skeleton" aria-label="Loading history">
            {Array.from({ length: 6 }, (_, i) => <div key={i} className="hist-skel-row" />)}
          </div>
        )}
        {!error && !loading && items.length === 0 && (
          filtered ? (
            <div className="hist-empty">
              <Search size={28} strokeWidth={1.5} aria-hidden />
              <h3>No matching requests</h3>
              <p>Nothing in your history matches these filters.</p>
              <button className="btn btn-sm" onClick={() => { setQ(""); setMethod(""); setStatus("any"); }}>Clear filters</button>
            </div>
          ) : (
            <div className="hist-empty">
              <HistoryIcon size={30} strokeWidth={1.5} aria-hidden />
              <h3>No history yet — requests you send appear here</h3>
              <p>Every response is kept for the workspace's retention period, newest first.</p>
            </div>
          )
        )}
        {groups.map((g) => (
          <section key={g.key} className="hist-group" aria-label={g.label}>
            <h3 className="hist-day">{g.label}</h3>
            <ul>
              {g.items.map((item) => {
                const tone = statusTone(item);
                const today = now - Date.parse(item.created_at) < 86_400_000 && g.label === "Today";
                return (
                  <li key={item.id} className={`hist-item${opening === item.id ? " opening" : ""}`} onContextMenu={(e) => openMenu(e, item)}>
                    <button className="hist-open" onClick={() => void open(item)} title={`${item.method} ${item.url}`}>
                      <span className="hist-line">
                        <span className="hist-method"><MethodBadge method={item.method} short /></span>
                        <span className="hist-url truncate">{shortUrl(item.url)}</span>
                      </span>
                      <span className="hist-meta">
                        <span className={`hist-status tone-${tone} truncate`} title={item.error_code ?? undefined}>
                          {item.status === null && item.error_code ? humanCode(item.error_code) : statusLabel(item)}
                        </span>
                        {item.duration_ms !== null && <span className="hist-dur">{formatMs(item.duration_ms)}</span>}
                        <span className="spacer" />
                        <time dateTime={item.created_at} title={new Date(item.created_at).toLocaleString()}>
                          {today ? timeAgo(item.created_at, now) : clockTime(item.created_at)}
                        </time>
                      </span>
                    </button>
                    <button className="icon-btn hist-more" aria-label={`Actions for ${entryTitle(item)}`} aria-haspopup="menu"
                      title="More actions" onClick={(e) => openMenu(e, item)}>
                      <MoreHorizontal size={15} />
                    </button>
                  </li>
                );
              })}
            </ul>
          </section>
        ))}
        {cursor && !error && (
          <div className="hist-more-wrap" ref={sentinel}>
            <button className="btn btn-sm" onClick={() => void loadMore()} disabled={loadingMore}>
              {loadingMore ? "Loading…" : "Load more"}
            </button>
          </div>
        )}
        {!cursor && items.length > 0 && (
          <div className="hist-end faint"><Clock size={12} aria-hidden /> That's everything{filtered ? " matching" : ""}.</div>
        )}
      </div>

      {menu && (
        <Menu x={menu.x} y={menu.y} label={`Actions for ${entryTitle(menu.item)}`} onClose={() => setMenu(null)} items={[
          { label: "Open", icon: <ExternalLink size={14} />, onSelect: () => void open(menu.item) },
          { label: "Save as request…", icon: <FolderPlus size={14} />, disabled: !canEdit, onSelect: () => setSaving(menu.item) },
          { label: "Delete", icon: <Trash2 size={14} />, danger: true, separatorBefore: true, onSelect: () => void remove(menu.item) },
        ]} />
      )}
      {saving && <SaveHistoryDialog ws={ws} item={saving} onClose={() => setSaving(null)} />}
    </div>
  );
}
