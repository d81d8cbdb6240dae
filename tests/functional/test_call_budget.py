"""DynamoDB calls per screen, counted through botocore's event hooks (a count, not a timing: it cannot flake).

The tree is one Query per MB of summaries plus the one BatchGetItem that authenticates the caller and reads their
membership, whatever the number of requests.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from chalicelib.storage import table
from tests.conftest import Api


@contextmanager
def counting() -> Iterator[Counter[str]]:
    calls: Counter[str] = Counter()

    def handler(model: Any, **_: Any) -> None:
        calls[model.name] += 1

    off = table.on_call(handler)
    try:
        yield calls
    finally:
        off()


def test_tree_of_300_requests_costs_two_calls(alice: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Big"})["id"]
    folders = [alice.ok("POST", f"/workspaces/{ws}/folders", {"name": f"F{i}"})["id"] for i in range(30)]
    # Seed directly through storage (300 API calls would only slow the suite; the read is what is measured).
    records = []
    for i in range(300):
        rid = f"req_{i:016d}"
        records.append(table.Record(f"WS#{ws}", f"NODE#{rid}", kind="node", data={
            "v": 1, "id": rid, "kind": "request", "parent": folders[i % 30], "pos": float(i), "name": f"r{i}",
            "method": "GET", "url": f"https://example.com/{i}?q={'x' * 80}"}))
    table.batch_put(records)
    with counting() as calls:
        tree = alice.ok("GET", f"/workspaces/{ws}/tree")
    assert tree["counts"] == {"collections": 30, "folders": 0, "requests": 300}
    assert calls == Counter({"BatchGetItem": 1, "Query": 1})


def test_authenticated_workspace_read_is_one_batch_get(alice: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "One"})["id"]
    with counting() as calls:
        alice.ok("GET", f"/workspaces/{ws}")
    assert calls == Counter({"BatchGetItem": 1, "GetItem": 1})
    with counting() as calls:
        alice.ok("GET", "/me")
    assert calls == Counter({"BatchGetItem": 1})


def test_save_is_one_read_and_one_transaction(alice: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Save"})["id"]
    col = alice.ok("POST", f"/workspaces/{ws}/folders", {"name": "C"})["id"]
    req = alice.ok("POST", f"/workspaces/{ws}/requests", {"parent_id": col, "name": "r"})
    with counting() as calls:
        alice.ok("PUT", f"/workspaces/{ws}/requests/{req['id']}", {**req, "name": "r2"})
    assert calls == Counter({"BatchGetItem": 2, "TransactWriteItems": 1})


def test_deleting_a_folder_costs_calls_per_hundred_requests_not_per_request(alice: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Del"})["id"]
    col = alice.ok("POST", f"/workspaces/{ws}/folders", {"name": "C"})["id"]
    for i in range(12):
        req = alice.ok("POST", f"/workspaces/{ws}/requests", {"parent_id": col, "name": f"r{i}"})
        alice.ok("PUT", f"/workspaces/{ws}/requests/{req['id']}", {**req, "name": "saved twice"})
    with counting() as calls:
        assert alice.ok("DELETE", f"/workspaces/{ws}/folders/{col}")["deleted"] == 13
    assert calls["Query"] == 1 and calls["BatchGetItem"] == 2
    assert list(table.query_all(f"WS#{ws}", prefix="SNAP#")) == []
    assert list(table.query_all(f"WS#{ws}", prefix="REQ#")) == []


def test_sending_an_unsaved_request_is_one_batch_get_and_one_transaction(alice: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Send"})["id"]
    with counting() as calls:
        alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": "http://127.0.0.1:9/"}}, expect=202)
    # authentication + membership, then the record, both rate limits and the workspace check together
    assert calls == Counter({"BatchGetItem": 1, "TransactWriteItems": 1})


def test_running_an_execution_costs_four_calls(alice: Api, chalice_client: Any) -> None:
    from tests.conftest import drain

    ws = alice.ok("POST", "/workspaces", {"name": "Run"})["id"]
    drain(chalice_client)  # what other tests left queued
    alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": "http://127.0.0.1:9/"}}, expect=202)
    with counting() as calls:
        drain(chalice_client)
    # read it with environment/globals/workspace (the message names them), claim it (one conditional put, not a
    # transaction), history + completion in one transaction, and the caller's WebSocket connections for the push
    assert calls == Counter({"PutItem": 1, "BatchGetItem": 1, "TransactWriteItems": 1, "Query": 1})


def test_a_message_without_the_hint_still_runs(alice: Api, chalice_client: Any) -> None:
    # Messages queued before the hint existed (or a hint that does not match) cost one GetItem more, no more.
    import json

    from chalicelib import deps
    from chalicelib.executions import runner
    from chalicelib.storage import keys
    from tests.conftest import drain

    ws = alice.ok("POST", "/workspaces", {"name": "Old message"})["id"]
    env = alice.ok("POST", f"/workspaces/{ws}/environments", {"name": "Env", "variables": []})["id"]
    drain(chalice_client)
    results = []
    for hint in (None, {"ws": ws, "environment_id": None}):  # none; and one that says no environment
        eid = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": "http://127.0.0.1:9/"},
                                                             "environment_id": env}, expect=202)["id"]
        with counting() as calls:
            outcome = runner.run(deps.store(), deps.keyring(), deps.blobs(), _NullNotifier(), eid,
                                 deps.transport_for, hint=hint)
        results.append((outcome, calls["GetItem"] + calls["BatchGetItem"]))
        stored = deps.store().get(*keys.execution(eid))
        assert stored is not None and stored.data["status"] == "completed", json.dumps(stored.data)[:300]
    assert results == [("completed", 2), ("completed", 2)]
    drain(chalice_client)  # the queued messages find the executions done: nothing runs twice


class _NullNotifier:
    def send(self, connection_id: str, payload: str) -> str:
        return "ok"
