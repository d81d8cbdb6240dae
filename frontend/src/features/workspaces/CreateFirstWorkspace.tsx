// PLACEHOLDER: replaced by the feature's real implementation.
export function CreateFirstWorkspace() {
  return <div className="empty">CreateFirstWorkspace</div>;
}
