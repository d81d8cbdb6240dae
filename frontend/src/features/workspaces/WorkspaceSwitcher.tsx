/** Top bar: the current workspace and my role; a menu to switch, create one, or open its members. */
import { useNavigate } from "react-router-dom";
import { Check, ChevronsUpDown, Plus, Users } from "lucide-react";
import { workspacesApi } from "../../api";
import { useWorkspaces } from "../../stores/workspace";
import { promptText } from "../../ui/prompt";
import { toast } from "../../ui/toast";
import { Dropdown } from "../account/Dropdown";
import { roleLabel } from "./members";
import "./workspaces.css";

export async function createWorkspaceFlow(navigate: (to: string) => void): Promise<void> {
  const name = await promptText("New workspace", { label: "Workspace name", confirmText: "Create workspace" });
  if (!name) return;
  try {
    const ws = await workspacesApi.create(name);
    useWorkspaces.getState().upsert(ws);
    toast.success(`Created “${ws.name}”`);
    navigate(`/w/${ws.id}`);
  } catch (err) {
    toast.error(err);
  }
}

export function WorkspaceSwitcher() {
  const navigate = useNavigate();
  const workspaces = useWorkspaces((s) => s.workspaces);
  const loaded = useWorkspaces((s) => s.loaded);
  const currentId = useWorkspaces((s) => s.currentId);
  const fallbackId = currentId ?? localStorage.getItem("playground.lastWorkspace");
  const current = workspaces.find((w) => w.id === fallbackId) ?? null;

  return (
    <Dropdown
      buttonLabel="Switch workspace"
      className="wss"
      buttonClass="wss-btn"
      menuLabel="Workspaces"
      onOpen={() => void useWorkspaces.getState().load().catch((e: unknown) => toast.error(e))}
      buttonContent={
        <>
          {current && <span className="wss-mark" aria-hidden="true">{current.name.charAt(0).toUpperCase()}</span>}
          <span className={`wss-name truncate${current ? "" : " muted"}`}>
            {current?.name ?? (loaded ? "Choose a workspace" : "Workspaces")}
          </span>
          {current && <span className="badge wss-role">{roleLabel(current.role)}</span>}
          <ChevronsUpDown size={14} aria-hidden="true" className="wss-chevron" />
        </>
      }
    >
      {(close) => (
        <>
          <div className="dd-label" aria-hidden="true">Workspaces</div>
          <div className="wss-list">
            {workspaces.map((w) => (
              <button key={w.id} role="menuitem" className="menu-item wss-item"
                aria-current={w.id === current?.id ? "true" : undefined}
                onClick={() => { close(); navigate(`/w/${w.id}`); }}>
                <span className="wss-mark small" aria-hidden="true">{w.name.charAt(0).toUpperCase()}</span>
                <span className="truncate grow">{w.name}</span>
                <span className="faint wss-item-role">{roleLabel(w.role)}</span>
                <span className="wss-check">{w.id === current?.id && <Check size={14} aria-hidden="true" />}</span>
              </button>
            ))}
            {workspaces.length === 0 && <div className="pg-empty">No workspaces yet.</div>}
          </div>
          <div className="menu-sep" role="separator" />
          {current && (
            <button role="menuitem" className="menu-item" onClick={() => { close(); navigate(`/w/${current.id}/members`); }}>
              <Users size={15} aria-hidden="true" />Members & invitations
            </button>
          )}
          <button role="menuitem" className="menu-item" onClick={() => { close(); void createWorkspaceFlow(navigate); }}>
            <Plus size={15} aria-hidden="true" />New workspace…
          </button>
        </>
      )}
    </Dropdown>
  );
}
