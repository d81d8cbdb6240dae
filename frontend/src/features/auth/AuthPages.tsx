/** /login and /signup: centred cards; both honour ?next= (same-site paths only, hash included). */
import { useId, useState, type FormEvent, type InputHTMLAttributes, type ReactNode } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router-dom";
import { Mail } from "lucide-react";
import { useSession } from "../../stores/session";
import { fieldError, formError } from "./forms";
import { isInvitationPath, safeNext, withNext } from "./redirect";
import { forgetUserData } from "./reset";
import { useSubmit } from "../../ui/useSubmit";
import "./auth.css";

function useNext(): string {
  const [params] = useSearchParams();
  return safeNext(params.get("next"));
}

export function AuthCard({ title, subtitle, children, footer }: {
  title: string;
  subtitle?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
}) {
  return (
    <div className="auth-page">
      <main className="card auth-card ap-card">
        <div className="ap-brand">
          <img src="/favicon.svg" width={36} height={36} alt="" />
          <span className="ap-brand-name">API Playground</span>
        </div>
        <h1>{title}</h1>
        {subtitle && <p className="ap-subtitle">{subtitle}</p>}
        {children}
        {footer && <div className="ap-footer">{footer}</div>}
      </main>
    </div>
  );
}

function InvitationHint({ next, signup }: { next: string; signup?: boolean }) {
  if (!isInvitationPath(next)) return null;
  return (
    <div className="ap-hint" role="note">
      <Mail size={16} aria-hidden="true" />
      <span>
        You have a pending invitation. {signup ? "Create an account" : "Sign in"} with the email address the invitation
        was sent to, and you will join the workspace right after.
      </span>
    </div>
  );
}

/** A labelled input with its hint and error wired up through aria-describedby. */
export function Field({ label, error, hint, ...input }: {
  label: string;
  error?: string;
  hint?: string;
} & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errId = `${id}-err`;
  const described = [error ? errId : null, hint ? hintId : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} className="input" aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
      {error && <span id={errId} className="field-error">{error}</span>}
      {hint && !error && <span id={hintId} className="hint">{hint}</span>}
    </div>
  );
}

export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return <div className="ap-alert" role="alert">{message}</div>;
}

export function LoginPage() {
  const next = useNext();
  const navigate = useNavigate();
  const status = useSession((s) => s.status);
  const login = useSession((s) => s.login);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useSubmit();

  if (status === "signed-in" && !busy) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => run(e, async () => {
    await login(email.trim(), password);
    forgetUserData();
    navigate(next, { replace: true });
  });

  const fields = ["email", "password"];
  return (
    <AuthCard
      title="Sign in to API Playground"
      subtitle="Welcome back. Sign in to continue to your workspaces."
      footer={<>New here? <Link to={withNext("/signup", next)}>Create an account</Link></>}
    >
      <InvitationHint next={next} />
      <form className="ap-form" onSubmit={submit} noValidate>
        <FormAlert message={formError(error, fields)} />
        <Field label="Email" type="email" name="email" autoComplete="email" autoFocus required value={email}
          onChange={(e) => setEmail(e.target.value)} error={fieldError(error, "email")} />
        <Field label="Password" type="password" name="password" autoComplete="current-password" required
          value={password} onChange={(e) => setPassword(e.target.value)} error={fieldError(error, "password")} />
        <button type="submit" className="btn btn-primary btn-lg ap-submit" disabled={busy || !email || !password}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </AuthCard>
  );
}

export function SignupPage() {
  const next = useNext();
  const navigate = useNavigate();
  const status = useSession((s) => s.status);
  const register = useSession((s) => s.register);
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, run } = useSubmit();

  if (status === "signed-in" && !busy) return <Navigate to={next} replace />;

  const submit = (e: FormEvent) => run(e, async () => {
    await register(email.trim(), password, name.trim());
    forgetUserData();
    navigate(next, { replace: true });
  });

  const fields = ["name", "email", "password"];
  return (
    <AuthCard
      title="Create your account"
      subtitle="Design, send and share API requests with your team."
      footer={<>Already have an account? <Link to={withNext("/login", next)}>Sign in instead</Link></>}
    >
      <InvitationHint next={next} signup />
      <form className="ap-form" onSubmit={submit} noValidate>
        <FormAlert message={formError(error, fields)} />
        <Field label="Name" name="name" autoComplete="name" autoFocus value={name} placeholder="Ada Lovelace"
          onChange={(e) => setName(e.target.value)} error={fieldError(error, "name")} />
        <Field label="Email" type="email" name="email" autoComplete="email" required value={email}
          placeholder="you@company.com" onChange={(e) => setEmail(e.target.value)} error={fieldError(error, "email")} />
        <Field label="Password" type="password" name="password" autoComplete="new-password" required value={password}
          onChange={(e) => setPassword(e.target.value)} error={fieldError(error, "password")}
          hint="At least 8 characters." />
        <button type="submit" className="btn btn-primary btn-lg ap-submit" disabled={busy || !email || !password}>
          {busy ? "Creating account…" : "Create account"}
        </button>
      </form>
    </AuthCard>
  );
}
