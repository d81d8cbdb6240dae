// PLACEHOLDER: replaced by the feature's real implementation.
export function AccountPage() {
  return <div className="empty">AccountPage</div>;
}
