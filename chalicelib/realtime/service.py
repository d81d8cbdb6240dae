"""WebSocket connections: short-lived tickets, connections with a TTL, workspace subscriptions, and pushes.

A browser cannot set headers on a WebSocket handshake, and a long-lived token in a URL ends up in logs; so the
client trades its access token for a ticket (`POST /ws/ticket`) that is good for one connection within a minute.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from chalicelib.accounts.service import Principal
from chalicelib.common.ids import iso, now, sha256, token
from chalicelib.ports import Notifier, Queue, Store
from chalicelib.storage import keys
from chalicelib.storage.records import Delete, Put, Record, TransactionConflict

log = logging.getLogger("playground.realtime")

TICKET_TTL = 60
CONNECTION_TTL = 2 * 3600


def issue_ticket(store: Store, who: Principal, ws_url: str) -> dict[str, Any]:
    raw = token("wst_", 24)
    store.put(Record(*keys.ws_ticket(sha256(raw)), kind="ticket", ttl=int(now()) + TICKET_TTL,
                     data={"v": 1, "uid": who.uid, "expires_ts": now() + TICKET_TTL}), must_not_exist=True)
    return {"ticket": raw, "url": f"{ws_url}?ticket={raw}" if ws_url else "", "expires_in": TICKET_TTL}


def connect(store: Store, connection_id: str, ticket: str | None) -> str | None:
    """Consume the ticket and record the connection; answer the user id, or None to refuse."""
    if not ticket:
        return None
    rec = store.get(*keys.ws_ticket(sha256(ticket)))
    if not rec or float(rec.data.get("expires_ts", 0)) < now():
        return None
    uid = str(rec.data["uid"])
    conn = Record(*keys.ws_connection(connection_id), kind="connection", ttl=int(now()) + CONNECTION_TTL,
                  gsi1pk=keys.user_connections(uid), gsi1sk=connection_id,
                  data={"v": 1, "uid": uid, "connected_at": iso(), "workspaces": []})
    try:  # single use: the ticket goes in the same transaction that records the connection
        store.transact([Delete(rec.pk, rec.sk, must_exist=True), Put(conn)])
    except TransactionConflict:
        return None
    return uid


def subscribe(store: Store, connection_id: str, ws: str) -> bool:
    conn = store.get(*keys.ws_connection(connection_id))
    if not conn:
        return False
    if store.get(*keys.member(ws, conn.data["uid"])) is None:  # every member may watch; others are refused
        return False
    store.put(Record(*keys.ws_subscription(ws, connection_id), kind="subscription", ttl=conn.ttl,
                     data={"v": 1, "uid": conn.data["uid"]}))
    if ws not in conn.data["workspaces"]:
        conn.data["workspaces"].append(ws)
        store.put(conn)
    return True


def disconnect(store: Store, connection_id: str) -> None:
    conn = store.get(*keys.ws_connection(connection_id))
    if not conn:
        return
    store.batch_delete([keys.ws_subscription(ws, connection_id) for ws in conn.data.get("workspaces", [])]
                       + [(conn.pk, conn.sk)])


def _deliver(store: Store, notifier: Notifier, connection_ids: list[str], event: dict[str, Any],
             pointer: dict[str, Any]) -> int:
    payload = json.dumps(event, separators=(",", ":"))
    small = json.dumps(pointer, separators=(",", ":"))
    sent = 0
    for cid in connection_ids:
        outcome = notifier.send(cid, payload)
        if outcome == "too_large":  # over API Gateway's frame limit: say where to fetch it instead
            outcome = notifier.send(cid, small)
        if outcome == "gone":
            disconnect(store, cid)
        elif outcome == "ok":
            sent += 1
    return sent


def notify_user(store: Store, notifier: Notifier, uid: str, event: dict[str, Any],
                pointer: dict[str, Any]) -> int:
    cids = [r.gsi1sk or "" for r in store.query_all(keys.user_connections(uid), index=True)]
    return _deliver(store, notifier, [c for c in cids if c], event, pointer)


def _workspace_connections(store: Store, ws: str) -> list[str]:
    return [r.sk.removeprefix("SUB#") for r in store.query_all(keys.ws_subscriptions(ws))]


def notify_workspace(store: Store, notifier: Notifier, ws: str, event: dict[str, Any],
                     pointer: dict[str, Any]) -> int:
    return _deliver(store, notifier, _workspace_connections(store, ws), event, pointer)


def share(queue: Queue, ws: str, topics: tuple[str, ...], who: Principal, about: dict[str, str] | None = None,
          origin: str | None = None) -> None:
    """Tell the workspace's open pages that `topics` ("tree", "environments") changed, so teammates see a save
    without reloading. Queued, not pushed here: the API answers without waiting on the sockets; the worker delivers.
    Best effort: the change is saved already, and a page that misses the event sees it on its next load.

    `origin` is the page that made the change (its X-Client-Id): that page skips the event, the same user's other
    tabs do not. `by_name` lets a page say who saved what it has open."""
    try:
        queue.send({"kind": "broadcast", "ws": ws, "topics": list(topics), "by": who.uid, "by_name": who.name,
                    "origin": origin, "at": iso(), "about": dict(about or {})})
    except Exception:  # noqa: BLE001 - see above: never fail a saved change for its announcement
        log.warning("could not queue the %s event of %s", "/".join(topics), ws, exc_info=True)


def deliver_shared(store: Store, notifier: Notifier, message: dict[str, Any]) -> int:
    """The worker's half of `share`: `{topic}.changed` to every connection subscribed to the workspace."""
    ws = str(message["ws"])
    cids = _workspace_connections(store, ws)  # one Query for every topic of the message
    sent = 0
    for topic in message.get("topics") or []:
        event = {"type": f"{topic}.changed", "workspace_id": ws, "by": message.get("by"),
                 "by_name": message.get("by_name"), "origin": message.get("origin"), "at": message.get("at"),
                 **(message.get("about") or {})}  # `about` was chosen by the API (share): the request or folder
        sent += _deliver(store, notifier, cids, event, event)
    return sent
