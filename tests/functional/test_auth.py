"""Accounts and tokens, through the HTTP API: sessions, refresh rotation and reuse, hostile tokens, API keys,
password changes and login rate limits."""

from __future__ import annotations

import base64
import json
import time

import jwt
import pytest

from chalicelib import config
from chalicelib.common.ids import sha256
from chalicelib.storage import keys, table
from tests.conftest import Api, new_email, signup

SECRET = config.settings().jwt_secret


def _claims(uid: str, **over: object) -> dict:
    now = int(time.time())
    base = {"sub": uid, "sid": "ses_0000000000000000", "typ": "access", "iat": now, "exp": now + 600,
            "iss": "api-playground", "aud": "api-playground"}
    base.update(over)
    return {k: v for k, v in base.items() if v is not None}


def _session_of(api: Api) -> str:
    return str(jwt.decode(api.token or "", options={"verify_signature": False})["sid"])


def test_register_login_me_and_profile(anon: Api) -> None:
    email = new_email()
    status, data = anon.call("POST", "/auth/register", {"email": email.upper(), "password": "long enough pw",
                                                        "name": "Ann"})
    assert status == 201 and data["user"]["email"] == email and data["token_type"] == "Bearer"
    assert data["expires_in"] <= 900 and data["refresh_token"].startswith("rt_")
    assert "password" not in json.dumps(data)
    status, again = anon.call("POST", "/auth/register", {"email": email, "password": "another pw!"})
    assert status == 409 and again["error"]["code"] == "EMAIL_TAKEN"

    logged = anon.ok("POST", "/auth/login", {"email": email, "password": "long enough pw"})
    me = anon.as_user(logged["access_token"])
    assert me.ok("GET", "/me")["name"] == "Ann"
    assert me.ok("PATCH", "/me", {"name": "Ann B"})["name"] == "Ann B"
    status, err = anon.call("POST", "/auth/login", {"email": email, "password": "wrong password"})
    assert status == 401 and err["error"]["code"] == "BAD_CREDENTIALS"
    status, err = anon.call("POST", "/auth/login", {"email": new_email(), "password": "whatever1"})
    assert status == 401 and err["error"]["message"] == "Wrong email or password."


def test_password_is_stored_as_argon2id(alice: Api) -> None:
    stored = table.get(*keys.user(alice.user["id"]))
    assert stored is not None and stored.data["password"].startswith("$argon2id$")


def test_refresh_rotates_and_reuse_revokes_the_family(anon: Api) -> None:
    api = signup(anon)
    first = api.refresh_token
    second = anon.ok("POST", "/auth/refresh", {"refresh_token": first})
    assert second["refresh_token"] != first
    third = anon.ok("POST", "/auth/refresh", {"refresh_token": second["refresh_token"]})
    # The rotated-away token comes back: a thief has it. The whole family dies, including the newest tokens.
    status, err = anon.call("POST", "/auth/refresh", {"refresh_token": first})
    assert status == 401 and err["error"]["code"] == "REFRESH_REUSED"
    status, _ = anon.call("POST", "/auth/refresh", {"refresh_token": third["refresh_token"]})
    assert status == 401
    status, err = anon.as_user(third["access_token"]).call("GET", "/me")
    assert status == 401 and err["error"]["code"] == "SESSION_REVOKED"
    # Other sessions of the same user are untouched.
    other = anon.ok("POST", "/auth/login", {"email": api.user["email"], "password": "correct horse battery"})
    assert anon.as_user(other["access_token"]).call("GET", "/me")[0] == 200


def test_a_second_use_moments_after_rotation_is_the_same_client_not_a_thief(anon: Api,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Two tabs refreshing at once, or a retry after a lost answer, present the same token twice within seconds,
    before anyone used its successor: both get tokens and the session lives. Later, it is a replay."""
    from chalicelib.accounts import service as accounts

    api = signup(anon)
    first = api.refresh_token
    a = anon.ok("POST", "/auth/refresh", {"refresh_token": first})
    b = anon.ok("POST", "/auth/refresh", {"refresh_token": first})  # the other tab, a moment later
    assert a["refresh_token"] != b["refresh_token"]
    for pair in (a, b):
        assert anon.as_user(pair["access_token"]).call("GET", "/me")[0] == 200
    c = anon.ok("POST", "/auth/refresh", {"refresh_token": a["refresh_token"]})
    # once the grace has passed, the same token again is a replay: the session ends for everyone
    later = accounts.now() + accounts.REFRESH_REUSE_GRACE_SECONDS + 1
    monkeypatch.setattr(accounts, "now", lambda: later)
    status, err = anon.call("POST", "/auth/refresh", {"refresh_token": b["refresh_token"]})
    assert status == 200  # b was never used: it is simply rotated
    status, err = anon.call("POST", "/auth/refresh", {"refresh_token": first})
    assert status == 401 and err["error"]["code"] == "REFRESH_REUSED"
    assert anon.as_user(c["access_token"]).call("GET", "/me")[0] == 401


@pytest.mark.parametrize("case", ["alg_none", "expired", "no_exp", "no_iat", "no_sub", "wrong_key", "wrong_aud",
                                  "refresh_typ", "hs512", "garbage", "refresh_token_as_access"])
def test_hostile_access_tokens_are_refused(alice: Api, case: str) -> None:
    uid = alice.user["id"]
    sid = _session_of(alice)
    hdr = {"typ": "at+jwt"}
    if case == "alg_none":
        head = base64.urlsafe_b64encode(json.dumps({"alg": "none", "typ": "at+jwt"}).encode()).rstrip(b"=")
        body = base64.urlsafe_b64encode(json.dumps(_claims(uid, sid=sid)).encode()).rstrip(b"=")
        token = (head + b"." + body + b".").decode()
    elif case == "expired":
        token = jwt.encode(_claims(uid, sid=sid, iat=int(time.time()) - 2000, exp=int(time.time()) - 1000),
                           SECRET, headers=hdr)
    elif case == "no_exp":
        token = jwt.encode(_claims(uid, sid=sid, exp=None), SECRET, headers=hdr)
    elif case == "no_iat":
        token = jwt.encode(_claims(uid, sid=sid, iat=None), SECRET, headers=hdr)
    elif case == "no_sub":
        token = jwt.encode(_claims(uid, sid=sid, sub=None), SECRET, headers=hdr)
    elif case == "wrong_key":
        token = jwt.encode(_claims(uid, sid=sid), "another-secret-" + "y" * 40, headers=hdr)
    elif case == "wrong_aud":
        token = jwt.encode(_claims(uid, sid=sid, aud="someone-else"), SECRET, headers=hdr)
    elif case == "refresh_typ":
        token = jwt.encode(_claims(uid, sid=sid, typ="refresh"), SECRET, headers=hdr)
    elif case == "hs512":
        token = jwt.encode(_claims(uid, sid=sid), SECRET, algorithm="HS512", headers=hdr)
    elif case == "garbage":
        token = "not.a.jwt"
    else:
        token = alice.refresh_token or ""
    status, err = alice.as_user(token).call("GET", "/me")
    assert status == 401, (case, err)
    assert set(err["error"]) == {"code", "message", "details"}
    if case == "expired":
        assert err["error"]["code"] == "TOKEN_EXPIRED"


def test_a_well_formed_token_of_ours_is_accepted(alice: Api) -> None:
    # The control for the hostile cases: the same construction with nothing wrong passes.
    token = jwt.encode(_claims(alice.user["id"], sid=_session_of(alice)), SECRET, headers={"typ": "at+jwt"})
    assert alice.as_user(token).call("GET", "/me")[0] == 200


def test_access_token_cannot_be_used_as_refresh_token(alice: Api, anon: Api) -> None:
    status, _ = anon.call("POST", "/auth/refresh", {"refresh_token": alice.token})
    assert status == 401


def test_logout_ends_the_session_at_once(anon: Api) -> None:
    api = signup(anon)
    assert api.call("POST", "/auth/logout", {})[0] == 204
    assert api.call("GET", "/me")[0] == 401
    assert anon.call("POST", "/auth/refresh", {"refresh_token": api.refresh_token})[0] == 401


def test_change_password_revokes_other_sessions_only(anon: Api) -> None:
    api = signup(anon, password="first password")
    other = anon.ok("POST", "/auth/login", {"email": api.user["email"], "password": "first password"})
    status, err = api.call("POST", "/me/password", {"current_password": "nope nope", "new_password": "x" * 12})
    assert status == 403
    done = api.ok("POST", "/me/password", {"current_password": "first password",
                                            "new_password": "second password"})
    assert done["revoked_sessions"] == 1
    assert api.call("GET", "/me")[0] == 200
    assert anon.as_user(other["access_token"]).call("GET", "/me")[0] == 401
    assert anon.call("POST", "/auth/login", {"email": api.user["email"], "password": "first password"})[0] == 401
    assert anon.call("POST", "/auth/login", {"email": api.user["email"], "password": "second password"})[0] == 200


def test_api_keys_shown_once_hashed_usable_and_revocable(alice: Api) -> None:
    created = alice.ok("POST", "/me/api-keys", {"name": "CI"})
    secret = created["key"]
    assert secret.startswith("pk_") and created["prefix"] == secret[:10]
    listed = alice.ok("GET", "/me/api-keys")["items"]
    assert [k["name"] for k in listed] == ["CI"] and "key" not in listed[0]
    # Stored only as a hash.
    assert table.get(*keys.api_key(sha256(secret))) is not None
    assert secret not in json.dumps([r.data for r in table.query_all(f"USER#{alice.user['id']}")])

    by_header = alice.as_user(None).call("GET", "/me", headers={"X-API-Key": secret})
    by_bearer = alice.as_user(secret).call("GET", "/me")
    assert by_header[0] == by_bearer[0] == 200 and by_header[1]["id"] == alice.user["id"]
    assert alice.ok("GET", "/me/api-keys")["items"][0]["last_used"] is not None

    assert alice.call("DELETE", f"/me/api-keys/{created['id']}")[0] == 204
    assert alice.as_user(secret).call("GET", "/me")[0] == 401
    assert alice.call("DELETE", f"/me/api-keys/{created['id']}")[0] == 404


def test_login_rate_limit_per_account_answers_429_with_retry_after(anon: Api, monkeypatch) -> None:
    api = signup(anon)
    monkeypatch.setenv("PLAYGROUND_LOGIN_MAX_PER_ACCOUNT", "3")
    config.reload()
    try:
        codes = [anon.call("POST", "/auth/login", {"email": api.user["email"], "password": "bad password"})[0]
                 for _ in range(3)]
        assert codes == [401, 401, 401]
        resp = anon.client.http.post("/auth/login", headers={"Content-Type": "application/json"},
                                     body=json.dumps({"email": api.user["email"],
                                                      "password": "correct horse battery"}))
        assert resp.status_code == 429
        assert 0 < int(resp.headers["Retry-After"]) <= config.settings().login_window
        assert json.loads(resp.body)["error"]["code"] == "RATE_LIMITED"
    finally:
        monkeypatch.delenv("PLAYGROUND_LOGIN_MAX_PER_ACCOUNT")
        config.reload()


def test_login_rate_limit_per_ip(anon: Api, monkeypatch) -> None:
    monkeypatch.setenv("PLAYGROUND_LOGIN_MAX_PER_IP", "2")
    config.reload()
    try:
        # Counted per client IP whatever the account: a password-spraying client is stopped too. Every account
        # here is new (so no per-account limit applies); the third attempt from this IP is over a limit of 2.
        codes = [anon.call("POST", "/auth/login", {"email": new_email(), "password": "whatever1"})[0]
                 for _ in range(3)]
        assert codes[-1] == 429
    finally:
        monkeypatch.delenv("PLAYGROUND_LOGIN_MAX_PER_IP")
        config.reload()


def test_disabled_user_is_refused_everywhere(anon: Api) -> None:
    try:
        ops = signup(anon, "ops@example.com")
    except AssertionError:
        data = anon.ok("POST", "/auth/login", {"email": "ops@example.com", "password": "correct horse battery"})
        ops = anon.as_user(data["access_token"])
    victim = signup(anon)
    assert victim.call("GET", "/admin/users")[0] == 403
    assert ops.ok("POST", f"/admin/users/{victim.user['id']}/disable")["disabled"] is True
    assert victim.call("GET", "/me")[1]["error"]["code"] == "ACCOUNT_DISABLED"
    status, err = anon.call("POST", "/auth/login", {"email": victim.user["email"],
                                                    "password": "correct horse battery"})
    assert status == 403 and err["error"]["code"] == "ACCOUNT_DISABLED"
    ops.ok("POST", f"/admin/users/{victim.user['id']}/enable")
    assert victim.call("GET", "/me")[0] == 200
    users = ops.ok("GET", "/admin/users?limit=100")["items"]
    assert any(u["id"] == victim.user["id"] for u in users)
