// PLACEHOLDER: replaced by the feature's real implementation.
export function EnvironmentSelector() {
  return <div className="empty">EnvironmentSelector</div>;
}
