// PLACEHOLDER: replaced by the feature's real implementation.
export function Workbench({ ws }: { ws: string }) {
  void ws; return <div className="empty">Workbench</div>;
}
