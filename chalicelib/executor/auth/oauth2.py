"""OAuth 2.0: send the stored access token, or fetch one (client credentials, password grant) and cache it.

Token requests follow RFC 6749 section 4.3/4.4 (and 6 for refresh): a form POST to the token endpoint, client
credentials as an HTTP Basic header or in the form (Postman's `client_authentication`), JSON back.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ..model import PreparedRequest
from ._request import remember, set_secret_header, set_secret_query_param, text
from .cache import TokenCache
from .errors import AuthFailed, AuthNotSupported, scrub
from .simple import basic_credentials

#: Postman's grant_type values (and the older `grantType` ones) to the RFC 6749 grant we send
GRANTS = {"client_credentials": "client_credentials", "password_credentials": "password", "password": "password"}
#: grants that need a user at a browser to sign in and consent: an API that runs server-side cannot do them
BROWSER_GRANTS = frozenset({"authorization_code", "authorization_code_with_pkce", "implicit"})
#: renew this long before the server's expiry, so a token does not expire between our check and its use
SKEW_SECONDS = 30.0
#: how long to trust a token whose response carries no expires_in (RFC 6749 makes it optional): short, since a
#: token that lapses earlier would fail requests until then
DEFAULT_LIFETIME_SECONDS = 300.0
#: how long to keep a refresh token whose lifetime the server does not say (a stale one only costs a failed refresh)
REFRESH_KEEP_SECONDS = 86_400


def apply_oauth2(req: PreparedRequest, attrs: Mapping[str, Any], *, client: httpx.Client | None,
                 token_cache: TokenCache, cache_key: str, now: Callable[[], float]) -> None:
    # a token in the attributes (pasted, or from Postman's token store on export) is sent as is, like Postman
    token = text(attrs, "accessToken").strip()
    if not token:
        token = obtain_token(req, attrs, client=client, token_cache=token_cache, cache_key=cache_key, now=now)
    if text(attrs, "addTokenTo", "header") in ("queryParams", "queryParam", "url"):
        # RFC 6750 2.3 names the parameter; Postman uses the same
        set_secret_query_param(req, "access_token", token, token)
    else:
        prefix = text(attrs, "headerPrefix").strip() or "Bearer"
        set_secret_header(req, "Authorization", f"{prefix} {token}", token)


def obtain_token(req: PreparedRequest, attrs: Mapping[str, Any], *, client: httpx.Client | None,
                 token_cache: TokenCache, cache_key: str, now: Callable[[], float]) -> str:
    """A valid access token: the cached one, else a refreshed one, else a new one from the configured grant."""
    grant = _grant(attrs)
    url = text(attrs, "accessTokenUrl").strip()
    if not url:
        raise AuthFailed("OAuth 2.0 needs an Access Token URL to fetch a token (or paste an access token).")
    client_id, client_secret = text(attrs, "clientId"), text(attrs, "clientSecret")
    username, password = text(attrs, "username"), text(attrs, "password")
    if grant == "password" and not username:
        raise AuthFailed("The OAuth 2.0 password grant needs a username.")
    remember(req, client_secret, password)
    endpoint = _TokenEndpoint(client, client_id, client_secret, text(attrs, "client_authentication")
                              or text(attrs, "clientAuth"), {client_secret, password})
    # the cache key names a place (a workspace's auth), not a configuration: remember which configuration a token
    # was fetched for, so editing the client id, scope or URL fetches a new one. Secrets stay out of it: a changed
    # secret still belongs to the same client, whose token remains good.
    fingerprint = hashlib.sha256(json.dumps(
        [grant, url, text(attrs, "refreshTokenUrl"), client_id, username, text(attrs, "scope"), endpoint.mode,
         attrs.get("tokenRequestParams"), attrs.get("refreshRequestParams")], sort_keys=True, default=str,
    ).encode()).hexdigest()

    answer: dict[str, Any] | None = None
    cached = token_cache.get(cache_key)
    if cached and cached.get("fingerprint") == fingerprint and isinstance(cached.get("access_token"), str):
        if now() < (_seconds(cached.get("expires_at")) or 0):
            token: str = cached["access_token"]
            remember(req, token)
            return token
        refresh_token = cached.get("refresh_token")
        if isinstance(refresh_token, str) and refresh_token:
            endpoint.secrets.add(refresh_token)
            try:
                answer = endpoint.request(text(attrs, "refreshTokenUrl").strip() or url,
                                          {"grant_type": "refresh_token", "refresh_token": refresh_token},
                                          attrs.get("refreshRequestParams"))
            except AuthFailed:
                answer = None  # revoked or expired refresh token: a fresh grant below is the way back
            else:
                # RFC 6749 6: the server may or may not rotate it; if not, the old one stays valid
                if not answer.get("refresh_token"):
                    answer["refresh_token"] = refresh_token
    if answer is None:
        form = {"grant_type": grant}
        if scope := text(attrs, "scope").strip():
            form["scope"] = scope
        if grant == "password":
            form |= {"username": username, "password": password}
        answer = endpoint.request(url, form, attrs.get("tokenRequestParams"))

    token = answer["access_token"]
    remember(req, token)
    _store(token_cache, cache_key, answer, fingerprint, now())
    return token


def _grant(attrs: Mapping[str, Any]) -> str:
    # grant_type is what Postman writes today; grantType is from older exports. Postman's default is the code grant.
    raw = (text(attrs, "grant_type") or text(attrs, "grantType") or "authorization_code").strip()
    if raw in BROWSER_GRANTS:
        raise AuthNotSupported(
            f"OAuth 2.0 with the {raw.replace('_', ' ')} grant needs a browser sign-in, so this authentication is "
            "stored but not sent yet. Use the client credentials or password grant, or paste an access token.")
    if raw not in GRANTS:
        raise AuthFailed(f"OAuth 2.0 grant type {raw!r} is not one Postman defines.")
    return GRANTS[raw]


def _store(cache: TokenCache, key: str, answer: Mapping[str, Any], fingerprint: str, at: float) -> None:
    lifetime = _seconds(answer.get("expires_in"))
    if lifetime is None:
        lifetime = DEFAULT_LIFETIME_SECONDS
    # a tenth of the lifetime at most, so a token that lives 20 seconds is still worth caching
    usable = lifetime - min(SKEW_SECONDS, lifetime / 10)
    entry: dict[str, Any] = {"access_token": answer["access_token"], "expires_at": at + usable,
                             "token_type": answer.get("token_type"), "fingerprint": fingerprint}
    keep = usable
    refresh_token = answer.get("refresh_token")
    if isinstance(refresh_token, str) and refresh_token:
        entry["refresh_token"] = refresh_token
        # Keycloak and others say how long the refresh token lives; keep the entry that long to use it
        keep = max(usable, _seconds(answer.get("refresh_expires_in")) or REFRESH_KEEP_SECONDS)
    if keep >= 1:
        cache.put(key, entry, int(keep))


def _seconds(value: Any) -> float | None:
    """A positive number of seconds, or None. expires_in is a number per RFC 6749, but some servers send a string
    (and a persistent cache may hand back Decimals)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        return None
    return seconds if seconds > 0 else None


class _TokenEndpoint:
    """One token endpoint conversation: how the client authenticates, and turning failures into clear messages."""

    def __init__(self, client: httpx.Client | None, client_id: str, client_secret: str, mode: str,
                 secrets: set[str]) -> None:
        self.client = client
        self.client_id, self.client_secret = client_id, client_secret
        # Postman's default is the Basic header (RFC 6749 2.3.1: servers must support it)
        self.mode = "body" if mode == "body" else "header"
        self.secrets = {s for s in secrets if s}

    def request(self, url: str, form: dict[str, str], extra: Any) -> dict[str, Any]:
        if self.client is None:
            raise AuthFailed("OAuth 2.0 needs to fetch a token, but this run has no HTTP client to fetch it with.")
        data, headers = dict(form), {"Accept": "application/json"}
        params: list[tuple[str, str | int | float | bool | None]] = []
        if self.mode == "body":
            data |= {k: v for k, v in (("client_id", self.client_id), ("client_secret", self.client_secret)) if v}
        elif self.client_id or self.client_secret:
            # not form-encoded first, though RFC 6749 2.3.1 says to: Postman does not, and servers tested with
            # Postman expect the raw values (postman-app-support#11850); identical for the usual token characters
            headers["Authorization"] = basic_credentials(self.client_id, self.client_secret)
        # Postman's "advanced" extras (audience, resource, ...): rows with key, value, enabled and send_as
        for row in extra if isinstance(extra, list) else []:
            if not isinstance(row, Mapping) or not row.get("key") or row.get("enabled") is False:
                continue
            key, value, send_as = str(row["key"]), str(row.get("value") or ""), row.get("send_as")
            if send_as == "request_header":
                headers[key] = value
            elif send_as == "request_url":
                params.append((key, value))
            else:
                data[key] = value
        where = _where(url)
        try:
            # no redirects: a 307 would re-send the client secret and password to wherever it points
            response = self.client.post(url, data=data, headers=headers, params=params or None,
                                        follow_redirects=False)
        except (httpx.HTTPError, httpx.InvalidURL) as exc:
            raise self._failed(f"Could not reach the OAuth 2.0 token endpoint {where}: {str(exc) or type(exc).__name__}") \
                from exc
        status = response.status_code
        if response.is_redirect:
            raise self._failed(f"The OAuth 2.0 token endpoint {where} redirected (HTTP {status}) to "
                               f"{_where(response.headers.get('location', ''))}; use the final URL instead.")
        try:
            body: Any = response.json()
        except ValueError:
            body = None
        if not response.is_success:
            detail = ""
            if isinstance(body, dict) and body.get("error"):
                # RFC 6749 5.2 error codes and descriptions are meant for the client developer to read
                detail = f": {str(body['error'])[:100]}"
                if body.get("error_description"):
                    detail += f" ({str(body['error_description'])[:300]})"
            raise self._failed(f"The OAuth 2.0 token endpoint {where} refused the token request "
                               f"(HTTP {status} {response.reason_phrase}){detail}.")
        if not isinstance(body, dict):
            kind = response.headers.get("content-type", "no content type")
            raise self._failed(f"The OAuth 2.0 token endpoint {where} answered HTTP {status} but not with a JSON "
                               f"object ({kind}).")
        if not isinstance(body.get("access_token"), str) or not body["access_token"]:
            raise self._failed(f"The OAuth 2.0 token endpoint {where} answered without an access_token.")
        return body

    def _failed(self, message: str) -> AuthFailed:
        return AuthFailed(scrub(message, self.secrets))


def _where(url: str) -> str:
    """The endpoint for messages: no query string or user info, which may carry credentials."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return "(invalid URL)"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}{parsed.path}" if parsed.host else "(invalid URL)"
