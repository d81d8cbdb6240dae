// PLACEHOLDER: saved versions of a request, with restore.
import type { SavedRequest } from "../../api";

export function SnapshotsDialog({ ws, requestId, onClose, onRestored }: {
  ws: string;
  requestId: string;
  onClose: () => void;
  onRestored: (saved: SavedRequest) => void;
}) {
  void ws; void requestId; void onRestored;
  return <div className="empty" onClick={onClose}>SnapshotsDialog</div>;
}
