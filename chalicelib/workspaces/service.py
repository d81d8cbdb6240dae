"""Workspaces, their members and invitations.

`membership` is the caller's member document for the workspace (or None), read by the API layer in the same
BatchGetItem that authenticated the caller; every function here checks it through `roles.require`.
"""

from __future__ import annotations

from typing import Any

from chalicelib.accounts.service import Principal
from chalicelib.common.ids import is_id, iso, new_id, now, sha256, token
from chalicelib.config import settings
from chalicelib.errors import BadRequest, Conflict, Forbidden, NotFound
from chalicelib.ports import Store
from chalicelib.schema.migrate import stamp, upgrade
from chalicelib.storage import keys
from chalicelib.storage.records import Check, Put, Record, TransactionConflict
from chalicelib.workspaces.models import (
    InvitationIn,
    MemberPatch,
    TransferIn,
    WorkspaceIn,
    WorkspacePatch,
)
from chalicelib.workspaces.roles import require

INVITE_PREFIX = "inv_"
DEFAULT_RETENTION_DAYS = 30


def _member_record(ws: str, uid: str, email: str, role: str) -> Record:
    return Record(*keys.member(ws, uid), kind="member", gsi1pk=keys.user_partition(uid), gsi1sk=f"WS#{ws}",
                  data=stamp("member", {"uid": uid, "email": email, "role": role, "joined_at": iso()}))


def _public(doc: dict[str, Any], role: str | None) -> dict[str, Any]:
    return {"id": doc["id"], "name": doc["name"], "description": doc.get("description", ""),
            "created_at": doc["created_at"], "created_by": doc["created_by"],
            "history_retention_days": doc.get("history_retention_days", DEFAULT_RETENTION_DAYS), "role": role}


def _load(store: Store, ws: str) -> Record:
    rec = store.get(*keys.workspace(ws))
    if not rec:
        raise NotFound("No such workspace.")
    return rec


def create(store: Store, who: Principal, body: WorkspaceIn) -> dict[str, Any]:
    ws = new_id("ws")
    created = iso()
    doc = stamp("workspace", {"id": ws, "name": body.name, "description": body.description, "created_at": created,
                              "created_by": who.uid, "history_retention_days": DEFAULT_RETENTION_DAYS})
    store.transact([
        Put(Record(*keys.workspace(ws), kind="workspace", data=doc, gsi1pk=keys.WORKSPACES_INDEX,
                   gsi1sk=f"{created}#{ws}"), must_not_exist=True),
        Put(_member_record(ws, who.uid, who.email, "owner"), must_not_exist=True),
    ])
    return _public(doc, "owner")


def list_mine(store: Store, who: Principal, limit: int, cursor: str | None) -> dict[str, Any]:
    members, nxt = store.query_page(keys.user_partition(who.uid), prefix="WS#", limit=limit, cursor=cursor,
                                    index=True, scope=f"my-ws#{who.uid}")
    roles = {m.pk.removeprefix("WS#"): m.data["role"] for m in members}
    metas = store.batch_get([keys.workspace(ws) for ws in roles])
    items = [_public(upgrade("workspace", rec.data), roles[rec.pk.removeprefix("WS#")])
             for rec in metas.values()]
    items.sort(key=lambda w: (w["name"].lower(), w["id"]))
    return {"items": items, "next_cursor": nxt}


def get(store: Store, ws: str, membership: dict[str, Any] | None) -> dict[str, Any]:
    role = require(membership, "viewer")
    return _public(upgrade("workspace", _load(store, ws).data), role)


def update(store: Store, ws: str, membership: dict[str, Any] | None, body: WorkspacePatch) -> dict[str, Any]:
    role = require(membership, "admin")
    rec = _load(store, ws)
    doc = upgrade("workspace", rec.data)
    for field in ("name", "description", "history_retention_days"):
        value = getattr(body, field)
        if value is not None:
            doc[field] = value.strip() if isinstance(value, str) else value
    if not doc["name"]:
        raise BadRequest("A name cannot be blank.", code="VALIDATION_ERROR", details={"name": "blank"})
    store.update_fields(rec.pk, rec.sk, data=stamp("workspace", doc))
    return _public(doc, role)


def delete(store: Store, ws: str, membership: dict[str, Any] | None) -> None:
    require(membership, "owner")
    # Invitation tokens live outside the partition: drop them first, then everything under WS#{ws}.
    everything = list(store.query_all(keys.ws_partition(ws)))
    tokens = [keys.invitation_token(r.data["token_hash"]) for r in everything
              if r.sk.startswith("INVITE#") and r.data.get("token_hash")]
    store.batch_delete(tokens)
    # META last, so a delete that fails half-way can be retried by the owner (the workspace still exists).
    store.batch_delete([(r.pk, r.sk) for r in everything if r.sk != "META"])
    store.delete(*keys.workspace(ws))


def transfer(store: Store, who: Principal, ws: str, membership: dict[str, Any] | None,
             body: TransferIn) -> dict[str, Any]:
    require(membership, "owner")
    if body.user_id == who.uid:
        raise BadRequest("You own this workspace already.", details={"user_id": "is you"})
    target = store.get(*keys.member(ws, body.user_id)) if is_id(body.user_id, "usr") else None
    if not target:
        raise NotFound("That user is not a member of this workspace; invite them first.",
                       details={"user_id": "not a member"})
    mine = store.get(*keys.member(ws, who.uid))
    assert mine is not None
    target.data["role"], mine.data["role"] = "owner", "admin"
    store.transact([Put(target), Put(mine)])
    return {"owner": body.user_id, "previous_owner_role": "admin"}


# --- members -----------------------------------------------------------------------------------------------------

def list_members(store: Store, ws: str, membership: dict[str, Any] | None, limit: int,
                 cursor: str | None) -> dict[str, Any]:
    require(membership, "viewer")
    recs, nxt = store.query_page(keys.ws_partition(ws), prefix="MEMBER#", limit=limit, cursor=cursor)
    profiles = store.batch_get([keys.user(r.data["uid"]) for r in recs])
    items = []
    for r in recs:
        m = upgrade("member", r.data)
        p = profiles.get(keys.user(m["uid"]))
        items.append({"user_id": m["uid"], "email": p.data["email"] if p else m["email"],
                      "name": p.data.get("name", "") if p else "", "role": m["role"], "joined_at": m["joined_at"]})
    return {"items": items, "next_cursor": nxt}


def _owners(store: Store, ws: str) -> list[str]:
    return [r.data["uid"] for r in store.query_all(keys.ws_partition(ws), prefix="MEMBER#")
            if r.data.get("role") == "owner"]


def change_role(store: Store, who: Principal, ws: str, membership: dict[str, Any] | None, uid: str,
                body: MemberPatch) -> dict[str, Any]:
    my_role = require(membership, "admin")
    target = store.get(*keys.member(ws, uid)) if is_id(uid, "usr") else None
    if not target:
        raise NotFound("No such member.")
    current = target.data["role"]
    if "owner" in (current, body.role) and my_role != "owner":
        raise Forbidden("Only an owner can grant or take away the owner role.", code="ROLE_TOO_LOW",
                        details={"required": "owner", "role": my_role})
    if current == "owner" and body.role != "owner" and _owners(store, ws) == [uid]:
        raise Conflict("A workspace needs at least one owner; transfer ownership first.", code="LAST_OWNER")
    target.data["role"] = body.role
    store.put(target)
    return {"user_id": uid, "role": body.role}


def remove_member(store: Store, who: Principal, ws: str, membership: dict[str, Any] | None, uid: str) -> None:
    if uid != who.uid:  # leaving needs no role; removing someone else needs admin
        my_role = require(membership, "admin")
    else:
        my_role = require(membership, "viewer")
    target = store.get(*keys.member(ws, uid)) if is_id(uid, "usr") else None
    if not target:
        raise NotFound("No such member.")
    if target.data["role"] == "owner":
        if my_role != "owner":
            raise Forbidden("Only an owner can remove an owner.", code="ROLE_TOO_LOW",
                            details={"required": "owner", "role": my_role})
        if _owners(store, ws) == [uid]:
            raise Conflict("A workspace needs at least one owner; transfer ownership first.", code="LAST_OWNER")
    store.delete(target.pk, target.sk)


# --- invitations -------------------------------------------------------------------------------------------------

def _public_invitation(doc: dict[str, Any], ws_name: str | None = None) -> dict[str, Any]:
    out = {"id": doc["id"], "workspace_id": doc["ws"], "email": doc["email"], "role": doc["role"],
           "status": _status(doc), "invited_by": doc["invited_by"], "created_at": doc["created_at"],
           "expires_at": iso(doc["expires_ts"])}
    if ws_name is not None:
        out["workspace_name"] = ws_name
    return out


def _status(doc: dict[str, Any]) -> str:
    if doc["status"] == "pending" and doc["expires_ts"] < now():
        return "expired"
    return str(doc["status"])


def invite(store: Store, who: Principal, ws: str, membership: dict[str, Any] | None,
           body: InvitationIn) -> dict[str, Any]:
    require(membership, "admin")
    iid = new_id("inv")
    raw = token(INVITE_PREFIX)
    digest = sha256(raw)
    expires = now() + settings().invitation_ttl
    doc = stamp("invitation", {"id": iid, "ws": ws, "email": body.email, "role": body.role,
                               "invited_by": who.uid, "created_at": iso(), "expires_ts": expires,
                               "status": "pending", "token_hash": digest})
    keep_until = int(expires) + 30 * 24 * 3600  # expired invitations stay visible a while, then TTL drops them
    store.transact([
        Check(*keys.workspace(ws)),
        Put(Record(*keys.invitation(ws, iid), kind="invitation", data=doc, ver=0, ttl=keep_until,
                   gsi1pk=f"INVITEE#{body.email}", gsi1sk=f"{doc['created_at']}#{ws}")),
        Put(Record(*keys.invitation_token(digest), kind="invtoken", ttl=keep_until,
                   data={"v": 1, "ws": ws, "iid": iid}), must_not_exist=True),
    ])
    # The token is shown once (it would go out by email); only its hash is stored.
    return {**_public_invitation(doc), "token": raw, "accept_path": f"/invitations/accept#{raw}"}


def list_invitations(store: Store, ws: str, membership: dict[str, Any] | None, limit: int,
                     cursor: str | None) -> dict[str, Any]:
    require(membership, "admin")
    recs, nxt = store.query_page(keys.ws_partition(ws), prefix="INVITE#", limit=limit, cursor=cursor)
    return {"items": [_public_invitation(upgrade("invitation", r.data)) for r in recs], "next_cursor": nxt}


def revoke_invitation(store: Store, ws: str, membership: dict[str, Any] | None, iid: str) -> None:
    require(membership, "admin")
    rec = store.get(*keys.invitation(ws, iid)) if is_id(iid, "inv") else None
    if not rec:
        raise NotFound("No such invitation.")
    if rec.data["status"] != "pending":
        raise Conflict(f"This invitation is {rec.data['status']} already.", code="INVITATION_CLOSED")
    rec.data["status"] = "revoked"
    store.put(rec)


def my_invitations(store: Store, who: Principal, limit: int, cursor: str | None) -> dict[str, Any]:
    recs, nxt = store.query_page(f"INVITEE#{who.email}", limit=limit, cursor=cursor, index=True, forward=False,
                                 scope=f"invitee#{who.uid}")
    docs = [upgrade("invitation", r.data) for r in recs]
    metas = store.batch_get([keys.workspace(d["ws"]) for d in docs])
    items = [_public_invitation(d, metas[keys.workspace(d["ws"])].data["name"]) for d in docs
             if _status(d) == "pending" and keys.workspace(d["ws"]) in metas]
    return {"items": items, "next_cursor": nxt}


def _by_token(store: Store, who: Principal, raw: str) -> Record:
    pointer = store.get(*keys.invitation_token(sha256(raw)))
    rec = store.get(*keys.invitation(pointer.data["ws"], pointer.data["iid"])) if pointer else None
    # Someone else's invitation is as good as none: it says nothing about who was invited where.
    if not rec or rec.data["email"] != who.email:
        raise NotFound("No such invitation for your account.", code="INVITATION_NOT_FOUND")
    status = _status(rec.data)
    if status != "pending":
        raise Conflict(f"This invitation is {status}.", code="INVITATION_CLOSED", details={"status": status})
    return rec


def accept(store: Store, who: Principal, raw: str) -> dict[str, Any]:
    rec = _by_token(store, who, raw)
    ws = rec.data["ws"]
    existing = store.get(*keys.member(ws, who.uid))
    if existing:
        raise Conflict("You are a member of this workspace already.", code="ALREADY_MEMBER")
    closed = Record(rec.pk, rec.sk, kind=rec.kind, data={**rec.data, "status": "accepted", "accepted_at": iso()},
                    ver=(rec.ver or 0) + 1, ttl=rec.ttl, gsi1pk=rec.gsi1pk, gsi1sk=rec.gsi1sk)
    try:
        store.transact([Check(*keys.workspace(ws)), Put(closed, expect_ver=rec.ver or 0),
                        Put(_member_record(ws, who.uid, who.email, rec.data["role"]), must_not_exist=True)])
    except TransactionConflict:
        raise Conflict("This invitation changed meanwhile; reload it.", code="INVITATION_CLOSED") from None
    meta = store.get(*keys.workspace(ws))
    return _public(upgrade("workspace", meta.data), rec.data["role"]) if meta else {"id": ws}


def decline(store: Store, who: Principal, raw: str) -> None:
    rec = _by_token(store, who, raw)
    rec.data["status"] = "declined"
    store.put(rec)
