"""Imports, exports and snippets through the HTTP API: an import lands whole or not at all, an export runs as a job
through the queue into S3 and downloads through its presigned URL, and a snippet comes back for a request."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx

from chalicelib.storage import table
from tests.conftest import Api, drain

#: shared/ lies beside the repository, on developer machines and in CI alike
CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"


def _postman_example() -> Path:
    path = CONFORMANCE / "postman-collection-v2.1" / "examples"
    assert path.is_dir(), f"conformance material missing at {path}"
    return sorted(path.glob("*.json"))[0]


def _download(alice: Api, ws: str, xid: str) -> Any:
    export = alice.ok("GET", f"/workspaces/{ws}/exports/{xid}")
    assert export["status"] == "completed", export
    got = httpx.get(export["download_url"])
    assert got.status_code == 200
    return json.loads(got.content)


def test_import_a_postman_collection_and_export_it_back(alice: Api, chalice_client: Any) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Interop"})["id"]
    source = _postman_example().read_text()
    imported = alice.ok("POST", f"/workspaces/{ws}/imports", {"content": source})
    assert imported["format"] == "postman" and len(imported["collections"]) == 1
    tree = alice.ok("GET", f"/workspaces/{ws}/tree")
    assert tree["counts"]["requests"] == imported["requests"] > 0
    col = imported["collections"][0]["id"]
    queued = alice.ok("POST", f"/workspaces/{ws}/exports", {"format": "postman", "collection_id": col}, expect=202)
    assert queued["status"] == "queued"
    drain(chalice_client)
    exported = _download(alice, ws, queued["id"])
    original = json.loads(source)
    assert exported["info"]["name"] == original["info"]["name"]
    assert len(json.dumps(exported)) > 0.5 * len(json.dumps(original))


def test_bad_imports_answer_400_and_write_nothing(alice: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Bad imports"})["id"]
    for content in ("{\"info\": {\"name\": \"x\", \"schema\": \"https://schema.getpostman.com/json/collection/v2.1.0/"
                    "collection.json\"}, \"item\": [{\"name\": \"r\", \"request\": {\"url\": 5}}]",
                    "openapi: 3.0.0\ninfo: !!python/object:os.system {}\n",
                    "not a thing we import at all"):
        status, err = alice.call("POST", f"/workspaces/{ws}/imports", {"content": content})
        assert status == 400 and err["error"]["code"] in ("IMPORT_FAILED", "BAD_REQUEST"), (content, err)
        assert err["error"]["message"]
    assert alice.ok("GET", f"/workspaces/{ws}/tree")["counts"] == {"collections": 0, "folders": 0, "requests": 0}
    status, err = alice.call("POST", f"/workspaces/{ws}/imports", {})
    assert status == 400


def test_curl_import_then_snippet_round_trip(alice: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Curl"})["id"]
    line = "curl -X PUT 'https://api.example.com/items?a=1&a=2' -H 'X-Dup: 1' -H 'X-Dup: 2' --data-raw '{\"k\":\"v\"}'"
    imported = alice.ok("POST", f"/workspaces/{ws}/imports", {"content": line})
    assert imported["format"] == "curl" and imported["requests"] == 1
    tree = alice.ok("GET", f"/workspaces/{ws}/tree")
    rid = tree["items"][0]["children"][0]["id"]
    req = alice.ok("GET", f"/workspaces/{ws}/requests/{rid}")
    assert req["method"] == "PUT" and [h["value"] for h in req["headers"] if h["key"] == "X-Dup"] == ["1", "2"]
    doc = {k: req[k] for k in ("method", "url", "params", "headers", "body", "auth", "settings")}
    snippet = alice.ok("POST", "/codegen", {"request": doc, "target": "curl", "workspace_id": ws})
    assert "curl" in snippet["code"] and "X-Dup: 1" in snippet["code"] and "X-Dup: 2" in snippet["code"]
    assert snippet["limitations"] == []
    # the line had no -L: the request does not follow redirects, nor does the snippet; with -k -L it would
    assert req["settings"]["follow_redirects"] is False and "--location" not in snippet["code"]
    settings = {**doc["settings"], "follow_redirects": True, "max_redirects": 5, "verify_tls": False}
    again = alice.ok("POST", "/codegen", {"request": {**doc, "settings": settings}, "target": "curl"})["code"]
    assert "--location --max-redirs 5" in again and "--insecure" in again
    back = alice.ok("POST", f"/workspaces/{ws}/imports", {"content": again.replace("\\\n", " ")})
    assert back["requests"] == 1
    requests_ = alice.ok("POST", "/codegen", {"request": doc, "target": "python-requests"})
    assert [lim["code"] for lim in requests_["limitations"]] == ["joins-duplicate-headers"]
    targets = alice.ok("GET", "/codegen/targets")["items"]
    assert len(targets) >= 23
    curl = next(t for t in targets if t["id"] == "curl")
    assert curl["label"] == "cURL" and curl["language"] == "bash" and curl["limitations"] == []
    wget = next(t for t in targets if t["id"] == "wget")
    assert any(lim["code"] == "keeps-last-duplicate" for lim in wget["limitations"])


def test_export_of_a_2000_request_workspace_through_s3(alice: Api, chalice_client: Any) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Big export"})["id"]
    folders = [alice.ok("POST", f"/workspaces/{ws}/folders", {"name": f"F{i}"})["id"] for i in range(20)]
    # Seed through storage (2,000 API calls would only slow the suite; the export is what is under test).
    records = []
    for i in range(2000):
        rid = f"req_{i:016d}"
        doc = {"name": f"r{i}", "method": "GET", "url": f"https://example.com/{i}", "params": [], "path_variables": [],
               "headers": [{"key": "X-I", "value": str(i), "enabled": True, "description": ""}],
               "body": {"mode": "none", "raw": "", "urlencoded": [], "formdata": [], "binary": None, "graphql": None},
               "auth": {"type": "inherit", "attributes": []},
               "settings": {"follow_redirects": True, "max_redirects": 10, "timeout_ms": 30000, "verify_tls": True,
                            "http2": False},
               "description": "", "events": [], "examples": [], "extras": {}}
        records.append(table.Record(f"WS#{ws}", f"NODE#{rid}", kind="node", data={
            "v": 1, "id": rid, "kind": "request", "parent": folders[i % 20], "pos": float(i), "name": f"r{i}",
            "method": "GET", "url": doc["url"]}))
        records.append(table.Record(f"WS#{ws}", f"REQ#{rid}", kind="request", ver=1, data={
            "v": 2, "id": rid, "doc": doc, "created_at": "2026-01-01T00:00:00Z", "created_by": alice.user["id"],
            "updated_at": "2026-01-01T00:00:00Z", "updated_by": alice.user["id"]}))
    table.batch_put(records)
    queued = alice.ok("POST", f"/workspaces/{ws}/exports", {"format": "workspace"}, expect=202)
    drain(chalice_client)
    backup = _download(alice, ws, queued["id"])
    assert len(backup["collections"]) == 20
    count = sum(len(c["item"]) for c in backup["collections"])
    assert count == 2000


def test_har_export_of_my_history(alice: Api, chalice_client: Any) -> None:
    from tests.echo_server import EchoServer

    ws = alice.ok("POST", "/workspaces", {"name": "HAR"})["id"]
    with EchoServer() as echo:
        import os

        from chalicelib import config, deps

        os.environ["PLAYGROUND_EGRESS_MODE"] = "local"
        config.reload()
        deps.reset()
        try:
            for path in ("/dup", "/echo?x=1"):
                alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {
                    "method": "POST", "url": echo.url + path, "body": {"mode": "text", "raw": "hi"}}}, expect=202)
            drain(chalice_client)
        finally:
            del os.environ["PLAYGROUND_EGRESS_MODE"]
            config.reload()
            deps.reset()
    queued = alice.ok("POST", f"/workspaces/{ws}/exports", {"format": "har"}, expect=202)
    drain(chalice_client)
    log = _download(alice, ws, queued["id"])["log"]
    assert log["version"] == "1.2" and len(log["entries"]) == 2
    first, second = log["entries"]
    assert first["request"]["url"].endswith("/dup") and first["request"]["postData"]["text"] == "hi"
    assert [h["value"] for h in first["response"]["headers"] if h["name"] == "X-Dup"] == ["one", "two"]
    assert second["request"]["queryString"] == [{"name": "x", "value": "1"}]
    assert second["response"]["status"] == 200 and json.loads(second["response"]["content"]["text"])["method"] == "POST"
    # It reads back through our own HAR importer.
    from chalicelib.interop.har import import_har

    assert len(import_har(json.dumps({"log": log}).encode()).collections[0].children) == 2


def test_a_curl_command_becomes_a_request_document_without_saving(alice: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Paste"})["id"]
    line = ("curl 'https://api.example.com/items?a=1&a=2' -X PATCH -H 'X-Dup: 1' -H 'X-Dup: 2' "
            "-H 'Content-Type: application/json' --data-raw '{\"k\":\"v\"}' -k -L")
    out = alice.ok("POST", "/convert/curl", {"command": line})
    doc = out["request"]
    assert doc["method"] == "PATCH" and doc["url"] == "https://api.example.com/items?a=1&a=2"
    assert [(h["key"], h["value"]) for h in doc["headers"]][:2] == [("X-Dup", "1"), ("X-Dup", "2")]
    assert doc["body"]["mode"] == "json" or doc["body"]["mode"] == "raw"
    assert doc["settings"]["verify_tls"] is False and doc["settings"]["follow_redirects"] is True
    assert out["requests"] == 1
    assert alice.ok("GET", f"/workspaces/{ws}/tree")["counts"]["requests"] == 0  # nothing was written
    status, err = alice.call("POST", "/convert/curl", {"command": "curl 'unterminated"})
    assert status == 400 and err["error"]["code"] == "IMPORT_FAILED" and err["error"]["details"]["location"]
    status, err = alice.call("POST", "/convert/curl", {"command": ""})
    assert status == 400


def test_an_insomnia_v5_file_imports_through_the_api(alice: Api) -> None:
    from tests.unit.test_insomnia_v5 import SHOP_V5

    ws = alice.ok("POST", "/workspaces", {"name": "From Insomnia"})["id"]
    imported = alice.ok("POST", f"/workspaces/{ws}/imports", {"content": SHOP_V5}, expect=201)
    assert imported["format"] == "insomnia" and imported["requests"] == 7
    tree = alice.ok("GET", f"/workspaces/{ws}/tree")
    assert tree["counts"] == {"collections": 1, "folders": 3, "requests": 7}
    names = sorted(e["name"] for e in alice.ok("GET", f"/workspaces/{ws}/environments")["items"])
    assert names == ["Local", "Production"]
    # a broken v5 file: 400 naming the place, nothing written
    status, err = alice.call("POST", f"/workspaces/{ws}/imports", {
        "content": "type: collection.insomnia.rest/5.0\ncollection:\n  - name: F\n    children: 3\n"})
    assert status == 400 and err["error"]["details"]["location"] == "collection[0].children", err
    assert alice.ok("GET", f"/workspaces/{ws}/tree")["counts"]["collections"] == 1


def test_a_browsers_fetch_copy_converts_and_imports(alice: Api) -> None:
    from tests.unit.test_fetch_import import CHROME, FIREFOX_ALL

    ws = alice.ok("POST", "/workspaces", {"name": "From DevTools"})["id"]
    out = alice.ok("POST", "/convert/fetch", {"command": CHROME})
    assert out["requests"] == 1 and out["request"]["method"] == "POST"
    assert out["request"]["url"] == "https://api.example.com/v1/users?active=true&sort=name"
    assert alice.ok("GET", f"/workspaces/{ws}/tree")["counts"]["requests"] == 0  # nothing was written
    status, err = alice.call("POST", "/convert/fetch", {"command": "fetch(url)"})
    assert status == 400 and err["error"]["details"]["location"] == "line 1, column 7", err
    # "Copy all as fetch" pasted into the import dialog: detected, one request per call
    imported = alice.ok("POST", f"/workspaces/{ws}/imports", {"content": FIREFOX_ALL}, expect=201)
    assert imported["format"] == "fetch" and imported["requests"] == 3
