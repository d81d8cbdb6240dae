"""The WebSocket Lambda handlers' bodies (app.py delegates here)."""

from __future__ import annotations

import json
from typing import Any

from chalicelib import deps
from chalicelib.realtime import service
from chalicelib.storage.push import WebsocketNotifier


def connect(connection_id: str, event: dict[str, Any]) -> dict[str, Any]:
    ticket = (event.get("queryStringParameters") or {}).get("ticket")
    uid = service.connect(deps.store(), connection_id, ticket)
    return {"statusCode": 200} if uid else {"statusCode": 403, "body": "a valid ticket is required"}


def message(connection_id: str, body: str | None, websocket_api: Any) -> None:
    notifier = WebsocketNotifier(websocket_api)
    try:
        msg = json.loads(body or "{}")
    except ValueError:
        msg = {}
    action = msg.get("action") if isinstance(msg, dict) else None
    if action == "subscribe" and isinstance(msg.get("workspace_id"), str):
        ok = service.subscribe(deps.store(), connection_id, msg["workspace_id"])
        reply = {"type": "subscribed" if ok else "error", "workspace_id": msg["workspace_id"]}
        if not ok:
            reply["message"] = "No such workspace."
    elif action == "ping":
        reply = {"type": "pong"}
    else:
        reply = {"type": "error", "message": "Unknown action; send {\"action\": \"subscribe\", ...} or ping."}
    if notifier.send(connection_id, json.dumps(reply)) == "gone":
        service.disconnect(deps.store(), connection_id)


def disconnect(connection_id: str) -> None:
    service.disconnect(deps.store(), connection_id)
