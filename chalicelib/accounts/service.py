"""Accounts: sign-up, log-in, sessions with rotating refresh tokens, API keys, and who is calling.

A session is a refresh-token family. Each refresh hands out a new refresh token and marks the old one used; a used
token presented again means it leaked, so the whole family is revoked. Access tokens name their session (`sid`),
and every authenticated call reads the session with the profile in one BatchGetItem, so logging out or changing the
password takes effect at once, not when the 15-minute token expires.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from chalicelib.accounts import passwords, tokens
from chalicelib.accounts.models import ApiKeyIn, LoginIn, PasswordChangeIn, ProfilePatch, RegisterIn
from chalicelib.common.ids import iso, new_id, now, sha256, token
from chalicelib.config import settings
from chalicelib.errors import Conflict, Forbidden, NotFound, RateLimited, Unauthorized
from chalicelib.ports import Store
from chalicelib.schema.migrate import stamp, upgrade
from chalicelib.storage import keys
from chalicelib.storage.records import Put, Record, TransactionConflict

#: how stale an API key's `last_used` may get before a call writes it again (saves a write per call)
LAST_USED_GRANULARITY = 60


@dataclass(frozen=True)
class Principal:
    uid: str
    email: str
    name: str
    sid: str | None
    via: str  # "token" | "api_key"
    is_operator: bool
    #: the profile as read when authenticating (saves `GET /me` a second read)
    profile: dict[str, Any] = field(default_factory=dict, compare=False)


# --- reading who calls -------------------------------------------------------------------------------------------

def authenticate(store: Store, authorization: str | None, api_key: str | None,
                 ws: str | None = None) -> tuple[Principal, dict[str, Any] | None]:
    """Resolve the caller, and their membership of `ws` when given, in one BatchGetItem (two for API keys)."""
    bearer = _bearer(authorization)
    secret = api_key or (bearer if bearer and tokens.looks_like_api_key(bearer) else None)
    if secret:
        return _authenticate_api_key(store, secret, ws)
    if not bearer:
        raise Unauthorized("Sign in first: send `Authorization: Bearer <token>` or `X-API-Key`.")
    claims = tokens.decode_access(bearer)
    wanted = [keys.user(claims.uid), keys.session(claims.uid, claims.sid)]
    if ws:
        wanted.append(keys.member(ws, claims.uid))
    found = store.batch_get(wanted)
    profile, session = found.get(wanted[0]), found.get(wanted[1])
    if not session or session.data.get("revoked"):
        raise Unauthorized("This session has ended; sign in again.", code="SESSION_REVOKED")
    principal = _principal(profile, claims.sid, "token")
    return principal, _membership(found.get(wanted[2])) if ws else None


def _authenticate_api_key(store: Store, secret: str, ws: str | None) -> tuple[Principal, dict[str, Any] | None]:
    key_rec = store.get(*keys.api_key(sha256(secret)))
    if not key_rec or key_rec.data.get("revoked"):
        raise Unauthorized("The API key is not valid.", code="API_KEY_INVALID")
    uid = key_rec.data["uid"]
    wanted = [keys.user(uid)] + ([keys.member(ws, uid)] if ws else [])
    found = store.batch_get(wanted)
    principal = _principal(found.get(wanted[0]), None, "api_key")
    if now() - float(key_rec.data.get("last_used_ts") or 0) > LAST_USED_GRANULARITY:
        key_rec.data["last_used_ts"] = now()
        key_rec.data["last_used"] = iso()
        store.update_fields(key_rec.pk, key_rec.sk, data=key_rec.data)
    return principal, _membership(found.get(wanted[1])) if ws else None


def _principal(profile: Record | None, sid: str | None, via: str) -> Principal:
    if not profile:
        raise Unauthorized("This account no longer exists.", code="TOKEN_INVALID")
    doc = upgrade("user", profile.data)
    if doc.get("disabled"):
        raise Unauthorized("This account is disabled.", code="ACCOUNT_DISABLED")
    return Principal(uid=doc["id"], email=doc["email"], name=doc.get("name", ""), sid=sid, via=via,
                     is_operator=doc["email"] in settings().operator_emails, profile=doc)


def _membership(rec: Record | None) -> dict[str, Any] | None:
    return upgrade("member", rec.data) if rec else None


def _bearer(header: str | None) -> str | None:
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        raise Unauthorized("Use `Authorization: Bearer <token>`.", code="TOKEN_INVALID")
    return value.strip()


# --- sign-up, log-in, sessions -----------------------------------------------------------------------------------

def public_user(doc: dict[str, Any]) -> dict[str, Any]:
    return {"id": doc["id"], "email": doc["email"], "name": doc.get("name", ""), "created_at": doc["created_at"],
            "disabled": bool(doc.get("disabled")), "is_operator": doc["email"] in settings().operator_emails}


def register(store: Store, body: RegisterIn, client_ip: str) -> dict[str, Any]:
    uid = new_id("usr")
    created = iso()
    doc = stamp("user", {"id": uid, "email": body.email, "name": body.name.strip() or body.email.split("@")[0],
                         "password": passwords.hash_password(body.password), "created_at": created,
                         "disabled": False})
    profile = Record(*keys.user(uid), kind="user", data=doc, gsi1pk=keys.USERS_INDEX, gsi1sk=f"{created}#{uid}")
    claim = Record(*keys.email(body.email), kind="email", data={"v": 1, "uid": uid})
    try:
        store.transact([Put(claim, must_not_exist=True), Put(profile, must_not_exist=True)])
    except TransactionConflict:
        raise Conflict("An account with this email exists already; sign in instead.",
                       code="EMAIL_TAKEN", details={"email": "taken"}) from None
    return {"user": public_user(doc), **_start_session(store, uid, client_ip)}


def login(store: Store, body: LoginIn, client_ip: str) -> dict[str, Any]:
    _rate_limit_login(store, body.email, client_ip)
    claim = store.get(*keys.email(body.email))
    profile = store.get(*keys.user(claim.data["uid"])) if claim else None
    if not profile:
        passwords.verify_password(passwords.dummy_hash(), body.password)
        raise Unauthorized("Wrong email or password.", code="BAD_CREDENTIALS")
    doc = upgrade("user", profile.data)
    if not passwords.verify_password(doc["password"], body.password):
        raise Unauthorized("Wrong email or password.", code="BAD_CREDENTIALS")
    if doc.get("disabled"):
        raise Forbidden("This account is disabled; ask an operator.", code="ACCOUNT_DISABLED")
    if passwords.needs_rehash(doc["password"]):
        doc["password"] = passwords.hash_password(body.password)
        store.update_fields(profile.pk, profile.sk, data=doc)
    return {"user": public_user(doc), **_start_session(store, doc["id"], client_ip)}


def _rate_limit_login(store: Store, email: str, client_ip: str) -> None:
    cfg = settings()
    window = cfg.login_window
    start = int(now() // window * window)
    retry_after = start + window - int(now())
    for scope, subject, limit in (("acct", email, cfg.login_max_per_account),
                                  ("ip", client_ip, cfg.login_max_per_ip)):
        n = store.increment(f"RL#login-{scope}#{subject}", str(start), ttl=start + 2 * window)
        if n > limit:
            raise RateLimited(f"Too many sign-in attempts; try again in {math.ceil(retry_after / 60)} minutes.",
                              retry_after=retry_after)


def _start_session(store: Store, uid: str, client_ip: str) -> dict[str, Any]:
    cfg = settings()
    sid = new_id("ses")
    expires = int(now()) + cfg.refresh_token_ttl
    session = Record(*keys.session(uid, sid), kind="session", ttl=expires,
                     data=stamp("session", {"id": sid, "created_at": iso(), "ip": client_ip, "revoked": False}))
    refresh, refresh_rec = _new_refresh(uid, sid, expires)
    store.transact([Put(session, must_not_exist=True), Put(refresh_rec, must_not_exist=True)])
    return _tokens(uid, sid, refresh)


def _new_refresh(uid: str, sid: str, expires: int) -> tuple[str, Record]:
    raw = token(tokens.REFRESH_PREFIX)
    rec = Record(*keys.refresh(sha256(raw)), kind="refresh", ver=0, ttl=expires,
                 data=stamp("refresh", {"uid": uid, "sid": sid}))
    return raw, rec


def _tokens(uid: str, sid: str, refresh: str) -> dict[str, Any]:
    access, ttl = tokens.issue_access(uid, sid)
    return {"access_token": access, "token_type": "Bearer", "expires_in": ttl, "refresh_token": refresh}


def refresh(store: Store, refresh_token: str) -> dict[str, Any]:
    rec = store.get(*keys.refresh(sha256(refresh_token)))
    if not rec or rec.ttl and rec.ttl < now():
        raise Unauthorized("The refresh token is not valid; sign in again.", code="REFRESH_INVALID")
    uid, sid = rec.data["uid"], rec.data["sid"]
    found = store.batch_get([keys.session(uid, sid), keys.user(uid)])
    session, profile = found.get(keys.session(uid, sid)), found.get(keys.user(uid))
    if not session or session.data.get("revoked"):
        raise Unauthorized("This session has ended; sign in again.", code="SESSION_REVOKED")
    if not profile or profile.data.get("disabled"):
        raise Unauthorized("This account is disabled.", code="ACCOUNT_DISABLED")
    new_raw, new_rec = _new_refresh(uid, sid, rec.ttl or int(now()) + settings().refresh_token_ttl)
    if not rec.ver:
        used = Record(rec.pk, rec.sk, kind="refresh", ver=1, ttl=rec.ttl,
                      data={**rec.data, "used_at": now(), "next": new_rec.pk})
        try:
            store.transact([Put(used, expect_ver=0), Put(new_rec, must_not_exist=True)])
            return _tokens(uid, sid, new_raw)
        except TransactionConflict:
            rec = store.get(rec.pk, rec.sk) or rec  # another use won the race: judge this one against it
    if _concurrent_use(store, rec):
        store.put(new_rec)
        return _tokens(uid, sid, new_raw)
    # already rotated, and the session has moved on since: someone replays an old token, so nobody keeps it
    _revoke_session(store, session, reason="refresh token reused")
    raise Unauthorized("This refresh token was already used; the session is revoked. Sign in again.",
                       code="REFRESH_REUSED")


#: how long after its rotation a refresh token may be presented again while its successor is still unused
REFRESH_REUSE_GRACE_SECONDS = 20


def _concurrent_use(store: Store, rec: Record) -> bool:
    """Whether a second use of a rotated refresh token is the same client, not a thief: two tabs refreshing at once
    (each read the stored token before the other's rotation reached it), or a retry after the answer was lost. It is,
    when the token was rotated moments ago and nobody has used its successor yet; a thief's replay later, or after
    the session moved on, still ends the session. (Okta's "grace period" and Auth0's "reuse interval" do the same.)"""
    used_at, successor = rec.data.get("used_at"), rec.data.get("next")
    if not isinstance(used_at, int | float) or not isinstance(successor, str):
        return False
    if now() - used_at > REFRESH_REUSE_GRACE_SECONDS:
        return False
    nxt = store.get(successor, rec.sk)  # the successor's own record (keys.refresh: pk names the token)
    return nxt is not None and not nxt.ver


def _revoke_session(store: Store, session: Record, *, reason: str) -> None:
    session.data.update(revoked=True, revoked_at=iso(), revoked_reason=reason)
    store.put(session)


def logout(store: Store, who: Principal) -> None:
    if who.sid:
        session = store.get(*keys.session(who.uid, who.sid))
        if session:
            _revoke_session(store, session, reason="logged out")


def me(who: Principal) -> dict[str, Any]:
    return public_user(who.profile)


def update_profile(store: Store, who: Principal, body: ProfilePatch) -> dict[str, Any]:
    rec = store.get(*keys.user(who.uid))
    if not rec:
        raise NotFound("This account no longer exists.")
    doc = upgrade("user", rec.data)
    doc["name"] = body.name.strip() or doc["name"]
    store.update_fields(rec.pk, rec.sk, data=stamp("user", doc))
    return public_user(doc)


def change_password(store: Store, who: Principal, body: PasswordChangeIn) -> dict[str, Any]:
    rec = store.get(*keys.user(who.uid))
    if not rec:
        raise NotFound("This account no longer exists.")
    doc = upgrade("user", rec.data)
    if not passwords.verify_password(doc["password"], body.current_password):
        raise Forbidden("The current password is wrong.", code="BAD_CREDENTIALS",
                        details={"current_password": "wrong"})
    doc["password"] = passwords.hash_password(body.new_password)
    store.update_fields(rec.pk, rec.sk, data=stamp("user", doc))
    revoked = 0
    for session in store.query_all(keys.user_partition(who.uid), prefix="SESSION#"):
        if session.data.get("id") != who.sid and not session.data.get("revoked"):
            _revoke_session(store, session, reason="password changed")
            revoked += 1
    return {"revoked_sessions": revoked}


# --- API keys ----------------------------------------------------------------------------------------------------

def create_api_key(store: Store, who: Principal, body: ApiKeyIn) -> dict[str, Any]:
    kid = new_id("key")
    secret = token(tokens.API_KEY_PREFIX)
    digest = sha256(secret)
    meta = {"id": kid, "name": body.name.strip(), "prefix": secret[:10], "created_at": iso(), "uid": who.uid}
    store.transact([
        Put(Record(*keys.api_key(digest), kind="apikey", data=stamp("apikey", {**meta, "last_used": None})),
            must_not_exist=True),
        Put(Record(*keys.api_key_listing(who.uid, kid), kind="apikey", data=stamp("apikey", {**meta,
                                                                                             "hash": digest}))),
    ])
    return {**_public_key(meta), "key": secret}


def list_api_keys(store: Store, who: Principal, limit: int, cursor: str | None) -> dict[str, Any]:
    recs, nxt = store.query_page(keys.user_partition(who.uid), prefix="APIKEY#", limit=limit, cursor=cursor)
    live = store.batch_get([keys.api_key(r.data["hash"]) for r in recs])
    items = []
    for r in recs:
        used = live.get(keys.api_key(r.data["hash"]))
        items.append(_public_key({**r.data, "last_used": used.data.get("last_used") if used else None}))
    return {"items": items, "next_cursor": nxt}


def revoke_api_key(store: Store, who: Principal, kid: str) -> None:
    listing = store.get(*keys.api_key_listing(who.uid, kid))
    if not listing:
        raise NotFound("No such API key.")
    store.batch_delete([keys.api_key(listing.data["hash"]), (listing.pk, listing.sk)])


def _public_key(doc: dict[str, Any]) -> dict[str, Any]:
    return {"id": doc["id"], "name": doc["name"], "prefix": doc["prefix"], "created_at": doc["created_at"],
            "last_used": doc.get("last_used")}
