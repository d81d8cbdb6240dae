// PLACEHOLDER: replaced by the feature's real implementation.
export function EnvironmentsPanel({ ws }: { ws: string }) {
  void ws; return <div className="empty">EnvironmentsPanel</div>;
}
