"""Identifiers and clocks: one place, so tests and ids agree."""

from __future__ import annotations

import hashlib
import re
import secrets
import time
from datetime import UTC, datetime

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lower case: no i, l, o, u

ID_PATTERN = re.compile(r"^[a-z]{2,4}_[0-9a-z]{16,32}$")


def new_id(prefix: str) -> str:
    """A prefixed random id (`ws_…`, `req_…`): readable in logs, 80 bits of randomness."""
    # one read of 10 random bytes, 5 bits per character (not 16 secrets.choice calls: each is a system call)
    n = int.from_bytes(secrets.token_bytes(10), "big")
    return prefix + "_" + "".join(_ALPHABET[(n >> shift) & 31] for shift in range(75, -1, -5))


def is_id(value: str, prefix: str | None = None) -> bool:
    if not ID_PATTERN.match(value or ""):
        return False
    return prefix is None or value.startswith(prefix + "_")


def now() -> float:
    return time.time()


def iso(ts: float | None = None) -> str:
    return datetime.fromtimestamp(now() if ts is None else ts, tz=UTC).isoformat(timespec="milliseconds") \
        .replace("+00:00", "Z")


def token(prefix: str, nbytes: int = 32) -> str:
    return prefix + secrets.token_urlsafe(nbytes)


def sha256(value: str) -> str:
    # Tokens and API keys carry 256 bits of randomness: a plain hash is enough (no slow KDF needed).
    return hashlib.sha256(value.encode()).hexdigest()
