"""Collections, folders and requests through the HTTP API: nesting, moves, order, deep copies, recursive deletes,
the full request document, optimistic concurrency and snapshots."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Api

FULL_REQUEST: dict[str, Any] = {
    "name": "Create order",
    "method": "PROPFIND",
    "url": "https://{{host}}/orders/:orderId?expand=items&expand=customer&debug",
    "params": [{"key": "expand", "value": "items"}, {"key": "expand", "value": "customer"},
               {"key": "debug", "value": "", "enabled": False, "description": "off for now"}],
    "path_variables": [{"key": "orderId", "value": "{{orderId}}"}],
    "headers": [{"key": "X-Trace", "value": "1"}, {"key": "X-Trace", "value": "2"},
                {"key": "Cookie", "value": "a=b", "enabled": False}],
    "body": {"mode": "graphql", "graphql": {"query": "query Q($id: ID!) { order(id: $id) { id } }",
                                            "variables": "{\"id\": \"{{orderId}}\"}", "operation_name": "Q"}},
    "auth": {"type": "oauth2", "attributes": [{"key": "grant_type", "value": "client_credentials",
                                               "type": "string"},
                                              {"key": "scopes", "value": ["a", "b"], "type": "any"}]},
    "settings": {"follow_redirects": False, "max_redirects": 3, "timeout_ms": 2500, "verify_tls": False,
                 "http2": True},
    "description": "# Orders\nMarkdown ✓ unicode",
}


@pytest.fixture
def ws(alice: Api) -> str:
    return str(alice.ok("POST", "/workspaces", {"name": "Tree"})["id"])


def _folder(api: Api, ws: str, name: str, parent: str | None = None, **extra: Any) -> str:
    body = {"name": name, **extra}
    if parent:
        body["parent_id"] = parent
    return str(api.ok("POST", f"/workspaces/{ws}/folders", body)["id"])


def _request(api: Api, ws: str, parent: str, name: str = "R", **extra: Any) -> dict[str, Any]:
    return dict(api.ok("POST", f"/workspaces/{ws}/requests", {"parent_id": parent, "name": name, **extra}))


def _names(items: list[dict[str, Any]]) -> list[str]:
    return [i["name"] for i in items]


def _find(items: list[dict[str, Any]], nid: str) -> dict[str, Any] | None:
    for item in items:
        if item["id"] == nid:
            return item
        found = _find(item.get("children", []), nid)
        if found:
            return found
    return None


def test_full_request_document_round_trips_exactly(alice: Api, ws: str) -> None:
    col = _folder(alice, ws, "API")
    created = alice.ok("POST", f"/workspaces/{ws}/requests", {"parent_id": col, **FULL_REQUEST})
    got = alice.ok("GET", f"/workspaces/{ws}/requests/{created['id']}")
    for key, value in FULL_REQUEST.items():
        if key in ("params", "headers", "path_variables"):
            assert [{k: r[k] for k in ("key", "value", "enabled")} for r in got[key]] == \
                   [{"enabled": True, **{k: r[k] for k in r if k != "description"}} for r in value]
        elif key == "body":
            assert got["body"]["mode"] == "graphql" and got["body"]["graphql"] == {**value["graphql"]}
        else:
            assert got[key] == value, key
    assert got["version"] == 1 and got["parent_id"] == col


@pytest.mark.parametrize("mode,extra", [
    ("none", {}), ("json", {"raw": "{\"a\": {{n}}}"}), ("text", {"raw": "hi"}), ("xml", {"raw": "<a/>"}),
    ("urlencoded", {"urlencoded": [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}]}),
    ("formdata", {"formdata": [{"key": "f", "type": "file", "file_ref": "blob_1", "filename": "a.png"},
                               {"key": "t", "value": "x"}]}),
    ("binary", {"binary": {"file_ref": "blob_2", "filename": "a.bin", "content_type": "application/x"}}),
])
def test_every_body_mode_is_stored(alice: Api, ws: str, mode: str, extra: dict[str, Any]) -> None:
    col = _folder(alice, ws, "Bodies")
    req = _request(alice, ws, col, body={"mode": mode, **extra})
    body = alice.ok("GET", f"/workspaces/{ws}/requests/{req['id']}")["body"]
    assert body["mode"] == mode
    for key, value in extra.items():
        got = body[key]
        if isinstance(value, list):
            assert [{k: g[k] for k in v} for g, v in zip(got, value, strict=True)] == value
        elif isinstance(value, dict):
            assert {k: got[k] for k in value} == value
        else:
            assert got == value


@pytest.mark.parametrize("bad,field", [
    ({"method": "GE T"}, "method"), ({"method": ""}, "method"), ({"name": "   "}, "name"),
    ({"body": {"mode": "yaml"}}, "body.mode"), ({"auth": {"type": "kerberos"}}, "auth.type"),
    ({"settings": {"max_redirects": 999}}, "settings.max_redirects"), ({"headers": [{"key": 1}]}, "headers.0.key"),
    ({"surprise": True}, "surprise"),
])
def test_invalid_requests_get_field_details(alice: Api, ws: str, bad: dict[str, Any], field: str) -> None:
    col = _folder(alice, ws, "C")
    status, err = alice.call("POST", f"/workspaces/{ws}/requests", {"parent_id": col, "name": "x", **bad})
    assert status == 400 and err["error"]["code"] == "VALIDATION_ERROR"
    assert field in [f["field"] for f in err["error"]["details"]["fields"]]


def test_every_postman_auth_type_is_stored(alice: Api, ws: str) -> None:
    col = _folder(alice, ws, "Auth")
    for kind in ["inherit", "noauth", "basic", "bearer", "apikey", "digest", "oauth1", "oauth2", "hawk", "awsv4",
                 "ntlm", "akamai", "edgegrid", "jwt", "asap"]:
        auth = {"type": kind, "attributes": [{"key": "k", "value": "v", "type": "string"}]}
        req = _request(alice, ws, col, auth=auth)
        assert alice.ok("GET", f"/workspaces/{ws}/requests/{req['id']}")["auth"] == auth


def test_nested_tree_and_inheritable_folder_settings(alice: Api, ws: str) -> None:
    col = _folder(alice, ws, "Col", auth={"type": "bearer", "attributes": [{"key": "token", "value": "{{t}}"}]},
                  headers=[{"key": "X-A", "value": "1"}], variables=[{"key": "base", "value": "https://x"}],
                  description="About")
    parent = col
    chain = []
    for depth in range(8):  # any depth
        parent = _folder(alice, ws, f"L{depth}", parent)
        chain.append(parent)
    req = _request(alice, ws, parent, "Deep", method="DELETE", url="{{base}}/x")
    tree = alice.ok("GET", f"/workspaces/{ws}/tree")
    node = _find(tree["items"], req["id"])
    assert node == {"id": req["id"], "kind": "request", "name": "Deep", "parent_id": parent, "method": "DELETE",
                    "url": "{{base}}/x"}
    assert tree["items"][0]["kind"] == "collection" and tree["items"][0]["auth_type"] == "bearer"
    folder = alice.ok("GET", f"/workspaces/{ws}/folders/{col}")
    assert folder["headers"][0]["key"] == "X-A" and folder["variables"][0]["value"] == "https://x"
    patched = alice.ok("PATCH", f"/workspaces/{ws}/folders/{chain[0]}", {"name": "Renamed"})
    assert patched["name"] == "Renamed" and patched["kind"] == "folder"


def test_move_refuses_cycles_and_reorders_stably(alice: Api, ws: str) -> None:
    a = _folder(alice, ws, "A")
    b = _folder(alice, ws, "B", a)
    c = _folder(alice, ws, "C", b)
    for target in (a, b, c):
        status, err = alice.call("POST", f"/workspaces/{ws}/folders/{a}/move", {"parent_id": target})
        assert status == 409 and err["error"]["code"] == "MOVE_CYCLE"
    # `index` counts every sibling (folders and requests share one order, as in Postman's item lists).
    d = _folder(alice, ws, "D", a)
    reqs = [_request(alice, ws, d, f"r{i}")["id"] for i in range(4)]
    kids = lambda: _names(_find(alice.ok("GET", f"/workspaces/{ws}/tree")["items"], d)["children"])  # noqa: E731
    assert kids() == ["r0", "r1", "r2", "r3"]
    alice.ok("POST", f"/workspaces/{ws}/requests/{reqs[3]}/move", {"parent_id": d, "index": 0})
    assert kids() == ["r3", "r0", "r1", "r2"]
    alice.ok("POST", f"/workspaces/{ws}/requests/{reqs[3]}/move", {"parent_id": d, "index": 2})
    assert kids() == ["r0", "r1", "r3", "r2"]
    # Many moves into the same gap: positions run out of float precision and get renumbered, order still holds.
    for _ in range(60):
        alice.ok("POST", f"/workspaces/{ws}/requests/{reqs[2]}/move", {"parent_id": d, "index": 1})
        alice.ok("POST", f"/workspaces/{ws}/requests/{reqs[1]}/move", {"parent_id": d, "index": 1})
    assert kids() == ["r0", "r1", "r2", "r3"]
    # Move a folder out to the top level: it becomes a collection; a request cannot go to the top level.
    moved = alice.ok("POST", f"/workspaces/{ws}/folders/{c}/move", {"parent_id": None})
    assert moved["kind"] == "collection"
    status, _ = alice.call("POST", f"/workspaces/{ws}/requests/{reqs[0]}/move", {"parent_id": None})
    assert status == 400
    status, _ = alice.call("POST", f"/workspaces/{ws}/requests/{reqs[0]}/move", {"parent_id": reqs[1]})
    assert status == 400


def test_duplicate_deeply_and_delete_recursively(alice: Api, ws: str) -> None:
    top = _folder(alice, ws, "Top")
    inner = _folder(alice, ws, "Inner", top)
    _request(alice, ws, top, "a", headers=[{"key": "X", "value": "1"}, {"key": "X", "value": "2"}])
    _request(alice, ws, inner, "b", body={"mode": "json", "raw": "{}"})
    copy = alice.ok("POST", f"/workspaces/{ws}/folders/{top}/duplicate")
    assert copy["copied"] == 4
    tree = alice.ok("GET", f"/workspaces/{ws}/tree")
    assert _names(tree["items"]) == ["Top", "Top (copy)"]
    dup = _find(tree["items"], copy["id"])
    assert dup is not None and _names(dup["children"]) == ["Inner", "a"]
    dup_a = next(c for c in dup["children"] if c["name"] == "a")
    doc = alice.ok("GET", f"/workspaces/{ws}/requests/{dup_a['id']}")
    assert [h["value"] for h in doc["headers"]] == ["1", "2"]
    # Editing the copy leaves the original alone.
    alice.ok("PUT", f"/workspaces/{ws}/requests/{dup_a['id']}", {**doc, "name": "changed", "version": 1})
    original = _find(alice.ok("GET", f"/workspaces/{ws}/tree")["items"], top)
    assert original is not None and _names(original["children"]) == ["Inner", "a"]
    deleted = alice.ok("DELETE", f"/workspaces/{ws}/folders/{top}")
    assert deleted["deleted"] == 4
    tree = alice.ok("GET", f"/workspaces/{ws}/tree")
    assert _names(tree["items"]) == ["Top (copy)"] and tree["counts"]["requests"] == 2


def test_duplicate_request_lands_next_to_it(alice: Api, ws: str) -> None:
    col = _folder(alice, ws, "C")
    first = _request(alice, ws, col, "one")
    _request(alice, ws, col, "two")
    dup = alice.ok("POST", f"/workspaces/{ws}/requests/{first['id']}/duplicate")
    assert dup["name"] == "one (copy)"
    assert _names(_find(alice.ok("GET", f"/workspaces/{ws}/tree")["items"], col)["children"]) == \
        ["one", "one (copy)", "two"]


def test_stale_save_answers_409_with_the_current_version(alice: Api, ws: str) -> None:
    col = _folder(alice, ws, "C")
    req = _request(alice, ws, col, "v1", url="https://a")
    doc = {k: v for k, v in req.items() if k in FULL_REQUEST}
    saved = alice.ok("PUT", f"/workspaces/{ws}/requests/{req['id']}", {**doc, "name": "v2", "version": 1})
    assert saved["version"] == 2
    status, err = alice.call("PUT", f"/workspaces/{ws}/requests/{req['id']}", {**doc, "name": "v2b",
                                                                               "version": 1})
    assert status == 409 and err["error"]["code"] == "VERSION_CONFLICT"
    assert err["error"]["details"]["current"]["name"] == "v2"
    assert err["error"]["details"]["current"]["version"] == 2
    # Nothing was lost: the stored request is still v2.
    assert alice.ok("GET", f"/workspaces/{ws}/requests/{req['id']}")["name"] == "v2"


def test_every_save_keeps_a_snapshot_that_can_be_viewed_and_restored(alice: Api, ws: str) -> None:
    col = _folder(alice, ws, "C")
    req = _request(alice, ws, col, "first", url="https://one")
    doc = {k: v for k, v in req.items() if k in FULL_REQUEST}
    version = 1
    for i in range(3):
        version = alice.ok("PUT", f"/workspaces/{ws}/requests/{req['id']}",
                           {**doc, "name": f"save {i}", "url": f"https://s{i}", "version": version})["version"]
    snaps = alice.ok("GET", f"/workspaces/{ws}/requests/{req['id']}/snapshots")["items"]
    assert [s["version"] for s in snaps] == [4, 3, 2, 1] and snaps[-1]["name"] == "first"
    page = alice.ok("GET", f"/workspaces/{ws}/requests/{req['id']}/snapshots?limit=2")
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = alice.ok("GET", f"/workspaces/{ws}/requests/{req['id']}/snapshots?limit=2&cursor={page['next_cursor']}")
    assert [s["version"] for s in rest["items"]] == [2, 1]
    one = alice.ok("GET", f"/workspaces/{ws}/requests/{req['id']}/snapshots/1")
    assert one["request"]["url"] == "https://one"
    restored = alice.ok("POST", f"/workspaces/{ws}/requests/{req['id']}/snapshots/1/restore", {"version": 4})
    assert restored["version"] == 5 and restored["name"] == "first" and restored["url"] == "https://one"
    status, _ = alice.call("POST", f"/workspaces/{ws}/requests/{req['id']}/snapshots/1/restore", {"version": 4})
    assert status == 409
    assert alice.call("GET", f"/workspaces/{ws}/requests/{req['id']}/snapshots/99")[0] == 404
    assert alice.call("GET", f"/workspaces/{ws}/requests/{req['id']}/snapshots/abc")[0] == 404


def test_delete_request_removes_it_and_its_snapshots(alice: Api, ws: str) -> None:
    col = _folder(alice, ws, "C")
    req = _request(alice, ws, col)
    assert alice.call("DELETE", f"/workspaces/{ws}/requests/{req['id']}")[0] == 204
    assert alice.call("GET", f"/workspaces/{ws}/requests/{req['id']}")[0] == 404
    assert alice.call("GET", f"/workspaces/{ws}/requests/{req['id']}/snapshots")[0] == 404
    from chalicelib.storage import table

    assert list(table.query_all(f"WS#{ws}", prefix=f"SNAP#{req['id']}#")) == []


def test_parent_must_be_a_folder_of_this_workspace(alice: Api, bob: Api, ws: str) -> None:
    col = _folder(alice, ws, "C")
    req = _request(alice, ws, col)
    bob_ws = bob.ok("POST", "/workspaces", {"name": "Bob's"})["id"]
    for parent in (req["id"], "fld_doesnotexist00000", col):
        status, err = bob.call("POST", f"/workspaces/{bob_ws}/requests", {"parent_id": parent, "name": "x"})
        assert status == 400 and err["error"]["details"] == {"parent_id": "no such folder"}
