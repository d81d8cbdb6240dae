"""Bring any stored document up to its current schema version, one small `up()` per version.

Every stored document carries `v`. Reading applies the registered steps from its version to the current one, so
old items keep working without a data migration job; the next save writes the current version. Like
@hoppscotch/data: each version's step knows only its predecessor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Doc = dict[str, Any]
Step = Callable[[Doc], Doc]

#: kind → current version
CURRENT: dict[str, int] = {
    "user": 1,
    "session": 1,
    "refresh": 1,
    "apikey": 1,
    "workspace": 1,
    "member": 1,
    "invitation": 1,
    "node": 1,
    "request": 2,
    "snapshot": 2,
    "environment": 1,
    "execution": 1,
    "history": 1,
    "file": 1,
    "export": 1,
    "oauth_token": 1,
}


def _request_v1_to_v2(doc: Doc) -> Doc:
    # v1 stored the request timeout in seconds as `settings.timeout`; v2 keeps milliseconds in `timeout_ms`
    # (what the executor and Postman's exports use), so sub-second timeouts are expressible.
    out = dict(doc)
    settings = dict(out.get("settings") or {})
    if "timeout" in settings:
        settings["timeout_ms"] = int(float(settings.pop("timeout")) * 1000)
    out["settings"] = settings
    return out


#: (kind, from_version) → step to from_version + 1
STEPS: dict[tuple[str, int], Step] = {
    ("request", 1): _request_v1_to_v2,
    ("snapshot", 1): lambda d: {**d, "doc": _request_v1_to_v2(d.get("doc") or {})},
}


class UnknownVersion(ValueError):
    pass


def upgrade(kind: str, doc: Doc, steps: dict[tuple[str, int], Step] | None = None,
            current: dict[str, int] | None = None) -> Doc:
    steps = STEPS if steps is None else steps
    target = (CURRENT if current is None else current)[kind]
    version = int(doc.get("v", 1))
    if version > target:
        raise UnknownVersion(f"{kind} v{version} is newer than this code knows (v{target})")
    while version < target:
        doc = steps[(kind, version)](doc)
        version += 1
        doc["v"] = version
    return doc


def stamp(kind: str, doc: Doc) -> Doc:
    """Mark a document being written with its kind's current version."""
    doc["v"] = CURRENT[kind]
    return doc
