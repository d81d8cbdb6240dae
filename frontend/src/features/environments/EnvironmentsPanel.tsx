import { useState, type MouseEvent } from "react";
import { Link, useNavigate } from "react-router-dom";
import { Check, Copy, Globe, Layers, MoreHorizontal, Pencil, Plus, Search, Trash2 } from "lucide-react";
import type { Environment } from "../../api";
import { Menu, type MenuItem } from "../../ui/Menu";
import { useCan } from "../../stores/workspace";
import { useEnvironments, variableCount } from "./envStore";
import { createEnvironment, deleteEnvironment, duplicateEnvironment, renameEnvironment } from "./envActions";
import { envPath, GLOBALS, useSelectedEnvironment } from "./envRoute";
import "./environments.css";

const plural = (n: number) => `${n} variable${n === 1 ? "" : "s"}`;

/** Left panel on /w/:ws/environments: Globals pinned first, then the workspace's environments. */
export function EnvironmentsPanel({ ws }: { ws: string }) {
  const { environments, globals, activeId, loading, error } = useEnvironments();
  const selected = useSelectedEnvironment();
  const canEdit = useCan("editor");
  const navigate = useNavigate();
  const [filter, setFilter] = useState("");
  const [menu, setMenu] = useState<{ x: number; y: number; env: Environment } | null>(null);

  const shown = environments.filter((e) => e.name.toLowerCase().includes(filter.trim().toLowerCase()));

  const onNew = async () => {
    const env = await createEnvironment(ws);
    if (env) navigate(envPath(ws, env.id));
  };

  const openMenu = (e: MouseEvent, env: Environment) => {
    e.preventDefault();
    e.stopPropagation();
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    setMenu(e.type === "contextmenu" ? { x: e.clientX, y: e.clientY, env } : { x: r.left, y: r.bottom + 4, env });
  };

  const menuItems = (env: Environment): MenuItem[] => [
    {
      label: "Set active",
      icon: <Check size={14} />,
      disabled: env.id === activeId,
      onSelect: () => useEnvironments.getState().setActive(env.id),
    },
    { label: "Rename", icon: <Pencil size={14} />, disabled: !canEdit, onSelect: () => void renameEnvironment(ws, env) },
    {
      label: "Duplicate",
      icon: <Copy size={14} />,
      disabled: !canEdit,
      onSelect: async () => {
        const copy = await duplicateEnvironment(ws, env);
        if (copy) navigate(envPath(ws, copy.id));
      },
    },
    {
      label: "Delete",
      icon: <Trash2 size={14} />,
      danger: true,
      disabled: !canEdit,
      separatorBefore: true,
      onSelect: async () => {
        if ((await deleteEnvironment(ws, env)) && selected === env.id) navigate(envPath(ws));
      },
    },
  ];

  return (
    <div className="envp">
      <div className="panel-head">
        <h2>Environments</h2>
        <div className="spacer" />
        {canEdit && (
          <button className="icon-btn" aria-label="New environment" title="New environment" onClick={() => void onNew()}>
            <Plus size={16} />
          </button>
        )}
      </div>
      {environments.length > 6 && (
        <div className="panel-search">
          <Search size={14} aria-hidden />
          <input className="input" aria-label="Filter environments" placeholder="Filter environments" value={filter}
            onChange={(e) => setFilter(e.target.value)} />
        </div>
      )}
      <nav className="envp-list" aria-label="Environments">
        <Link to={envPath(ws, GLOBALS)} className="envp-item" aria-current={selected === GLOBALS ? "page" : undefined}>
          <Globe size={15} className="envp-icon" aria-hidden />
          <span className="envp-name grow truncate">Globals</span>
          <span className="envp-count">{variableCount(globals)}</span>
        </Link>
        <div className="envp-sep" role="presentation">
          <span>Environments</span>
          {environments.length > 0 && <span className="faint">{environments.length}</span>}
        </div>
        {shown.map((env) => {
          const active = env.id === activeId;
          return (
            <div key={env.id} className="envp-row" onContextMenu={(e) => openMenu(e, env)}>
              <Link to={envPath(ws, env.id)} className="envp-item" aria-current={selected === env.id ? "page" : undefined}
                title={`${env.name} · ${plural(variableCount(env))}${active ? " · active" : ""}`}>
                <Layers size={15} className="envp-icon" aria-hidden />
                <span className="envp-name grow truncate">{env.name}</span>
                {active && <span className="badge badge-ok envp-active" aria-label="Active">Active</span>}
                <span className="envp-count">{variableCount(env)}</span>
              </Link>
              <button className="icon-btn envp-more" aria-label={`Actions for ${env.name}`} title="More actions"
                aria-haspopup="menu" onClick={(e) => openMenu(e, env)}>
                <MoreHorizontal size={15} />
              </button>
            </div>
          );
        })}
        {loading && environments.length === 0 && <div className="envp-note muted">Loading environments…</div>}
        {error && <div className="envp-note field-error" role="alert">{error}</div>}
        {!loading && !error && environments.length === 0 && (
          <div className="envp-empty">
            <p>No environments yet. Keep base URLs and tokens per stage (Local, Staging, Production) and switch with one click.</p>
            {canEdit && (
              <button className="btn btn-sm" onClick={() => void onNew()}>
                <Plus size={14} /> Create environment
              </button>
            )}
          </div>
        )}
        {environments.length > 0 && shown.length === 0 && <div className="envp-note muted">No environment matches “{filter}”.</div>}
      </nav>
      {menu && (
        <Menu x={menu.x} y={menu.y} label={`Actions for ${menu.env.name}`} items={menuItems(menu.env)} onClose={() => setMenu(null)} />
      )}
    </div>
  );
}
