"""The operator (superuser) API: the seed's admin panel. Operators are named by PLAYGROUND_OPERATOR_EMAILS."""

from __future__ import annotations

from typing import Any

from chalicelib.accounts.service import Principal, public_user
from chalicelib.common.ids import is_id
from chalicelib.errors import BadRequest, Forbidden, NotFound
from chalicelib.ports import Store
from chalicelib.schema.migrate import upgrade
from chalicelib.storage import keys


def _require_operator(who: Principal) -> None:
    if not who.is_operator:
        raise Forbidden("This needs an operator account.", code="NOT_OPERATOR")


def list_users(store: Store, who: Principal, limit: int, cursor: str | None) -> dict[str, Any]:
    _require_operator(who)
    recs, nxt = store.query_page(keys.USERS_INDEX, limit=limit, cursor=cursor, index=True, forward=False,
                                 scope="admin-users")
    return {"items": [public_user(upgrade("user", r.data)) for r in recs], "next_cursor": nxt}


def set_disabled(store: Store, who: Principal, uid: str, disabled: bool) -> dict[str, Any]:
    _require_operator(who)
    if uid == who.uid and disabled:
        raise BadRequest("Operators cannot disable themselves.", details={"user_id": "is you"})
    rec = store.get(*keys.user(uid)) if is_id(uid, "usr") else None
    if not rec:
        raise NotFound("No such user.")
    doc = upgrade("user", rec.data)
    doc["disabled"] = disabled
    store.update_fields(rec.pk, rec.sk, data=doc)
    return public_user(doc)


def list_workspaces(store: Store, who: Principal, limit: int, cursor: str | None) -> dict[str, Any]:
    """Workspaces with their counts. Counting is a COUNT query per kind and workspace: fine for an operator page
    of at most 100 rows, and it never drifts the way maintained counters can."""
    _require_operator(who)
    recs, nxt = store.query_page(keys.WORKSPACES_INDEX, limit=limit, cursor=cursor, index=True, forward=False,
                                 scope="admin-workspaces")
    items = []
    for r in recs:
        doc = upgrade("workspace", r.data)
        pk = keys.ws_partition(doc["id"])
        nodes = store.count(pk, "NODE#")
        requests = store.count(pk, "REQ#")
        items.append({"id": doc["id"], "name": doc["name"], "created_at": doc["created_at"],
                      "created_by": doc["created_by"], "members": store.count(pk, "MEMBER#"),
                      "folders": nodes - requests, "requests": requests,
                      "environments": store.count(pk, "ENV#")})
    return {"items": items, "next_cursor": nxt}
