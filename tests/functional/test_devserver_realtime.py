"""The devserver's WebSocket gateway and SQS poller: what API Gateway and Lambda's SQS mapping do on AWS.

Two layers:

- The components in this process, each with a stand-in Chalice app (its own handlers, so the checks do not depend
  on the real app's behaviour) and, for the poller, the session's moto server from conftest: events shaped as AWS
  sends them, refusals, pushes, Gone and PayloadTooLarge answers, partial batch responses, redelivery and the
  dead-letter queue.
- End to end: the real `python -m devserver` as a subprocess, a real WebSocket client and a local HTTP server, the
  way the browser uses it: ticket, connect, subscribe, execute, and the pushed result.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError
from chalice.app import Chalice, SQSEvent, WebsocketDisconnectedError, WebsocketEvent
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect
from websockets.sync.connection import Connection

from devserver.lambda_runtime import LambdaRuntime
from devserver.sqs_poller import SqsPollerComponent, failed_message_ids
from devserver.websocket_gateway import MAX_MESSAGE_BYTES, WebsocketGatewayComponent
from tests.functional.test_devserver import Devserver

RECV_TIMEOUT = 10.0


@pytest.fixture(autouse=True)
def _restore_ws_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The gateway sets these for the app it serves; undo that, so later tests in this process see what they had.
    for name in ("PLAYGROUND_WS_URL", "PLAYGROUND_WS_DOMAIN", "PLAYGROUND_WS_STAGE"):
        monkeypatch.delenv(name, raising=False)


def _wait_for(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


# --- the WebSocket gateway, in-process, with a stand-in app ---------------------------------------------------


class WsApp:
    """A Chalice app with the three WebSocket handlers; it records every event and acts on a few commands."""

    def __init__(self) -> None:
        self.app = Chalice(app_name="ws-standin")
        self.app.experimental_feature_flags.update(["WEBSOCKETS"])
        self.events: list[dict[str, Any]] = []
        self.replies: dict[str, str] = {}
        api = self.app.websocket_api

        @self.app.on_ws_connect()
        def connect_handler(event: WebsocketEvent) -> dict[str, Any]:
            raw = event.to_dict()
            self.events.append(raw)
            ticket = (raw.get("queryStringParameters") or {}).get("ticket")
            if ticket == "teapot":
                return {"statusCode": 418, "body": "no"}
            return {"statusCode": 200} if ticket == "good" else {"statusCode": 403, "body": "a ticket is required"}

        @self.app.on_ws_message()
        def message_handler(event: WebsocketEvent) -> None:
            self.events.append(event.to_dict())
            command, _, arg = event.body.partition(" ")
            cid = event.connection_id
            if command == "echo":
                api.send(cid, arg)
            elif command == "send":  # send <n>: push n bytes, answer what happened
                try:
                    api.send(cid, "x" * int(arg))
                    self.replies[cid] = "ok"
                except ClientError as exc:
                    self.replies[cid] = exc.response["Error"]["Code"]
                    api.send(cid, f"refused {exc.response['Error']['Code']}")
            elif command == "describe":
                info = api._get_client().get_connection(ConnectionId=cid)  # WebsocketAPI wraps no GetConnection
                api.send(cid, json.dumps({"ip": info["Identity"]["SourceIp"], "at": info["ConnectedAt"].isoformat()}))
            elif command == "kick":
                api.close(cid)
            elif command == "boom":
                raise RuntimeError("handler failed")

        @self.app.on_ws_disconnect()
        def disconnect_handler(event: WebsocketEvent) -> None:
            self.events.append(event.to_dict())

    def of_type(self, event_type: str) -> list[dict[str, Any]]:
        return [e for e in self.events if e["requestContext"]["eventType"] == event_type]


@pytest.fixture
def ws_app() -> WsApp:
    return WsApp()


@pytest.fixture
def gateway(ws_app: WsApp) -> Iterator[WebsocketGatewayComponent]:
    component = WebsocketGatewayComponent(LambdaRuntime(lambda: ws_app.app, "dev", "api"), "127.0.0.1", 0)
    component.start()
    yield component
    component.stop()


def _refused_status(url: str) -> int:
    with pytest.raises(InvalidStatus) as refused:
        connect(url, open_timeout=RECV_TIMEOUT).close()
    return refused.value.response.status_code


def test_connect_without_a_ticket_is_refused_with_the_handlers_status(gateway: WebsocketGatewayComponent,
                                                                       ws_app: WsApp) -> None:
    assert _refused_status(gateway.url) == 403
    assert _refused_status(gateway.url + "?ticket=teapot") == 418  # whatever $connect answers, not a fixed 403
    event = ws_app.of_type("CONNECT")[0]
    assert "queryStringParameters" not in event  # as API Gateway: no query string, no key
    assert not ws_app.of_type("DISCONNECT"), "a refused connection never connected, so it never disconnects"


def test_unknown_path_is_forbidden_without_calling_the_app(gateway: WebsocketGatewayComponent, ws_app: WsApp) -> None:
    parts = urlsplit(gateway.url)
    assert _refused_status(f"ws://{parts.netloc}/other?ticket=good") == 403
    assert ws_app.events == []


def test_plain_http_gets_426_and_a_broken_handshake_still_disconnects(gateway: WebsocketGatewayComponent,
                                                                      ws_app: WsApp) -> None:
    http_url = gateway.url.replace("ws://", "http://", 1)
    plain = httpx.get(http_url + "?ticket=good", timeout=RECV_TIMEOUT)
    assert plain.status_code == 426
    assert ws_app.events == [], "no $connect for a request that is no WebSocket handshake"

    # An upgrade without Sec-WebSocket-Key: $connect accepts the ticket, websockets then refuses the handshake; the
    # app must hear $disconnect for the connection it recorded.
    broken = httpx.get(http_url + "?ticket=good", headers={"Connection": "Upgrade", "Upgrade": "websocket",
                                                           "Sec-WebSocket-Version": "13"}, timeout=RECV_TIMEOUT)
    assert broken.status_code == 400
    _wait_for(lambda: bool(ws_app.of_type("DISCONNECT")), RECV_TIMEOUT, "$disconnect after the refused upgrade")
    assert [e["requestContext"]["eventType"] for e in ws_app.events] == ["CONNECT", "DISCONNECT"]


def test_events_are_shaped_like_api_gateways(gateway: WebsocketGatewayComponent, ws_app: WsApp) -> None:
    host_port = urlsplit(gateway.url).netloc
    # Both the advertised URL (with the stage, as on AWS) and the bare root are served.
    for url in (gateway.url, f"ws://{host_port}/"):
        with connect(url + "?ticket=good&tag=a&tag=b", additional_headers={"X-Custom": "1"}) as client:
            client.send("echo hi")
            assert client.recv(timeout=RECV_TIMEOUT) == "hi"
        _wait_for(lambda: len(ws_app.of_type("DISCONNECT")) >= 1, RECV_TIMEOUT, "$disconnect")
        connect_event, message_event, disconnect_event = ws_app.events
        ws_app.events.clear()

        cid = connect_event["requestContext"]["connectionId"]
        assert len(cid) == 16 and cid.endswith("=") and len(base64.b64decode(cid)) == 11
        for event, route, kind in ((connect_event, "$connect", "CONNECT"), (message_event, "$default", "MESSAGE"),
                                   (disconnect_event, "$disconnect", "DISCONNECT")):
            ctx = event["requestContext"]
            assert (ctx["routeKey"], ctx["eventType"]) == (route, kind)
            assert ctx["connectionId"] == cid
            assert ctx["stage"] == "api" and ctx["apiId"] == "local" and ctx["domainName"] == host_port
            assert ctx["identity"]["sourceIp"] == "127.0.0.1"
            assert abs(ctx["requestTimeEpoch"] / 1000 - time.time()) < 60
            assert ctx["connectedAt"] == connect_event["requestContext"]["connectedAt"]
        assert connect_event["queryStringParameters"] == {"ticket": "good", "tag": "b"}
        assert connect_event["multiValueQueryStringParameters"]["tag"] == ["a", "b"]
        assert connect_event["headers"]["X-Custom"] == "1"
        assert message_event["body"] == "echo hi" and message_event["isBase64Encoded"] is False
        assert message_event["requestContext"]["messageId"]
        assert disconnect_event["requestContext"]["disconnectStatusCode"] == 1000


def test_push_limits_gone_and_delete(gateway: WebsocketGatewayComponent, ws_app: WsApp) -> None:
    with connect(gateway.url + "?ticket=good", max_size=None) as client:
        client.send(f"send {MAX_MESSAGE_BYTES}")  # exactly 128 KB: delivered
        assert len(client.recv(timeout=RECV_TIMEOUT)) == MAX_MESSAGE_BYTES
        client.send(f"send {MAX_MESSAGE_BYTES + 1}")  # one byte more: refused as API Gateway does
        assert client.recv(timeout=RECV_TIMEOUT) == "refused PayloadTooLargeException"

        client.send("describe")
        info = json.loads(str(client.recv(timeout=RECV_TIMEOUT)))
        assert info["ip"] == "127.0.0.1"

        client.send("boom")  # a failing handler: the client hears what API Gateway says, the socket stays open
        error = json.loads(str(client.recv(timeout=RECV_TIMEOUT)))
        assert error["message"] == "Internal server error" and error["connectionId"]

        cid = ws_app.of_type("CONNECT")[0]["requestContext"]["connectionId"]
        client.send("kick")  # DeleteConnection closes it from the server side
        with pytest.raises(ConnectionClosed):
            client.recv(timeout=RECV_TIMEOUT)
    _wait_for(lambda: bool(ws_app.of_type("DISCONNECT")), RECV_TIMEOUT, "$disconnect after DeleteConnection")
    # A push to a closed (or never known) connection is Gone: Chalice raises WebsocketDisconnectedError.
    for connection_id in (cid, "bm90LWEtY29ubmVjdGk="):
        with pytest.raises(WebsocketDisconnectedError):
            ws_app.app.websocket_api.send(connection_id, "anyone there?")


def test_stopping_runs_disconnect_for_open_connections(ws_app: WsApp) -> None:
    component = WebsocketGatewayComponent(LambdaRuntime(lambda: ws_app.app, "dev", "api"), "127.0.0.1", 0)
    component.start()
    try:
        client = connect(component.url + "?ticket=good")
    finally:
        component.stop()
    with pytest.raises(ConnectionClosed):
        client.recv(timeout=RECV_TIMEOUT)
    assert client.close_code == 1001  # going away
    assert [e["requestContext"]["eventType"] for e in ws_app.events] == ["CONNECT", "DISCONNECT"]


def test_busy_port_is_a_clear_start_error(gateway: WebsocketGatewayComponent, ws_app: WsApp) -> None:
    from devserver.websocket_gateway import WebsocketStartError

    port = int(urlsplit(gateway.url).port or 0)
    second = WebsocketGatewayComponent(LambdaRuntime(lambda: ws_app.app, "dev", "api"), "127.0.0.1", port)
    with pytest.raises(WebsocketStartError, match="PLAYGROUND_WS_PORT"):
        second.start()


# --- the SQS poller, in-process, against conftest's moto, with a stand-in handler -----------------------------


@pytest.fixture
def queue() -> dict[str, str]:
    """A fresh queue shaped like the executions queue (DLQ after 3 receives), with a 1 s visibility timeout so
    redeliveries happen within the test."""
    sqs = boto3.client("sqs", region_name="us-east-1")
    name = f"poller-{uuid.uuid4().hex[:8]}"
    dlq_url = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"})
    url = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "1", "RedrivePolicy": redrive})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    return {"name": name, "url": url, "arn": arn, "dlq_url": dlq_url}


class SqsApp:
    """A Chalice app whose SQS handler records each record and fails those whose body says so."""

    def __init__(self, queue_name: str, raise_first: bool = False) -> None:
        self.app = Chalice(app_name="sqs-standin")
        self.records: list[dict[str, Any]] = []
        self.calls = 0

        @self.app.on_sqs_message(queue=queue_name, batch_size=10)
        def run_batch(event: SQSEvent) -> dict[str, Any]:
            self.calls += 1
            if raise_first and self.calls == 1:
                raise RuntimeError("the whole invocation fails")
            failures = []
            for record in event:
                raw = record.to_dict()
                self.records.append(raw)
                if raw["body"] == "fail":
                    failures.append({"itemIdentifier": raw["messageId"]})
            return {"batchItemFailures": failures}

    def bodies(self) -> list[tuple[str, str]]:
        return [(r["body"], r["attributes"]["ApproximateReceiveCount"]) for r in self.records]


@pytest.fixture
def start_poller() -> Iterator[Callable[[SqsApp], SqsPollerComponent]]:
    started: list[SqsPollerComponent] = []

    def start(app: SqsApp) -> SqsPollerComponent:
        poller = SqsPollerComponent(LambdaRuntime(lambda: app.app, "dev", "api"))
        poller.start()
        started.append(poller)
        return poller

    yield start
    for poller in started:
        poller.stop()


def _count(url: str) -> int:
    attributes = boto3.client("sqs", region_name="us-east-1").get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


def test_partial_batch_failure_redelivers_only_the_failed_record_then_dead_letters_it(
        queue: dict[str, str], start_poller: Callable[[SqsApp], SqsPollerComponent]) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    app = SqsApp(queue["name"])
    for body in ("ok-1", "fail", "ok-2"):
        sqs.send_message(QueueUrl=queue["url"], MessageBody=body,
                         MessageAttributes={"kind": {"DataType": "String", "StringValue": body}})
    poller = start_poller(app)
    assert poller.endpoints() == {"sqs_poller": f"{queue['name']} -> run_batch"}

    _wait_for(lambda: _count(queue["dlq_url"]) == 1, 20, "the failing message in the dead-letter queue")
    assert sorted(b for b, _ in app.bodies() if b != "fail") == ["ok-1", "ok-2"], "successes run exactly once"
    assert [n for b, n in app.bodies() if b == "fail"] == ["1", "2", "3"]  # maxReceiveCount 3, then the DLQ
    assert _count(queue["url"]) == 0
    dead = sqs.receive_message(QueueUrl=queue["dlq_url"])["Messages"]
    assert [m["Body"] for m in dead] == ["fail"]

    record = app.records[0]
    assert record["eventSource"] == "aws:sqs" and record["eventSourceARN"] == queue["arn"]
    assert record["awsRegion"] == "us-east-1" and record["md5OfBody"] and record["receiptHandle"]
    assert {"SentTimestamp", "ApproximateFirstReceiveTimestamp"} <= set(record["attributes"])
    assert record["messageAttributes"]["kind"] == {
        "stringValue": record["body"], "stringListValues": [], "binaryListValues": [], "dataType": "String"}


def test_a_raising_handler_deletes_nothing(queue: dict[str, str],
                                          start_poller: Callable[[SqsApp], SqsPollerComponent]) -> None:
    sqs = boto3.client("sqs", region_name="us-east-1")
    app = SqsApp(queue["name"], raise_first=True)
    sqs.send_message(QueueUrl=queue["url"], MessageBody="ok")
    start_poller(app)
    _wait_for(lambda: bool(app.records), 10, "the redelivery after the failed invocation")
    assert app.bodies() == [("ok", "2")]  # received once by the invocation that raised, then again
    _wait_for(lambda: _count(queue["url"]) == 0, 5, "the message deleted after success")
    assert _count(queue["dlq_url"]) == 0


def test_stop_is_prompt_when_idle(queue: dict[str, str], start_poller: Callable[[SqsApp], SqsPollerComponent]) -> None:
    poller = start_poller(SqsApp(queue["name"]))
    time.sleep(0.3)  # inside a long poll
    started = time.monotonic()
    poller.stop()
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(("answer", "failed"), [
    (None, set()),
    ({}, set()),
    ({"batchItemFailures": []}, set()),
    ({"batchItemFailures": None}, set()),
    ({"batchItemFailures": [{"itemIdentifier": "b"}]}, {"b"}),
    ({"batchItemFailures": [{"itemIdentifier": "nope"}]}, {"a", "b"}),  # unknown id: the whole batch fails
    ({"batchItemFailures": [{"itemIdentifier": ""}]}, {"a", "b"}),
    ({"batchItemFailures": [{"id": "a"}]}, {"a", "b"}),
    ("done", {"a", "b"}),
])
def test_batch_item_failures_follow_lambdas_rules(answer: Any, failed: set[str]) -> None:
    assert failed_message_ids(answer, ["a", "b"]) == failed


# --- end to end: the real devserver, a real WebSocket client, a local API to call ------------------------------


class _Hello(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    seen: list[list[str]] = []

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        _Hello.seen.append(self.headers.get_all("X-Dup") or [])
        body = b"hello"
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("X-Served-By", "realtime-test")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def hello_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def devserver(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Devserver]:
    monkeypatch.setenv("PLAYGROUND_WS_PORT", "0")  # Devserver passes os.environ on; PLAYGROUND_PORT=0 is its own
    run = Devserver(tmp_path / "state", tmp_path / "devserver.log")
    try:
        yield run
    finally:
        run.close()


def _recv_json(client: Connection, until: Callable[[dict[str, Any]], bool], timeout: float) -> dict[str, Any]:
    """The first JSON message that satisfies `until`, skipping others (say, a pong)."""
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            pytest.fail(f"no matching WebSocket message within {timeout} s")
        message = json.loads(client.recv(timeout=remaining))
        if until(message):
            return dict(message)


def test_execution_result_is_pushed_over_the_websocket(devserver: Devserver, hello_server: str) -> None:
    api, ws_url = devserver.api, str(devserver.info["ws_url"])
    user = {"email": f"rt-{uuid.uuid4().hex[:8]}@example.test", "password": "correct horse battery staple",
            "name": "Realtime"}
    register = httpx.post(f"{api}/auth/register", json=user, timeout=10.0)
    assert register.status_code == 201, register.text
    auth = {"Authorization": f"Bearer {register.json()['access_token']}"}
    workspace = httpx.post(f"{api}/workspaces", json={"name": "Realtime"}, headers=auth, timeout=10.0)
    assert workspace.status_code == 201, workspace.text
    ws_id = workspace.json()["id"]

    # No ticket: the app's $connect refuses, and the handshake fails with its status.
    assert _refused_status(ws_url) == 403

    ticket = httpx.post(f"{api}/ws/ticket", headers=auth, timeout=10.0)
    assert ticket.status_code in (200, 201), ticket.text
    url = ticket.json()["url"]
    assert url.startswith(ws_url) and ticket.json()["ticket"]
    if "ticket=" not in url:
        url += ("&" if "?" in url else "?") + "ticket=" + ticket.json()["ticket"]

    with connect(url, open_timeout=RECV_TIMEOUT) as client:
        assert _refused_status(url) == 403, "a ticket opens one connection only"

        client.send(json.dumps({"action": "subscribe", "workspace_id": ws_id}))
        subscribed = _recv_json(client, lambda m: m.get("type") in ("subscribed", "error"), RECV_TIMEOUT)
        assert subscribed["type"] == "subscribed", subscribed

        request = {"method": "GET", "url": f"{hello_server}/hello",
                   "headers": [{"key": "X-Dup", "value": "1"}, {"key": "X-Dup", "value": "2"}]}
        queued = httpx.post(f"{api}/workspaces/{ws_id}/execute", json={"request": request}, headers=auth,
                            timeout=10.0)
        assert queued.status_code == 202, queued.text
        assert queued.json()["id"].startswith("exe_") and queued.json()["status"] == "queued"
        eid = queued.json()["id"]

        # The poller hands the queued message to run_executions, whose push arrives through the gateway.
        pushed = _recv_json(client, lambda m: m.get("type") == "execution.completed"
                            and m.get("execution", {}).get("id") == eid, 30.0)

    polled = httpx.get(f"{api}/executions/{eid}", headers=auth, timeout=10.0)
    assert polled.status_code == 200, polled.text
    execution = polled.json()
    if "pointer" in pushed:  # too big to push: the message says where to fetch it
        assert pushed["pointer"] == f"/executions/{eid}"
        assert pushed["execution"]["status"] == execution["status"]
    else:
        assert pushed["execution"] == execution, "the push and GET /executions/{id} tell the same story"

    assert execution["status"] == "completed", execution
    result = execution["result"]
    assert result["status"] == 200 and result["body_text"] == "hello"
    assert ["X-Served-By", "realtime-test"] in [list(h) for h in result["headers"]]
    assert isinstance(result["timings"], dict)
    assert _Hello.seen[-1] == ["1", "2"], "both X-Dup headers reached the API, in order"

    assert devserver.interrupt() == 0, devserver.output()
