// PLACEHOLDER: replaced by the feature's real implementation.
export function LoginPage() {
  return <div className="empty">LoginPage</div>;
}
export function SignupPage() {
  return <div className="empty">SignupPage</div>;
}
