// PLACEHOLDER: replaced by the feature's real implementation.
export function WorkspaceSwitcher() {
  return <div className="empty">WorkspaceSwitcher</div>;
}
