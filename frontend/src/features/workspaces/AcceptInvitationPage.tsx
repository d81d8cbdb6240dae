// PLACEHOLDER: replaced by the feature's real implementation.
export function AcceptInvitationPage() {
  return <div className="empty">AcceptInvitationPage</div>;
}
