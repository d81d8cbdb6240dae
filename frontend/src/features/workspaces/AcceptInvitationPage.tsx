/** /invitations/accept#<token>: join (or decline) the workspace an invitation link points to. */
import { useEffect, useState } from "react";
import { Link, useLocation, useNavigate } from "react-router-dom";
import { CircleAlert, MailCheck, MailX } from "lucide-react";
import { ApiError, authApi, errorMessage, workspacesApi, type Invitation } from "../../api";
import { useSession } from "../../stores/session";
import { useWorkspaces } from "../../stores/workspace";
import { AuthCard } from "../auth/AuthPages";
import { signOutTo } from "../auth/reset";
import { roleLabel, tokenFromHash } from "./members";
import "../auth/auth.css";
import "./workspaces.css";

interface Problem { title: string; message: string; hint?: string; wrongAccount: boolean }
type Outcome = ({ kind: "error" } & Problem) | { kind: "declined" };

/** The accept answer is the workspace itself ({id, name, role, ...}); older servers may send workspace_id. */
export function joinedWorkspaceId(answer: unknown): string | null {
  if (!answer || typeof answer !== "object") return null;
  const a = answer as { id?: unknown; workspace_id?: unknown };
  if (typeof a.workspace_id === "string") return a.workspace_id;
  if (typeof a.id === "string" && a.id.startsWith("ws_")) return a.id;
  return typeof a.id === "string" ? a.id : null;
}

export function describe(err: unknown): Problem {
  if (err instanceof ApiError) {
    if (err.code === "INVITATION_NOT_FOUND" || err.status === 404)
      return { title: "This invitation is not for this account", message: err.message, wrongAccount: true };
    if (err.code === "ALREADY_MEMBER")
      return { title: "You are already a member", message: err.message, wrongAccount: false,
        hint: "Open it from your workspaces." };
    if (err.code === "INVITATION_CLOSED" || err.status === 409)
      return { title: "This invitation can no longer be used", message: err.message, wrongAccount: false,
        hint: "Ask the person who invited you for a new link if you still need access." };
  }
  return { title: "Something went wrong", message: errorMessage(err), wrongAccount: false };
}

export function AcceptInvitationPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const user = useSession((s) => s.user);
  const token = tokenFromHash(location.hash);
  const [busy, setBusy] = useState<"accept" | "decline" | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [mine, setMine] = useState<Invitation[] | null>(null);

  useEffect(() => {
    let live = true;
    authApi.myInvitations().then((i) => live && setMine(i), () => live && setMine([]));
    return () => {
      live = false;
    };
  }, []);

  async function accept() {
    if (!token) return;
    setBusy("accept");
    try {
      const answer = await workspacesApi.acceptInvitation(token);
      const id = joinedWorkspaceId(answer);
      await useWorkspaces.getState().load().catch(() => undefined);
      navigate(id ? `/w/${id}` : "/", { replace: true });
    } catch (err) {
      setOutcome({ kind: "error", ...describe(err) });
      setBusy(null);
    }
  }

  async function decline() {
    if (!token) return;
    setBusy("decline");
    try {
      await workspacesApi.declineInvitation(token);
      setOutcome({ kind: "declined" });
    } catch (err) {
      setOutcome({ kind: "error", ...describe(err) });
    } finally {
      setBusy(null);
    }
  }

  async function switchAccount() {
    const here = location.pathname + location.search + location.hash;
    await signOutTo(`/login?next=${encodeURIComponent(here)}`);
  }

  const homeLink = <Link to="/" className="btn btn-lg ap-submit">Go to my workspaces</Link>;

  if (!token) {
    return (
      <AuthCard title="This link is incomplete" subtitle="The invitation link is missing its secret part (after the #).">
        <div className="inv-state inv-err"><CircleAlert size={20} aria-hidden="true" />
          <span>Open the full link from the invitation again, or ask the person who invited you for a new one.</span></div>
        {homeLink}
      </AuthCard>
    );
  }

  if (outcome?.kind === "declined") {
    return (
      <AuthCard title="Invitation declined" subtitle="Nothing changed in your account. The link no longer works.">
        <div className="inv-state"><MailX size={20} aria-hidden="true" /><span>We let the workspace know you passed.</span></div>
        {homeLink}
      </AuthCard>
    );
  }

  if (outcome?.kind === "error") {
    return (
      <AuthCard title={outcome.title} subtitle={outcome.hint}>
        <div className="inv-state inv-err" role="alert"><CircleAlert size={20} aria-hidden="true" /><span>{outcome.message}</span></div>
        {outcome.wrongAccount && (
          <p className="muted inv-text">
            You are signed in as <strong>{user?.email}</strong>. Invitations work only for the email address they were
            sent to.
          </p>
        )}
        <div className="inv-actions">
          {homeLink}
          {outcome.wrongAccount && (
            <button type="button" className="btn btn-lg ap-submit" onClick={() => void switchAccount()}>
              Sign in with another account
            </button>
          )}
        </div>
      </AuthCard>
    );
  }

  const only = mine && mine.length === 1 ? mine[0] : null;
  return (
    <AuthCard
      title="You're invited"
      subtitle={only
        ? <>Join <strong>{only.workspace_name ?? "a workspace"}</strong> as {roleLabel(only.role).toLowerCase()} to work on its
          collections with your team.</>
        : "A teammate invited you to a workspace on API Playground, to share collections, environments and history."}
    >
      <div className="inv-state">
        <MailCheck size={20} aria-hidden="true" />
        <span>Signed in as <strong>{user?.email}</strong>. The invitation must have been sent to this address.</span>
      </div>
      <div className="inv-actions">
        <button type="button" className="btn btn-primary btn-lg ap-submit" disabled={busy !== null} onClick={() => void accept()}>
          {busy === "accept" ? "Joining…" : "Accept invitation"}
        </button>
        <button type="button" className="btn btn-lg ap-submit" disabled={busy !== null} onClick={() => void decline()}>
          {busy === "decline" ? "Declining…" : "Decline"}
        </button>
      </div>
      <div className="ap-footer"><Link to="/">Not now — go to my workspaces</Link></div>
    </AuthCard>
  );
}
