// PLACEHOLDER: replaced by the feature's real implementation.
export function SettingsPage() {
  return <div className="empty">SettingsPage</div>;
}
