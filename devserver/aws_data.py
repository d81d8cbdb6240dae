"""Dump and load DynamoDB items and S3 objects through the AWS API (against moto), as JSON-safe values.

Items keep DynamoDB's typed form (`{"S": ...}`, `{"N": ...}`, ...) from the low-level client, so numbers, sets and
binary values come back exactly; only binary values need base64 to fit in JSON.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Iterator
from typing import Any

from devserver import moto_speedups

log = logging.getLogger("devserver")

JsonDict = dict[str, Any]

#: BatchWriteItem takes at most 25 requests per call.
_BATCH_SIZE = 25
#: Unprocessed items are retried this many times before restore gives up (moto never throttles, AWS might).
_MAX_BATCH_RETRIES = 5


# --- DynamoDB -------------------------------------------------------------------------------------------------


def _b64(value: bytes | str) -> str:
    # moto keeps some binary values as bytes and others as the base64 text they arrived as; the client always
    # hands back bytes
    return value if isinstance(value, str) else base64.b64encode(value).decode("ascii")


def _encode_value(value: JsonDict) -> JsonDict:
    """One AttributeValue from the client to JSON: binary types become base64 strings, containers recurse."""
    (kind, inner), = value.items()
    if kind == "B":
        return {"B": _b64(inner)}
    if kind == "BS":
        return {"BS": [_b64(b) for b in inner]}
    if kind == "L":
        return {"L": [_encode_value(v) for v in inner]}
    if kind == "M":
        return {"M": {k: _encode_value(v) for k, v in inner.items()}}
    return {kind: inner}


def _decode_value(value: JsonDict) -> JsonDict:
    (kind, inner), = value.items()
    if kind == "B":
        return {"B": base64.b64decode(inner)}
    if kind == "BS":
        return {"BS": [base64.b64decode(b) for b in inner]}
    if kind == "L":
        return {"L": [_decode_value(v) for v in inner]}
    if kind == "M":
        return {"M": {k: _decode_value(v) for k, v in inner.items()}}
    return {kind: inner}


def encode_item(item: JsonDict) -> JsonDict:
    return {name: _encode_value(value) for name, value in item.items()}


def decode_item(item: JsonDict) -> JsonDict:
    return {name: _decode_value(value) for name, value in item.items()}


def dump_tables(dynamodb: Any) -> dict[str, list[JsonDict]]:
    """Every item of every table, by table name."""
    tables: dict[str, list[JsonDict]] = {}
    for page in dynamodb.get_paginator("list_tables").paginate():
        for name in page["TableNames"]:
            items: list[JsonDict] = []
            for scan_page in dynamodb.get_paginator("scan").paginate(TableName=name):
                items.extend(encode_item(item) for item in scan_page["Items"])
            tables[name] = items
    return tables


def dump_tables_in_process(region: str) -> dict[str, list[JsonDict]]:
    """Every item of every table, read straight from moto's in-process backend.

    Same result as dump_tables, without a Scan through botocore and moto's response serializer: an order of
    magnitude less CPU, which the autosave would otherwise take from requests.
    """
    from moto.core.models import DEFAULT_ACCOUNT_ID
    from moto.dynamodb.models import dynamodb_backends

    backend = dynamodb_backends[DEFAULT_ACCOUNT_ID][region]
    tables: dict[str, list[JsonDict]] = {}
    for name, table in list(backend.tables.items()):
        with moto_speedups.moto_lock:  # the item list is taken while no request thread changes the table
            items = list(table.all_items())
        dumped = []
        for item in items:
            try:
                dumped.append(encode_item(item.to_json()["Attributes"]))
            except RuntimeError:  # an UpdateItem changed this item's attributes meanwhile: read it again, locked
                with moto_speedups.moto_lock:
                    dumped.append(encode_item(item.to_json()["Attributes"]))
        tables[name] = dumped
    return tables


def _chunks(items: list[JsonDict], size: int) -> Iterator[list[JsonDict]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def load_tables(dynamodb: Any, tables: dict[str, list[JsonDict]]) -> int:
    """Put saved items back into existing tables; answer how many were written.

    Tables are not created here: `ensure_resources()` owns their schema (keys, GSI, TTL). A saved table that no
    longer exists is reported and skipped rather than guessed at.
    """
    existing: set[str] = set()
    for page in dynamodb.get_paginator("list_tables").paginate():
        existing.update(page["TableNames"])
    written = 0
    for name, items in tables.items():
        if name not in existing:
            log.warning("state: table %s no longer exists; its %d saved items were not restored", name, len(items))
            continue
        for chunk in _chunks(items, _BATCH_SIZE):
            requests: dict[str, list[JsonDict]] = {
                name: [{"PutRequest": {"Item": decode_item(item)}} for item in chunk]
            }
            for _ in range(_MAX_BATCH_RETRIES):
                unprocessed = dynamodb.batch_write_item(RequestItems=requests).get("UnprocessedItems") or {}
                if not unprocessed:
                    break
                requests = unprocessed
            else:
                raise RuntimeError(f"state: DynamoDB kept refusing items while restoring table {name}")
            written += len(chunk)
    return written


# --- S3 -------------------------------------------------------------------------------------------------------


class S3Dumper:
    """Dumps every object of every bucket, downloading only objects whose ETag changed since the last dump.

    The autosave runs every few seconds; listing is cheap, re-downloading every blob each time is not.
    """

    def __init__(self, s3: Any) -> None:
        self._s3 = s3
        self._cache: dict[tuple[str, str], tuple[str, JsonDict]] = {}

    def listing(self) -> list[tuple[str, str, str]]:
        """(bucket, key, etag) of every object."""
        found: list[tuple[str, str, str]] = []
        for bucket in self._s3.list_buckets().get("Buckets", []):
            name = bucket["Name"]
            for page in self._s3.get_paginator("list_objects_v2").paginate(Bucket=name):
                found.extend((name, obj["Key"], obj["ETag"]) for obj in page.get("Contents", []))
        return found

    def dump(self) -> dict[str, list[JsonDict]]:
        listing = self.listing()
        buckets: dict[str, list[JsonDict]] = {b["Name"]: [] for b in self._s3.list_buckets().get("Buckets", [])}
        cache: dict[tuple[str, str], tuple[str, JsonDict]] = {}
        for bucket, key, etag in listing:
            cached = self._cache.get((bucket, key))
            if cached is not None and cached[0] == etag:
                record = cached[1]
            else:
                obj = self._s3.get_object(Bucket=bucket, Key=key)
                record = {
                    "key": key,
                    "body": base64.b64encode(obj["Body"].read()).decode("ascii"),
                    "content_type": obj.get("ContentType") or "binary/octet-stream",
                    "metadata": obj.get("Metadata") or {},
                }
            cache[(bucket, key)] = (etag, record)
            buckets.setdefault(bucket, []).append(record)
        self._cache = cache
        return buckets


def load_buckets(s3: Any, buckets: dict[str, list[JsonDict]]) -> int:
    """Put saved objects back, creating a bucket that does not exist (a bucket has no schema to get wrong)."""
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    written = 0
    for name, objects in buckets.items():
        if name not in existing:
            s3.create_bucket(Bucket=name)
        for record in objects:
            s3.put_object(
                Bucket=name,
                Key=record["key"],
                Body=base64.b64decode(record["body"]),
                ContentType=record["content_type"],
                Metadata=record["metadata"],
            )
            written += 1
    return written
