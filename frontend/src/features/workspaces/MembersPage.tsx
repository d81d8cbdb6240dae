// PLACEHOLDER: replaced by the feature's real implementation.
export function MembersPage({ ws }: { ws: string }) {
  void ws; return <div className="empty">MembersPage</div>;
}
