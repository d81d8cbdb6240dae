"""The Notifier port over API Gateway's WebSocket management API (through Chalice's WebsocketAPI)."""

from __future__ import annotations

import os
from typing import Any

from chalicelib.config import settings

#: API Gateway refuses WebSocket messages over 128 KB; stay under it with room for framing
MAX_PUSH_BYTES = 120 * 1024


class WebsocketNotifier:
    def __init__(self, websocket_api: Any) -> None:
        self.api = websocket_api

    def _ready(self) -> None:
        if self.api.session is None:
            import boto3

            self.api.session = boto3.session.Session(region_name=settings().region)
        if getattr(self.api, "_endpoint", None) is None:
            # An SQS-triggered Lambda never saw a WebSocket event, so it names the endpoint itself.
            domain = os.environ.get("PLAYGROUND_WS_DOMAIN", "")
            if domain:
                self.api.configure(domain, os.environ.get("PLAYGROUND_WS_STAGE", "api"))

    def send(self, connection_id: str, data: str) -> str:
        """Answer "ok", "gone" (the connection is closed: forget it) or "too_large"."""
        from chalice.app import WebsocketDisconnectedError

        if len(data.encode()) > MAX_PUSH_BYTES:
            return "too_large"
        self._ready()
        try:
            self.api.send(connection_id, data)
        except WebsocketDisconnectedError:
            return "gone"
        except Exception as exc:  # noqa: BLE001 - a push that fails for size is a pointer, anything else is gone
            if "PayloadTooLarge" in type(exc).__name__ or "PayloadTooLarge" in str(exc):
                return "too_large"
            return "gone"
        return "ok"
