/** /account: profile, password, personal API keys. */
import { useEffect, useState, type FormEvent } from "react";
import { KeyRound } from "lucide-react";
import { authApi, errorMessage, type ApiKey } from "../../api";
import { useSession } from "../../stores/session";
import { confirmAction } from "../../ui/prompt";
import { toast } from "../../ui/toast";
import { timeAgo } from "../../ui/format";
import { Field, FormAlert } from "../auth/AuthPages";
import { fieldError, formError } from "../auth/forms";
import { Avatar } from "./Avatar";
import { OnceSecret } from "./OnceSecret";
import { useSubmit } from "../../ui/useSubmit";
import "./account.css";

export function AccountPage() {
  const user = useSession((s) => s.user);
  return (
    <div className="pg">
      <header className="pg-head">
        <div className="pg-eyebrow">Personal</div>
        <h1>Account</h1>
        <p>Your profile, password and API keys. These follow you across every workspace.</p>
      </header>
      {user && <ProfileCard key={user.id} />}
      <PasswordCard />
      <ApiKeysCard />
    </div>
  );
}

function ProfileCard() {
  const user = useSession((s) => s.user)!;
  const [name, setName] = useState(user.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const dirty = name.trim() !== user.name && name.trim() !== "";

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const updated = await authApi.updateProfile(name.trim());
      useSession.getState().setUser(updated);
      setName(updated.name);
      toast.success("Profile saved");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="pg-card" onSubmit={save} aria-labelledby="acct-profile">
      <div className="pg-card-head">
        <Avatar name={user.name} email={user.email} size={40} />
        <div>
          <h2 id="acct-profile">Profile</h2>
          <p>Your name is shown to teammates in member lists and history.</p>
        </div>
      </div>
      <div className="pg-card-body pg-grid">
        {formError(error, ["name"]) && <div className="full"><FormAlert message={formError(error, ["name"])} /></div>}
        <Field label="Display name" value={name} maxLength={200} autoComplete="name"
          onChange={(e) => setName(e.target.value)} error={fieldError(error, "name")} />
        <Field label="Email address" value={user.email} readOnly disabled
          hint="Your sign-in address. It cannot be changed here." />
      </div>
      <div className="pg-card-foot">
        <span className="hint">Member since {new Date(user.created_at).toLocaleDateString()}</span>
        <button type="submit" className="btn btn-primary" disabled={busy || !dirty}>
          {busy ? "Saving…" : "Save profile"}
        </button>
      </div>
    </form>
  );
}

function PasswordCard() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function change(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = (await authApi.changePassword(current, next)) as { revoked_sessions?: number } | null;
      setCurrent("");
      setNext("");
      const n = r?.revoked_sessions ?? 0;
      toast.success(n ? `Password changed. ${n} other session${n === 1 ? " was" : "s were"} signed out.` : "Password changed");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fields = ["current_password", "new_password"];
  return (
    <form className="pg-card" onSubmit={change} aria-labelledby="acct-password">
      <div className="pg-card-head">
        <div>
          <h2 id="acct-password">Change password</h2>
          <p>Changing it signs you out everywhere else; this browser stays signed in.</p>
        </div>
      </div>
      <div className="pg-card-body pg-grid">
        {formError(error, fields) && <div className="full"><FormAlert message={formError(error, fields)} /></div>}
        <Field label="Current password" type="password" autoComplete="current-password" value={current}
          onChange={(e) => setCurrent(e.target.value)} error={fieldError(error, "current_password")} />
        <Field label="New password" type="password" autoComplete="new-password" value={next} minLength={8}
          onChange={(e) => setNext(e.target.value)} error={fieldError(error, "new_password")}
          hint="At least 8 characters." />
      </div>
      <div className="pg-card-foot">
        <button type="submit" className="btn btn-primary" disabled={busy || !current || !next}>
          {busy ? "Changing…" : "Change password"}
        </button>
      </div>
    </form>
  );
}

function ApiKeysCard() {
  const [keys, setKeys] = useState<ApiKey[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const { busy, error, run } = useSubmit();
  const [created, setCreated] = useState<ApiKey | null>(null);

  useEffect(() => {
    let live = true;
    authApi.apiKeys().then((k) => live && setKeys(k), (e) => live && setLoadError(errorMessage(e)));
    return () => {
      live = false;
    };
  }, []);

  const create = (e: FormEvent) => run(e, async () => {
    const key = await authApi.createApiKey(name.trim());
    setCreated(key);
    const { key: _secret, ...listed } = key;
    void _secret;
    setKeys((k) => [listed, ...(k ?? [])]);
    setName("");
  });

  async function revoke(key: ApiKey) {
    const ok = await confirmAction(`Revoke “${key.name}”?`,
      "Scripts and CI jobs using this key will stop working immediately. This cannot be undone.",
      { confirmText: "Revoke key", danger: true });
    if (!ok) return;
    try {
      await authApi.revokeApiKey(key.id);
      setKeys((k) => (k ?? []).filter((x) => x.id !== key.id));
      if (created?.id === key.id) setCreated(null);
      toast.success(`Revoked “${key.name}”`);
    } catch (err) {
      toast.error(err);
    }
  }

  return (
    <section className="pg-card" aria-labelledby="acct-keys">
      <div className="pg-card-head">
        <div>
          <h2 id="acct-keys">API keys</h2>
          <p>Use a key from scripts and CI with the <code>X-API-Key</code> header. A key acts as you, with your roles.</p>
        </div>
      </div>
      <div className="pg-card-body">
        <form className="pg-inline" onSubmit={create}>
          <Field label="Key name" value={name} maxLength={100} placeholder="e.g. CI pipeline"
            onChange={(e) => setName(e.target.value)} error={fieldError(error, "name")} />
          <button type="submit" className="btn btn-primary" disabled={busy || !name.trim()}>
            {busy ? "Creating…" : "Create key"}
          </button>
        </form>
        <FormAlert message={formError(error, ["name"])} />
        {created?.key && (
          <OnceSecret title={`Key “${created.name}” created`} value={created.key} testId="new-api-key"
            warning="Copy it now: it will not be shown again." onDismiss={() => setCreated(null)} />
        )}
      </div>
      {loadError ? (
        <div className="pg-empty" role="alert">{loadError}</div>
      ) : keys === null ? (
        <div className="pg-empty">Loading keys…</div>
      ) : keys.length === 0 ? (
        <div className="pg-empty">
          <KeyRound size={18} aria-hidden="true" className="faint" />
          <div>No API keys yet. Name one above to create it.</div>
        </div>
      ) : (
        <table className="table" aria-label="API keys">
          <thead>
            <tr><th>Name</th><th>Prefix</th><th>Created</th><th>Last used</th><th><span className="sr-only">Actions</span></th></tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id}>
                <td><strong>{k.name}</strong></td>
                <td><code className="muted">{k.prefix}…</code></td>
                <td className="muted" title={k.created_at}>{timeAgo(k.created_at)}</td>
                <td className="muted" title={k.last_used ?? undefined}>{k.last_used ? timeAgo(k.last_used) : "Never"}</td>
                <td className="td-actions">
                  <button type="button" className="btn btn-sm btn-danger" aria-label={`Revoke ${k.name}`}
                    onClick={() => void revoke(k)}>Revoke</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
