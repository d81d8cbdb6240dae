/** The Auth section: type select and the form of each type (Postman attribute names). */
import { Info, ShieldCheck } from "lucide-react";
import type { Auth, AuthType, Folder, TreeFolder } from "../../api";
import { AUTH_FIELDS, AUTH_NOT_SENT, AUTH_TYPES, authAttr, authLabel, setAuthAttr, type AuthField } from "./requestModel";
import { VarInput } from "./VarInput";

export interface InheritedAuth {
  /** the folder the auth comes from; null when no folder has one */
  from: TreeFolder | null;
  auth: Auth | null;
}

/** Walk the chain from the innermost folder out: the first one that does not inherit gives the auth. */
export function inheritedAuth(chain: { node: TreeFolder; folder: Folder | undefined }[]): InheritedAuth {
  for (let i = chain.length - 1; i >= 0; i--) {
    const { node, folder } = chain[i]!;
    const type = folder?.auth.type ?? node.auth_type;
    if (type !== "inherit") return { from: node, auth: folder?.auth ?? { type, attributes: [] } };
  }
  return { from: null, auth: null };
}

export function inheritedText(inh: InheritedAuth, isDraftWithoutParent: boolean): string {
  if (!inh.from || !inh.auth) {
    return isDraftWithoutParent ? "No auth: this request is not in a collection yet, so there is nothing to inherit." : "No auth: no parent folder or collection sets one.";
  }
  const what = inh.auth.type === "noauth" ? "No auth" : authLabel(inh.auth.type);
  return `${what} from ${inh.from.kind} ‘${inh.from.name}’`;
}

export function AuthEditor({ auth, onChange, readOnly, inherited, noParent }: {
  auth: Auth;
  onChange: (a: Auth) => void;
  readOnly: boolean;
  inherited: InheritedAuth;
  noParent: boolean;
}) {
  const fields = AUTH_FIELDS[auth.type] ?? [];
  return (
    <div className="auth-editor">
      <div className="auth-side">
        <div className="field">
          <label htmlFor="auth-type">Auth type</label>
          <select id="auth-type" className="select" aria-label="Auth type" value={auth.type} disabled={readOnly}
            onChange={(e) => onChange({ type: e.target.value as AuthType, attributes: e.target.value === auth.type ? auth.attributes : [] })}>
            {AUTH_TYPES.map((t) => <option key={t.id} value={t.id}>{t.label}</option>)}
          </select>
        </div>
        <p className="hint">
          {auth.type === "inherit"
            ? "The request uses the auth of its closest folder or collection that sets one."
            : "The auth header or parameter is generated when the request is sent; it replaces a header of the same name."}
        </p>
      </div>
      <div className="auth-main">
        {auth.type === "inherit" && (
          <div className="auth-inherited" role="status">
            <ShieldCheck size={16} />
            <span>{inheritedText(inherited, noParent)}</span>
          </div>
        )}
        {auth.type === "inherit" && inherited.auth && <InheritedDetails auth={inherited.auth} />}
        {auth.type === "noauth" && <div className="auth-inherited"><Info size={16} /><span>This request does not use any authorization.</span></div>}
        {AUTH_NOT_SENT.has(auth.type) && (
          <div className="auth-note" role="note">
            <Info size={14} /> {authLabel(auth.type)} is kept with the request (and in exports) but is not sent by the executor yet.
          </div>
        )}
        {fields.length > 0 && (
          <div className="auth-form">
            {fields.map((f) => <AuthFieldInput key={f.key} field={f} auth={auth} onChange={onChange} readOnly={readOnly} />)}
          </div>
        )}
      </div>
    </div>
  );
}

function AuthFieldInput({ field, auth, onChange, readOnly }: { field: AuthField; auth: Auth; onChange: (a: Auth) => void; readOnly: boolean }) {
  const raw = authAttr(auth, field.key);
  const id = `auth-${field.key}`;
  const text = raw === undefined || raw === null ? (field.fallback ?? "") : typeof raw === "string" ? raw : typeof raw === "object" ? JSON.stringify(raw, null, 2) : String(raw);
  const set = (v: unknown) => onChange(setAuthAttr(auth, field.key, v));
  if (field.kind === "boolean") {
    const checked = raw === true || raw === "true";
    return (
      <label className="checkbox auth-check">
        <input type="checkbox" checked={checked} disabled={readOnly} onChange={(e) => set(e.target.checked)} />
        {field.label}
      </label>
    );
  }
  return (
    <div className="field auth-field">
      <label htmlFor={id}>{field.label}</label>
      {field.kind === "select" ? (
        <select id={id} className="select" value={text} disabled={readOnly} onChange={(e) => set(e.target.value)}>
          {field.options!.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
          {!field.options!.some((o) => o.value === text) && <option value={text}>{text}</option>}
        </select>
      ) : field.kind === "textarea" ? (
        <textarea id={id} className="textarea mono" rows={4} value={text} placeholder={field.placeholder} readOnly={readOnly}
          spellCheck={false} onChange={(e) => set(e.target.value)} />
      ) : (
        <VarInput id={id} className="auth-varinput" ariaLabel={field.label} value={text} placeholder={field.placeholder ?? (field.kind === "secret" ? "{{secret}}" : "")}
          readOnly={readOnly} onChange={set} />
      )}
      {field.hint && <span className="hint">{field.hint}</span>}
    </div>
  );
}

/** The attributes of the inherited auth, read-only (secrets masked unless they are a {{variable}}). */
function InheritedDetails({ auth }: { auth: Auth }) {
  const fields = (AUTH_FIELDS[auth.type] ?? []).filter((f) => {
    const v = authAttr(auth, f.key);
    return v !== undefined && v !== null && v !== "";
  });
  if (!fields.length) return null;
  return (
    <dl className="auth-inherited-details">
      {fields.map((f) => {
        const v = authAttr(auth, f.key);
        const text = typeof v === "string" ? v : JSON.stringify(v);
        const shown = f.kind === "secret" && !/^\{\{[^{}]+\}\}$/.test(text.trim()) ? "••••••••" : text;
        return (
          <div key={f.key} className="row">
            <dt>{f.label}</dt>
            <dd><VarInput ariaLabel={`Inherited ${f.label}`} value={shown} readOnly onChange={() => undefined} className="auth-inherited-value" /></dd>
          </div>
        );
      })}
    </dl>
  );
}
