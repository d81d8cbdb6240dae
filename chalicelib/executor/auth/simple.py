"""The schemes that are a header or a query parameter built from the attributes: basic, bearer, apikey; and digest,
which is a challenge/response that httpx runs for us."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from typing import Any

import httpx

from ..model import PreparedRequest
from ._request import remember, set_secret_header, set_secret_query_param, text
from .errors import AuthFailed


def apply_basic(req: PreparedRequest, attrs: Mapping[str, Any]) -> None:
    """RFC 7617 with UTF-8 (the charset browsers and Postman use). Sent even when both are empty, as Postman does."""
    password = text(attrs, "password")
    set_secret_header(req, "Authorization", basic_credentials(text(attrs, "username"), password), password)


def basic_credentials(username: str, password: str) -> str:
    """The Authorization value for HTTP Basic: `Basic base64(username:password)`, UTF-8 encoded."""
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode("ascii")


def apply_bearer(req: PreparedRequest, attrs: Mapping[str, Any]) -> None:
    """RFC 6750 header. No token, no header (Postman skips it too, rather than sending `Bearer ` alone)."""
    token = text(attrs, "token").strip()
    if token:
        set_secret_header(req, "Authorization", f"Bearer {token}", token)


def apply_apikey(req: PreparedRequest, attrs: Mapping[str, Any]) -> None:
    """`key`/`value` in a header or, with `in: query`, in the query string (anything else means header, as Postman)."""
    key, value = text(attrs, "key").strip(), text(attrs, "value")
    if not key and not value:
        return
    if not key:
        raise AuthFailed("API key authentication needs a key name (the header or query parameter to send).")
    if text(attrs, "in", "header") == "query":
        set_secret_query_param(req, key, value)
    else:
        set_secret_header(req, key, value)


def digest_auth(req: PreparedRequest, attrs: Mapping[str, Any]) -> httpx.DigestAuth:
    """RFC 7616 needs the server's challenge, so it cannot be a header set now: httpx sends the request, reads the
    401 and its nonce, and resends it answered. Postman's stored realm/nonce/qop/opaque/nc/cnonce are the values its
    UI pre-fills from an earlier challenge; the live challenge supersedes them, so they are not used.
    """
    password = text(attrs, "password")
    remember(req, password)
    return httpx.DigestAuth(text(attrs, "username"), password)
