"""The route matrix: every route × every kind of caller, against the product's access policy.

The expected statuses come from POLICY below — the product rules written down — never from what the code happens to
answer. A route added to the app without a POLICY entry fails `test_policy_covers_every_route` (and its own matrix
cases), so nobody ships an endpoint whose access rules were never decided.

Policy:
- anonymous callers get 401 on every route that needs sign-in; public routes work for anyone;
- on /workspaces/{ws}/...: a non-member gets 404 (a workspace you cannot see does not exist for you), a member below
  the route's minimum role gets 403, a member at or above it gets the route's success status;
- other signed-in routes work for any signed-in user; /admin/* needs an operator (403 for everyone in the matrix).

Every case builds what its success path needs (a fresh folder to delete, a fresh member to remove, a fresh workspace
to transfer, ...) and sends a valid body, so a 400/404 can never hide an authorization bug. Shared, non-destructive
state is built once per module.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

import pytest

import app as _app  # noqa: F401 - registers every blueprint, so ROUTES is complete
from chalicelib.api.http import ROUTES
from tests.conftest import Api, drain, new_email, signup

PASSWORD = "correct horse battery"

# --- the policy ------------------------------------------------------------------------------------------------------

PUBLIC = "public"        # no sign-in needed
SIGNED_IN = "signed-in"  # any signed-in user
OPERATOR = "operator"    # operators only (PLAYGROUND_OPERATOR_EMAILS)
VIEWER, EDITOR, ADMIN, OWNER = "viewer", "editor", "admin", "owner"
#: the product's role ladder (written here on purpose, not imported from chalicelib.workspaces.roles)
RANK = {VIEWER: 1, EDITOR: 2, ADMIN: 3, OWNER: 4}

CALLERS = ("anonymous", "non-member", VIEWER, EDITOR, ADMIN, OWNER)


class Rule(NamedTuple):
    who: str  # PUBLIC | SIGNED_IN | OPERATOR | the minimum workspace role
    ok: int   # the success status


POLICY: dict[str, Rule] = {
    # meta
    "GET /health": Rule(PUBLIC, 200),
    "GET /egress": Rule(SIGNED_IN, 200),
    "GET /openapi.json": Rule(PUBLIC, 200),
    # accounts
    "POST /auth/register": Rule(PUBLIC, 201),
    "POST /auth/login": Rule(PUBLIC, 200),
    "POST /auth/refresh": Rule(PUBLIC, 200),
    "POST /auth/logout": Rule(SIGNED_IN, 204),
    "GET /me": Rule(SIGNED_IN, 200),
    "PATCH /me": Rule(SIGNED_IN, 200),
    "POST /me/password": Rule(SIGNED_IN, 200),
    "GET /me/api-keys": Rule(SIGNED_IN, 200),
    "POST /me/api-keys": Rule(SIGNED_IN, 201),
    "DELETE /me/api-keys/{key_id}": Rule(SIGNED_IN, 204),
    "GET /me/invitations": Rule(SIGNED_IN, 200),
    # workspaces, members, invitations
    "GET /workspaces": Rule(SIGNED_IN, 200),
    "POST /workspaces": Rule(SIGNED_IN, 201),
    "GET /workspaces/{ws}": Rule(VIEWER, 200),
    "PATCH /workspaces/{ws}": Rule(ADMIN, 200),
    "DELETE /workspaces/{ws}": Rule(OWNER, 204),
    "POST /workspaces/{ws}/transfer": Rule(OWNER, 200),
    "GET /workspaces/{ws}/members": Rule(VIEWER, 200),
    "PATCH /workspaces/{ws}/members/{user_id}": Rule(ADMIN, 200),
    "DELETE /workspaces/{ws}/members/{user_id}": Rule(ADMIN, 204),  # removing someone else
    "GET /workspaces/{ws}/invitations": Rule(ADMIN, 200),
    "POST /workspaces/{ws}/invitations": Rule(ADMIN, 201),
    "DELETE /workspaces/{ws}/invitations/{invitation_id}": Rule(ADMIN, 204),
    "POST /invitations/accept": Rule(SIGNED_IN, 200),
    "POST /invitations/decline": Rule(SIGNED_IN, 204),
    # the tree: collections, folders, requests, snapshots
    "GET /workspaces/{ws}/tree": Rule(VIEWER, 200),
    "POST /workspaces/{ws}/folders": Rule(EDITOR, 201),
    "GET /workspaces/{ws}/folders/{folder_id}": Rule(VIEWER, 200),
    "PATCH /workspaces/{ws}/folders/{folder_id}": Rule(EDITOR, 200),
    "DELETE /workspaces/{ws}/folders/{folder_id}": Rule(EDITOR, 200),  # answers {"deleted": n}
    "POST /workspaces/{ws}/folders/{folder_id}/move": Rule(EDITOR, 200),
    "POST /workspaces/{ws}/folders/{folder_id}/duplicate": Rule(EDITOR, 201),
    "POST /workspaces/{ws}/requests": Rule(EDITOR, 201),
    "GET /workspaces/{ws}/requests/{request_id}": Rule(VIEWER, 200),
    "PUT /workspaces/{ws}/requests/{request_id}": Rule(EDITOR, 200),
    "DELETE /workspaces/{ws}/requests/{request_id}": Rule(EDITOR, 204),
    "POST /workspaces/{ws}/requests/{request_id}/duplicate": Rule(EDITOR, 201),
    "POST /workspaces/{ws}/requests/{request_id}/move": Rule(EDITOR, 200),
    "GET /workspaces/{ws}/requests/{request_id}/snapshots": Rule(VIEWER, 200),
    "GET /workspaces/{ws}/requests/{request_id}/snapshots/{version}": Rule(VIEWER, 200),
    "POST /workspaces/{ws}/requests/{request_id}/snapshots/{version}/restore": Rule(EDITOR, 200),
    # environments and globals (masked reads)
    "GET /workspaces/{ws}/environments": Rule(VIEWER, 200),
    "POST /workspaces/{ws}/environments": Rule(EDITOR, 201),
    "GET /workspaces/{ws}/environments/{env_id}": Rule(VIEWER, 200),
    "PUT /workspaces/{ws}/environments/{env_id}": Rule(EDITOR, 200),
    "DELETE /workspaces/{ws}/environments/{env_id}": Rule(EDITOR, 204),
    "GET /workspaces/{ws}/globals": Rule(VIEWER, 200),
    "PUT /workspaces/{ws}/globals": Rule(EDITOR, 200),
    # sending, executions and history (a viewer may send: sending reads, it changes nothing stored but history)
    "POST /workspaces/{ws}/requests/{request_id}/execute": Rule(VIEWER, 202),
    "POST /workspaces/{ws}/execute": Rule(VIEWER, 202),
    "GET /executions/{execution_id}": Rule(SIGNED_IN, 200),  # one's own executions only
    "GET /workspaces/{ws}/history": Rule(VIEWER, 200),
    "GET /workspaces/{ws}/history/{execution_id}": Rule(VIEWER, 200),
    "DELETE /workspaces/{ws}/history/{execution_id}": Rule(VIEWER, 200),
    "DELETE /workspaces/{ws}/history": Rule(VIEWER, 200),
    "POST /workspaces/{ws}/history/{execution_id}/restore": Rule(EDITOR, 201),
    "POST /ws/ticket": Rule(SIGNED_IN, 201),
    "POST /workspaces/{ws}/files": Rule(EDITOR, 201),
    "POST /executions/{execution_id}/cancel": Rule(SIGNED_IN, 200),  # one's own executions only
    # interop
    "POST /workspaces/{ws}/imports": Rule(EDITOR, 201),
    "POST /workspaces/{ws}/exports": Rule(VIEWER, 202),
    "GET /workspaces/{ws}/exports/{export_id}": Rule(VIEWER, 200),  # one's own exports
    "POST /codegen": Rule(SIGNED_IN, 200),
    "POST /convert/curl": Rule(SIGNED_IN, 200),
    "POST /convert/fetch": Rule(SIGNED_IN, 200),
    "GET /codegen/targets": Rule(SIGNED_IN, 200),
    # the operator API
    "GET /admin/users": Rule(OPERATOR, 200),
    "POST /admin/users/{user_id}/disable": Rule(OPERATOR, 200),
    "POST /admin/users/{user_id}/enable": Rule(OPERATOR, 200),
    "GET /admin/workspaces": Rule(OPERATOR, 200),
}

#: Same route, different query, different rule: reading secrets in clear needs an editor.
VARIANTS: dict[str, Rule] = {
    "GET /workspaces/{ws}/environments/{env_id}?reveal=true": Rule(EDITOR, 200),
    "GET /workspaces/{ws}/globals?reveal=true": Rule(EDITOR, 200),
}


def expected(rule: Rule, caller: str) -> int:
    if rule.who == PUBLIC:
        return rule.ok
    if caller == "anonymous":
        return 401
    if rule.who == SIGNED_IN:
        return rule.ok
    if rule.who == OPERATOR:
        return 403  # nobody in the matrix is an operator
    if caller == "non-member":
        return 404
    return 403 if RANK[caller] < RANK[rule.who] else rule.ok


def _key(method: str, path: str) -> str:
    return f"{method} {path}"


ROUTE_KEYS = {_key(r.method, r.path): r for r in ROUTES}


# --- the world the matrix runs in ----------------------------------------------------------------------------------

class Case(NamedTuple):
    path: str
    body: Any = None
    api: Api | None = None  # a stand-in caller, when the call would spoil the shared one (logout, password)


@dataclass
class World:
    anon: Api
    users: dict[str, Api]  # the callers, plus helpers: "host", "bystander", "victim"
    ws: str                # the shared workspace: owner, admin, editor, viewer
    collection: str        # holds only the shared request (so duplicating it stays cheap)
    scratch: str           # where per-case folders and requests go
    request: str
    env: str

    @property
    def owner(self) -> Api:
        return self.users[OWNER]

    def api(self, caller: str) -> Api:
        return self.anon if caller == "anonymous" else self.users[caller]

    def shared(self, template: str) -> str:
        return template.format(ws=self.ws, folder_id=self.collection, request_id=self.request, env_id=self.env,
                               version=1)

    def add_member(self, ws: str, user: Api, role: str) -> None:
        inv = self.owner.ok("POST", f"/workspaces/{ws}/invitations", {"email": user.user["email"], "role": role})
        user.ok("POST", "/invitations/accept", {"token": inv["token"]})

    def fresh_member(self) -> str:
        user = signup(self.anon, new_email("target"))
        self.add_member(self.ws, user, VIEWER)
        return str(user.user["id"])

    def fresh_collection(self) -> str:
        return str(self.owner.ok("POST", f"/workspaces/{self.ws}/folders", {"name": "Throwaway"})["id"])

    def fresh_folder(self) -> str:
        body = {"name": "Throwaway", "parent_id": self.scratch}
        return str(self.owner.ok("POST", f"/workspaces/{self.ws}/folders", body)["id"])

    def fresh_request(self) -> str:
        body = {"parent_id": self.scratch, "name": "Throwaway", "method": "GET", "url": "https://example.com/t"}
        return str(self.owner.ok("POST", f"/workspaces/{self.ws}/requests", body)["id"])

    def fresh_env(self) -> str:
        return str(self.owner.ok("POST", f"/workspaces/{self.ws}/environments", ENV_BODY)["id"])

    def fresh_invitation(self) -> str:
        body = {"email": new_email("invitee"), "role": VIEWER}
        return str(self.owner.ok("POST", f"/workspaces/{self.ws}/invitations", body)["id"])

    def team_workspace(self, caller: str, *, bystander: bool = False) -> str:
        """A fresh workspace of the owner's for a case that destroys it: the caller is in it with their role, and
        a bystander viewer too when the case needs another member."""
        ws = str(self.owner.ok("POST", "/workspaces", {"name": "Throwaway team"})["id"])
        if caller in (VIEWER, EDITOR, ADMIN):
            self.add_member(ws, self.users[caller], caller)
        if bystander:
            self.add_member(ws, self.users["bystander"], VIEWER)
        return ws

    def invitation_for(self, caller: str) -> str:
        """A pending invitation to a fresh workspace (not the caller's), sent to the caller's email."""
        host = self.users["host"]
        ws = host.ok("POST", "/workspaces", {"name": "Host"})["id"]
        email = self.api(caller).user.get("email") or new_email("nobody")
        return str(host.ok("POST", f"/workspaces/{ws}/invitations", {"email": email, "role": VIEWER})["token"])

    def history_entry(self, caller: str) -> str:
        """An execution of the caller's own in the shared workspace, run to completion (so it has a history
        entry); callers who cannot send there get the owner's (they are refused before it matters)."""
        api = self.users[caller] if caller in RANK else self.owner
        # A loopback URL: refused by the (hosted) egress policy at once, with no network involved.
        body = {"request": {"url": "http://127.0.0.1:9/matrix"}}
        eid = str(api.ok("POST", f"/workspaces/{self.ws}/execute", body, expect=202)["id"])
        drain(self.anon.client)
        return eid

    def own_execution(self, caller: str) -> str:
        """An execution the caller owns, in a workspace of their own (any signed-in user can have one)."""
        if caller == "anonymous":
            return self.history_entry(OWNER)
        api = self.users[caller]
        ws = api.ok("POST", "/workspaces", {"name": "Own sends"})["id"]
        return str(api.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": "http://127.0.0.1:9/"}},
                          expect=202)["id"])

    def own_export(self, caller: str) -> str:
        """An export the caller started in the shared workspace (the owner's for callers who cannot)."""
        api = self.users[caller] if caller in RANK else self.owner
        return str(api.ok("POST", f"/workspaces/{self.ws}/exports", {"format": "workspace"}, expect=202)["id"])

    def stand_in(self, caller: str) -> Api:
        """A new user in the same position as `caller` (same role in the shared workspace; owner of one)."""
        if caller == "anonymous":
            return self.anon
        user = signup(self.anon, new_email(f"standin-{caller}"))
        if caller == OWNER:
            user.ok("POST", "/workspaces", {"name": "Own"})
        elif caller != "non-member":
            self.add_member(self.ws, user, caller)
        return user


ENV_BODY = {"name": "Staging", "variables": [{"key": "host", "value": "staging.example.com"},
                                             {"key": "token", "value": "s3cret", "secret": True}]}
REQUEST_DOC = {"name": "Saved", "method": "POST", "url": "https://example.com/{{host}}",
               "headers": [{"key": "Accept", "value": "application/json"}],
               "body": {"mode": "json", "raw": "{\"a\": 1}"}}


@pytest.fixture(scope="module")
def world(chalice_client: Any) -> World:
    anon = Api(chalice_client)
    users = {name: signup(anon, new_email(name.replace("-", "")))
             for name in ("non-member", VIEWER, EDITOR, ADMIN, OWNER, "host", "bystander", "victim")}
    owner = users[OWNER]
    ws = owner.ok("POST", "/workspaces", {"name": "Matrix"})["id"]
    collection = owner.ok("POST", f"/workspaces/{ws}/folders", {"name": "Shared"})["id"]
    scratch = owner.ok("POST", f"/workspaces/{ws}/folders", {"name": "Scratch"})["id"]
    request = owner.ok("POST", f"/workspaces/{ws}/requests", {"parent_id": collection, **REQUEST_DOC})["id"]
    env = owner.ok("POST", f"/workspaces/{ws}/environments", ENV_BODY)["id"]
    owner.ok("PUT", f"/workspaces/{ws}/globals", {"variables": [{"key": "g", "value": "1"},
                                                                {"key": "gs", "value": "x", "secret": True}]})
    w = World(anon, users, ws, collection, scratch, request, env)
    for role in (VIEWER, EDITOR, ADMIN):
        w.add_member(ws, users[role], role)
    return w


# --- how each route is called (valid body, fresh objects for destructive calls) -------------------------------------

Builder = Callable[[World, str], Case]


def shared(template: str, body: Any = None) -> Builder:
    return lambda w, caller: Case(w.shared(template), body)


def _login(w: World, caller: str) -> Case:
    user = signup(w.anon, new_email("login"))
    return Case("/auth/login", {"email": user.user["email"], "password": PASSWORD})


def _refresh(w: World, caller: str) -> Case:
    return Case("/auth/refresh", {"refresh_token": signup(w.anon, new_email("refresh")).refresh_token})


def _revoke_key(w: World, caller: str) -> Case:
    maker = w.users["non-member"] if caller == "anonymous" else w.api(caller)
    key = maker.ok("POST", "/me/api-keys", {"name": "throwaway"})
    return Case(f"/me/api-keys/{key['id']}")


def _stand_in(path: str, body: Any) -> Builder:
    return lambda w, caller: Case(path, body, w.stand_in(caller))


BUILDERS: dict[str, Builder] = {
    "GET /health": shared("/health"),
    "GET /egress": shared("/egress"),
    "GET /openapi.json": shared("/openapi.json"),
    "POST /auth/register": lambda w, c: Case("/auth/register", {"email": new_email("reg"), "password": PASSWORD,
                                                                "name": "New"}),
    "POST /auth/login": _login,
    "POST /auth/refresh": _refresh,
    "POST /auth/logout": _stand_in("/auth/logout", {}),
    "GET /me": shared("/me"),
    "PATCH /me": shared("/me", {"name": "Renamed Person"}),
    "POST /me/password": _stand_in("/me/password", {"current_password": PASSWORD,
                                                    "new_password": "a brand new passphrase"}),
    "GET /me/api-keys": shared("/me/api-keys"),
    "POST /me/api-keys": shared("/me/api-keys", {"name": "ci"}),
    "DELETE /me/api-keys/{key_id}": _revoke_key,
    "GET /me/invitations": shared("/me/invitations"),
    "GET /workspaces": shared("/workspaces"),
    "POST /workspaces": shared("/workspaces", {"name": "Mine", "description": "made by the matrix"}),
    "GET /workspaces/{ws}": shared("/workspaces/{ws}"),
    "PATCH /workspaces/{ws}": shared("/workspaces/{ws}", {"name": "Matrix", "history_retention_days": 30}),
    "DELETE /workspaces/{ws}": lambda w, c: Case(f"/workspaces/{w.team_workspace(c)}"),
    "POST /workspaces/{ws}/transfer": lambda w, c: Case(f"/workspaces/{w.team_workspace(c, bystander=True)}/transfer",
                                                        {"user_id": w.users["bystander"].user["id"]}),
    "GET /workspaces/{ws}/members": shared("/workspaces/{ws}/members"),
    "PATCH /workspaces/{ws}/members/{user_id}": lambda w, c: Case(
        f"/workspaces/{w.ws}/members/{w.fresh_member()}", {"role": EDITOR}),
    "DELETE /workspaces/{ws}/members/{user_id}": lambda w, c: Case(f"/workspaces/{w.ws}/members/{w.fresh_member()}"),
    "GET /workspaces/{ws}/invitations": shared("/workspaces/{ws}/invitations"),
    "POST /workspaces/{ws}/invitations": lambda w, c: Case(f"/workspaces/{w.ws}/invitations",
                                                           {"email": new_email("invited"), "role": VIEWER}),
    "DELETE /workspaces/{ws}/invitations/{invitation_id}": lambda w, c: Case(
        f"/workspaces/{w.ws}/invitations/{w.fresh_invitation()}"),
    "POST /invitations/accept": lambda w, c: Case("/invitations/accept", {"token": w.invitation_for(c)}),
    "POST /invitations/decline": lambda w, c: Case("/invitations/decline", {"token": w.invitation_for(c)}),
    "GET /workspaces/{ws}/tree": shared("/workspaces/{ws}/tree"),
    "POST /workspaces/{ws}/folders": lambda w, c: Case(f"/workspaces/{w.ws}/folders",
                                                       {"name": "New folder", "parent_id": w.scratch}),
    "GET /workspaces/{ws}/folders/{folder_id}": shared("/workspaces/{ws}/folders/{folder_id}"),
    "PATCH /workspaces/{ws}/folders/{folder_id}": shared("/workspaces/{ws}/folders/{folder_id}",
                                                         {"description": "shared things",
                                                          "auth": {"type": "noauth"}}),
    "DELETE /workspaces/{ws}/folders/{folder_id}": lambda w, c: Case(f"/workspaces/{w.ws}/folders/{w.fresh_folder()}"),
    "POST /workspaces/{ws}/folders/{folder_id}/move": lambda w, c: Case(
        f"/workspaces/{w.ws}/folders/{w.fresh_collection()}/move", {"parent_id": w.scratch, "index": 0}),
    "POST /workspaces/{ws}/folders/{folder_id}/duplicate": shared("/workspaces/{ws}/folders/{folder_id}/duplicate"),
    "POST /workspaces/{ws}/requests": lambda w, c: Case(f"/workspaces/{w.ws}/requests",
                                                        {"parent_id": w.scratch, **REQUEST_DOC}),
    "GET /workspaces/{ws}/requests/{request_id}": shared("/workspaces/{ws}/requests/{request_id}"),
    "PUT /workspaces/{ws}/requests/{request_id}": lambda w, c: Case(
        f"/workspaces/{w.ws}/requests/{w.fresh_request()}", {**REQUEST_DOC, "version": 1}),
    "DELETE /workspaces/{ws}/requests/{request_id}": lambda w, c: Case(
        f"/workspaces/{w.ws}/requests/{w.fresh_request()}"),
    "POST /workspaces/{ws}/requests/{request_id}/duplicate": shared("/workspaces/{ws}/requests/{request_id}/duplicate"),
    "POST /workspaces/{ws}/requests/{request_id}/move": lambda w, c: Case(
        f"/workspaces/{w.ws}/requests/{w.fresh_request()}/move", {"parent_id": w.scratch, "index": 0}),
    "GET /workspaces/{ws}/requests/{request_id}/snapshots": shared("/workspaces/{ws}/requests/{request_id}/snapshots"),
    "GET /workspaces/{ws}/requests/{request_id}/snapshots/{version}": shared(
        "/workspaces/{ws}/requests/{request_id}/snapshots/{version}"),
    "POST /workspaces/{ws}/requests/{request_id}/snapshots/{version}/restore": lambda w, c: Case(
        f"/workspaces/{w.ws}/requests/{w.fresh_request()}/snapshots/1/restore", {"version": 1}),
    "GET /workspaces/{ws}/environments": shared("/workspaces/{ws}/environments"),
    "POST /workspaces/{ws}/environments": shared("/workspaces/{ws}/environments", ENV_BODY),
    "GET /workspaces/{ws}/environments/{env_id}": shared("/workspaces/{ws}/environments/{env_id}"),
    "GET /workspaces/{ws}/environments/{env_id}?reveal=true": shared(
        "/workspaces/{ws}/environments/{env_id}?reveal=true"),
    "PUT /workspaces/{ws}/environments/{env_id}": shared("/workspaces/{ws}/environments/{env_id}", {
        "name": "Staging", "variables": [{"key": "host", "value": "staging.example.com"},
                                         {"key": "token", "value": None, "secret": True}]}),
    "DELETE /workspaces/{ws}/environments/{env_id}": lambda w, c: Case(
        f"/workspaces/{w.ws}/environments/{w.fresh_env()}"),
    "GET /workspaces/{ws}/globals": shared("/workspaces/{ws}/globals"),
    "GET /workspaces/{ws}/globals?reveal=true": shared("/workspaces/{ws}/globals?reveal=true"),
    "PUT /workspaces/{ws}/globals": shared("/workspaces/{ws}/globals", {
        "variables": [{"key": "g", "value": "1"}, {"key": "gs", "value": None, "secret": True}]}),
    "POST /workspaces/{ws}/requests/{request_id}/execute": shared(
        "/workspaces/{ws}/requests/{request_id}/execute", {"variables": [{"key": "host", "value": "127.0.0.1"}]}),
    "POST /workspaces/{ws}/execute": shared("/workspaces/{ws}/execute",
                                            {"request": {"method": "GET", "url": "http://127.0.0.1:9/x"}}),
    "GET /executions/{execution_id}": lambda w, c: Case(f"/executions/{w.own_execution(c)}"),
    "GET /workspaces/{ws}/history": shared("/workspaces/{ws}/history"),
    "GET /workspaces/{ws}/history/{execution_id}": lambda w, c: Case(
        f"/workspaces/{w.ws}/history/{w.history_entry(c)}"),
    "DELETE /workspaces/{ws}/history/{execution_id}": lambda w, c: Case(
        f"/workspaces/{w.ws}/history/{w.history_entry(c)}"),
    "DELETE /workspaces/{ws}/history": shared("/workspaces/{ws}/history"),
    "POST /workspaces/{ws}/history/{execution_id}/restore": lambda w, c: Case(
        f"/workspaces/{w.ws}/history/{w.history_entry(c)}/restore", {"parent_id": w.scratch}),
    "POST /ws/ticket": shared("/ws/ticket"),
    "POST /executions/{execution_id}/cancel": lambda w, c: Case(f"/executions/{w.own_execution(c)}/cancel"),
    "POST /workspaces/{ws}/imports": shared("/workspaces/{ws}/imports", {
        "content": "curl -H 'X-A: 1' https://example.com/imported", "format": "curl"}),
    "POST /workspaces/{ws}/exports": shared("/workspaces/{ws}/exports", {"format": "workspace"}),
    "GET /workspaces/{ws}/exports/{export_id}": lambda w, c: Case(f"/workspaces/{w.ws}/exports/{w.own_export(c)}"),
    "POST /codegen": shared("/codegen", {"request": {"method": "GET", "url": "https://example.com/x"},
                                         "target": "curl"}),
    "GET /codegen/targets": shared("/codegen/targets"),
    "POST /convert/curl": shared("/convert/curl", {"command": "curl https://example.com/x"}),
    "POST /convert/fetch": shared("/convert/fetch", {"command": 'fetch("https://example.com/x")'}),
    "POST /workspaces/{ws}/files": shared("/workspaces/{ws}/files", {"filename": "a.png", "content_type": "image/png",
                                                                     "size": 3}),
    "GET /admin/users": shared("/admin/users"),
    "POST /admin/users/{user_id}/disable": lambda w, c: Case(f"/admin/users/{w.users['victim'].user['id']}/disable"),
    "POST /admin/users/{user_id}/enable": lambda w, c: Case(f"/admin/users/{w.users['victim'].user['id']}/enable"),
    "GET /admin/workspaces": shared("/admin/workspaces"),
}


# --- the tables agree with the app -----------------------------------------------------------------------------------

def test_policy_covers_every_route() -> None:
    assert ROUTES, "no routes registered"
    assert len(ROUTE_KEYS) == len(ROUTES), "a route is declared twice"
    missing, stale = set(ROUTE_KEYS) - set(POLICY), set(POLICY) - set(ROUTE_KEYS)
    assert not missing, f"routes without an access policy: {sorted(missing)}"
    assert not stale, f"policy entries for routes that do not exist: {sorted(stale)}"
    assert all(v.split("?")[0] in ROUTE_KEYS for v in VARIANTS)
    assert set(BUILDERS) == set(POLICY) | set(VARIANTS)


def test_policy_agrees_with_route_declarations() -> None:
    """The declarations feed the OpenAPI document: their auth flag and success status must say what the policy
    says, or clients are told something else than what the API does."""
    wrong = []
    for key, spec in ROUTE_KEYS.items():
        rule = POLICY[key]
        if spec.auth != (rule.who != PUBLIC):
            wrong.append(f"{key}: auth={spec.auth}, policy {rule.who}")
        if spec.status != rule.ok:
            wrong.append(f"{key}: declared {spec.status}, policy {rule.ok}")
        in_ws = spec.path.startswith("/workspaces/{ws}")
        if in_ws != (rule.who in RANK):
            wrong.append(f"{key}: workspace route {in_ws}, policy {rule.who}")
    assert not wrong, "\n".join(wrong)


# --- the matrix ------------------------------------------------------------------------------------------------------

MATRIX = [(key, caller) for key in sorted(set(ROUTE_KEYS) | set(POLICY)) + list(VARIANTS) for caller in CALLERS]


@pytest.mark.parametrize("key,caller", MATRIX, ids=[f"{k}-{c}" for k, c in MATRIX])
def test_route_matrix(world: World, key: str, caller: str) -> None:
    rule = POLICY.get(key) or VARIANTS.get(key)
    assert rule is not None, f"{key} has no access policy: add it to POLICY"
    case = BUILDERS[key](world, caller)
    api = case.api or world.api(caller)
    method = key.split(" ", 1)[0]
    status, data = api.call(method, case.path, case.body)
    want = expected(rule, caller)
    assert status == want, f"{caller} {method} {case.path} → {status} {data}; policy ({rule.who}) says {want}"
    if want in (200, 201):
        assert isinstance(data, dict), f"{key}: a success without a JSON body: {data!r}"
    elif want >= 400:  # the one error shape; a role refusal names the role the policy asks for
        assert isinstance(data, dict) and {"code", "message"} <= set(data.get("error") or {}), data
        if want == 403 and rule.who in RANK:
            assert (data["error"].get("details") or {}).get("required") == rule.who, data


# --- operators -------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def operator(chalice_client: Any) -> Api:
    """The operator account. Its email is unique per table, and other modules may have registered it already."""
    anon = Api(chalice_client)
    status, data = anon.call("POST", "/auth/register", {"email": "ops@example.com", "password": PASSWORD,
                                                        "name": "Ops"})
    if status == 409:
        data = anon.ok("POST", "/auth/login", {"email": "ops@example.com", "password": PASSWORD})
    else:
        assert status == 201, data
    return anon.as_user(data["access_token"])


def test_operator_uses_the_admin_api(operator: Api, world: World) -> None:
    assert operator.ok("GET", "/me")["is_operator"] is True
    users = operator.ok("GET", "/admin/users?limit=10")
    workspaces = operator.ok("GET", "/admin/workspaces?limit=10")
    assert isinstance(users["items"], list) and isinstance(workspaces["items"], list)
    target = signup(world.anon, new_email("disable-me"))
    assert operator.ok("POST", f"/admin/users/{target.user['id']}/disable")["disabled"] is True
    assert target.call("GET", "/me")[0] == 401
    assert operator.ok("POST", f"/admin/users/{target.user['id']}/enable")["disabled"] is False
    assert target.call("GET", "/me")[0] == 200
    # An operator is still nobody in a workspace they were not invited to.
    assert operator.call("GET", f"/workspaces/{world.ws}")[0] == 404


# --- tenants stay apart ----------------------------------------------------------------------------------------------

@dataclass
class Tenants:
    alice: Api
    bob: Api
    a: dict[str, str]  # alice's workspace and things in it
    b: dict[str, str]  # bob's


@pytest.fixture(scope="module")
def tenants(chalice_client: Any) -> Tenants:
    anon = Api(chalice_client)
    alice, bob = signup(anon, new_email("alice")), signup(anon, new_email("bob"))

    def stock(api: Api) -> dict[str, str]:
        ws = api.ok("POST", "/workspaces", {"name": "Mine"})["id"]
        folder = api.ok("POST", f"/workspaces/{ws}/folders", {"name": "Col"})["id"]
        req = api.ok("POST", f"/workspaces/{ws}/requests", {"parent_id": folder, **REQUEST_DOC})["id"]
        env = api.ok("POST", f"/workspaces/{ws}/environments", ENV_BODY)["id"]
        inv = api.ok("POST", f"/workspaces/{ws}/invitations", {"email": new_email("x"), "role": VIEWER})["id"]
        return {"ws": ws, "folder": folder, "request": req, "env": env, "invitation": inv, "user": api.user["id"]}

    return Tenants(alice, bob, stock(alice), stock(bob))


CROSS_TENANT = [
    # (method, path with {A}/{B} for alice's/bob's things, body)
    ("GET", "/workspaces/{A[ws]}", None),
    ("GET", "/workspaces/{A[ws]}/tree", None),
    ("PATCH", "/workspaces/{A[ws]}", {"name": "Mine now"}),
    ("DELETE", "/workspaces/{A[ws]}", None),
    ("GET", "/workspaces/{A[ws]}/folders/{A[folder]}", None),
    ("GET", "/workspaces/{A[ws]}/requests/{A[request]}", None),
    ("GET", "/workspaces/{A[ws]}/environments/{A[env]}?reveal=true", None),
    ("GET", "/workspaces/{B[ws]}/folders/{A[folder]}", None),
    ("PATCH", "/workspaces/{B[ws]}/folders/{A[folder]}", {"name": "x"}),
    ("DELETE", "/workspaces/{B[ws]}/folders/{A[folder]}", None),
    ("POST", "/workspaces/{B[ws]}/folders/{A[folder]}/move", {"index": 0}),
    ("POST", "/workspaces/{B[ws]}/folders/{A[folder]}/duplicate", None),
    ("GET", "/workspaces/{B[ws]}/requests/{A[request]}", None),
    ("PUT", "/workspaces/{B[ws]}/requests/{A[request]}", {**REQUEST_DOC, "version": 1}),
    ("DELETE", "/workspaces/{B[ws]}/requests/{A[request]}", None),
    ("POST", "/workspaces/{B[ws]}/requests/{A[request]}/duplicate", None),
    ("POST", "/workspaces/{B[ws]}/requests/{A[request]}/move", {"parent_id": "{B[folder]}"}),
    ("GET", "/workspaces/{B[ws]}/requests/{A[request]}/snapshots", None),
    ("GET", "/workspaces/{B[ws]}/requests/{A[request]}/snapshots/1", None),
    ("POST", "/workspaces/{B[ws]}/requests/{A[request]}/snapshots/1/restore", {}),
    ("GET", "/workspaces/{B[ws]}/environments/{A[env]}", None),
    ("GET", "/workspaces/{B[ws]}/environments/{A[env]}?reveal=true", None),
    ("PUT", "/workspaces/{B[ws]}/environments/{A[env]}", {"name": "x", "variables": []}),
    ("DELETE", "/workspaces/{B[ws]}/environments/{A[env]}", None),
    ("PATCH", "/workspaces/{B[ws]}/members/{A[user]}", {"role": VIEWER}),
    ("DELETE", "/workspaces/{B[ws]}/members/{A[user]}", None),
    ("DELETE", "/workspaces/{B[ws]}/invitations/{A[invitation]}", None),
    ("POST", "/workspaces/{B[ws]}/transfer", {"user_id": "{A[user]}"}),
]


def _fill(value: Any, t: Tenants) -> Any:
    if isinstance(value, str):
        return re.sub(r"\{([AB])\[(\w+)\]\}", lambda m: (t.a if m[1] == "A" else t.b)[m[2]], value)
    if isinstance(value, dict):
        return {k: _fill(v, t) for k, v in value.items()}
    return value


@pytest.mark.parametrize("method,path,body", CROSS_TENANT, ids=[f"{m} {p}" for m, p, _ in CROSS_TENANT])
def test_cross_tenant_ids_are_not_found(tenants: Tenants, method: str, path: str, body: Any) -> None:
    status, data = tenants.bob.call(method, _fill(path, tenants), _fill(body, tenants))
    assert status == 404, f"bob {method} {_fill(path, tenants)} → {status} {data}"


@pytest.mark.parametrize("method,body", [
    ("POST /workspaces/{B[ws]}/requests", {"parent_id": "{A[folder]}", "name": "x"}),
    ("POST /workspaces/{B[ws]}/folders", {"parent_id": "{A[folder]}", "name": "x"}),
    ("POST /workspaces/{B[ws]}/folders/{B[folder]}/move", {"parent_id": "{A[folder]}"}),
], ids=["create request under alice's folder", "create folder under alice's folder", "move into alice's folder"])
def test_cross_tenant_parents_are_refused(tenants: Tenants, method: str, body: Any) -> None:
    verb, path = method.split(" ", 1)
    status, data = tenants.bob.call(verb, _fill(path, tenants), _fill(body, tenants))
    assert status in (400, 404), f"bob {method} with alice's folder as parent → {status} {data}"


def test_alice_is_untouched_by_bob(tenants: Tenants) -> None:
    """Runs after the cross-tenant attempts (file order): alice's things are all still there, unchanged."""
    a, alice = tenants.a, tenants.alice
    assert alice.ok("GET", f"/workspaces/{a['ws']}")["name"] == "Mine"
    assert alice.ok("GET", f"/workspaces/{a['ws']}/folders/{a['folder']}")["name"] == "Col"
    assert alice.ok("GET", f"/workspaces/{a['ws']}/requests/{a['request']}")["version"] == 1
    assert alice.ok("GET", f"/workspaces/{a['ws']}/environments/{a['env']}")["name"] == "Staging"
    tree = alice.ok("GET", f"/workspaces/{a['ws']}/tree")
    assert tree["counts"] == {"collections": 1, "folders": 0, "requests": 1}
    members = alice.ok("GET", f"/workspaces/{a['ws']}/members")["items"]
    assert [(m["user_id"], m["role"]) for m in members] == [(a["user"], OWNER)]
    invitations = alice.ok("GET", f"/workspaces/{a['ws']}/invitations")["items"]
    assert [i["status"] for i in invitations] == ["pending"]
