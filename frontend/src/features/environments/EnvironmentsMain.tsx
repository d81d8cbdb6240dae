import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useNavigate } from "react-router-dom";
import { AlertTriangle, Check, Eye, EyeOff, Globe, Layers, Lock, LockOpen, Plus, RotateCcw, Save, Trash2 } from "lucide-react";
import { ApiError, environmentsApi, type Environment, type EnvVariable } from "../../api";
import { Empty } from "../../ui/Empty";
import { timeAgo } from "../../ui/format";
import { toast } from "../../ui/toast";
import { useCan, useCurrentWorkspace } from "../../stores/workspace";
import { useEnvironments } from "./envStore";
import { createEnvironment } from "./envActions";
import {
  fieldErrorsByRow, fillRevealed, isBlank, isDirty, rowErrors, rowsAfterSave, rowsOf, toPayload, withTrailingRow,
  type EnvRow,
} from "./envEditor";
import { envPath, GLOBALS, useSelectedEnvironment } from "./envRoute";
import "./environments.css";

/** Main area on /w/:ws/environments[/<id>]: the editor of the selected environment, or an empty state. */
export function EnvironmentsMain({ ws }: { ws: string }) {
  const selected = useSelectedEnvironment();
  const count = useEnvironments((s) => s.environments.length);
  const loading = useEnvironments((s) => s.loading);
  const canEdit = useCan("editor");
  const navigate = useNavigate();

  if (!selected) {
    return (
      <div className="env-main env-main-empty">
        <Empty
          icon={<Layers size={36} strokeWidth={1.5} />}
          title={count > 0 ? "Pick an environment to edit" : "No environments yet"}
          action={
            canEdit ? (
              <button className="btn btn-primary" onClick={async () => {
                const env = await createEnvironment(ws);
                if (env) navigate(envPath(ws, env.id));
              }}>
                <Plus size={15} /> New environment
              </button>
            ) : undefined
          }
        >
          {loading && count === 0 ? "Loading…" : "Create an environment to keep base URLs and tokens out of your requests"}
          {count > 0 ? ", or choose one on the left. Globals apply in every environment." : "."}
        </Empty>
      </div>
    );
  }
  return <EnvironmentEditor key={`${ws}/${selected}`} ws={ws} id={selected} />;
}

interface Loaded {
  env: Environment;
  baseName: string;
  baseRows: EnvRow[];
}

function EnvironmentEditor({ ws, id }: { ws: string; id: string }) {
  const isGlobals = id === GLOBALS;
  const canEdit = useCan("editor");
  // Until the workspace list arrives the role is unknown: stay read-only, but do not claim "view access".
  const roleKnown = useCurrentWorkspace() !== null;
  const activeId = useEnvironments((s) => s.activeId);
  const navigate = useNavigate();

  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [loadError, setLoadError] = useState<{ status: number; message: string } | null>(null);
  const [name, setName] = useState("");
  const [rows, setRows] = useState<EnvRow[]>([]);
  const [showValues, setShowValues] = useState(false);
  const [revealing, setRevealing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [nameError, setNameError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);

  const apply = useCallback((env: Environment, nextRows = rowsOf(env)) => {
    setLoaded({ env, baseName: env.name, baseRows: nextRows });
    setName(env.name);
    setRows(nextRows);
    setErrors({});
    setNameError(null);
    setConflict(false);
  }, []);

  // Only the latest load may land (StrictMode runs the effect twice; a slow answer must not clobber typing).
  const loadSeq = useRef(0);
  const load = useCallback(async () => {
    const mine = ++loadSeq.current;
    setLoadError(null);
    try {
      const env = isGlobals ? await environmentsApi.globals(ws) : await environmentsApi.get(ws, id);
      if (mine !== loadSeq.current) return;
      apply(env);
      setShowValues(false);
    } catch (err) {
      if (mine !== loadSeq.current) return;
      setLoadError({ status: err instanceof ApiError ? err.status : 0, message: err instanceof Error ? err.message : String(err) });
    }
  }, [ws, id, isGlobals, apply]);

  useEffect(() => {
    void load();
  }, [load]);

  // Saved elsewhere on this page (renamed from the panel...): pick up the new version unless there are edits.
  const storeVersion = useEnvironments((s) => (isGlobals ? s.globals?.version : s.environments.find((e) => e.id === id)?.version));

  const dirty = loaded ? isDirty(name, rows, loaded.baseName, loaded.baseRows) : false;
  useEffect(() => {
    if (loaded && !dirty && storeVersion !== undefined && storeVersion > loaded.env.version) void load();
  }, [storeVersion, loaded, dirty, load]);
  // ... with edits, they stay, and the page says at once that a newer version exists (not only when saving fails)
  const newerElsewhere = dirty && loaded !== null && storeVersion !== undefined && storeVersion > loaded.env.version;
  const masked = rows.some((r) => r.masked);
  const hasSecrets = rows.some((r) => r.secret);
  const readOnly = !canEdit;
  const shownRows = useMemo(() => (readOnly ? rows : withTrailingRow(rows)), [rows, readOnly]);

  useEffect(() => {
    if (!dirty) return;
    const onUnload = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", onUnload);
    return () => window.removeEventListener("beforeunload", onUnload);
  }, [dirty]);

  const save = useCallback(async (opts: { overwrite?: boolean } = {}) => {
    if (!loaded || readOnly || saving) return;
    const problems = rowErrors(rows);
    if (!isGlobals && !name.trim()) {
      setNameError("Give the environment a name");
      return;
    }
    if (Object.keys(problems).length) {
      setErrors(problems);
      return;
    }
    setSaving(true);
    const payload: EnvVariable[] = toPayload(rows);
    try {
      let version: number | undefined = loaded.env.version;
      if (opts.overwrite) {
        const fresh = isGlobals ? await environmentsApi.globals(ws) : await environmentsApi.get(ws, id);
        version = fresh.version;
      }
      if (!isGlobals && version === 0) version = undefined;
      const saved = isGlobals
        ? await environmentsApi.saveGlobals(ws, payload, version)
        : await environmentsApi.save(ws, id, name.trim(), payload, version);
      const nextRows = rowsAfterSave(saved, payload);
      apply(saved, nextRows);
      if (isGlobals) useEnvironments.getState().setGlobals(saved);
      else useEnvironments.getState().upsert(saved);
      toast.success(isGlobals ? "Globals saved" : `Saved “${saved.name}”`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setConflict(true);
      else {
        if (err instanceof ApiError && err.status === 400) {
          setErrors(fieldErrorsByRow(rows, err.fields));
          const nameMsg = err.fieldMessage("name");
          if (nameMsg) setNameError(nameMsg);
        }
        toast.error(err);
      }
    } finally {
      setSaving(false);
    }
  }, [loaded, readOnly, saving, rows, isGlobals, name, ws, id, apply]);

  // Ctrl/Cmd+S saves while the editor is open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === "s") {
        e.preventDefault();
        if (dirty) void save();
      }
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [dirty, save]);

  const reveal = async () => {
    if (!loaded) return;
    setRevealing(true);
    try {
      const full = isGlobals ? await environmentsApi.globals(ws, true) : await environmentsApi.get(ws, id, true);
      if (!dirty && full.version === loaded.env.version) apply(full);
      else {
        // Keep unsaved edits: fill in the values of rows still masked (and of the baseline, so dirty stays honest).
        setRows((rs) => fillRevealed(rs, full));
        setLoaded((l) => (l ? { ...l, baseRows: fillRevealed(l.baseRows, full) } : l));
      }
      setShowValues(true);
    } catch (err) {
      toast.error(err);
    } finally {
      setRevealing(false);
    }
  };

  const update = (rowId: string, patch: Partial<EnvRow>) => {
    setRows((rs) => {
      const exists = rs.some((r) => r.id === rowId);
      // Typing into the trailing blank row makes it a real row.
      const base = exists ? rs : [...rs, ...shownRows.filter((r) => r.id === rowId)];
      return base.map((r) => (r.id === rowId ? { ...r, ...patch } : r));
    });
    if (errors[rowId]) setErrors((es) => Object.fromEntries(Object.entries(es).filter(([k]) => k !== rowId)));
  };
  const remove = (rowId: string) => setRows((rs) => rs.filter((r) => r.id !== rowId));

  if (loadError) {
    return (
      <div className="env-main env-main-empty">
        <Empty icon={<AlertTriangle size={32} strokeWidth={1.5} />}
          title={loadError.status === 404 ? "This environment no longer exists" : "Could not load this environment"}
          action={
            <div className="row">
              {loadError.status !== 404 && <button className="btn" onClick={() => void load()}>Try again</button>}
              <button className="btn" onClick={() => navigate(envPath(ws))}>Back to environments</button>
            </div>
          }>
          {loadError.status === 404 ? "Someone may have deleted it. Pick another one on the left." : loadError.message}
        </Empty>
      </div>
    );
  }
  if (!loaded) {
    return <div className="env-main env-main-empty" aria-busy="true"><span className="muted">Loading…</span></div>;
  }

  const env = loaded.env;
  const active = !isGlobals && activeId === env.id;
  const varCount = rows.filter((r) => !isBlank(r)).length;

  return (
    <div className="env-main">
      <header className="env-head">
        <div className="env-title">
          {isGlobals ? <Globe size={18} className="faint" aria-hidden /> : <Layers size={18} className="faint" aria-hidden />}
          {isGlobals ? (
            <h1 className="env-globals-title">Globals</h1>
          ) : (
            <input className="env-name-input" aria-label="Environment name" value={name} readOnly={readOnly}
              aria-invalid={nameError ? true : undefined} aria-describedby={nameError ? "env-name-error" : undefined}
              onChange={(e) => { setName(e.target.value); setNameError(null); }} maxLength={200} />
          )}
          {dirty && <span className="env-dirty" title="Unsaved changes" aria-label="Unsaved changes" />}
          {!isGlobals && (active
            ? <span className="badge badge-ok"><Check size={12} aria-hidden /> Active</span>
            : <button className="btn btn-sm" onClick={() => useEnvironments.getState().setActive(env.id)}><Check size={13} aria-hidden /> Use this environment</button>)}
        </div>
        <div className="env-actions">
          {hasSecrets && (masked ? (
            canEdit && (
              <button className="btn btn-sm" onClick={() => void reveal()} disabled={revealing}
                title="Show secret values (editors only; the reveal is recorded)">
                <Eye size={14} aria-hidden /> {revealing ? "Revealing…" : "Reveal"}
              </button>
            )
          ) : (
            <button className="btn btn-sm" onClick={() => setShowValues((v) => !v)} aria-pressed={showValues}>
              {showValues ? <EyeOff size={14} aria-hidden /> : <Eye size={14} aria-hidden />} {showValues ? "Hide values" : "Show values"}
            </button>
          ))}
          {canEdit && dirty && (
            <button className="btn btn-sm btn-ghost" onClick={() => apply(env, loaded.baseRows)} title="Discard unsaved changes">
              <RotateCcw size={14} aria-hidden /> Discard
            </button>
          )}
          {canEdit && (
            <button className="btn btn-sm btn-primary" onClick={() => void save()} disabled={!dirty || saving}
              title="Save (Ctrl+S)" aria-keyshortcuts="Control+S Meta+S">
              <Save size={14} aria-hidden /> {saving ? "Saving…" : "Save"}
            </button>
          )}
        </div>
      </header>
      {nameError && <div id="env-name-error" className="field-error env-name-error">{nameError}</div>}
      <div className="env-sub">
        <span>{isGlobals ? "Available in every request of this workspace; the active environment overrides them." : `${varCount} variable${varCount === 1 ? "" : "s"}`}</span>
        {env.updated_at && <span className="faint">· saved {timeAgo(env.updated_at)}</span>}
        {env.version > 0 && <span className="faint">· v{env.version}</span>}
        <span className="faint">· use as <code>{"{{name}}"}</code></span>
      </div>

      {(conflict || newerElsewhere) && (
        <div className="env-banner env-banner-warn" role="alert">
          <AlertTriangle size={15} aria-hidden />
          <span className="grow">Someone saved this environment while you were editing. Reload to get their version, or overwrite it with yours.</span>
          <button className="btn btn-sm" onClick={() => void load()}>Reload</button>
          <button className="btn btn-sm btn-danger" onClick={() => void save({ overwrite: true })}>Overwrite</button>
        </div>
      )}
      {readOnly && roleKnown && (
        <div className="env-banner" role="note">
          <Lock size={14} aria-hidden />
          <span>You have view access: secret values stay hidden and changes need an editor.</span>
        </div>
      )}

      <div className="env-table-wrap">
        <table className="env-table">
          <colgroup>
            <col style={{ width: 40 }} />
            <col style={{ width: "32%" }} />
            <col />
            <col style={{ width: 64 }} />
            {!readOnly && <col style={{ width: 44 }} />}
          </colgroup>
          <thead>
            <tr>
              <th aria-label="Enabled" />
              <th>Variable</th>
              <th>Value</th>
              <th className="center">Secret</th>
              {!readOnly && <th aria-label="Actions" />}
            </tr>
          </thead>
          <tbody>
            {shownRows.map((row, i) => {
              const n = i + 1;
              const trailing = !rows.some((r) => r.id === row.id);
              const err = errors[row.id];
              return (
                <tr key={row.id} className={`${trailing ? "env-row-new" : ""}${!row.enabled && !trailing ? " env-row-off" : ""}${err ? " env-row-err" : ""}`}>
                  <td className="center">
                    <input type="checkbox" className="env-check" aria-label={`Variable enabled ${n}`} checked={row.enabled}
                      disabled={readOnly || trailing} onChange={(e) => update(row.id, { enabled: e.target.checked })} />
                  </td>
                  <td>
                    <input className="env-cell mono" aria-label={`Variable name ${n}`} value={row.key} readOnly={readOnly || row.masked}
                      placeholder={trailing ? "Add a variable" : "name"} spellCheck={false} autoComplete="off"
                      title={row.masked ? "Reveal to rename a secret" : undefined}
                      aria-invalid={err ? true : undefined}
                      onChange={(e) => update(row.id, { key: e.target.value })} />
                    {err && <div className="field-error env-cell-error">{err}</div>}
                  </td>
                  <td>
                    {row.masked ? (
                      <input className="env-cell mono env-masked" aria-label={`Variable value ${n}`} value="" readOnly
                        placeholder="••••••••••" title={canEdit ? "Secret value hidden: Reveal to see or change it" : "Secret value hidden"} />
                    ) : (
                      <input className="env-cell mono" aria-label={`Variable value ${n}`} value={row.value ?? ""} readOnly={readOnly}
                        type={row.secret && !showValues ? "password" : "text"} placeholder={trailing ? "" : "value"}
                        spellCheck={false} autoComplete="off"
                        onChange={(e) => update(row.id, { value: e.target.value })} />
                    )}
                  </td>
                  <td className="center">
                    <button type="button" role="switch" aria-checked={row.secret} aria-label={`Secret ${n}`}
                      className={`env-secret${row.secret ? " on" : ""}`} disabled={readOnly || trailing}
                      title={row.secret ? "Secret: encrypted, masked for others" : "Mark as secret"}
                      onClick={() => update(row.id, { secret: !row.secret })}>
                      {row.secret ? <Lock size={14} /> : <LockOpen size={14} />}
                    </button>
                  </td>
                  {!readOnly && <td className="center">
                    {!trailing && (
                      <button className="icon-btn env-del" aria-label={`Delete variable ${n}`} title="Delete variable" onClick={() => remove(row.id)}>
                        <Trash2 size={14} />
                      </button>
                    )}
                  </td>}
                </tr>
              );
            })}
            {readOnly && rows.length === 0 && (
              <tr><td colSpan={4} className="env-none muted">No variables yet.</td></tr>
            )}
          </tbody>
        </table>
      </div>
    </div>
  );
}
