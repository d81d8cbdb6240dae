"""Routes: a ticket to open the WebSocket (the socket's own handlers are in app.py)."""

from __future__ import annotations

import os

from chalice.app import Blueprint

from chalicelib.api.http import Call, Router
from chalicelib.realtime import service as realtime

bp = Blueprint(__name__)
r = Router(bp, "realtime")


@r.post("/ws/ticket", summary="A one-use ticket (60 s) to open the WebSocket: connect to `url`", status=201)
def ws_ticket(c: Call) -> dict:
    return realtime.issue_ticket(c.store, c.who, os.environ.get("PLAYGROUND_WS_URL", ""))
