"""Send, through the same doors Lambda uses: the HTTP API queues on SQS (moto), the SQS handler runs the execution
(invoked with an SQS-shaped event, as Lambda does), the WebSocket handlers take a ticket and a subscription, and
the result is pushed through API Gateway's management API (a botocore hook stands in for the gateway)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote

import boto3
import httpx
import pytest

from chalicelib import config, deps
from chalicelib.storage import table
from tests.conftest import Api, drain
from tests.echo_server import EchoServer


@pytest.fixture(scope="module")
def echo() -> Iterator[EchoServer]:
    with EchoServer() as server:
        yield server


@pytest.fixture(autouse=True)
def local_egress(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # These tests send to a server on loopback: the policy of a developer's machine ("local").
    monkeypatch.setenv("PLAYGROUND_EGRESS_MODE", "local")
    monkeypatch.setenv("PLAYGROUND_WS_DOMAIN", "ws.local.test")
    config.reload()
    deps.reset()
    yield
    monkeypatch.delenv("PLAYGROUND_EGRESS_MODE")
    config.reload()
    deps.reset()


class Gateway:
    """Stands in for API Gateway's management API: PostToConnection lands in `sent`; closed ids answer 410."""

    def __init__(self) -> None:
        self.sent: dict[str, list[dict[str, Any]]] = {}
        self.closed: set[str] = set()
        self.session = boto3.session.Session(region_name="us-east-1")
        self.session.events.register("before-call.apigatewaymanagementapi.PostToConnection", self._post)

    def _post(self, params: dict[str, Any], **_: Any) -> tuple[Any, dict[str, Any]]:
        # `params` is the serialised request: the connection id is the last segment of its path, Data its body.
        cid = unquote(params["url_path"].rsplit("/", 1)[1])
        if cid in self.closed:
            return (SimpleNamespace(status_code=410, headers={}),
                    {"Error": {"Code": "GoneException", "Message": "gone"}, "ResponseMetadata": {}})
        data = params["body"]
        self.sent.setdefault(cid, []).append(json.loads(data.decode() if isinstance(data, bytes) else data))
        return SimpleNamespace(status_code=200, headers={}), {"ResponseMetadata": {"HTTPStatusCode": 200}}


@pytest.fixture
def gateway(chalice_client: Any) -> Iterator[Gateway]:
    from app import app

    gw = Gateway()
    previous = app.websocket_api.session
    app.websocket_api.session = gw.session
    app.websocket_api._client = None
    yield gw
    app.websocket_api.session = previous
    app.websocket_api._client = None


def ws_event(route: str, cid: str, body: str | None = None, ticket: str | None = None) -> dict[str, Any]:
    kind = {"$connect": "CONNECT", "$disconnect": "DISCONNECT"}.get(route, "MESSAGE")
    event: dict[str, Any] = {"requestContext": {"routeKey": route, "eventType": kind, "connectionId": cid,
                                                "domainName": "ws.local.test", "stage": "api", "apiId": "local"},
                             "isBase64Encoded": False}
    if ticket is not None:
        event["queryStringParameters"] = {"ticket": ticket}
    if body is not None:
        event["body"] = body
    return event


def connect(alice: Api, chalice_client: Any, cid: str, ws: str) -> None:
    ticket = alice.ok("POST", "/ws/ticket")["ticket"]
    reply = chalice_client.lambda_.invoke("ws_connect", ws_event("$connect", cid, ticket=ticket)).payload
    assert reply["statusCode"] == 200
    chalice_client.lambda_.invoke("ws_message", ws_event("$default", cid, json.dumps(
        {"action": "subscribe", "workspace_id": ws})))


def test_execute_pushes_the_result_over_the_websocket(alice: Api, chalice_client: Any, gateway: Gateway,
                                                      echo: EchoServer) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Send"})["id"]
    col = alice.ok("POST", f"/workspaces/{ws}/folders", {
        "name": "C", "variables": [{"key": "path", "value": "echo"}],
        "headers": [{"key": "X-From-Collection", "value": "yes"}],
        "auth": {"type": "bearer", "attributes": [{"key": "token", "value": "{{token}}"}]}})["id"]
    env = alice.ok("POST", f"/workspaces/{ws}/environments", {"name": "Local", "variables": [
        {"key": "base", "value": echo.url}, {"key": "token", "value": "s3cret-token", "secret": True}]})["id"]
    req = alice.ok("POST", f"/workspaces/{ws}/requests", {
        "parent_id": col, "name": "Echo", "method": "POST", "url": "{{base}}/{{path}}/:id",
        "path_variables": [{"key": "id", "value": "42"}],
        "params": [{"key": "a", "value": "1"}, {"key": "a", "value": "2"}, {"key": "off", "value": "x",
                                                                           "enabled": False}],
        "headers": [{"key": "X-Dup", "value": "1"}, {"key": "X-Dup", "value": "2"}],
        "body": {"mode": "json", "raw": "{\"who\": \"{{$randomFirstName}}\", \"missing\": \"{{nope}}\"}"}})
    connect(alice, chalice_client, "conn-1", ws)
    queued = alice.ok("POST", f"/workspaces/{ws}/requests/{req['id']}/execute", {"environment_id": env},
                      expect=202)
    assert queued["status"] == "queued" and queued["id"].startswith("exe_")
    replies = drain(chalice_client)
    assert replies and all(r == {"batchItemFailures": []} for r in replies)  # with the tree.changed announcements

    pushed = [m for m in gateway.sent["conn-1"] if m.get("type") == "execution.completed"]
    assert len(pushed) == 1
    execution = pushed[0]["execution"]
    result = execution["result"]
    assert execution["id"] == queued["id"] and execution["status"] == "completed"
    assert result["status"] == 200 and result["ok"] is True
    echoed = json.loads(result["body_text"])
    assert echoed["method"] == "POST" and echoed["path"] == "/echo/42" and echoed["query"] == "a=1&a=2"
    sent_headers = [(k.lower(), v) for k, v in echoed["headers"]]
    assert [v for k, v in sent_headers if k == "x-dup"] == ["1", "2"]
    # The server received the token; what we store of its echo has it redacted.
    assert ("authorization", "<redacted>") in sent_headers
    assert ("x-from-collection", "yes") in sent_headers
    assert ("content-type", "application/json") in sent_headers
    assert json.loads(echoed["body"])["missing"] == "{{nope}}"
    assert execution["unresolved_variables"] == ["nope"]
    assert set(result["timings"]) == {"dns", "connect", "tls", "ttfb", "download", "total"}
    assert result["timings"]["total"] > 0 and result["timings"]["ttfb"] > 0
    # The request as sent is stored with the secret redacted; the secret appears nowhere in what we keep.
    assert ["Authorization", "<redacted>"] in result["request_sent"]["headers"]
    stored = table.get(f"EXEC#{queued['id']}", "EXEC")
    assert stored is not None and "s3cret-token" not in json.dumps(stored.data)
    # Polling answers the same.
    polled = alice.ok("GET", f"/executions/{queued['id']}")
    assert polled["result"]["status"] == 200 and polled["result"]["body_text"] == result["body_text"]


def test_duplicate_response_headers_and_cookies_survive(alice: Api, chalice_client: Any, gateway: Gateway,
                                                        echo: EchoServer) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Dup"})["id"]
    queued = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": f"{echo.url}/dup"}}, expect=202)
    drain(chalice_client)
    result = alice.ok("GET", f"/executions/{queued['id']}")["result"]
    assert [v for k, v in result["headers"] if k.lower() == "x-dup"] == ["one", "two"]
    assert [v for k, v in result["headers"] if k.lower() == "set-cookie"] == ["a=1; Path=/; HttpOnly",
                                                                             "b=2; Max-Age=60"]
    assert [(c["name"], c["value"]) for c in result["cookies"]] == [("a", "1"), ("b", "2")]
    assert result["cookies"][0]["http_only"] is True


def test_a_redelivered_message_runs_and_records_once(alice: Api, chalice_client: Any, gateway: Gateway,
                                                     echo: EchoServer) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Once"})["id"]
    before = len(echo.received)
    queued = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": f"{echo.url}/echo?once"}},
                      expect=202)
    body = json.dumps({"execution_id": queued["id"]})
    event = chalice_client.events.generate_sqs_event([body, body], queue_name="playground-executions")
    assert chalice_client.lambda_.invoke("run_executions", event).payload == {"batchItemFailures": []}
    drain(chalice_client)  # and the original delivery, a third time
    assert len([r for r in echo.received[before:] if r["path"] == "/echo?once"]) == 1
    history = alice.ok("GET", f"/workspaces/{ws}/history")["items"]
    assert [h["id"] for h in history] == [queued["id"]]


def test_one_failing_record_does_not_fail_its_batch(alice: Api, chalice_client: Any, gateway: Gateway,
                                                    echo: EchoServer) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Batch"})["id"]
    good = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": f"{echo.url}/echo"}}, expect=202)
    drain(chalice_client)
    event = chalice_client.events.generate_sqs_event(["not json", json.dumps({"execution_id": good["id"]})],
                                                    queue_name="playground-executions")
    reply = chalice_client.lambda_.invoke("run_executions", event).payload
    assert len(reply["batchItemFailures"]) == 1
    ids = [r["messageId"] for r in event["Records"]]
    assert reply["batchItemFailures"][0]["itemIdentifier"] == ids[0]


def test_failures_are_results_with_codes(alice: Api, chalice_client: Any, gateway: Gateway,
                                         echo: EchoServer) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Fail"})["id"]
    cases = {
        "TOO_MANY_REDIRECTS": {"url": f"{echo.url}/hops/5", "settings": {"max_redirects": 2}},
        "TIMEOUT": {"url": f"{echo.url}/slow?ms=1500", "settings": {"timeout_ms": 300}},
        "CONNECTION_REFUSED": {"url": "http://127.0.0.1:9/"},
        "AUTH_NOT_SUPPORTED": {"url": f"{echo.url}/echo", "auth": {"type": "hawk", "attributes": []}},
        "EGRESS_BLOCKED": {"url": "file:///etc/passwd"},
        # Even on a developer's machine a redirect cannot take the sender to the cloud metadata service.
        "EGRESS_BLOCKED/redirect": {"url": f"{echo.url}/redirect?to=http://169.254.169.254/latest/meta-data/"},
    }
    ids = {code: alice.ok("POST", f"/workspaces/{ws}/execute", {"request": req}, expect=202)["id"]
           for code, req in cases.items()}
    drain(chalice_client)
    for code, eid in ids.items():
        execution = alice.ok("GET", f"/executions/{eid}")
        assert execution["status"] == "completed"
        assert execution["result"]["ok"] is False
        assert execution["result"]["error"]["code"] == code.split("/")[0], (code, execution["result"]["error"])
        assert execution["result"]["error"]["message"]


def test_redirects_followed_and_cross_origin_drops_credentials(alice: Api, chalice_client: Any,
                                                              gateway: Gateway, echo: EchoServer) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Redirect"})["id"]
    other = echo.url.replace("127.0.0.1", "localhost")  # same server, another origin
    request = {"url": f"{echo.url}/redirect?to={other}/echo&code=307", "method": "PUT",
               "headers": [{"key": "Authorization", "value": "Bearer abc"}, {"key": "X-Keep", "value": "1"}],
               "body": {"mode": "text", "raw": "payload"}}
    eid = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": request}, expect=202)["id"]
    drain(chalice_client)
    result = alice.ok("GET", f"/executions/{eid}")["result"]
    echoed = json.loads(result["body_text"])
    names = [k.lower() for k, _ in echoed["headers"]]
    assert echoed["method"] == "PUT" and echoed["body"] == "payload"  # 307 keeps method and body
    assert "authorization" not in names and "x-keep" in names
    assert [r["status"] for r in result["redirects"]] == [307]


def test_response_caps_truncate_and_stop_gzip_bombs(alice: Api, chalice_client: Any, gateway: Gateway,
                                                    echo: EchoServer) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Big"})["id"]
    big = alice.ok("POST", f"/workspaces/{ws}/execute",
                   {"request": {"url": f"{echo.url}/big?n={20 * 1024 * 1024}"}}, expect=202)["id"]
    bomb = alice.ok("POST", f"/workspaces/{ws}/execute",
                    {"request": {"url": f"{echo.url}/gzip-bomb?n={200 * 1024 * 1024}"}}, expect=202)["id"]
    drain(chalice_client)
    big_exe = alice.ok("GET", f"/executions/{big}")
    assert big_exe["result"]["body_truncated"] is True and big_exe["result"]["size_body"] == 10 * 1024 * 1024
    # 10 MiB of body is more than an item holds: the result went to S3, read back through a presigned URL.
    assert big_exe["result_url"].startswith("http")
    bomb_exe = alice.ok("GET", f"/executions/{bomb}")
    assert bomb_exe["result"]["body_truncated"] is True
    assert bomb_exe["result"]["size_body"] == 10 * 1024 * 1024
    assert bomb_exe["result"]["size_body_compressed"] < 2 * 1024 * 1024  # it stopped reading early


def test_history_filters_restore_and_delete(alice: Api, chalice_client: Any, gateway: Gateway,
                                            echo: EchoServer) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "History"})["id"]
    col = alice.ok("POST", f"/workspaces/{ws}/folders", {"name": "C"})["id"]
    for method, path in (("GET", "/echo?one"), ("POST", "/status/404"), ("DELETE", "/status/204")):
        alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"method": method, "url": echo.url + path}},
                 expect=202)
    drain(chalice_client)
    items = alice.ok("GET", f"/workspaces/{ws}/history")["items"]
    assert [i["method"] for i in items] == ["DELETE", "POST", "GET"] and items[0]["trigger"] == "manual"
    assert [i["method"] for i in alice.ok("GET", f"/workspaces/{ws}/history?status=4")["items"]] == ["POST"]
    assert [i["method"] for i in alice.ok("GET", f"/workspaces/{ws}/history?method=get")["items"]] == ["GET"]
    assert [i["status"] for i in alice.ok("GET", f"/workspaces/{ws}/history?q=one")["items"]] == [200]
    restored = alice.ok("POST", f"/workspaces/{ws}/history/{items[1]['id']}/restore", {"parent_id": col})
    assert restored["method"] == "POST" and restored["url"].endswith("/status/404")
    assert alice.ok("DELETE", f"/workspaces/{ws}/history/{items[0]['id']}")["deleted"] == 1
    assert alice.ok("DELETE", f"/workspaces/{ws}/history")["deleted"] == 2
    assert alice.ok("GET", f"/workspaces/{ws}/history")["items"] == []


def test_websocket_needs_a_fresh_ticket_and_gone_connections_are_forgotten(
        alice: Api, chalice_client: Any, gateway: Gateway, echo: EchoServer) -> None:
    invoke = chalice_client.lambda_.invoke
    assert invoke("ws_connect", ws_event("$connect", "c-none")).payload["statusCode"] == 403
    ticket = alice.ok("POST", "/ws/ticket")["ticket"]
    assert invoke("ws_connect", ws_event("$connect", "c-1", ticket=ticket)).payload["statusCode"] == 200
    assert invoke("ws_connect", ws_event("$connect", "c-2", ticket=ticket)).payload["statusCode"] == 403
    ws = alice.ok("POST", "/workspaces", {"name": "Gone"})["id"]
    gateway.closed.add("c-1")
    alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": f"{echo.url}/echo"}}, expect=202)
    drain(chalice_client)
    assert table.get("CONN#c-1", "CONN") is None  # the push found it gone and cleaned it up


def test_hosted_egress_refuses_loopback(alice: Api, chalice_client: Any, gateway: Gateway, echo: EchoServer,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYGROUND_EGRESS_MODE", "hosted")
    config.reload()
    deps.reset()
    ws = alice.ok("POST", "/workspaces", {"name": "Hosted"})["id"]
    before = len(echo.received)
    eid = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": f"{echo.url}/echo"}}, expect=202)["id"]
    drain(chalice_client)
    result = alice.ok("GET", f"/executions/{eid}")["result"]
    assert result["error"]["code"] == "EGRESS_BLOCKED" and len(echo.received) == before


def test_execution_rate_limit(alice: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYGROUND_EXECUTIONS_PER_USER_MINUTE", "2")
    config.reload()
    try:
        ws = alice.ok("POST", "/workspaces", {"name": "Limited"})["id"]
        replies = [alice.call("POST", f"/workspaces/{ws}/execute", {"request": {"url": "http://x.test/"}})
                   for _ in range(3)]
        assert [status for status, _ in replies] == [202, 202, 429]
        assert replies[2][1]["error"]["code"] == "RATE_LIMITED"
    finally:
        monkeypatch.delenv("PLAYGROUND_EXECUTIONS_PER_USER_MINUTE")
        config.reload()


def test_cookies_set_for_one_execution_never_ride_along_on_the_next(alice: Api, bob: Api, chalice_client: Any,
                                                                    gateway: Gateway, echo: EchoServer) -> None:
    mine = alice.ok("POST", "/workspaces", {"name": "Cookies A"})["id"]
    theirs = bob.ok("POST", "/workspaces", {"name": "Cookies B"})["id"]
    alice.ok("POST", f"/workspaces/{mine}/execute", {"request": {"url": f"{echo.url}/dup"}}, expect=202)
    drain(chalice_client)
    eid = bob.ok("POST", f"/workspaces/{theirs}/execute", {"request": {"url": f"{echo.url}/echo"}}, expect=202)["id"]
    drain(chalice_client)
    echoed = json.loads(bob.ok("GET", f"/executions/{eid}")["result"]["body_text"])
    assert "cookie" not in [k.lower() for k, _ in echoed["headers"]]


def test_multipart_and_binary_bodies_send_uploaded_files(alice: Api, chalice_client: Any, gateway: Gateway,
                                                         echo: EchoServer) -> None:
    import httpx

    ws = alice.ok("POST", "/workspaces", {"name": "Files"})["id"]
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    meta = alice.ok("POST", f"/workspaces/{ws}/files", {"filename": "logo.png", "content_type": "image/png",
                                                        "size": len(png)})
    # The browser PUTs the bytes straight to S3 (moto here) with the presigned URL: another origin, so the bucket
    # answers its CORS preflight first.
    preflight = httpx.options(meta["upload_url"], headers={
        "Origin": "http://127.0.0.1:8000", "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200, preflight.text
    assert preflight.headers["Access-Control-Allow-Origin"] in ("*", "http://127.0.0.1:8000")
    assert "PUT" in preflight.headers["Access-Control-Allow-Methods"]
    assert httpx.put(meta["upload_url"], content=png, headers={"Content-Type": "image/png"}).status_code == 200
    form = {"mode": "formdata", "formdata": [
        {"key": "first", "value": "1"}, {"key": "file", "type": "file", "file_ref": meta["file_ref"]},
        {"key": "last", "value": "{{$randomInt}}"}]}
    multipart = alice.ok("POST", f"/workspaces/{ws}/execute",
                         {"request": {"method": "POST", "url": f"{echo.url}/echo", "body": form}}, expect=202)
    binary = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {
        "method": "PUT", "url": f"{echo.url}/echo",
        "body": {"mode": "binary", "binary": {"file_ref": meta["file_ref"]}}}}, expect=202)
    missing = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {
        "method": "PUT", "url": f"{echo.url}/echo",
        "body": {"mode": "binary", "binary": {"file_ref": "fil_doesnotexist0000"}}}}, expect=202)
    before = len(echo.received)
    drain(chalice_client)
    received = {r["method"]: r for r in echo.received[before:]}
    body = received["POST"]["body"]
    headers = dict(received["POST"]["headers"])
    assert headers["Content-Type"].startswith("multipart/form-data; boundary=")
    assert body.index(b'name="first"') < body.index(b'filename="logo.png"') < body.index(b'name="last"')
    assert png in body and b"Content-Type: image/png" in body
    assert received["PUT"]["body"] == png and dict(received["PUT"]["headers"])["Content-Type"] == "image/png"
    for eid in (multipart["id"], binary["id"]):
        assert alice.ok("GET", f"/executions/{eid}")["result"]["status"] == 200
    error = alice.ok("GET", f"/executions/{missing['id']}")["result"]["error"]
    assert error["code"] == "INVALID_BODY" and "does not exist" in error["message"]


def test_cancel_a_queued_execution_and_a_running_one(alice: Api, chalice_client: Any, gateway: Gateway,
                                                     echo: EchoServer) -> None:
    import threading
    import time

    from app import app
    from chalicelib.executions import runner
    from chalicelib.storage.push import WebsocketNotifier

    ws = alice.ok("POST", "/workspaces", {"name": "Cancel"})["id"]
    queued = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": f"{echo.url}/echo?never"}},
                      expect=202)["id"]
    assert alice.ok("POST", f"/executions/{queued}/cancel")["status"] == "cancelled"
    assert alice.call("POST", f"/executions/{queued}/cancel")[0] == 409
    before = len(echo.received)
    drain(chalice_client)
    assert not [r for r in echo.received[before:] if r["path"] == "/echo?never"]  # it never ran

    # A download of 20 KiB dripping over 5 s, and a server that sends nothing at all for 8 s: a cancel stops both
    # (it is seen between chunks, and a silent read gives up within 0.1 s of it).
    for path in ("/drip?n=20&ms=250", "/slow?ms=8000"):
        slow = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {
            "url": f"{echo.url}{path}", "settings": {"timeout_ms": 20000}}}, expect=202)["id"]
        outcome: list[str] = []
        worker = threading.Thread(target=lambda eid=slow, out=outcome: out.append(runner.run(
            deps.store(), deps.keyring(), deps.blobs(), WebsocketNotifier(app.websocket_api), eid,
            deps.transport_for)))
        started = time.monotonic()
        worker.start()
        while table.get(f"EXEC#{slow}", "EXEC").data["status"] != "running":  # type: ignore[union-attr]
            time.sleep(0.05)
        assert alice.ok("POST", f"/executions/{slow}/cancel")["status"] == "running"
        worker.join(10)
        assert outcome == ["completed"] and time.monotonic() - started < 4, path  # well before the server's end
        assert alice.ok("GET", f"/executions/{slow}")["result"]["error"]["code"] == "CANCELLED"


def test_query_rows_are_sent_as_typed(alice: Api, chalice_client: Any, gateway: Gateway, echo: EchoServer) -> None:
    # Existing escapes and `+` are the user's encoding (as cURL and Postman imports keep them): never re-encoded.
    ws = alice.ok("POST", "/workspaces", {"name": "Query"})["id"]
    params = [{"key": "x", "value": "a%20b"}, {"key": "q", "value": "a+b"}, {"key": "s", "value": "c d&e=f#g"},
              {"key": "u", "value": "é"}, {"key": "flag", "value": ""}]
    eid = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {"url": f"{echo.url}/echo", "params": params}},
                   expect=202)["id"]
    drain(chalice_client)
    echoed = json.loads(alice.ok("GET", f"/executions/{eid}")["result"]["body_text"])
    assert echoed["query"] == "x=a%20b&q=a+b&s=c%20d%26e=f%23g&u=%C3%A9&flag"


def test_an_oauth2_token_outlives_the_container_that_fetched_it(alice: Api, chalice_client: Any, gateway: Gateway,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.executions import runner
    from chalicelib.executor.auth import MemoryTokenCache
    from chalicelib.storage import keys

    seen: list[tuple[str, str]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, request.headers.get("authorization", "")))
        if request.url.path == "/token":
            return httpx.Response(200, json={"access_token": "at-FETCHED", "expires_in": 3600})
        return httpx.Response(200, json={"ok": True})

    deps.override(transport_for=lambda verify, http2: httpx.MockTransport(handle))
    ws = alice.ok("POST", "/workspaces", {"name": "OAuth"})["id"]
    oauth = {"type": "oauth2", "attributes": [
        {"key": "grant_type", "value": "client_credentials"},
        {"key": "accessTokenUrl", "value": "https://id.example.test/token"},
        {"key": "clientId", "value": "c"}, {"key": "clientSecret", "value": "s"}]}
    for _ in range(2):
        # every execution in a new container: nothing in memory
        monkeypatch.setattr(runner, "_token_cache", MemoryTokenCache())
        eid = alice.ok("POST", f"/workspaces/{ws}/execute", {"request": {
            "url": "https://api.example.test/orders", "auth": oauth}}, expect=202)["id"]
        drain(chalice_client)
        assert alice.ok("GET", f"/executions/{eid}")["result"]["status"] == 200
    assert seen == [("/token", "Basic Yzpz"), ("/orders", "Bearer at-FETCHED"), ("/orders", "Bearer at-FETCHED")]
    stored = table.get(*keys.oauth_token(ws, "-"))
    assert stored is not None and stored.ttl is not None and "at-FETCHED" not in json.dumps(stored.data)


def test_a_teammates_changes_are_announced_to_the_workspaces_open_pages(alice: Api, bob: Api, anon: Api,
                                                                          chalice_client: Any,
                                                                          gateway: Gateway) -> None:
    from tests.conftest import new_email, signup

    ws = alice.ok("POST", "/workspaces", {"name": "Team"})["id"]
    inv = alice.ok("POST", f"/workspaces/{ws}/invitations", {"email": bob.user["email"], "role": "viewer"})
    bob.ok("POST", "/invitations/accept", {"token": inv["token"]})
    outsider = signup(anon, new_email("carol"))
    other_ws = outsider.ok("POST", "/workspaces", {"name": "Elsewhere"})["id"]
    drain(chalice_client)
    connect(bob, chalice_client, "bob-page", ws)
    connect(outsider, chalice_client, "carol-page", other_ws)

    def events(cid: str) -> list[tuple[str, str, str]]:
        return [(m["type"], m["workspace_id"], m["by"]) for m in gateway.sent.get(cid, [])
                if m.get("type", "").endswith(".changed")]

    col = alice.ok("POST", f"/workspaces/{ws}/folders", {"name": "API"})["id"]
    req = alice.ok("POST", f"/workspaces/{ws}/requests", {"parent_id": col, "name": "One", "url": "http://x.test/"})
    alice.ok("POST", f"/workspaces/{ws}/environments", {"name": "Staging", "variables": []})
    assert events("bob-page") == []  # queued: the API answered without waiting on anyone's socket
    drain(chalice_client)
    me = alice.user["id"]
    assert events("bob-page") == [("tree.changed", ws, me), ("tree.changed", ws, me),
                                  ("environments.changed", ws, me)]
    # refused changes announce nothing; nor does a read; another workspace hears nothing of this one
    bob.call("PUT", f"/workspaces/{ws}/requests/{req['id']}", {"name": "Mine now", "version": req["version"]})
    alice.ok("GET", f"/workspaces/{ws}/tree")
    drain(chalice_client)
    assert len(events("bob-page")) == 3 and events("carol-page") == []
    # an import can change both
    alice.ok("POST", f"/workspaces/{ws}/imports", {"content": "curl https://example.test/a"}, expect=201)
    drain(chalice_client)
    assert events("bob-page")[3:] == [("tree.changed", ws, me), ("environments.changed", ws, me)]
    # a change to one request or folder says which, so an open page can refresh that one
    alice.ok("PUT", f"/workspaces/{ws}/requests/{req['id']}", {"name": "Renamed", "version": req["version"]})
    alice.ok("PATCH", f"/workspaces/{ws}/folders/{col}", {"name": "API v2"})
    drain(chalice_client)
    last = [m for m in gateway.sent["bob-page"] if m.get("type") == "tree.changed"][-2:]
    assert (last[0].get("request_id"), last[1].get("folder_id")) == (req["id"], col)
    # who, by name (for "Alice saved a newer version"), and which page: the page that made a change skips its event,
    # the same user's other tabs do not; a malformed page id is dropped, not echoed
    assert last[0]["by_name"] == alice.user["name"] and last[0]["origin"] is None
    alice.ok("PATCH", f"/workspaces/{ws}/folders/{col}", {"name": "API v3"}, headers={"X-Client-Id": "tab-1a2b3c4d"})
    alice.ok("PATCH", f"/workspaces/{ws}/folders/{col}", {"name": "API v4"}, headers={"X-Client-Id": "<script>x"})
    drain(chalice_client)
    last = [m for m in gateway.sent["bob-page"] if m.get("type") == "tree.changed"][-2:]
    assert [m["origin"] for m in last] == ["tab-1a2b3c4d", None]
