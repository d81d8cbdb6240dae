import { useEffect, useRef, useState, type ReactNode } from "react";
import { Link, useParams } from "react-router-dom";
import { ChevronDown, Eye, Globe, Layers, Lock } from "lucide-react";
import type { Environment } from "../../api";
import { activeEnvironment, useEnvironments } from "./envStore";
import { envPath, GLOBALS } from "./envRoute";
import { useDismiss } from "../../ui/useDismiss";
import "./environments.css";

/** Top bar: which environment requests run with, and a peek at its variables. */
export function EnvironmentSelector() {
  const params = useParams();
  const state = useEnvironments();
  const ws = params.ws ?? state.ws;
  const [open, setOpen] = useState(false);
  const active = activeEnvironment(state);
  if (!ws) return null;

  return (
    <div className="envsel">
      <div className={`envsel-select${active ? " has-env" : ""}`}>
        <Layers size={14} className="envsel-icon" aria-hidden />
        <select className="select" aria-label="Active environment" value={state.activeId ?? ""}
          onChange={(e) => state.setActive(e.target.value || null)}>
          <option value="">No environment</option>
          {state.environments.map((env) => (
            <option key={env.id} value={env.id}>{env.name}</option>
          ))}
        </select>
        <ChevronDown size={14} className="envsel-chevron" aria-hidden />
      </div>
      <button className={`icon-btn envsel-eye${open ? " open" : ""}`} aria-label="Show environment variables"
        title="Show environment variables" aria-expanded={open} aria-haspopup="dialog" onClick={() => setOpen((o) => !o)}>
        <Eye size={16} />
      </button>
      {open && <VariablesPopover ws={ws} active={active} globals={state.globals} onClose={() => setOpen(false)} />}
    </div>
  );
}

const isEyeButton = (target: HTMLElement) => target.closest(".envsel-eye") !== null;

function VariablesPopover({ ws, active, globals, onClose }: {
  ws: string;
  active: Environment | null;
  globals: Environment | null;
  onClose: () => void;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  // the eye button toggles the popover itself: a press on it is not an outside press
  useDismiss(ref, onClose, { ignore: isEyeButton });

  const activeKeys = new Set((active?.variables ?? []).filter((v) => v.enabled).map((v) => v.key));
  return (
    <div className="envsel-pop" role="dialog" aria-label="Environment variables" ref={ref} tabIndex={-1}>
      <VarSection
        title={active ? active.name : "No environment"}
        icon={<Layers size={14} aria-hidden />}
        editTo={active ? envPath(ws, active.id) : null}
        env={active}
        emptyText={active ? "This environment has no variables." : "Pick an environment to run requests with its variables."}
        onNavigate={onClose}
      />
      <VarSection title="Globals" icon={<Globe size={14} aria-hidden />} editTo={envPath(ws, GLOBALS)} env={globals}
        emptyText="No globals. They apply in every environment." overridden={activeKeys} onNavigate={onClose} />
      <div className="envsel-foot">
        <Link to={envPath(ws)} onClick={onClose}>Manage environments</Link>
      </div>
    </div>
  );
}

function VarSection({ title, icon, env, editTo, emptyText, overridden, onNavigate }: {
  title: string;
  icon: ReactNode;
  env: Environment | null;
  editTo: string | null;
  emptyText: string;
  overridden?: Set<string>;
  onNavigate: () => void;
}) {
  const vars = env?.variables ?? [];
  return (
    <section className="envsel-sec">
      <div className="envsel-sec-head">
        {icon}
        <h3 className="grow truncate">{title}</h3>
        {editTo && <Link to={editTo} className="envsel-edit" onClick={onNavigate}>Edit</Link>}
      </div>
      {vars.length === 0 ? (
        <p className="envsel-none">{emptyText}</p>
      ) : (
        <dl className="envsel-vars">
          {vars.map((v, i) => {
            const over = v.enabled && overridden?.has(v.key);
            const off = !v.enabled || over;
            return (
              <div key={`${v.key}-${i}`} className={`envsel-var${off ? " off" : ""}`}
                title={!v.enabled ? "Disabled" : over ? "Overridden by the active environment" : undefined}>
                <dt className="mono truncate">{v.key}</dt>
                <dd className="mono">
                  {v.secret ? (
                    <span className="envsel-secret envsel-val" aria-label="secret value hidden"><Lock size={11} aria-hidden /> ••••••••</span>
                  ) : (
                    <span className="envsel-val">{v.value || <span className="faint">empty</span>}</span>
                  )}
                  {over && <span className="envsel-tag">overridden</span>}
                  {!v.enabled && <span className="envsel-tag">off</span>}
                </dd>
              </div>
            );
          })}
        </dl>
      )}
    </section>
  );
}
