/** Shown by Home when I belong to no workspace yet: create one, or see the invitations waiting for me. */
import { useEffect, useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { Mail } from "lucide-react";
import { authApi, workspacesApi, type Invitation } from "../../api";
import { useSession } from "../../stores/session";
import { useWorkspaces } from "../../stores/workspace";
import { timeAgo } from "../../ui/format";
import { AuthCard, Field, FormAlert } from "../auth/AuthPages";
import { fieldError, formError } from "../auth/forms";
import { signOutTo } from "../auth/reset";
import { roleLabel } from "./members";
import "../auth/auth.css";
import { useSubmit } from "../../ui/useSubmit";
import "./workspaces.css";

export function CreateFirstWorkspace() {
  const navigate = useNavigate();
  const user = useSession((s) => s.user);
  const [name, setName] = useState("");
  const { busy, error, run } = useSubmit();
  const [invites, setInvites] = useState<Invitation[]>([]);

  useEffect(() => {
    let live = true;
    authApi.myInvitations().then((i) => live && setInvites(i), () => undefined);
    return () => {
      live = false;
    };
  }, []);

  const create = (e: FormEvent) => run(e, async () => {
    const ws = await workspacesApi.create(name.trim());
    useWorkspaces.getState().upsert(ws);
    navigate(`/w/${ws.id}`);
  });

  const first = user?.name?.split(/\s+/)[0];
  return (
    <AuthCard
      title="Create your first workspace"
      subtitle={<>{first ? `Welcome, ${first}! ` : "Welcome! "}A workspace holds your team's collections, environments and
        history. You can invite teammates right after.</>}
      footer={
        <span className="cfw-who">
          Signed in as <strong>{user?.email}</strong> ·{" "}
          <button type="button" className="linklike" onClick={() => void signOutTo("/login")}>Sign out</button>
        </span>
      }
    >
      <form className="ap-form" onSubmit={create} noValidate>
        <FormAlert message={formError(error, ["name"])} />
        <Field label="Workspace name" value={name} maxLength={100} autoFocus placeholder="e.g. Payments team"
          onChange={(e) => setName(e.target.value)} error={fieldError(error, "name")} />
        <button type="submit" className="btn btn-primary btn-lg ap-submit" disabled={busy || !name.trim()}>
          {busy ? "Creating…" : "Create workspace"}
        </button>
      </form>
      {invites.length > 0 && (
        <section className="cfw-section" aria-labelledby="cfw-invites">
          <h2 id="cfw-invites">Invitations waiting for you</h2>
          <p className="hint">To join, open the invitation link you were sent: it carries the secret that proves it is yours.</p>
          <ul className="cfw-list">
            {invites.map((inv) => (
              <li key={inv.id} className="cfw-inv">
                <Mail size={16} aria-hidden="true" className="faint" />
                <span className="grow truncate"><strong>{inv.workspace_name ?? "A workspace"}</strong></span>
                <span className="badge">{roleLabel(inv.role)}</span>
                <span className="faint" title={inv.created_at}>{timeAgo(inv.created_at)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </AuthCard>
  );
}
