"""Workspaces, members and invitations through the HTTP API: roles, the last owner, invitations' life cycle,
transfer, deletion of everything, and tenant isolation."""

from __future__ import annotations

from typing import Any

from chalicelib.storage import table
from tests.conftest import Api, new_email, signup


def _invite(owner: Api, ws: str, who: Api, role: str) -> dict[str, Any]:
    inv = owner.ok("POST", f"/workspaces/{ws}/invitations", {"email": who.user["email"], "role": role})
    who.ok("POST", "/invitations/accept", {"token": inv["token"]})
    return dict(inv)


def test_create_list_rename_and_roles(alice: Api, bob: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "  Team  ", "description": "d"})
    assert ws["name"] == "Team" and ws["role"] == "owner"
    _invite(alice, ws["id"], bob, "viewer")
    mine = bob.ok("GET", "/workspaces")["items"]
    assert [(w["id"], w["role"]) for w in mine] == [(ws["id"], "viewer")]
    assert bob.call("PATCH", f"/workspaces/{ws['id']}", {"name": "Mine now"})[0] == 403
    assert alice.ok("PATCH", f"/workspaces/{ws['id']}", {"name": "Renamed", "history_retention_days": 7}) \
        ["history_retention_days"] == 7
    members = alice.ok("GET", f"/workspaces/{ws['id']}/members")["items"]
    assert sorted(m["role"] for m in members) == ["owner", "viewer"]
    assert {m["email"] for m in members} == {alice.user["email"], bob.user["email"]}


def test_invitation_lifecycle(alice: Api, bob: Api, anon: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Inv"})["id"]
    inv = alice.ok("POST", f"/workspaces/{ws}/invitations", {"email": bob.user["email"].upper(), "role": "editor"})
    assert inv["token"].startswith("inv_") and inv["status"] == "pending" and inv["email"] == bob.user["email"]
    assert "token" not in alice.ok("GET", f"/workspaces/{ws}/invitations")["items"][0]
    # Bob sees it among his pending invitations.
    pending = bob.ok("GET", "/me/invitations")["items"]
    assert [(p["workspace_id"], p["workspace_name"], p["role"]) for p in pending] == [(ws, "Inv", "editor")]
    # Someone else holding the token cannot use it.
    carol = signup(anon)
    status, err = carol.call("POST", "/invitations/accept", {"token": inv["token"]})
    assert status == 404
    joined = bob.ok("POST", "/invitations/accept", {"token": inv["token"]})
    assert joined["id"] == ws and joined["role"] == "editor"
    status, err = bob.call("POST", "/invitations/accept", {"token": inv["token"]})
    assert status == 409 and err["error"]["code"] == "INVITATION_CLOSED"
    # Decline and revoke.
    inv2 = alice.ok("POST", f"/workspaces/{ws}/invitations", {"email": carol.user["email"], "role": "viewer"})
    assert carol.call("POST", "/invitations/decline", {"token": inv2["token"]})[0] == 204
    assert carol.call("POST", "/invitations/accept", {"token": inv2["token"]})[0] == 409
    inv3 = alice.ok("POST", f"/workspaces/{ws}/invitations", {"email": carol.user["email"], "role": "viewer"})
    assert alice.call("DELETE", f"/workspaces/{ws}/invitations/{inv3['id']}")[0] == 204
    assert carol.call("POST", "/invitations/accept", {"token": inv3["token"]})[0] == 409
    assert alice.call("DELETE", f"/workspaces/{ws}/invitations/{inv3['id']}")[0] == 409
    statuses = sorted(i["status"] for i in alice.ok("GET", f"/workspaces/{ws}/invitations")["items"])
    assert statuses == ["accepted", "declined", "revoked"]


def test_invitations_expire_after_seven_days(alice: Api, bob: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Old"})["id"]
    inv = alice.ok("POST", f"/workspaces/{ws}/invitations", {"email": bob.user["email"]})
    from datetime import datetime

    created = datetime.fromisoformat(inv["created_at"].replace("Z", "+00:00"))
    expires = datetime.fromisoformat(inv["expires_at"].replace("Z", "+00:00"))
    assert round((expires - created).total_seconds() / 86400) == 7
    # Age it: the stored expiry moves into the past.
    rec = next(table.query_all(f"WS#{ws}", prefix="INVITE#"))
    rec.data["expires_ts"] -= 8 * 86400
    table.put(rec)
    status, err = bob.call("POST", "/invitations/accept", {"token": inv["token"]})
    assert status == 409 and err["error"]["details"]["status"] == "expired"
    assert bob.ok("GET", "/me/invitations")["items"] == []


def test_always_one_owner_and_transfer(alice: Api, bob: Api, anon: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Own"})["id"]
    _invite(alice, ws, bob, "admin")
    me = alice.user["id"]
    status, err = alice.call("PATCH", f"/workspaces/{ws}/members/{me}", {"role": "editor"})
    assert status == 409 and err["error"]["code"] == "LAST_OWNER"
    assert alice.call("DELETE", f"/workspaces/{ws}/members/{me}")[0] == 409
    # An admin cannot touch the owner, nor make owners.
    assert bob.call("PATCH", f"/workspaces/{ws}/members/{me}", {"role": "viewer"})[0] == 403
    assert bob.call("PATCH", f"/workspaces/{ws}/members/{bob.user['id']}", {"role": "owner"})[0] == 403
    assert bob.call("DELETE", f"/workspaces/{ws}/members/{me}")[0] == 403
    assert bob.call("POST", f"/workspaces/{ws}/transfer", {"user_id": bob.user["id"]})[0] == 403
    stranger = signup(anon)
    assert alice.call("POST", f"/workspaces/{ws}/transfer", {"user_id": stranger.user["id"]})[0] == 404
    alice.ok("POST", f"/workspaces/{ws}/transfer", {"user_id": bob.user["id"]})
    roles = {m["user_id"]: m["role"] for m in bob.ok("GET", f"/workspaces/{ws}/members")["items"]}
    assert roles == {bob.user["id"]: "owner", me: "admin"}
    # The former owner can now leave; the new owner cannot while alone.
    assert alice.call("DELETE", f"/workspaces/{ws}/members/{me}")[0] == 204
    assert alice.call("GET", f"/workspaces/{ws}")[0] == 404
    assert bob.call("DELETE", f"/workspaces/{ws}/members/{bob.user['id']}")[0] == 409


def test_delete_workspace_removes_everything(alice: Api, bob: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Doomed"})["id"]
    _invite(alice, ws, bob, "editor")
    col = alice.ok("POST", f"/workspaces/{ws}/folders", {"name": "C"})["id"]
    alice.ok("POST", f"/workspaces/{ws}/requests", {"parent_id": col, "name": "r"})
    alice.ok("POST", f"/workspaces/{ws}/environments", {"name": "E", "variables": [{"key": "s", "value": "v",
                                                                                     "secret": True}]})
    pending = alice.ok("POST", f"/workspaces/{ws}/invitations", {"email": new_email()})
    assert bob.call("DELETE", f"/workspaces/{ws}")[0] == 403
    assert alice.call("DELETE", f"/workspaces/{ws}")[0] == 204
    assert list(table.query_all(f"WS#{ws}")) == []
    assert bob.ok("GET", "/workspaces")["items"] == []
    assert alice.call("GET", f"/workspaces/{ws}/tree")[0] == 404
    from chalicelib.common.ids import sha256
    from chalicelib.storage import keys

    assert table.get(*keys.invitation_token(sha256(pending["token"]))) is None


def test_another_tenants_ids_answer_404(alice: Api, bob: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Secret"})["id"]
    col = alice.ok("POST", f"/workspaces/{ws}/folders", {"name": "C"})["id"]
    req = alice.ok("POST", f"/workspaces/{ws}/requests", {"parent_id": col, "name": "r"})["id"]
    env = alice.ok("POST", f"/workspaces/{ws}/environments", {"name": "E"})["id"]
    own = bob.ok("POST", "/workspaces", {"name": "Bob's"})["id"]
    for path in (f"/workspaces/{ws}", f"/workspaces/{ws}/tree", f"/workspaces/{ws}/folders/{col}",
                 f"/workspaces/{ws}/requests/{req}", f"/workspaces/{ws}/environments/{env}",
                 f"/workspaces/{own}/folders/{col}", f"/workspaces/{own}/requests/{req}",
                 f"/workspaces/{own}/environments/{env}", f"/workspaces/{own}/requests/{req}/snapshots",
                 "/workspaces/ws_doesnotexist0000", "/workspaces/not-an-id"):
        status, err = bob.call("GET", path)
        assert status == 404, path
        assert err["error"]["code"] in ("NOT_FOUND",), path
    assert bob.call("DELETE", f"/workspaces/{own}/requests/{req}")[0] == 404
    assert bob.call("POST", f"/workspaces/{own}/folders/{col}/move", {"parent_id": None})[0] == 404


def test_list_pagination_with_opaque_cursors(alice: Api) -> None:
    for i in range(5):
        alice.ok("POST", "/workspaces", {"name": f"W{i}"})
    first = alice.ok("GET", "/workspaces?limit=2")
    assert len(first["items"]) == 2 and first["next_cursor"]
    seen = [w["id"] for w in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = alice.ok("GET", f"/workspaces?limit=2&cursor={cursor}")
        seen += [w["id"] for w in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 5
    for bad in ("limit=0", "limit=101", "limit=abc", "cursor=tampered", f"cursor={first['next_cursor'][:-2]}xx"):
        status, err = alice.call("GET", f"/workspaces?{bad}")
        assert status == 400, bad
        assert err["error"]["code"] in ("VALIDATION_ERROR", "BAD_REQUEST")
