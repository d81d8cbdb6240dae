"""Small edits of a PreparedRequest shared by the schemes: secret headers, query parameters, attribute values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus, urlencode, urlsplit, urlunsplit

from ..model import PreparedRequest


def text(attrs: Mapping[str, Any], key: str, default: str = "") -> str:
    """An attribute as text. Postman stores most values as strings but hand-edited exports hold numbers too."""
    value = attrs.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


def flag(attrs: Mapping[str, Any], key: str) -> bool:
    """A boolean attribute: Postman writes `true`, older exports and variables give `"true"`."""
    value = attrs.get(key)
    if isinstance(value, str):
        return value.strip().lower() in ("true", "1", "yes")
    return bool(value)


def remember(req: PreparedRequest, *values: str) -> None:
    """Add credential values to `req.secrets` (empty ones would redact everything, so they are skipped)."""
    req.secrets.update(v for v in values if v)


def set_secret_header(req: PreparedRequest, name: str, value: str, *credentials: str) -> None:
    """Replace any header of that name (auth owns it, as in Postman) with a secret one."""
    req.set_header(name, value, secret=True)
    remember(req, value, *credentials)


def set_secret_query_param(req: PreparedRequest, key: str, value: str, *credentials: str) -> None:
    """Append `key=value` to the URL's query, first dropping parameters of the same name (Postman does too, so a
    stale token typed in the URL does not ride along); every other parameter, duplicates included, stays byte for
    byte as it was typed rather than being re-encoded.
    """
    parts = urlsplit(req.url)
    kept = [p for p in parts.query.split("&") if p and unquote_plus(p.partition("=")[0]) != key] if parts.query else []
    pair = urlencode([(key, value)], quote_via=quote)
    req.url = urlunsplit(parts._replace(query="&".join([*kept, pair])))
    # the redactor sees the URL as text: the value is there percent-encoded, so that form is a secret too
    remember(req, value, quote(value, safe=""), quote_plus(value), *credentials)
