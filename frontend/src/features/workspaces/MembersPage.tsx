/** /w/:ws/members: the people of a workspace, their roles, invitations, and the workspace's own settings. */
import { useCallback, useEffect, useState, type FormEvent } from "react";
import { useNavigate } from "react-router-dom";
import { Eye, MailPlus, Trash2, UserMinus } from "lucide-react";
import { errorMessage, workspacesApi, type Invitation, type Member, type Role, type Workspace } from "../../api";
import { useSession } from "../../stores/session";
import { roleAtLeast, useWorkspaces } from "../../stores/workspace";
import { confirmAction } from "../../ui/prompt";
import { toast } from "../../ui/toast";
import { timeAgo } from "../../ui/format";
import { Field, FormAlert } from "../auth/AuthPages";
import { fieldError, formError } from "../auth/forms";
import { Avatar } from "../account/Avatar";
import { OnceSecret } from "../account/OnceSecret";
import { INVITE_ROLES, ROLE_HINT, invitationLink, roleLabel, roleOptions, shortDate, sortMembers } from "./members";
import "../account/account.css";
import "./workspaces.css";

export function MembersPage({ ws }: { ws: string }) {
  const workspace = useWorkspaces((s) => s.workspaces.find((w) => w.id === ws));
  const me = useSession((s) => s.user);
  const myRole = workspace?.role;
  const isAdmin = roleAtLeast(myRole, "admin");
  const [members, setMembers] = useState<Member[] | null>(null);
  const [invites, setInvites] = useState<Invitation[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setMembers(null);
    setError(null);
    workspacesApi.members(ws).then((m) => live && setMembers(m), (e) => live && setError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, [ws]);

  useEffect(() => {
    if (!isAdmin) {
      setInvites(null);
      return;
    }
    let live = true;
    workspacesApi.invitations(ws).then((i) => live && setInvites(i), (e) => live && toast.error(e));
    return () => {
      live = false;
    };
  }, [ws, isAdmin]);

  return (
    <div className="pg">
      <header className="pg-head">
        <div className="pg-eyebrow">
          <span className="wss-mark small" aria-hidden="true">{(workspace?.name ?? "?").charAt(0).toUpperCase()}</span>
          {workspace?.name ?? "Workspace"}
        </div>
        <h1>Members</h1>
        <p>
          {members ? `${members.length} ${members.length === 1 ? "member" : "members"} in ${workspace?.name ?? "this workspace"}.` : " "}
          {myRole && <> You are {myRole === "admin" || myRole === "owner" ? "an" : "a"} <strong>{myRole}</strong>.</>}
        </p>
      </header>

      {myRole && !isAdmin && (
        <div className="wsm-readonly" role="note">
          <Eye size={16} aria-hidden="true" />
          <span>Only admins and owners can invite people or change roles. Ask one of them if you need access changed.</span>
        </div>
      )}

      {isAdmin && workspace && (
        <InviteCard ws={ws} workspaceName={workspace.name}
          onInvited={(inv) => setInvites((list) => [inv, ...(list ?? [])])} />
      )}

      <MembersTable ws={ws} members={members} error={error} myRole={myRole} meId={me?.id ?? null}
        setMembers={setMembers} />

      {isAdmin && <InvitationsTable ws={ws} invites={invites} setInvites={setInvites} />}

      {isAdmin && workspace && <WorkspaceSettings key={workspace.id} workspace={workspace} />}
    </div>
  );
}

function InviteCard({ ws, workspaceName, onInvited }: {
  ws: string;
  workspaceName: string;
  onInvited: (inv: Invitation) => void;
}) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<Invitation | null>(null);

  async function invite(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const inv = await workspacesApi.invite(ws, email.trim(), role);
      setCreated(inv);
      const { token: _t, accept_path: _p, ...listed } = inv;
      void _t;
      void _p;
      onInvited(listed);
      setEmail("");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="pg-card" aria-labelledby="wsm-invite">
      <div className="pg-card-head">
        <div>
          <h2 id="wsm-invite">Invite people</h2>
          <p>Create a link for a teammate to join {workspaceName}. It works only for the email address you enter.</p>
        </div>
      </div>
      <div className="pg-card-body">
        <form className="pg-inline wsm-invite-form" onSubmit={invite} noValidate>
          <Field label="Invite email" type="email" value={email} placeholder="teammate@company.com" autoComplete="off"
            onChange={(e) => setEmail(e.target.value)} error={fieldError(error, "email")} />
          <div className="field wsm-role-field">
            <label htmlFor="wsm-invite-role">Invite role</label>
            <select id="wsm-invite-role" className="select" value={role} onChange={(e) => setRole(e.target.value as Role)}
              aria-describedby="wsm-invite-role-hint">
              {INVITE_ROLES.map((r) => <option key={r} value={r}>{roleLabel(r)}</option>)}
            </select>
          </div>
          <button type="submit" className="btn btn-primary wsm-invite-btn" disabled={busy || !email.trim()}>
            <MailPlus size={15} aria-hidden="true" />{busy ? "Inviting…" : "Invite"}
          </button>
        </form>
        <div id="wsm-invite-role-hint" className="hint wsm-role-hint">{roleLabel(role)}: {ROLE_HINT[role].toLowerCase()}.</div>
        <FormAlert message={formError(error, ["email", "role"])} />
        {created?.token && (
          <OnceSecret
            title={`Invitation for ${created.email} created`}
            value={invitationLink(window.location.origin, created.token)}
            testId="invite-link"
            warning={`Send this link to ${created.email}. It is shown only once and expires ${shortDate(created.expires_at)}.`}
            onDismiss={() => setCreated(null)}
          />
        )}
      </div>
    </section>
  );
}

function MembersTable({ ws, members, error, myRole, meId, setMembers }: {
  ws: string;
  members: Member[] | null;
  error: string | null;
  myRole: Role | undefined;
  meId: string | null;
  setMembers: (f: (m: Member[] | null) => Member[] | null) => void;
}) {
  const navigate = useNavigate();
  const isAdmin = roleAtLeast(myRole, "admin");
  const [pending, setPending] = useState<string | null>(null);

  const changeRole = useCallback(async (m: Member, role: Role) => {
    if (role === m.role) return;
    setPending(m.user_id);
    try {
      await workspacesApi.setRole(ws, m.user_id, role);
      setMembers((list) => (list ?? []).map((x) => (x.user_id === m.user_id ? { ...x, role } : x)));
      toast.success(`${m.name || m.email} is now ${role === "admin" || role === "owner" ? "an" : "a"} ${role}`);
      if (m.user_id === meId) await useWorkspaces.getState().load();
    } catch (err) {
      toast.error(err);
    } finally {
      setPending(null);
    }
  }, [ws, meId, setMembers]);

  async function remove(m: Member) {
    const self = m.user_id === meId;
    const ok = self
      ? await confirmAction("Leave this workspace?",
        "You will lose access to its collections, environments and history until someone invites you again.",
        { confirmText: "Leave workspace", danger: true })
      : await confirmAction(`Remove ${m.name || m.email}?`,
        `${m.email} will lose access to this workspace right away. You can invite them again later.`,
        { confirmText: "Remove member", danger: true });
    if (!ok) return;
    try {
      await workspacesApi.removeMember(ws, m.user_id);
      if (self) {
        useWorkspaces.getState().remove(ws);
        toast.success("You left the workspace");
        navigate("/", { replace: true });
        return;
      }
      setMembers((list) => (list ?? []).filter((x) => x.user_id !== m.user_id));
      toast.success(`Removed ${m.name || m.email}`);
    } catch (err) {
      toast.error(err);
    }
  }

  return (
    <section className="pg-card" aria-labelledby="wsm-people">
      <div className="pg-card-head">
        <div>
          <h2 id="wsm-people">People {members && <span className="faint num">{members.length}</span>}</h2>
        </div>
      </div>
      {error ? (
        <div className="pg-empty" role="alert">{error}</div>
      ) : !members ? (
        <div className="pg-empty">Loading members…</div>
      ) : (
        <table className="table wsm-table" aria-label="Members">
          <colgroup>
            <col /><col style={{ width: 136 }} /><col style={{ width: 112 }} /><col style={{ width: 176 }} />
          </colgroup>
          <thead>
            <tr><th>Member</th><th>Role</th><th>Joined</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {sortMembers(members).map((m) => {
              const self = m.user_id === meId;
              return (
                <tr key={m.user_id}>
                  <td className="wsm-name-cell">
                    <span className="wsm-person">
                      <Avatar name={m.name} email={m.email} size={32} />
                      <span className="wsm-who">
                        <span className="wsm-who-name">
                          <strong className="truncate">{m.name || m.email.split("@")[0]}</strong>
                          {self && <span className="badge">You</span>}
                        </span>
                        <span className="wsm-email truncate">{m.email}</span>
                      </span>
                    </span>
                  </td>
                  <td>
                    {isAdmin ? (
                      <select className="select wsm-role-select" aria-label={`Role of ${m.email}`} value={m.role}
                        disabled={pending === m.user_id} onChange={(e) => void changeRole(m, e.target.value as Role)}>
                        {roleOptions(myRole, m.role).map((r) => <option key={r} value={r}>{roleLabel(r)}</option>)}
                      </select>
                    ) : (
                      <span className={`badge${m.role === "owner" ? " badge-accent" : ""}`}>{roleLabel(m.role)}</span>
                    )}
                  </td>
                  <td className="muted num wsm-nowrap" title={m.joined_at}>{timeAgo(m.joined_at)}</td>
                  <td className="td-actions">
                    {self ? (
                      <button type="button" className="btn btn-sm" onClick={() => void remove(m)}>
                        <UserMinus size={13} aria-hidden="true" />Leave workspace
                      </button>
                    ) : isAdmin ? (
                      <button type="button" className="btn btn-sm btn-danger" aria-label={`Remove ${m.email}`}
                        onClick={() => void remove(m)}>Remove</button>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function InvitationsTable({ ws, invites, setInvites }: {
  ws: string;
  invites: Invitation[] | null;
  setInvites: (f: (i: Invitation[] | null) => Invitation[] | null) => void;
}) {
  const pending = (invites ?? []).filter((i) => i.status === "pending")
    .sort((a, b) => b.created_at.localeCompare(a.created_at));

  async function revoke(inv: Invitation) {
    try {
      await workspacesApi.revokeInvitation(ws, inv.id);
      setInvites((list) => (list ?? []).map((x) => (x.id === inv.id ? { ...x, status: "revoked" } : x)));
      toast.success(`Revoked the invitation for ${inv.email}`);
    } catch (err) {
      toast.error(err);
    }
  }

  return (
    <section className="pg-card" aria-labelledby="wsm-pending">
      <div className="pg-card-head">
        <div>
          <h2 id="wsm-pending">Pending invitations {invites && <span className="faint num">{pending.length}</span>}</h2>
          <p>Links that have not been used yet. Revoke one to make its link stop working.</p>
        </div>
      </div>
      {!invites ? (
        <div className="pg-empty">Loading invitations…</div>
      ) : pending.length === 0 ? (
        <div className="pg-empty">No pending invitations. Invite a teammate above.</div>
      ) : (
        <table className="table wsm-table" aria-label="Pending invitations">
          <colgroup>
            <col /><col style={{ width: 128 }} /><col style={{ width: 104 }} /><col style={{ width: 104 }} /><col style={{ width: 112 }} />
          </colgroup>
          <thead>
            <tr><th>Email</th><th>Role</th><th>Invited</th><th>Expires</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {pending.map((inv) => (
              <tr key={inv.id}>
                <td className="truncate"><strong>{inv.email}</strong></td>
                <td><span className="badge">{roleLabel(inv.role)}</span></td>
                <td className="muted wsm-nowrap" title={inv.created_at}>{timeAgo(inv.created_at)}</td>
                <td className="muted wsm-nowrap" title={inv.expires_at}>{shortDate(inv.expires_at)}</td>
                <td className="td-actions">
                  <button type="button" className="btn btn-sm btn-danger" aria-label={`Revoke invitation for ${inv.email}`}
                    onClick={() => void revoke(inv)}>Revoke</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function WorkspaceSettings({ workspace }: { workspace: Workspace }) {
  const navigate = useNavigate();
  const [name, setName] = useState(workspace.name);
  const [days, setDays] = useState(String(workspace.history_retention_days));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isOwner = workspace.role === "owner";
  const daysNum = Number(days);
  const dirty = (name.trim() !== workspace.name && name.trim() !== "") ||
    (days !== "" && daysNum !== workspace.history_retention_days);

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const patch: { name?: string; history_retention_days?: number } = {};
      if (name.trim() !== workspace.name) patch.name = name.trim();
      if (daysNum !== workspace.history_retention_days) patch.history_retention_days = daysNum;
      const updated = await workspacesApi.update(workspace.id, patch);
      useWorkspaces.getState().upsert(updated);
      toast.success("Workspace saved");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function destroy() {
    const ok = await confirmAction(`Delete “${workspace.name}”?`,
      "Every collection, request, environment and history entry in it is deleted for all members. This cannot be undone.",
      { confirmText: "Delete workspace", danger: true });
    if (!ok) return;
    try {
      await workspacesApi.remove(workspace.id);
      useWorkspaces.getState().remove(workspace.id);
      toast.success(`Deleted “${workspace.name}”`);
      navigate("/", { replace: true });
    } catch (err) {
      toast.error(err);
    }
  }

  return (
    <>
      <form className="pg-card" onSubmit={save} aria-labelledby="wsm-settings">
        <div className="pg-card-head">
          <div>
            <h2 id="wsm-settings">Workspace</h2>
            <p>Visible to every member.</p>
          </div>
        </div>
        <div className="pg-card-body pg-grid">
          {formError(error, ["name", "history_retention_days"]) && (
            <div className="full"><FormAlert message={formError(error, ["name", "history_retention_days"])} /></div>
          )}
          <Field label="Workspace name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)}
            error={fieldError(error, "name")} />
          <Field label="Keep history for (days)" type="number" min={1} max={365} value={days}
            onChange={(e) => setDays(e.target.value)} error={fieldError(error, "history_retention_days")}
            hint="Between 1 and 365 days. Older history entries are removed." />
        </div>
        <div className="pg-card-foot">
          <button type="submit" className="btn btn-primary" disabled={busy || !dirty}>{busy ? "Saving…" : "Save"}</button>
        </div>
      </form>
      {isOwner && (
        <section className="pg-card pg-danger" aria-labelledby="wsm-danger">
          <div className="pg-card-head">
            <div className="grow">
              <h2 id="wsm-danger">Delete workspace</h2>
              <p>Deletes {workspace.name} and everything in it for all members. There is no undo.</p>
            </div>
          </div>
          <div className="pg-card-body">
            <button type="button" className="btn btn-danger btn-solid" onClick={() => void destroy()}>
              <Trash2 size={14} aria-hidden="true" />Delete workspace
            </button>
          </div>
        </section>
      )}
    </>
  );
}
