"""OAuth 2.0 tokens the executor fetched, kept per workspace and environment across Lambda containers.

Two levels: the container's memory in front (a warm container makes no DynamoDB or KMS call for a cached token),
the table behind (a cold or concurrent container reads the token another one fetched instead of asking the token
endpoint again). Reads fall through to the table on a miss; writes go to both.

A stored token is a credential, so the item holds no plaintext: the whole entry (access token, refresh token,
expiry, fingerprint) is sealed with AES-256-GCM under a data key that KMS generates with the encryption context
{workspace, purpose}, and the GCM tag also covers the item's key. An item copied into another workspace, or to
another name, does not decrypt. The item's `ttl` is when the entry lapses, so DynamoDB deletes it.

A cache is never worth a failed execution: anything that goes wrong reading it (the key service refusing, a
tampered item, the table unavailable) is "not cached" and a new token is fetched; a failed write is logged and
forgotten. Token values are never logged.
"""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Callable
from typing import Any

from chalicelib.environments import crypto
from chalicelib.executor.auth import MemoryTokenCache
from chalicelib.ports import Keyring, Store
from chalicelib.schema.migrate import stamp, upgrade
from chalicelib.storage import keys
from chalicelib.storage.records import Record

log = logging.getLogger("playground.executions")

KIND = "oauth_token"
PURPOSE = "oauth2-token"


def context(ws: str) -> dict[str, str]:
    """The KMS encryption context of a workspace's token data keys."""
    return {"workspace": ws, "purpose": PURPOSE}


def _aad(pk: str, sk: str) -> bytes:
    return f"{PURPOSE}|{pk}|{sk}".encode()


class StoredTokenCache:
    """A TokenCache for one workspace: `memory` (shared by the container) in front of the table.

    Keys are the executor's cache keys, `{ws}:{name}`; a key of another workspace is refused (a wiring bug, never
    something to store in this workspace's partition).
    """

    def __init__(self, store: Store, keyring: Keyring, ws: str, *, memory: MemoryTokenCache | None = None,
                 now: Callable[[], float] = time.time) -> None:
        self.store, self.keyring, self.ws = store, keyring, ws
        self.memory = memory if memory is not None else MemoryTokenCache(now)
        self._now = now

    def _item_key(self, key: str) -> tuple[str, str]:
        prefix = f"{self.ws}:"
        if not key.startswith(prefix) or len(key) == len(prefix):
            raise ValueError("a token cache key must name a place in this cache's workspace")
        return keys.oauth_token(self.ws, key[len(prefix):])

    def get(self, key: str) -> dict[str, Any] | None:
        item_key = self._item_key(key)
        held = self.memory.get(key)
        if held is not None and not _lapsed(held, self._now()):
            return held
        # Not in memory, or its access token has lapsed: another container may have fetched a newer one.
        stored = self._read(item_key)
        if stored is None:
            return held
        value, until = stored
        if held is not None and _expiry(held) >= _expiry(value):
            return held
        self.memory.put(key, value, max(1, int(until - self._now())))
        return value

    def put(self, key: str, value: dict[str, Any], ttl_seconds: int) -> None:
        item_key = self._item_key(key)
        self.memory.put(key, value, ttl_seconds)
        try:
            plain, wrapped = self.keyring.generate_data_key(context(self.ws))
            sealed = crypto.encrypt(plain, json.dumps(value, separators=(",", ":")), _aad(*item_key))
            self.store.put(Record(*item_key, kind=KIND, ttl=int(self._now() + ttl_seconds),
                                  data=stamp(KIND, {"dek": base64.b64encode(wrapped).decode(), "enc": sealed})))
        except Exception as exc:  # noqa: BLE001 - the token is in hand and in memory; the next container re-fetches
            log.warning("could not store the OAuth 2.0 token of %s/%s: %s", *item_key, type(exc).__name__)

    def _read(self, item_key: tuple[str, str]) -> tuple[dict[str, Any], float] | None:
        """The stored entry and when it lapses, or None: missing, lapsed (TTL deletion lags by up to days) or
        unreadable. No KMS call for a missing or lapsed item."""
        try:
            rec = self.store.get(*item_key)
            if rec is None or rec.ttl is None or rec.ttl <= self._now():
                return None
            data = upgrade(KIND, rec.data)
            plain = self.keyring.decrypt(base64.b64decode(data["dek"], validate=True), context(self.ws))
            value = json.loads(crypto.decrypt(plain, data["enc"], _aad(*item_key)))
            if not isinstance(value, dict):
                raise ValueError("not an entry")
            return value, float(rec.ttl)
        except Exception as exc:  # noqa: BLE001 - e.g. SecretUnreadable: not cached, fetch a new token
            log.warning("the stored OAuth 2.0 token of %s/%s is unreadable (%s); fetching a new one", *item_key,
                        type(exc).__name__)
            return None


def _expiry(value: dict[str, Any]) -> float:
    at = value.get("expires_at")
    return float(at) if isinstance(at, int | float) and not isinstance(at, bool) else 0.0


def _lapsed(value: dict[str, Any], now: float) -> bool:
    """The access token is past its expiry (the entry is kept longer for its refresh token)."""
    return now >= _expiry(value)
