"""Routes: the operator (superuser) API."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.admin import service as admin
from chalicelib.api.http import PAGINATION, Call, Router

bp = Blueprint(__name__)
r = Router(bp, "admin")


@r.get("/admin/users", summary="All users, newest first (operator)", query=PAGINATION, errors=(403,))
def admin_list_users(c: Call) -> dict:
    return admin.list_users(c.store, c.who, c.limit, c.cursor)


@r.post("/admin/users/{user_id}/disable", summary="Disable a user (operator)", errors=(403, 404))
def admin_disable_user(c: Call, user_id: str) -> dict:
    return admin.set_disabled(c.store, c.who, user_id, True)


@r.post("/admin/users/{user_id}/enable", summary="Enable a user again (operator)", errors=(403, 404))
def admin_enable_user(c: Call, user_id: str) -> dict:
    return admin.set_disabled(c.store, c.who, user_id, False)


@r.get("/admin/workspaces", summary="Workspaces with their counts (operator)", query=PAGINATION, errors=(403,))
def admin_list_workspaces(c: Call) -> dict:
    return admin.list_workspaces(c.store, c.who, c.limit, c.cursor)
