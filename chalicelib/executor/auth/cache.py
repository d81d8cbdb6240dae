"""Where fetched OAuth 2.0 tokens live between executions: a protocol, and an in-memory store for tests and the CLI."""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol


class TokenCache(Protocol):
    """A key/value store with expiry. Values are small JSON-able dicts (access token, refresh token, expiry).

    They are credentials: a persistent implementation should encrypt them at rest.
    """

    def get(self, key: str) -> dict[str, Any] | None: ...

    def put(self, key: str, value: dict[str, Any], ttl_seconds: int) -> None: ...


class MemoryTokenCache:
    """A process-local TokenCache. `now` is injectable so tests can move time forward."""

    def __init__(self, now: Callable[[], float] = time.time) -> None:
        self._now = now
        self._items: dict[str, tuple[float, dict[str, Any]]] = {}
        # the devserver runs requests on threads; a dict is safe per operation but get-then-delete is not
        self._lock = threading.Lock()

    def get(self, key: str) -> dict[str, Any] | None:
        with self._lock:
            item = self._items.get(key)
            if item is None:
                return None
            expires_at, value = item
            if self._now() >= expires_at:
                del self._items[key]
                return None
            # a copy, so a caller editing what it got cannot change what is stored
            return copy.deepcopy(value)

    def put(self, key: str, value: dict[str, Any], ttl_seconds: int) -> None:
        with self._lock:
            self._items[key] = (self._now() + ttl_seconds, copy.deepcopy(value))
