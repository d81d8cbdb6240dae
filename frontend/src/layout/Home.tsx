import { useEffect, useState } from "react";
import { Navigate } from "react-router-dom";
import { errorMessage } from "../api";
import { useWorkspaces } from "../stores/workspace";
import { CreateFirstWorkspace } from "../features/workspaces/CreateFirstWorkspace";

/** "/": open the last workspace used, or the first one, or offer to create one. */
export function Home() {
  const { workspaces, loaded, load } = useWorkspaces();
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    load().catch((e) => setError(errorMessage(e)));
  }, [load]);
  if (error) return <div className="auth-page"><div className="card auth-card" role="alert">{error}</div></div>;
  if (!loaded) return <div className="auth-page"><span className="muted">Loading workspaces…</span></div>;
  const last = localStorage.getItem("playground.lastWorkspace");
  const target = workspaces.find((w) => w.id === last) ?? workspaces[0];
  if (target) return <Navigate to={`/w/${target.id}`} replace />;
  return <CreateFirstWorkspace />;
}
