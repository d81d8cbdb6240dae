import { useEffect } from "react";
import { Link, NavLink, Route, Routes, useLocation, useNavigate, useParams } from "react-router-dom";
import { Clock, FolderTree, Layers, Settings as SettingsIcon, Users } from "lucide-react";
import { useWorkspaces } from "../stores/workspace";
import { useTree } from "../features/tree/treeStore";
import { useEnvironments } from "../features/environments/envStore";
import { WorkspaceSwitcher } from "../features/workspaces/WorkspaceSwitcher";
import { MembersPage } from "../features/workspaces/MembersPage";
import { AccountMenu } from "../features/account/AccountMenu";
import { AccountPage } from "../features/account/AccountPage";
import { SettingsPage } from "../features/settings/SettingsPage";
import { CollectionsPanel } from "../features/tree/CollectionsPanel";
import { HistoryPanel } from "../features/history/HistoryPanel";
import { EnvironmentsPanel } from "../features/environments/EnvironmentsPanel";
import { EnvironmentSelector } from "../features/environments/EnvironmentSelector";
import { EnvironmentsMain } from "../features/environments/EnvironmentsMain";
import { Workbench } from "../features/request/Workbench";
import { useRealtime } from "../features/response/useRealtime";

type Panel = "collections" | "environments" | "history";

/**
 * The signed-in frame: top bar, icon rail, side panel and main area.
 * /w/:ws            collections + request workbench
 * /w/:ws/history    history panel + workbench
 * /w/:ws/environments  environments panel + environment editor in main
 * /w/:ws/members    members and invitations
 * /account, /settings  pages without a workspace panel
 */
export function AppShell({ page }: { page?: "account" | "settings" }) {
  const { ws } = useParams();
  const navigate = useNavigate();
  const { workspaces, loaded, load, setCurrent } = useWorkspaces();
  const wsId = ws ?? useWorkspaces.getState().currentId ?? localStorage.getItem("playground.lastWorkspace");

  useEffect(() => {
    if (!loaded) void load();
  }, [loaded, load]);
  useEffect(() => {
    if (ws) setCurrent(ws);
  }, [ws, setCurrent]);
  useEffect(() => {
    if (ws) {
      void useTree.getState().load(ws);
      void useEnvironments.getState().load(ws);
    }
  }, [ws]);
  useRealtime(ws ?? null);

  useEffect(() => {
    if (ws && loaded && !workspaces.some((w) => w.id === ws)) navigate("/", { replace: true });
  }, [ws, loaded, workspaces, navigate]);

  const base = wsId ? `/w/${wsId}` : "/";
  const { pathname } = useLocation();
  const fullPage = page !== undefined || !ws || /^\/w\/[^/]+\/members/.test(pathname);
  return (
    <div className="shell">
      <header className="topbar">
        <Link to={base} className="brand" aria-label="API Playground home">
          <img src="/favicon.svg" width={22} height={22} alt="" />
          API Playground
        </Link>
        <WorkspaceSwitcher />
        <div className="spacer" />
        {ws && <EnvironmentSelector />}
        <AccountMenu />
      </header>
      <div className="shell-body" style={fullPage ? { gridTemplateColumns: "64px 1fr" } : undefined}>
        <nav className="rail" aria-label="Sections">
          <RailLink to={`${base}`} end icon={<FolderTree size={18} />} label="Collections" />
          <RailLink to={`${base}/environments`} icon={<Layers size={18} />} label="Environments" short="Envs" />
          <RailLink to={`${base}/history`} icon={<Clock size={18} />} label="History" />
          <RailLink to={`${base}/members`} icon={<Users size={18} />} label="Team" />
          <div className="spacer" />
          <RailLink to="/settings" icon={<SettingsIcon size={18} />} label="Settings" />
        </nav>
        {page === "account" ? (
          <main className="main page-scroll"><AccountPage /></main>
        ) : page === "settings" ? (
          <main className="main page-scroll"><SettingsPage /></main>
        ) : ws ? (
          <Routes>
            <Route path="members" element={<main className="main page-scroll"><MembersPage ws={ws} /></main>} />
            <Route path="environments/*" element={<WorkspaceArea ws={ws} panel="environments" />} />
            <Route path="history" element={<WorkspaceArea ws={ws} panel="history" />} />
            <Route path="*" element={<WorkspaceArea ws={ws} panel="collections" />} />
          </Routes>
        ) : null}
      </div>
    </div>
  );
}

function WorkspaceArea({ ws, panel }: { ws: string; panel: Panel }) {
  return (
    <>
      <aside className="sidebar" aria-label={panel}>
        {panel === "collections" && <CollectionsPanel ws={ws} />}
        {panel === "history" && <HistoryPanel ws={ws} />}
        {panel === "environments" && <EnvironmentsPanel ws={ws} />}
      </aside>
      <main className="main">
        {panel === "environments" ? <EnvironmentsMain ws={ws} /> : <Workbench ws={ws} />}
      </main>
    </>
  );
}

function RailLink({ to, icon, label, short, end }: { to: string; icon: React.ReactNode; label: string; short?: string; end?: boolean }) {
  return (
    <NavLink to={to} end={end} className="rail-btn" title={label} aria-label={label}>
      {icon}
      <span aria-hidden="true">{short ?? label}</span>
    </NavLink>
  );
}
