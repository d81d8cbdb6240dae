"""A local stand-in for API Gateway's WebSocket API: the app's `$connect`, `$default` and `$disconnect` handlers behind
a real WebSocket server, and the management API (`@connections`) the app pushes through.

Chalice's local server has no WebSocket support, and moto's management API accepts any connection id and never
delivers anything (see /work/shared/notes/stack-facts.md). This component plays both halves:

- Clients connect to ws://<host>:<port>/<stage> (or /). Each connection gets an id shaped like API Gateway's and the
  app's handlers receive API Gateway–shaped events, called in worker threads the way Lambda would call them. A
  non-2xx `$connect` answer refuses the handshake with that status; a `$connect` that raises answers 502.
- The app's pushes (`app.websocket_api.send/close`, i.e. boto3 `apigatewaymanagementapi` PostToConnection,
  DeleteConnection, GetConnection) are answered by a botocore `before-call` hook on the boto3 session the app uses,
  so they never leave the process. Unknown or closed connections answer 410 GoneException and data over 128 KB
  413 PayloadTooLargeException, as API Gateway does, so the app's "gone" and "too large" paths run locally too.

How the hook reaches the app: botocore copies a session's event handlers into each client when the client is
created, so the hook must be on the session before the app's first push creates its client. `start()` registers it
on `app.websocket_api.session`, first creating that session if the app has not (the app creates one only while it
is None). Registering on botocore's "default" session would not work: boto3.session.Session() builds a fresh
botocore session with its own handlers.
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import datetime
import functools
import http
import json
import logging
import os
import secrets
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, unquote

import boto3
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from chalice.app import Chalice
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from devserver.lambda_runtime import LambdaRuntime
from devserver.settings import REGION

log = logging.getLogger("devserver")

#: API Gateway's limit for one WebSocket message, both ways (its frames are 32 KB; messages may span frames).
MAX_MESSAGE_BYTES = 128 * 1024
#: requestContext.apiId; the app's WebSocket handlers configure their push endpoint from it (never contacted).
API_ID = "local"
ROUTES = ("$connect", "$default", "$disconnect")

#: API Gateway waits up to 29 s for an integration; a cold `$connect` (imports, first AWS client) may take a while.
_HANDSHAKE_TIMEOUT_S = 30.0
#: How long a push waits for its frame to be written before answering anyway (API Gateway queues and returns).
_SEND_TIMEOUT_S = 10.0
_START_TIMEOUT_S = 10.0
#: Stopping runs `$disconnect` for every open connection; a handler stuck longer than this is abandoned.
_STOP_TIMEOUT_S = 30.0
#: Handler invocations in flight at once; they block on DynamoDB and friends, not on CPU.
_HANDLER_THREADS = 16
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

JsonDict = dict[str, Any]
ManagementAnswer = tuple[AWSResponse, JsonDict]
#: A coroutine function to run on the gateway's loop (websockets' send and close, bound to their arguments).
LoopCall = Callable[[], Awaitable[Any]]


class WebsocketStartError(RuntimeError):
    pass


def new_aws_id() -> str:
    """An id shaped like API Gateway's connection and request ids: base64 of 11 random bytes, e.g. 'L0SM9cOFvHcCIhw='.

    Standard base64 on purpose (it may contain '+' and '/', as real ids can), so code that puts ids into URLs or
    keys meets them locally first.
    """
    return base64.b64encode(secrets.token_bytes(11)).decode("ascii")


def _request_time(epoch: float) -> str:
    # API Gateway's CLF-style requestTime ("09/Feb/2024:12:00:00 +0000"); month names fixed, not locale-dependent.
    t = time.gmtime(epoch)
    return f"{t.tm_mday:02d}/{_MONTHS[t.tm_mon - 1]}/{t.tm_year}:{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} +0000"


def _host_port(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _multi_to_single(multi: dict[str, list[str]]) -> dict[str, str]:
    # API Gateway's single-value maps keep the last value of a repeated name.
    return {name: values[-1] for name, values in multi.items()}


def _http_response(status: int, body: str, content_type: str = "application/json") -> Response:
    """A handshake refusal with any status the `$connect` handler chose (websockets' own helper only takes
    statuses known to http.HTTPStatus)."""
    try:
        phrase = http.HTTPStatus(status).phrase
    except ValueError:
        phrase = "Unknown"
    data = body.encode("utf-8")
    headers = Headers(
        [("Connection", "close"), ("Content-Length", str(len(data))), ("Content-Type", content_type)]
    )
    return Response(status, phrase, headers, data)


def _management_answer(status: int, parsed: JsonDict) -> ManagementAnswer:
    """What botocore's `before-call` short-circuit expects: (http response, parsed response)."""
    parsed["ResponseMetadata"] = {
        "RequestId": new_aws_id(),
        "HTTPStatusCode": status,
        "HTTPHeaders": {},
        "RetryAttempts": 0,
    }
    return AWSResponse("", status, HTTPHeaders(), None), parsed


def _management_error(status: int, code: str, message: str) -> ManagementAnswer:
    # botocore raises client.exceptions.<code>; Chalice turns GoneException into WebsocketDisconnectedError.
    return _management_answer(status, {"Error": {"Code": code, "Message": message}})


def _body_bytes(body: Any) -> bytes:
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "read"):  # Data given as a file object
        data = body.read()
        return data.encode("utf-8") if isinstance(data, str) else bytes(data)
    return b""


def _utc(epoch: float) -> datetime.datetime:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC)


@dataclass
class _Connection:
    id: str
    ws: ServerConnection
    connected_at: float
    source_ip: str
    user_agent: str
    last_active: float
    #: Sec-WebSocket-Protocol chosen by the `$connect` answer, echoed in the handshake as API Gateway does.
    subprotocol: str | None = None


class WebsocketGatewayComponent:
    name = "websocket"

    def __init__(self, runtime: LambdaRuntime, host: str, port: int) -> None:
        self._runtime = runtime
        self._host = host
        self._port = port
        self._routes: dict[str, str | None] = {}
        #: Open connections by id; read by worker threads (pushes), written by the event loop.
        self._connections: dict[str, _Connection] = {}
        self._lock = threading.Lock()
        #: Accepted by `$connect`, handshake not finished yet (event loop only).
        self._pending: dict[ServerConnection, _Connection] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._loop_thread: int | None = None
        self._stop_requested: asyncio.Event | None = None
        self._ready = threading.Event()
        self._start_error: OSError | None = None
        self._thread: threading.Thread | None = None
        self._executor: concurrent.futures.ThreadPoolExecutor | None = None
        self.domain = ""
        self.url = ""

    # --- component -------------------------------------------------------------------------------------------

    def start(self) -> None:
        app = self._runtime.app
        self._routes = {route: self._runtime.websocket_handler(route) for route in ROUTES}
        if not any(self._routes.values()):
            log.info("websocket: the app has no WebSocket handlers; gateway not started")
            return
        self.attach_management_api(app)
        self._executor = concurrent.futures.ThreadPoolExecutor(_HANDLER_THREADS, thread_name_prefix="ws-lambda")
        self._thread = threading.Thread(target=self._run_loop, name="websocket-gateway", daemon=True)
        self._thread.start()
        if not self._ready.wait(_START_TIMEOUT_S):
            raise WebsocketStartError(f"the WebSocket gateway did not start within {_START_TIMEOUT_S:.0f} s")
        if self._start_error is not None:
            self._thread.join()
            self._thread = None
            self._executor.shutdown(wait=False)
            raise WebsocketStartError(
                f"cannot listen on {self._host}:{self._port} ({self._start_error.strerror}); "
                "set PLAYGROUND_WS_PORT to another port, or 0 for any free one"
            ) from self._start_error
        # What the app reads to name its endpoint and stage outside a WebSocket event (an SQS-triggered push) and
        # to tell clients where to connect; on AWS the deployment sets these.
        os.environ["PLAYGROUND_WS_DOMAIN"] = self.domain
        os.environ["PLAYGROUND_WS_STAGE"] = self._runtime.api_gateway_stage
        os.environ["PLAYGROUND_WS_URL"] = self.url

    def stop(self) -> None:
        loop, stop_requested = self._loop, self._stop_requested
        if loop is not None and stop_requested is not None:
            try:
                loop.call_soon_threadsafe(stop_requested.set)
            except RuntimeError:
                pass  # the loop already ended
        if self._thread is not None:
            self._thread.join(_STOP_TIMEOUT_S)
            if self._thread.is_alive():
                log.warning("websocket: $disconnect handlers still running after %.0f s; not waiting", _STOP_TIMEOUT_S)
            self._thread = None
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None

    def endpoints(self) -> dict[str, str]:
        return {"ws_url": self.url} if self.url else {}

    # --- the management API (called from the app's threads) -------------------------------------------------

    def attach_management_api(self, app: Chalice) -> None:
        """Answer the app's `apigatewaymanagementapi` calls here; see the module docstring for why this way."""
        api = app.websocket_api
        if api.session is None:
            api.session = boto3.session.Session(region_name=REGION)
        # botocore-stubs declare handlers as returning None, but a before-call handler's answer replaces the call.
        api.session.events.register(
            "before-call.apigatewaymanagementapi", self._management_call  # type: ignore[arg-type]
        )
        # On Lambda each container runs one invocation at a time; here WebSocket, SQS and REST handlers share the
        # app, and the first pushes may create their clients concurrently from this one session, which boto3 does
        # not make thread-safe. Creating a client once now loads the session's model and credentials caches.
        api.session.client("apigatewaymanagementapi", endpoint_url="https://warm-up.invalid")

    def _management_call(self, model: Any, params: JsonDict, **_: Any) -> ManagementAnswer | None:
        # The connection id is the last path segment, percent-encoded by botocore ('=' and '/' included).
        connection_id = unquote(str(params.get("url_path", "")).rsplit("/", 1)[-1])
        operation = model.name
        if operation == "PostToConnection":
            data = _body_bytes(params.get("body"))
            if len(data) > MAX_MESSAGE_BYTES:
                return _management_error(413, "PayloadTooLargeException", "Message too long")
            return self._post(connection_id, data)
        if operation == "DeleteConnection":
            return self._delete(connection_id)
        if operation == "GetConnection":
            return self._describe(connection_id)
        return None  # an operation this gateway does not know: let botocore fail as it would

    def _connection(self, connection_id: str) -> _Connection | None:
        with self._lock:
            return self._connections.get(connection_id)

    def _post(self, connection_id: str, data: bytes) -> ManagementAnswer:
        conn = self._connection(connection_id)
        if conn is None:
            return _management_error(410, "GoneException", "")
        try:
            message: str | bytes = data.decode("utf-8")
        except UnicodeDecodeError:
            message = data  # not text: a binary frame, the only way to deliver it unchanged
        if not self._run_in_loop(functools.partial(conn.ws.send, message)):
            return _management_error(410, "GoneException", "")
        conn.last_active = time.time()
        return _management_answer(200, {})

    def _delete(self, connection_id: str) -> ManagementAnswer:
        with self._lock:
            conn = self._connections.pop(connection_id, None)  # gone for pushes at once, as on API Gateway
        if conn is None:
            return _management_error(410, "GoneException", "")
        # Not waiting for the close handshake: API Gateway answers at once. The handler then runs $disconnect.
        self._run_in_loop(functools.partial(conn.ws.close, 1000, "Connection deleted"), wait=False)
        return _management_answer(204, {})

    def _describe(self, connection_id: str) -> ManagementAnswer:
        conn = self._connection(connection_id)
        if conn is None:
            return _management_error(410, "GoneException", "")
        return _management_answer(
            200,
            {
                "ConnectedAt": _utc(conn.connected_at),
                "Identity": {"SourceIp": conn.source_ip, "UserAgent": conn.user_agent},
                "LastActiveAt": _utc(conn.last_active),
            },
        )

    def _run_in_loop(self, make: LoopCall, wait: bool = True) -> bool:
        """Run the coroutine `make()` on the gateway's loop from an app thread; answer False if the connection
        closed meanwhile (or the gateway stopped)."""
        loop = self._loop
        if loop is None or loop.is_closed():
            return False
        if threading.get_ident() == self._loop_thread:
            # Blocking here would deadlock the loop (only reachable from code running on it): schedule and go on.
            asyncio.ensure_future(make(), loop=loop)
            return True
        coroutine = _awaitable(make)
        try:
            future = asyncio.run_coroutine_threadsafe(coroutine, loop)
        except RuntimeError:
            coroutine.close()  # the loop closed between the check and now; never scheduled, never awaited
            return False
        if not wait:
            return True
        try:
            future.result(_SEND_TIMEOUT_S)
        except ConnectionClosed:
            return False
        except TimeoutError:
            if loop.is_closed():
                return False  # the gateway stopped before running it
            # A slow reader; the frame stays queued, as API Gateway accepts and delivers later.
            log.warning("websocket: a push did not finish within %.0f s; leaving it queued", _SEND_TIMEOUT_S)
        return True

    # --- the server (event loop thread) -----------------------------------------------------------------------

    def _run_loop(self) -> None:
        try:
            asyncio.run(self._serve())
        finally:
            self._ready.set()  # never leave start() waiting, even if the loop died before it was ready

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop_thread = threading.get_ident()
        self._stop_requested = asyncio.Event()
        try:
            server: Server = await serve(
                self._handle,
                self._host,
                self._port,
                process_request=self._on_handshake,
                process_response=self._on_handshake_response,
                # API Gateway offers no compression, sends no pings of its own and refuses messages over 128 KB.
                compression=None,
                ping_interval=None,
                max_size=MAX_MESSAGE_BYTES,
                open_timeout=_HANDSHAKE_TIMEOUT_S,
                server_header=None,
            )
        except OSError as exc:
            self._start_error = exc
            return
        port = int(next(iter(server.sockets)).getsockname()[1])
        self.domain = _host_port(self._host, port)
        self.url = f"ws://{self.domain}/{self._runtime.api_gateway_stage}"
        self._ready.set()
        await self._stop_requested.wait()
        # Closes open connections with 1001 (going away); each handler then runs $disconnect, and wait_closed
        # waits for them, so the app forgets its connections before the final state snapshot.
        server.close(close_connections=True)
        await server.wait_closed()

    async def _invoke(self, name: str, event: JsonDict) -> Any:
        # The app's handlers are synchronous and do blocking I/O: run them off the loop, as separate invocations.
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._runtime.invoke, name, event)

    async def _on_handshake(self, ws: ServerConnection, request: Request) -> Response | None:
        if request.headers.get("Upgrade", "").lower() != "websocket":
            # Plain HTTP (a browser tab on the URL): no $connect for what is no connection. Answered here rather
            # than by websockets, which would log a traceback for each such request.
            response = _http_response(426, "WebSocket upgrade required\n", "text/plain; charset=utf-8")
            response.headers["Upgrade"] = "websocket"
            return response
        path, _, query = request.path.partition("?")
        if path.rstrip("/") not in ("", f"/{self._runtime.api_gateway_stage}"):
            return _http_response(403, json.dumps({"message": "Forbidden"}))
        now = time.time()
        remote = ws.remote_address
        conn = _Connection(
            id=new_aws_id(),
            ws=ws,
            connected_at=now,
            source_ip=str(remote[0]) if remote else "127.0.0.1",
            user_agent=request.headers.get("User-Agent", ""),
            last_active=now,
        )
        route = self._routes["$connect"]
        if route is not None:
            event = self._connect_event(conn, request, query)
            try:
                result = await self._invoke(route, event)
            except Exception:
                # A failed $connect integration: API Gateway answers 502 and the client sees nothing more.
                log.exception("websocket: %s raised; connection refused with 502", route)
                return _http_response(502, json.dumps({"message": "Internal server error"}))
            status, body, headers = _connect_answer(result)
            if not 200 <= status < 300:
                return _http_response(status, body, headers.get("Content-Type") or _guess_type(body))
            conn.subprotocol = headers.get("Sec-WebSocket-Protocol")
        self._pending[ws] = conn
        return None

    async def _on_handshake_response(self, ws: ServerConnection, request: Request, response: Response) -> None:
        if response.status_code != 101:
            # websockets refused the upgrade (a malformed handshake) after $connect accepted it: the app recorded a
            # connection that will never open, so it hears $disconnect, as for any connection that ends.
            refused = self._pending.pop(ws, None)
            if refused is not None:
                await self._on_disconnect(refused, 1006, "handshake failed")
            return
        conn = self._pending.get(ws)
        if conn is not None and conn.subprotocol:
            response.headers["Sec-WebSocket-Protocol"] = conn.subprotocol

    async def _handle(self, ws: ServerConnection) -> None:
        conn = self._pending.pop(ws, None)
        if conn is None:  # not accepted by _on_handshake; cannot happen, but never serve an unknown connection
            await ws.close(1011)
            return
        with self._lock:
            self._connections[conn.id] = conn
        log.debug("websocket: %s connected from %s", conn.id, conn.source_ip)
        # Each message is its own invocation, concurrent with the next, as on API Gateway.
        in_flight: set[asyncio.Task[None]] = set()
        try:
            async for message in ws:
                conn.last_active = time.time()
                task = asyncio.create_task(self._on_message(conn, message))
                in_flight.add(task)
                task.add_done_callback(in_flight.discard)
        except ConnectionClosed:
            pass
        finally:
            with self._lock:
                self._connections.pop(conn.id, None)
            if in_flight:
                await asyncio.gather(*in_flight, return_exceptions=True)
            await self._on_disconnect(conn, ws.close_code, ws.close_reason)

    async def _on_message(self, conn: _Connection, message: str | bytes) -> None:
        request_id = new_aws_id()
        route = self._routes["$default"]
        if route is None:
            await _send_error(conn, "Forbidden", request_id)  # API Gateway's answer when no route matches
            return
        try:
            await self._invoke(route, self._message_event(conn, message, request_id))
        except Exception:
            log.exception("websocket: %s raised", route)
            # What API Gateway sends the client when the integration fails.
            await _send_error(conn, "Internal server error", request_id)

    async def _on_disconnect(self, conn: _Connection, code: int | None, reason: str | None) -> None:
        log.debug("websocket: %s disconnected (%s)", conn.id, code)
        route = self._routes["$disconnect"]
        if route is None:
            return
        try:
            await self._invoke(route, self._disconnect_event(conn, code, reason))
        except Exception:
            log.exception("websocket: %s raised", route)

    # --- events shaped like API Gateway's -------------------------------------------------------------------

    def _request_context(self, conn: _Connection, route_key: str, event_type: str, request_id: str) -> JsonDict:
        now = time.time()
        return {
            "routeKey": route_key,
            "eventType": event_type,
            "extendedRequestId": request_id,
            "requestTime": _request_time(now),
            "messageDirection": "IN",
            "stage": self._runtime.api_gateway_stage,
            "connectedAt": int(conn.connected_at * 1000),
            "requestTimeEpoch": int(now * 1000),
            "identity": {"sourceIp": conn.source_ip, "userAgent": conn.user_agent},
            "requestId": request_id,
            "domainName": self.domain,
            "connectionId": conn.id,
            "apiId": API_ID,
        }

    def _connect_event(self, conn: _Connection, request: Request, query: str) -> JsonDict:
        headers: dict[str, list[str]] = {}
        for name, value in request.headers.raw_items():
            headers.setdefault(name, []).append(value)
        # What API Gateway adds in front of the app (it terminates TLS; locally the scheme is plain http).
        headers.setdefault("X-Forwarded-For", [conn.source_ip])
        headers.setdefault("X-Forwarded-Port", [self.domain.rsplit(":", 1)[-1]])
        headers.setdefault("X-Forwarded-Proto", ["http"])
        event: JsonDict = {
            "headers": _multi_to_single(headers),
            "multiValueHeaders": headers,
            "requestContext": self._request_context(conn, "$connect", "CONNECT", new_aws_id()),
            "isBase64Encoded": False,
        }
        params: dict[str, list[str]] = {}
        for name, value in parse_qsl(query, keep_blank_values=True):
            params.setdefault(name, []).append(value)
        if params:  # API Gateway leaves both keys out when the URL has no query string
            event["queryStringParameters"] = _multi_to_single(params)
            event["multiValueQueryStringParameters"] = params
        return event

    def _message_event(self, conn: _Connection, message: str | bytes, request_id: str) -> JsonDict:
        context = self._request_context(conn, "$default", "MESSAGE", request_id)
        context["messageId"] = new_aws_id()
        if isinstance(message, bytes):
            return {
                "requestContext": context,
                "body": base64.b64encode(message).decode("ascii"),
                "isBase64Encoded": True,
            }
        return {"requestContext": context, "body": message, "isBase64Encoded": False}

    def _disconnect_event(self, conn: _Connection, code: int | None, reason: str | None) -> JsonDict:
        context = self._request_context(conn, "$disconnect", "DISCONNECT", new_aws_id())
        context["disconnectStatusCode"] = 1006 if code is None else code  # 1006: closed without a close frame
        context["disconnectReason"] = reason or ""
        headers = {"Host": self.domain, "X-Forwarded-For": conn.source_ip}
        return {
            "headers": headers,
            "multiValueHeaders": {name: [value] for name, value in headers.items()},
            "requestContext": context,
            "isBase64Encoded": False,
        }


def _connect_answer(result: Any) -> tuple[int, str, dict[str, str]]:
    """Status, body and headers from a `$connect` handler's answer (Chalice fills in statusCode 200 if absent)."""
    if not isinstance(result, dict):
        return 200, "", {}
    status = int(result.get("statusCode", 200))
    body = result.get("body")
    text = body if isinstance(body, str) else ("" if body is None else json.dumps(body))
    raw_headers = result.get("headers") or {}
    headers = {str(k): str(v) for k, v in raw_headers.items()} if isinstance(raw_headers, dict) else {}
    # Header names from the handler are matched case-insensitively, as HTTP does.
    canonical = {"content-type": "Content-Type", "sec-websocket-protocol": "Sec-WebSocket-Protocol"}
    return status, text, {canonical.get(k.lower(), k): v for k, v in headers.items()}


def _guess_type(body: str) -> str:
    try:
        json.loads(body)
    except ValueError:
        return "text/plain; charset=utf-8"
    return "application/json"


async def _awaitable(make: LoopCall) -> Any:
    # run_coroutine_threadsafe needs a coroutine object; calling websockets' send/close only once this runs keeps
    # their coroutines from being created in an app thread and left un-awaited if scheduling fails.
    return await make()


async def _send_error(conn: _Connection, message: str, request_id: str) -> None:
    try:
        await conn.ws.send(json.dumps({"message": message, "connectionId": conn.id, "requestId": request_id}))
    except ConnectionClosed:
        pass

