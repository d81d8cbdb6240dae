// PLACEHOLDER: replaced by the feature's real implementation.
export function HistoryPanel({ ws }: { ws: string }) {
  void ws; return <div className="empty">HistoryPanel</div>;
}
