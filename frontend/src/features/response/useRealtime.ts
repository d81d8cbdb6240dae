// PLACEHOLDER: the WebSocket subscription for the open workspace (see executionStore).
export function useRealtime(ws: string | null): void {
  void ws;
}
