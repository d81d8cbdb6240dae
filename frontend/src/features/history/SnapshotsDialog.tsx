/** Saved versions of a request: pick one to compare with the current version, restore it as a new version. */
import { useEffect, useState } from "react";
import { RotateCcw } from "lucide-react";
import {
  ApiError, collectionsApi, snapshotsApi, workspacesApi, type SavedRequest, type Snapshot, type SnapshotDetail,
} from "../../api";
import { Dialog } from "../../ui/Dialog";
import { MethodBadge } from "../../ui/MethodBadge";
import { timeAgo } from "../../ui/format";
import { toast } from "../../ui/toast";
import { useCan } from "../../stores/workspace";
import { useSession } from "../../stores/session";
import { useTree } from "../tree/treeStore";
import { bodyExcerpt, changeCount, diffRows } from "./snapshotDiff";
import "./history.css";

export function SnapshotsDialog({ ws, requestId, onClose, onRestored }: {
  ws: string;
  requestId: string;
  onClose: () => void;
  onRestored: (saved: SavedRequest) => void;
}) {
  const canEdit = useCan("editor");
  const me = useSession((s) => s.user);
  const [current, setCurrent] = useState<SavedRequest | null>(null);
  const [snapshots, setSnapshots] = useState<Snapshot[] | null>(null);
  const [names, setNames] = useState<Record<string, string>>({});
  const [selected, setSelected] = useState<number | null>(null);
  const [details, setDetails] = useState<Record<number, SnapshotDetail>>({});
  const [error, setError] = useState<string | null>(null);
  const [restoring, setRestoring] = useState<number | null>(null);

  const loadAll = async () => {
    setError(null);
    try {
      const [req, snaps] = await Promise.all([collectionsApi.request(ws, requestId), collectionsApi.snapshots(ws, requestId)]);
      setCurrent(req);
      setSnapshots(snaps);
      // Start on the newest version that is not the current one (what a restore would bring back).
      setSelected((s) => s ?? snaps.find((x) => x.version !== req.version)?.version ?? snaps[0]?.version ?? null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  useEffect(() => {
    void loadAll();
    workspacesApi.members(ws)
      .then((ms) => setNames(Object.fromEntries(ms.map((m) => [m.user_id, m.name || m.email]))))
      .catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ws, requestId]);

  useEffect(() => {
    if (selected === null || details[selected]) return;
    let live = true;
    snapshotsApi.detail(ws, requestId, selected)
      .then((d) => live && setDetails((m) => ({ ...m, [d.version]: d })))
      .catch((err: unknown) => live && toast.error(err));
    return () => {
      live = false;
    };
  }, [ws, requestId, selected, details]);

  const who = (uid: string) => (me && uid === me.id ? "you" : names[uid] ?? "a teammate");

  const restore = async (version: number) => {
    if (!current) return;
    setRestoring(version);
    try {
      const saved = await collectionsApi.restoreSnapshot(ws, requestId, version, current.version);
      toast.success(`Restored version ${version} (saved as version ${saved.version})`);
      void useTree.getState().reload();
      onRestored(saved);
      onClose();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) {
        toast.error("Someone saved this request meanwhile; the list is reloaded, try again.");
        void loadAll();
      } else toast.error(err);
    } finally {
      setRestoring(null);
    }
  };

  const detail = selected !== null ? details[selected] : undefined;
  const title = `Snapshots of ${current?.name ?? "request"}`;

  return (
    <Dialog title={title} onClose={onClose} width={920} actions={<button className="btn" onClick={onClose}>Close</button>}>
      {error ? (
        <div className="snap-loading" role="alert">
          <p className="field-error">{error}</p>
          <button className="btn btn-sm" onClick={() => void loadAll()}>Try again</button>
        </div>
      ) : !snapshots || !current ? (
        <div className="snap-loading" aria-busy="true">Loading versions…</div>
      ) : snapshots.length === 0 ? (
        <div className="snap-loading">No saved versions yet: every save keeps one.</div>
      ) : (
        <div className="snap">
          <ul className="snap-list" aria-label="Versions">
            {snapshots.map((s) => {
              const isCurrent = s.version === current.version;
              return (
                <li key={s.version} className={`snap-item${s.version === selected ? " selected" : ""}`}>
                  <button className="snap-pick" aria-pressed={s.version === selected} onClick={() => setSelected(s.version)}
                    aria-label={`Version ${s.version}${isCurrent ? " (current)" : ""}, saved ${timeAgo(s.saved_at)} by ${who(s.saved_by)}`}>
                    <span className="snap-top">
                      Version {s.version}
                      {isCurrent && <span className="badge badge-accent">Current</span>}
                    </span>
                    <span className="snap-sub">
                      <span title={new Date(s.saved_at).toLocaleString()}>{timeAgo(s.saved_at)}</span>·<span className="truncate">{who(s.saved_by)}</span>
                    </span>
                    <span className="snap-sub">
                      <MethodBadge method={s.method} short />
                      <span className="snap-url truncate" title={s.url}>{s.url}</span>
                    </span>
                  </button>
                  {canEdit && !isCurrent && (
                    <button className="btn btn-sm snap-restore" aria-label={`Restore version ${s.version}`} title={`Restore version ${s.version}`}
                      disabled={restoring !== null} onClick={() => void restore(s.version)}>
                      <RotateCcw size={13} aria-hidden /> {restoring === s.version ? "…" : "Restore"}
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          <div className="snap-preview" aria-live="polite">
            {selected === null ? null : !detail ? (
              <div className="snap-loading">Loading version {selected}…</div>
            ) : (
              <Preview detail={detail} current={current} who={who} />
            )}
          </div>
        </div>
      )}
    </Dialog>
  );
}

function Preview({ detail, current, who }: { detail: SnapshotDetail; current: SavedRequest; who: (uid: string) => string }) {
  const isCurrent = detail.version === current.version;
  const rows = diffRows(detail.request, current);
  const changes = changeCount(detail.request, current);
  const thenBody = bodyExcerpt(detail.request);
  const nowBody = bodyExcerpt(current);
  return (
    <>
      <div className="snap-preview-head">
        <h3>Version {detail.version}</h3>
        <span className="muted">saved {timeAgo(detail.saved_at)} by {who(detail.saved_by)}</span>
        <span className="spacer" />
        {isCurrent ? (
          <span className="badge badge-accent">This is the current version</span>
        ) : changes === 0 ? (
          <span className="badge">Same as current</span>
        ) : (
          <span className="badge badge-warn">{changes} difference{changes === 1 ? "" : "s"} from current (v{current.version})</span>
        )}
      </div>
      <table className="snap-diff">
        <thead className="sr-only">
          <tr><th>Field</th><th>Version {detail.version}</th><th>Current</th></tr>
        </thead>
        <tbody>
          <tr>
            <th />
            <td className="snap-col-head">Version {detail.version}</td>
            <td className="snap-col-head">{isCurrent ? "" : `Current (v${current.version})`}</td>
          </tr>
          {rows.map((r) => (
            <tr key={r.label} className={r.changed ? "changed" : undefined}>
              <th scope="row">{r.label}</th>
              <td className={`snap-then${r.label === "URL" ? " mono" : ""}`}>
                {r.label === "Method" ? <MethodBadge method={r.then} /> : r.then || <span className="faint">—</span>}
              </td>
              <td className={r.label === "URL" ? "mono" : undefined}>
                {isCurrent ? null : r.changed ? (
                  r.label === "Method" ? <MethodBadge method={r.now} /> : r.now || <span className="faint">—</span>
                ) : <span className="snap-same">same</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {(thenBody || nowBody) && (
        <div className="snap-cols">
          <div className="col" style={{ gap: 4 }}>
            <span className="snap-col-head">Body · version {detail.version}</span>
            <pre className={`snap-body${thenBody !== nowBody ? " changed" : ""}`}>{thenBody || <span className="faint">(no body)</span>}</pre>
          </div>
          {!isCurrent && (
            <div className="col" style={{ gap: 4 }}>
              <span className="snap-col-head">Body · current</span>
              <pre className="snap-body">{nowBody || <span className="faint">(no body)</span>}</pre>
            </div>
          )}
        </div>
      )}
    </>
  );
}
