"""What repositories and services exchange with the table: plain records and transaction operations.

Pure (no pynamodb, no boto3), so services and their tests can build them without AWS.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from chalicelib.errors import Conflict


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


@dataclass
class Record:
    """A stored item as the repositories see it: keys plus the decoded document."""

    pk: str
    sk: str
    kind: str
    data: dict[str, Any] = field(default_factory=dict)
    ver: int | None = None
    gsi1pk: str | None = None
    gsi1sk: str | None = None
    ttl: int | None = None


@dataclass
class Put:
    rec: Record
    must_not_exist: bool = False
    #: the version the stored item must have (optimistic concurrency); None = no check
    expect_ver: int | None = None


@dataclass
class Delete:
    pk: str
    sk: str
    must_exist: bool = False


@dataclass
class Check:
    pk: str
    sk: str
    #: True: the item must exist; False: it must not
    exists: bool = True


@dataclass
class Count:
    """Add one to a counter item, only while it is below `limit` (a rate limit inside a transaction)."""

    pk: str
    sk: str
    limit: int
    ttl: int


Op = Put | Delete | Check | Count


class TransactionConflict(Conflict):
    """A condition of a transaction failed; `reasons` lines up with the ops (None where that op was fine)."""

    def __init__(self, reasons: list[str | None]) -> None:
        super().__init__("It changed while you were saving it.")
        self.reasons = reasons
