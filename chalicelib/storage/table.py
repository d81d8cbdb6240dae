"""The one DynamoDB table, as a PynamoDB model, and the low-level calls every repository shares.

Every item has the same attributes: `pk`/`sk` (the primary key), optional `gsi1pk`/`gsi1sk` (one overloaded GSI),
`kind`, `data` (the document as compact JSON, carrying its schema version `v`), `ver` (optimistic-concurrency
counter, where a document has one) and `ttl` (epoch seconds; DynamoDB's TTL deletes the item after it).

`Meta.table_name`, `Meta.host` and `Meta.region` are read when the class is defined, so this module is imported
lazily, after the environment is set (see `chalicelib.deps`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.connection import Connection
from pynamodb.exceptions import (
    DeleteError,
    DoesNotExist,
    GetError,
    PutError,
    PynamoDBConnectionError,
    QueryError,
    TransactWriteError,
    UpdateError,
)
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.config import settings
from chalicelib.errors import BadRequest, Conflict, StorageUnavailable
from chalicelib.storage.records import Count, Delete, Op, Put, Record, TransactionConflict
from chalicelib.storage.records import dumps as _dumps

_cfg = settings()


class Gsi1(GlobalSecondaryIndex["Item"]):  # type: ignore[no-untyped-call]
    class Meta:
        index_name = "gsi1"
        projection = AllProjection()

    gsi1pk = UnicodeAttribute(hash_key=True)
    gsi1sk = UnicodeAttribute(range_key=True)


class Item(Model):
    class Meta:
        table_name = _cfg.table_name
        region = _cfg.region
        host = os.environ.get("AWS_ENDPOINT_URL_DYNAMODB") or os.environ.get("AWS_ENDPOINT_URL") or None
        billing_mode = "PAY_PER_REQUEST"
        max_retry_attempts = 2

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    gsi1pk = UnicodeAttribute(null=True)
    gsi1sk = UnicodeAttribute(null=True)
    kind = UnicodeAttribute(null=True)
    data = UnicodeAttribute(null=True)
    ver = NumberAttribute(null=True)
    ttl = NumberAttribute(null=True)
    #: a plain counter (rate limits); named `n` because `count` would shadow Model.count
    n = NumberAttribute(null=True)

    gsi1 = Gsi1()



def _to_item(rec: Record) -> Item:
    return Item(rec.pk, rec.sk, kind=rec.kind, data=_dumps(rec.data), ver=rec.ver,
                gsi1pk=rec.gsi1pk, gsi1sk=rec.gsi1sk, ttl=rec.ttl)


def _from_item(item: Item) -> Record:
    return Record(pk=item.pk, sk=item.sk, kind=item.kind or "", data=json.loads(item.data) if item.data else {},
                  ver=int(item.ver) if item.ver is not None else None, gsi1pk=item.gsi1pk, gsi1sk=item.gsi1sk,
                  ttl=int(item.ttl) if item.ttl is not None else None)


# --- cursors -------------------------------------------------------------------------------------------------
# A cursor is DynamoDB's LastEvaluatedKey, signed so a client cannot hand us a key of another partition.

def encode_cursor(last_key: dict[str, Any] | None, scope: str) -> str | None:
    if not last_key:
        return None
    raw = json.dumps(last_key, separators=(",", ":"), sort_keys=True).encode()
    sig = hmac.new(_cfg.jwt_secret.encode(), scope.encode() + b"|" + raw, hashlib.sha256).digest()[:12]
    return base64.urlsafe_b64encode(sig + raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, scope: str) -> dict[str, Any] | None:
    if not cursor:
        return None
    try:
        blob = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        sig, raw = blob[:12], blob[12:]
        good = hmac.new(_cfg.jwt_secret.encode(), scope.encode() + b"|" + raw, hashlib.sha256).digest()[:12]
        if not hmac.compare_digest(sig, good):
            raise ValueError("bad signature")
        key = json.loads(raw)
        if not isinstance(key, dict):
            raise ValueError("not a key")
        return key
    except (ValueError, TypeError):
        raise BadRequest("The cursor is not valid for this list.", details={"cursor": "invalid"}) from None


# --- the calls -----------------------------------------------------------------------------------------------

def _is_condition_failure(exc: Exception) -> bool:
    return getattr(exc, "cause_response_code", None) in (
        "ConditionalCheckFailedException", "TransactionCanceledException")


def _unavailable(exc: Exception) -> StorageUnavailable:
    # Never echo botocore's message: it can name tables, keys and account ids.
    return StorageUnavailable("Storage is unavailable; try again.", details={"cause": type(exc).__name__})


def get(pk: str, sk: str) -> Record | None:
    try:
        return _from_item(Item.get(pk, sk, consistent_read=True))
    except DoesNotExist:
        return None
    except (GetError, PynamoDBConnectionError) as exc:
        raise _unavailable(exc) from exc


def batch_get(keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Record]:
    """One BatchGetItem per 100 keys; answers only the keys that exist."""
    found: dict[tuple[str, str], Record] = {}
    unique = list(dict.fromkeys(keys))
    if not unique:
        return found
    try:
        for item in Item.batch_get(unique, consistent_read=True):
            rec = _from_item(item)
            found[(rec.pk, rec.sk)] = rec
    except (GetError, PynamoDBConnectionError) as exc:
        raise _unavailable(exc) from exc
    return found


def query_page(pk: str, *, prefix: str | None = None, limit: int = 50, cursor: str | None = None,
               forward: bool = True, index: bool = False, scope: str = "") -> tuple[list[Record], str | None]:
    """One page of a partition (or of a gsi1 partition), with a signed cursor for the next page."""
    scope = scope or pk
    start = decode_cursor(cursor, scope)
    try:
        if index:
            cond = Item.gsi1sk.startswith(prefix) if prefix else None
            results = Item.gsi1.query(pk, range_key_condition=cond, limit=limit, last_evaluated_key=start,
                                      scan_index_forward=forward)
        else:
            cond = Item.sk.startswith(prefix) if prefix else None
            results = Item.query(pk, range_key_condition=cond, limit=limit, last_evaluated_key=start,
                                 scan_index_forward=forward, consistent_read=True)
        records = [_from_item(i) for i in results]
        return records, encode_cursor(results.last_evaluated_key, scope) if len(records) >= limit else None
    except (QueryError, PynamoDBConnectionError) as exc:
        if "ExclusiveStartKey" in str(exc):
            raise BadRequest("The cursor is not valid for this list.", details={"cursor": "invalid"}) from None
        raise _unavailable(exc) from exc


def query_all(pk: str, *, prefix: str | None = None, index: bool = False) -> Iterator[Record]:
    """Every item of a partition: DynamoDB pages of up to 1 MB, so a call per MB of results."""
    try:
        if index:
            cond = Item.gsi1sk.startswith(prefix) if prefix else None
            results: Iterable[Item] = Item.gsi1.query(pk, range_key_condition=cond)
        else:
            cond = Item.sk.startswith(prefix) if prefix else None
            results = Item.query(pk, range_key_condition=cond, consistent_read=True)
        for item in results:
            yield _from_item(item)
    except (QueryError, PynamoDBConnectionError) as exc:
        raise _unavailable(exc) from exc


def count(pk: str, prefix: str | None = None) -> int:
    cond = Item.sk.startswith(prefix) if prefix else None
    try:
        return Item.count(pk, range_key_condition=cond)
    except (QueryError, PynamoDBConnectionError) as exc:
        raise _unavailable(exc) from exc


def put(rec: Record, *, must_not_exist: bool = False) -> None:
    cond = Item.pk.does_not_exist() if must_not_exist else None
    try:
        _to_item(rec).save(condition=cond)
    except PutError as exc:
        if _is_condition_failure(exc):
            raise Conflict("It already exists.") from None
        raise _unavailable(exc) from exc


def delete(pk: str, sk: str) -> None:
    try:
        Item(pk, sk).delete()
    except DeleteError as exc:
        raise _unavailable(exc) from exc


def batch_delete(keys: Iterable[tuple[str, str]]) -> int:
    n = 0
    try:
        with Item.batch_write() as batch:
            for pk, sk in keys:
                batch.delete(Item(pk, sk))
                n += 1
    except (PutError, DeleteError, PynamoDBConnectionError) as exc:
        raise _unavailable(exc) from exc
    return n


def batch_put(records: Iterable[Record]) -> None:
    try:
        with Item.batch_write() as batch:
            for rec in records:
                batch.save(_to_item(rec))
    except (PutError, PynamoDBConnectionError) as exc:
        raise _unavailable(exc) from exc


def increment(pk: str, sk: str, *, ttl: int) -> int:
    """Atomically add one to a counter item and answer the new value (rate limits)."""
    try:
        item = Item(pk, sk)
        item.update(actions=[Item.n.add(1), Item.ttl.set(ttl)], add_version_condition=False)
        return int(item.n or 0)
    except UpdateError as exc:
        raise _unavailable(exc) from exc


def update_fields(pk: str, sk: str, *, data: dict[str, Any] | None = None, ttl: int | None = None) -> None:
    item = Item(pk, sk)
    actions: list[Action] = []
    if data is not None:
        actions.append(Item.data.set(_dumps(data)))
    if ttl is not None:
        actions.append(Item.ttl.set(ttl))
    try:
        item.update(actions=actions, condition=Item.pk.exists(), add_version_condition=False)
    except UpdateError as exc:
        if _is_condition_failure(exc):
            raise Conflict("It no longer exists.") from None
        raise _unavailable(exc) from exc


# --- transactions --------------------------------------------------------------------------------------------

_tx_connection: Connection | None = None


def _transactions() -> Connection:
    # One connection (so one botocore client) for every transaction: creating a client costs tens of ms.
    global _tx_connection
    if _tx_connection is None:
        _tx_connection = Connection(region=Item.Meta.region, host=Item.Meta.host,
                                    max_retry_attempts=Item.Meta.max_retry_attempts)
    return _tx_connection


def on_call(handler: Callable[..., None]) -> Callable[[], None]:
    """Register `handler(model=..., params=..., **kw)` for every DynamoDB call this module makes (botocore's
    `before-call` event): the benchmark and tests count calls with it. Answers a function that unregisters it."""
    clients = [Item._get_connection().connection.client, _transactions().client]
    for client in clients:
        client.meta.events.register("before-call.dynamodb", handler)

    def off() -> None:
        for client in clients:
            client.meta.events.unregister("before-call.dynamodb", handler)

    return off


def _put_condition(op: Put) -> Condition | None:
    if op.must_not_exist:
        return Item.pk.does_not_exist()
    if op.expect_ver is not None:
        return Item.ver == op.expect_ver
    return None


def transact(ops: Sequence[Op]) -> None:
    """All or nothing, in one TransactWriteItems call (at most 100 ops)."""
    if not ops:
        return
    if len(ops) == 1 and isinstance(ops[0], Put):
        # One conditional PutItem does the same, at half a transaction's write cost (and the executor writes an
        # execution this way twice per run).
        try:
            _to_item(ops[0].rec).save(condition=_put_condition(ops[0]))
        except PutError as exc:
            if _is_condition_failure(exc):
                raise TransactionConflict(["ConditionalCheckFailed"]) from None
            raise _unavailable(exc) from exc
        return
    try:
        with TransactWrite(connection=_transactions()) as tx:
            for op in ops:
                if isinstance(op, Put):
                    tx.save(_to_item(op.rec), condition=_put_condition(op))
                elif isinstance(op, Count):
                    tx.update(Item(op.pk, op.sk), actions=[Item.n.add(1), Item.ttl.set(op.ttl)],
                              condition=Item.n.does_not_exist() | (Item.n < op.limit), add_version_condition=False)
                elif isinstance(op, Delete):
                    tx.delete(Item(op.pk, op.sk), condition=Item.pk.exists() if op.must_exist else None)
                else:
                    tx.condition_check(Item, op.pk, op.sk,
                                       condition=Item.pk.exists() if op.exists else Item.pk.does_not_exist())
    except TransactWriteError as exc:
        reasons = [getattr(r, "code", None) if r is not None else None
                   for r in (exc.cancellation_reasons or [])]
        if _is_condition_failure(exc) or any(r == "ConditionalCheckFailed" for r in reasons):
            raise TransactionConflict(reasons) from None
        if exc.cause_response_code == "ValidationException":
            raise BadRequest("The change is too large to save at once.") from None
        raise _unavailable(exc) from exc
