// PLACEHOLDER: the response viewer for one request tab.
export function ResponsePane({ tabKey }: { tabKey: string }) {
  return <div className="empty">ResponsePane {tabKey}</div>;
}
