// PLACEHOLDER: replaced by the feature's real implementation.
export function EnvironmentsMain({ ws }: { ws: string }) {
  void ws; return <div className="empty">EnvironmentsMain</div>;
}
