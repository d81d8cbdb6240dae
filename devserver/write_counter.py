"""Counts the AWS calls served in this process that may change what the state snapshot saves.

The autosave used to Scan every table (through botocore and moto's response serializer) and hash the result every
two seconds just to learn that nothing changed; with a few thousand items that took a seventh of the stack's CPU and
added jitter to every request. Now it compares this counter first. Reads (GetItem, Query, Decrypt, GET/HEAD...) do
not count; anything else does (an unknown operation counts, to be safe).

Only calls through the in-process mock pass here. Uploads a browser sends to moto's HTTP server (presigned S3 URLs)
do not, which is why the snapshot still compares the S3 listing every time (cheap: no object is downloaded).
"""

from __future__ import annotations

import itertools
import threading
from typing import Any

_READS = {
    # DynamoDB
    "GetItem", "BatchGetItem", "Query", "Scan", "DescribeTable", "ListTables", "DescribeTimeToLive",
    "DescribeContinuousBackups", "ListTagsOfResource", "DescribeEndpoints",
    # KMS (data-key calls do not change the key store)
    "Decrypt", "Encrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext", "DescribeKey", "ListAliases",
    "ListKeys", "GetKeyPolicy", "GetKeyRotationStatus", "ReEncrypt",
}
#: services whose state is not part of the snapshot (queues and WebSocket connections are transient)
_IGNORED_HOSTS = ("sqs.", "execute-api.")

_counter = itertools.count(1)
_value = 0
_lock = threading.Lock()
_installed = False


def generation() -> int:
    """Increases whenever a possibly-writing call was served; equal values mean nothing changed in between."""
    return _value


def _bump() -> None:
    global _value
    with _lock:
        _value = next(_counter)


def _is_write(request: Any) -> bool:
    url = str(getattr(request, "url", ""))
    host = url.split("://", 1)[-1]
    if host.startswith(_IGNORED_HOSTS):
        return False
    target = request.headers.get("X-Amz-Target") if getattr(request, "headers", None) is not None else None
    if target:
        if isinstance(target, bytes):
            target = target.decode("ascii", "replace")
        return target.rsplit(".", 1)[-1] not in _READS
    return str(getattr(request, "method", "POST")).upper() not in ("GET", "HEAD")


def install() -> None:
    """Wrap moto's request stub (idempotent). Call before the app makes AWS calls."""
    global _installed
    if _installed:
        return
    from moto.core.models import botocore_stubber

    original = botocore_stubber.process_request

    def counting(request: Any) -> Any:
        if _is_write(request):
            _bump()
        return original(request)

    botocore_stubber.process_request = counting  # type: ignore[method-assign]
    _installed = True
