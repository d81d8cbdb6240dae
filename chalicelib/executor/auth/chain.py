"""Reading stored auth: which level of the tree it comes from, and its attribute list as a dict."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def resolve_inherited(chain: Sequence[Mapping[str, Any] | None]) -> tuple[dict[str, Any], int | None]:
    """The auth that applies to a request, and the index in `chain` it was found at.

    `chain` is [request auth, innermost folder auth, ..., collection auth]. `inherit` (or no auth at all) defers to
    the next level, `noauth` stops the search, the first concrete type wins. The index lets the UI say "inherited
    from folder X"; it is None when no level sets anything (the answer is then `noauth`). The auth returned is a
    copy, so applying it cannot change the stored document.
    """
    for index, auth in enumerate(chain):
        if not auth or (auth.get("type") or "inherit") == "inherit":
            continue
        found = dict(auth)
        found["attributes"] = [dict(a) if isinstance(a, Mapping) else a for a in auth.get("attributes") or []]
        return found, index
    return {"type": "noauth", "attributes": []}, None


def attributes(auth: Mapping[str, Any] | None) -> dict[str, Any]:
    """`[{"key": "username", "value": "ada"}, ...]` as `{"username": "ada", ...}`.

    Reads our stored shape (`attributes`) and also Postman's own (`{"type": "basic", "basic": [...]}`, or the v2.0
    object form `{"basic": {"username": ...}}`) so an imported document can be applied before it is normalised.
    A repeated key keeps its last value, as Postman's property lists do.
    """
    if not auth:
        return {}
    rows = auth.get("attributes")
    if rows is None:
        rows = auth.get(str(auth.get("type")))
    if isinstance(rows, Mapping):
        return dict(rows)
    out: dict[str, Any] = {}
    for row in rows or []:
        if isinstance(row, Mapping) and isinstance(row.get("key"), str) and row["key"]:
            out[row["key"]] = row.get("value")
    return out
