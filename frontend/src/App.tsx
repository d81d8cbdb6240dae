import { useEffect, type ReactNode } from "react";
import { Navigate, Route, Routes, useLocation } from "react-router-dom";
import { useSession } from "./stores/session";
import { LoginPage, SignupPage } from "./features/auth/AuthPages";
import { AcceptInvitationPage } from "./features/workspaces/AcceptInvitationPage";
import { AppShell } from "./layout/AppShell";
import { Home } from "./layout/Home";
import { Toasts } from "./ui/Toasts";
import { PromptHost } from "./ui/prompt";

/** Routes. API paths never collide with these: the server serves this page for any browser GET it has no route for. */
export function App() {
  const status = useSession((s) => s.status);
  const bootstrap = useSession((s) => s.bootstrap);
  useEffect(() => {
    void bootstrap();
  }, [bootstrap]);
  if (status === "loading") return <div className="auth-page" aria-busy="true"><span className="muted">Loading…</span></div>;
  return (
    <>
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/signup" element={<SignupPage />} />
        <Route path="/invitations/accept" element={<RequireAuth><AcceptInvitationPage /></RequireAuth>} />
        <Route path="/w/:ws/*" element={<RequireAuth><AppShell /></RequireAuth>} />
        <Route path="/account" element={<RequireAuth><AppShell page="account" /></RequireAuth>} />
        <Route path="/settings" element={<RequireAuth><AppShell page="settings" /></RequireAuth>} />
        <Route path="*" element={<RequireAuth><Home /></RequireAuth>} />
      </Routes>
      <Toasts />
      <PromptHost />
    </>
  );
}

function RequireAuth({ children }: { children: ReactNode }) {
  const status = useSession((s) => s.status);
  const location = useLocation();
  if (status !== "signed-in") {
    const next = location.pathname + location.search + location.hash;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return <>{children}</>;
}
