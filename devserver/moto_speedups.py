"""A fix to moto's DynamoDB transactions for the local stack (never used by tests, never packaged).

moto 5.2.5 backs up the WHOLE table with copy.deepcopy once per operation of every TransactWriteItems, to roll back
on failure: a transaction costs O(table size) in moto, where DynamoDB's cost is O(items). In `make dev` that makes
every save, execution and invitation slower as the workspace grows (a 3,000-item table: ~160 ms per save).

This backs up only what a transaction can change: for each table, a shallow copy of its partition map, with a deep
copy of each item the transaction names. Puts and Deletes replace or remove whole items (restored by the shallow
copy), Updates mutate the named item (restored by its deep copy), so a rollback restores exactly what was there.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable
from typing import Any

import moto.dynamodb.models as ddb
from moto.dynamodb.models.dynamo_type import DynamoType
from moto.dynamodb.models.table import Table

_lock = threading.Lock()  # moto's DynamoDB is not thread-safe around transactions, and we swap copy.deepcopy


def _touched(table: Any, op: dict[str, Any]) -> tuple[DynamoType, DynamoType | None] | None:
    attrs = op.get("Key") or op.get("Item") or {}
    if table.hash_key_attr not in attrs:
        return None
    hash_value = DynamoType(attrs[table.hash_key_attr])
    range_attr = table.range_key_attr
    range_value = DynamoType(attrs[range_attr]) if range_attr and range_attr in attrs else None
    return hash_value, range_value


class _Backup:
    """What moto's transaction keeps instead of a deepcopy of each table; `restore` puts it back."""

    def __init__(self, table: Any, ops: list[dict[str, Any]]) -> None:
        self.table = table
        self.partitions = {h: (dict(p) if isinstance(p, dict) else p) for h, p in table.items.items()}
        self.items: list[tuple[DynamoType, DynamoType | None, Any]] = []
        for op in ops:
            key = _touched(table, op)
            if key is None:
                continue
            h, r = key
            part = table.items.get(h)
            current = part.get(r) if isinstance(part, dict) and r is not None else part
            self.items.append((h, r, copy.deepcopy(current)))

    def restore(self) -> None:
        self.table.items.clear()
        for h, part in self.partitions.items():
            self.table.items[h] = part
        for h, r, item in self.items:
            if r is None:
                if item is None:
                    self.table.items.pop(h, None)
                else:
                    self.table.items[h] = item
            elif item is None:
                self.table.items[h].pop(r, None)
            else:
                self.table.items[h][r] = item


def apply() -> Callable[[], None]:
    """Patch moto's TransactWriteItems; answers a function that undoes it."""
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

    return undo
