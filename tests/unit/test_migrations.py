"""Stored documents: every version upgrades to the latest, one step at a time, and future versions are refused."""

from __future__ import annotations

import pytest

from chalicelib.schema import migrate
from chalicelib.schema.documents import RequestDoc


def test_every_kind_upgrades_from_every_version_to_current() -> None:
    for kind, current in migrate.CURRENT.items():
        for version in range(1, current):
            assert (kind, version) in migrate.STEPS, f"{kind} v{version} has no up()"


def test_request_v1_timeout_in_seconds_becomes_milliseconds() -> None:
    v1 = {"v": 1, "id": "req_x", "settings": {"timeout": 2.5, "verify_tls": False}, "name": "n"}
    doc = migrate.upgrade("request", dict(v1))
    assert doc["v"] == 2 and doc["settings"] == {"timeout_ms": 2500, "verify_tls": False}
    snap = migrate.upgrade("snapshot", {"v": 1, "doc": {"settings": {"timeout": 1}}})
    assert snap["doc"]["settings"]["timeout_ms"] == 1000
    # What an upgraded v1 document holds is a valid current request.
    RequestDoc.model_validate({"name": "n", "settings": doc["settings"]})


def test_steps_chain_in_order() -> None:
    steps = {("thing", 1): lambda d: {**d, "a": 1}, ("thing", 2): lambda d: {**d, "b": d["a"] + 1}}
    out = migrate.upgrade("thing", {"v": 1}, steps=steps, current={"thing": 3})
    assert out == {"v": 3, "a": 1, "b": 2}


def test_a_newer_version_than_the_code_knows_is_refused() -> None:
    with pytest.raises(migrate.UnknownVersion):
        migrate.upgrade("request", {"v": 99})


def test_stamp_writes_the_current_version() -> None:
    assert migrate.stamp("request", {})["v"] == migrate.CURRENT["request"]
