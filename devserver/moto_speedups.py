"""Fixes to moto for the local stack (never packaged; the tests use them only where they say so).

1. One DynamoDB call at a time. moto's backend is not thread-safe: a Query iterating a table while another thread
   puts an item raised "dictionary changed size during iteration" (a 500 for the user) under load. The stack's API
   server, SQS poller and WebSocket gateway run on threads, so every in-process DynamoDB call takes `moto_lock`.
   Each call is CPU work under the GIL anyway, so little parallelism is lost.

2. Query reads one partition. moto answers a Query by filtering *every item of the table*, so each execution's
   Query got slower as history grew; DynamoDB reads one partition. For the table's key the partition is at hand;
   for a GSI this keeps a map from each index hash value to the keys of the items that had it (added to on every
   put and update, built once per table). It may hold stale keys (an item deleted, or its index value changed):
   moto's own filter still checks every candidate, so the answer is exactly moto's.

3. DynamoDB answers without moto's generic serializer. moto walks each response through botocore's shape model
   value by value; for a 5,000-request tree that was half of a 2.4 s GET /tree. DynamoDB's JSON protocol is the
   result itself, so data-plane answers are written with json.dumps (binary values as base64, as the wire has them).
   A unit test keeps the two byte-for-byte equivalent once parsed.

4. Transactions in O(items).
moto 5.2.5 backs up the WHOLE table with copy.deepcopy once per operation of every TransactWriteItems, to roll back
on failure: a transaction costs O(table size) in moto, where DynamoDB's cost is O(items). In `make dev` that makes
every save, execution and invitation slower as the workspace grows (a 3,000-item table: ~160 ms per save).

This backs up only what a transaction can change: a shallow copy of each partition it names, with a deep copy of
each item it names. Puts and Deletes replace or remove whole items (restored by the shallow
copy), Updates mutate the named item (restored by its deep copy), so a rollback restores exactly what was there.

5. Less work per call. Every call a local execution makes costs ~1 ms in moto, most of it not DynamoDB's work:
   moto lists its handler's methods with inspect.getmembers on every request (the list never changes: cached here,
   as is its CamelCase → snake_case conversion of names, which an SQS call runs about twenty times),
   draws a 52-character request id one random.choice at a time (here: one urandom), and parses each UpdateExpression
   twice per call (the parse is a pure function of the string, and moto deep-copies the tree before it binds values
   into it, so one cached tree per expression string serves every call). A ConditionExpression binds its values
   while it is parsed, and a transaction parses each one about three times: the parsed condition (a tree that
   evaluating never changes) is cached per expression, names and values.
"""

from __future__ import annotations

import base64
import copy
import functools
import json
import os
import threading
from collections.abc import Callable
from typing import Any

import moto.dynamodb.models as ddb
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

_lock = threading.Lock()  # moto's DynamoDB is not thread-safe around transactions, and we swap copy.deepcopy
#: held by every in-process moto call (and by the state snapshot while it reads the tables)
moto_lock = threading.RLock()
_partition = threading.local()


def _touched(table: Any, op: dict[str, Any]) -> tuple[DynamoType, DynamoType | None] | None:
    attrs = op.get("Key") or op.get("Item") or {}
    if table.hash_key_attr not in attrs:
        return None
    hash_value = DynamoType(attrs[table.hash_key_attr])
    range_attr = table.range_key_attr
    range_value = DynamoType(attrs[range_attr]) if range_attr and range_attr in attrs else None
    return hash_value, range_value


class _Backup:
    """What moto's transaction keeps instead of a deepcopy of each table; `restore` puts it back.

    Only the partitions the transaction names are kept (a shallow copy of each), plus a deep copy of each item it
    names: Puts and Deletes replace or remove whole items (restored by the shallow copy), Updates mutate the named
    item in place (restored by its deep copy). Every other partition is untouched by the transaction.
    """

    def __init__(self, table: Any, ops: list[dict[str, Any]]) -> None:
        self.table = table
        #: hash key → the partition as it was (a dict of range key → item, or the item), or None if absent
        self.partitions: dict[DynamoType, Any] = {}
        self.items: list[tuple[DynamoType, DynamoType | None, Any]] = []
        for op in ops:
            key = _touched(table, op)
            if key is None:
                continue
            h, r = key
            part = table.items.get(h)  # .get: items is a defaultdict, and a backup must not create a partition
            if h not in self.partitions:
                self.partitions[h] = dict(part) if isinstance(part, dict) else part
            current = part.get(r) if isinstance(part, dict) and r is not None else part
            self.items.append((h, r, copy.deepcopy(current)))

    def restore(self) -> None:
        for h, part in self.partitions.items():
            if part is None:
                self.table.items.pop(h, None)
            else:
                self.table.items[h] = dict(part) if isinstance(part, dict) else part
        for h, r, item in self.items:
            if r is None:
                if item is None:
                    self.table.items.pop(h, None)
                else:
                    self.table.items[h] = item
            elif item is None:
                if h in self.table.items:
                    self.table.items[h].pop(r, None)
            else:
                self.table.items[h][r] = item


#: operations whose answers are plain typed-attribute JSON (no timestamps, no nested shapes with renames)
_FAST_OPERATIONS = frozenset({"GetItem", "BatchGetItem", "Query", "Scan", "PutItem", "UpdateItem", "DeleteItem",
                              "BatchWriteItem", "TransactWriteItems", "TransactGetItems"})


def _wire_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, set):
        return sorted(value)
    raise TypeError(f"not serialisable: {type(value).__name__}")


def _drop_none(value: Any) -> Any:
    # moto's serializer leaves out members that are None; so does this
    if isinstance(value, dict):
        return {k: _drop_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_drop_none(v) for v in value]
    return value


def _fast_dynamodb_results() -> Callable[[], None]:
    from moto.dynamodb.responses import DynamoResult

    original = DynamoResult.execute_result

    def execute_result(self: Any, context: Any) -> Any:
        if context.operation_model.name not in _FAST_OPERATIONS:
            return original(self, context)
        body = json.dumps(_drop_none(self.result), default=_wire_default, separators=(",", ":"))
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, body

    DynamoResult.execute_result = execute_result  # type: ignore[method-assign]

    def undo() -> None:
        DynamoResult.execute_result = original  # type: ignore[method-assign]

    return undo


def _serialise_calls() -> Callable[[], None]:
    from moto.core.models import botocore_stubber

    original = botocore_stubber.process_request

    def one_at_a_time(request: Any) -> Any:
        # DynamoDB only: an SQS ReceiveMessage long-polls inside moto, and holding the lock for it would stall
        # every other call for up to a second.
        target = request.headers.get("X-Amz-Target") or b""
        if (target if isinstance(target, bytes) else target.encode()).startswith(b"DynamoDB"):
            with moto_lock:
                return original(request)
        return original(request)

    botocore_stubber.process_request = one_at_a_time  # type: ignore[method-assign]

    def undo() -> None:
        botocore_stubber.process_request = original  # type: ignore[method-assign]

    return undo


#: id(table) → index hash attribute → hash value → keys (hash, range) of items that had that value
_gsi_keys: dict[int, dict[str, dict[Any, set[tuple[Any, Any]]]]] = {}


def _gsi_hash_attrs(table: Any) -> list[str]:
    return [k["AttributeName"] for idx in table.global_indexes for k in idx.schema if k["KeyType"] == "HASH"]


def _index_of(table: Any) -> dict[str, dict[Any, set[tuple[Any, Any]]]]:
    index = _gsi_keys.get(id(table))
    if index is None:  # first use: every item the table already holds
        index = _gsi_keys[id(table)] = {attr: {} for attr in _gsi_hash_attrs(table)}
        for item in _original_all_items(table):
            _note(table, item, index)
    return index


def _note(table: Any, item: Any, index: dict[str, dict[Any, set[tuple[Any, Any]]]] | None = None) -> None:
    index = index if index is not None else _index_of(table)
    for attr, buckets in index.items():
        value = item.attrs.get(attr)
        if value is not None:
            buckets.setdefault(value, set()).add((item.hash_key, item.range_key))


def _gsi_candidates(table: Any, index_name: str, conditions: list[tuple[str, Any]] | None) -> list[Any] | None:
    """The items that may match an index query, or None to let moto scan (a shape this does not know)."""
    hash_attrs = [k["AttributeName"] for idx in table.global_indexes if idx.name == index_name
                  for k in idx.schema if k["KeyType"] == "HASH"]
    if len(hash_attrs) != 1 or not conditions:
        return None
    wanted = [value for attr, value in conditions if attr == hash_attrs[0]]
    if len(wanted) != 1:
        return None
    found = []
    for h, r in _index_of(table).get(hash_attrs[0], {}).get(wanted[0], ()):
        part = table.items.get(h)
        item = part.get(r) if isinstance(part, dict) else part
        if item is not None:
            found.append(item)
    return found


#: moto's own all_items, taken when this module is imported (before any patch)
_original_all_items: Callable[[Any], Any] = Table.all_items


def _partition_queries() -> Callable[[], None]:
    original_query, original_all_items = Table.query, Table.all_items
    original_put, original_update = Table.put_item, ddb.DynamoDBBackend.update_item
    _gsi_keys.clear()

    def query(self: Any, hash_key: Any, *args: Any, **kwargs: Any) -> Any:
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        if index_name is None:
            _partition.items = _partition_items(self, hash_key) if hash_key is not None else None
        else:
            _partition.items = _gsi_candidates(self, index_name, kwargs.get("hash_key_conditions"))
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            _partition.items = None

    def all_items(self: Any) -> Any:
        items = getattr(_partition, "items", None)
        return original_all_items(self) if items is None else items

    def put_item(self: Any, *args: Any, **kwargs: Any) -> Any:
        item = original_put(self, *args, **kwargs)
        _note(self, item)
        return item

    def update_item(self: Any, table_name: str, *args: Any, **kwargs: Any) -> Any:
        item = original_update(self, table_name, *args, **kwargs)
        _note(self.get_table(table_name), item)
        return item

    Table.query, Table.all_items, Table.put_item = query, all_items, put_item  # type: ignore[method-assign]
    ddb.DynamoDBBackend.update_item = update_item  # type: ignore[method-assign]

    def undo() -> None:
        Table.query, Table.all_items = original_query, original_all_items  # type: ignore[method-assign]
        Table.put_item, ddb.DynamoDBBackend.update_item = original_put, original_update  # type: ignore[method-assign]
        _gsi_keys.clear()

    return undo


def _partition_items(table: Any, key: Any) -> list[Any]:
    part = table.items.get(key)  # .get: items is a defaultdict, and a read must not create a partition
    if part is None:
        return []
    if not table.range_key_attr:
        return [part]
    items = list(part.values())
    # Handed over in key order (moto then sorts with DynamoType's slow comparisons; a sorted list costs it one
    # pass). Only string keys: DynamoDB orders them by UTF-8 bytes, which is Python's code point order.
    if all(item.range_key is not None and item.range_key.type == "S" for item in items):
        items.sort(key=lambda item: item.range_key.value)
    return items


def _request_id(headerdict: dict[str, Any] | None = None) -> str:
    req_id = base64.b32encode(os.urandom(35)).decode("ascii")[:52]  # moto's alphabet is [A-Z0-9]; this is A-Z2-7
    if isinstance(headerdict, dict):
        headerdict["x-amzn-requestid"] = req_id
    return req_id


def _cheaper_calls() -> Callable[[], None]:
    import importlib

    # moto's modules re-export these without declaring it (mypy refuses the names): patched by name
    core: Any = importlib.import_module("moto.core.responses")
    UpdateExpressionParser: Any = importlib.import_module("moto.dynamodb.parsing.expressions").UpdateExpressionParser
    from moto.dynamodb.comparisons import ConditionExpressionParser

    sqs: Any = importlib.import_module("moto.sqs.models")
    method_names, request_id = core.method_names_from_class, core.gen_amzn_requestid_long
    snake_case, make = core.camelcase_to_underscores, UpdateExpressionParser.__dict__["make"]
    core.method_names_from_class = functools.lru_cache(maxsize=None)(method_names)
    core.gen_amzn_requestid_long = _request_id
    # A pure function of a name, computed per request (the action) and ~20 times per SQS call (queue attributes)
    core.camelcase_to_underscores = sqs.camelcase_to_underscores = functools.lru_cache(maxsize=1024)(snake_case)
    cached_make: Any = functools.lru_cache(maxsize=512)(make.__func__)
    UpdateExpressionParser.make = classmethod(cached_make)

    parse_condition = ConditionExpressionParser.parse
    conditions: dict[str, tuple[Any, list[str], list[str]]] = {}

    def parse(self: Any) -> Any:
        try:
            key = json.dumps([self.condition_expression, self.expression_attribute_names,
                              self.expression_attribute_values], sort_keys=True)
        except (TypeError, ValueError):  # a binary value: parse as moto does
            return parse_condition(self)
        hit = conditions.get(key)
        if hit is None:
            op = parse_condition(self)  # an invalid expression raises here and is never cached
            if len(conditions) >= 4096:
                conditions.clear()
            conditions[key] = (op, list(self.expr_attr_names_found), list(self.expr_attr_values_found))
            return op
        op, names, values = hit
        self.expr_attr_names_found.extend(names)  # what moto's callers check for unused names and values
        self.expr_attr_values_found.extend(values)
        return op

    ConditionExpressionParser.parse = parse  # type: ignore[method-assign]

    def undo() -> None:
        core.method_names_from_class, core.gen_amzn_requestid_long = method_names, request_id
        core.camelcase_to_underscores = sqs.camelcase_to_underscores = snake_case
        UpdateExpressionParser.make = make
        ConditionExpressionParser.parse = parse_condition  # type: ignore[method-assign]

    return undo


def apply() -> Callable[[], None]:
    """Patch moto (the fixes above); answers a function that undoes them."""
    undo_cheaper = _cheaper_calls()
    undo_calls = _serialise_calls()
    undo_queries = _partition_queries()
    undo_results = _fast_dynamodb_results()
    original = ddb.DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        with _lock:
            by_table: dict[str, list[dict[str, Any]]] = {}
            for entry in transact_items:
                _, op = next(iter(entry.items()))
                if op.get("TableName") in self.tables:
                    by_table.setdefault(op["TableName"], []).append(op)
            backups = [_Backup(self.tables[name], ops) for name, ops in by_table.items()]
            real_deepcopy = copy.deepcopy
            # moto's whole-table backups become shallow copies (sharing the items): ours restores on failure.
            # (moto's module holds the `copy` module itself, so the swap is made on that module, under the lock.)
            setattr(copy, "deepcopy",  # noqa: B010
                    lambda obj, *a: copy.copy(obj) if isinstance(obj, Table) else real_deepcopy(obj, *a))
            try:
                return original(self, transact_items)
            except Exception:
                for backup in backups:
                    backup.restore()
                raise
            finally:
                setattr(copy, "deepcopy", real_deepcopy)  # noqa: B010

    ddb.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]

    def undo() -> None:
        ddb.DynamoDBBackend.transact_write_items = original  # type: ignore[method-assign]
        undo_results()
        undo_queries()
        undo_calls()
        undo_cheaper()

    return undo
