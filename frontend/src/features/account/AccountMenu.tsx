// PLACEHOLDER: replaced by the feature's real implementation.
export function AccountMenu() {
  return <div className="empty">AccountMenu</div>;
}
