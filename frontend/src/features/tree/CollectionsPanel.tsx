// PLACEHOLDER: replaced by the feature's real implementation.
export function CollectionsPanel({ ws }: { ws: string }) {
  void ws; return <div className="empty">CollectionsPanel</div>;
}
