"""Send a prepared request through an httpx client and describe what came back.

Redirects are followed by our own loop, one request per hop, so every hop goes through the egress-checking
transport again and cross-origin hops shed credentials. The body is read raw and decompressed here with a cap on
the output (not only on the input), so a small gzip bomb stops at the cap instead of filling memory.
Every failure is a `Result` with a code and a human message: this module never raises for what a server does.
"""

from __future__ import annotations

import base64
import ssl
import threading
import time
import zlib
from collections.abc import Callable
from http.cookies import CookieError, SimpleCookie
from typing import Any

import httpx

from chalicelib.executor.egress import Cancelled, cancellable, same_origin
from chalicelib.executor.model import ExecutionError, Header, PreparedRequest, Result, Timings

DEFAULT_MAX_BODY = 10 * 1024 * 1024
REDIRECT_CODES = {301, 302, 303, 307, 308}
#: headers that carry credentials: never follow a redirect to another origin
CREDENTIAL_HEADERS = {"authorization", "cookie", "proxy-authorization"}
REDACTED = "<redacted>"
_TEXTUAL = ("text/", "json", "xml", "javascript", "x-www-form-urlencoded", "graphql", "yaml", "csv", "html")


def _redact(text: str, secrets: set[str]) -> str:
    for value in sorted(secrets, key=len, reverse=True):
        if value and len(value) >= 3:
            text = text.replace(value, REDACTED)
    return text


class _Decoder:
    """gzip/deflate with a cap on decompressed output (zlib's max_length), so a bomb cannot expand past it."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.cap = cap
        encoding = encoding.strip().lower()
        if encoding in ("gzip", "x-gzip"):
            self._z: Any = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
            self._deflate_probe = True
        else:
            self._z = None
        self.encoding = encoding

    @property
    def supported(self) -> bool:
        return self._z is not None or self.encoding in ("", "identity")

    def decode(self, chunk: bytes, room: int) -> bytes:
        if self._z is None:
            return chunk[:room]
        try:
            out = self._z.decompress(chunk, room)
        except zlib.error:
            if getattr(self, "_deflate_probe", False):
                # Some servers send raw deflate without the zlib header (as browsers tolerate).
                self._z = zlib.decompressobj(-zlib.MAX_WBITS)
                self._deflate_probe = False
                out = self._z.decompress(chunk, room)
            else:
                raise
        self._deflate_probe = False
        return bytes(out)


class _Trace:
    """httpcore's trace events → phase timings of one hop."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self.clock = clock
        self.marks: dict[str, float] = {}
        self.dns_ms: float = 0.0

    def __call__(self, name: str, info: dict[str, Any]) -> None:
        self.marks[name] = self.clock()
        if name == "egress.dns.complete":  # the egress transport resolves names itself, and says how long it took
            self.dns_ms = float(info.get("dns_ms") or 0.0)

    def span(self, start: str, end: str) -> float:
        a, b = self.marks.get(start), self.marks.get(end)
        return round((b - a) * 1000, 3) if a is not None and b is not None else 0.0

    def first(self, *names: str) -> float | None:
        found = [self.marks[n] for n in names if n in self.marks]
        return min(found) if found else None


def _is_textual(content_type: str) -> bool:
    ct = content_type.lower()
    return any(t in ct for t in _TEXTUAL)


def _cookies(set_cookies: list[str]) -> list[dict[str, Any]]:
    out = []
    for raw in set_cookies:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(raw)
        except CookieError:
            name, _, value = raw.partition(";")[0].partition("=")
            out.append({"name": name.strip(), "value": value.strip(), "raw": raw})
            continue
        for morsel in jar.values():
            cookie: dict[str, Any] = {"name": morsel.key, "value": morsel.value}
            for attr in ("domain", "path", "expires", "max-age", "samesite"):
                if morsel[attr]:
                    cookie[attr.replace("-", "_")] = morsel[attr]
            cookie["secure"] = bool(morsel["secure"])
            cookie["http_only"] = bool(morsel["httponly"])
            out.append(cookie)
    return out


def _error(code: str, message: str, req: PreparedRequest) -> ExecutionError:
    return ExecutionError(code=code, message=_redact(message, req.secrets))


def classify(exc: BaseException, req: PreparedRequest) -> ExecutionError:
    """An exception from the transport → our failure codes, with a message a person can act on."""
    code = getattr(exc, "code", None)
    if code == "EGRESS_BLOCKED":
        return _error("EGRESS_BLOCKED", str(exc), req)
    if isinstance(exc, Cancelled):
        return _error("CANCELLED", "The request was cancelled.", req)
    if isinstance(exc, httpx.TimeoutException):
        phase = {"ConnectTimeout": "connecting", "ReadTimeout": "waiting for the response",
                 "WriteTimeout": "sending the request", "PoolTimeout": "waiting for a connection"}
        return _error("TIMEOUT", f"Timed out {phase.get(type(exc).__name__, 'waiting')} "
                                 f"(limit {req.timeout_ms} ms).", req)
    chain = [exc]
    while chain[-1].__cause__ is not None or chain[-1].__context__ is not None:
        nxt = chain[-1].__cause__ or chain[-1].__context__
        if nxt is None or nxt in chain:
            break
        chain.append(nxt)
    text = " ".join(str(e) for e in chain).lower()
    host = httpx.URL(req.url).host if req.url else ""
    if any(isinstance(e, ssl.SSLError) for e in chain) or "certificate" in text or "ssl" in text:
        return _error("TLS_ERROR", f"TLS handshake with {host} failed: {chain[-1]}", req)
    if "name or service not known" in text or "nodename nor servname" in text or "getaddrinfo" in text \
            or "no address associated" in text or "temporary failure in name resolution" in text:
        return _error("DNS_FAILURE", f"Could not resolve {host}.", req)
    if any(isinstance(e, ConnectionRefusedError) for e in chain) or "connection refused" in text:
        return _error("CONNECTION_REFUSED", f"{host} refused the connection.", req)
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return _error("INVALID_URL", f"The URL cannot be sent: {exc}", req)
    if isinstance(exc, httpx.RemoteProtocolError | httpx.LocalProtocolError):
        return _error("PROTOCOL_ERROR", f"The server broke the HTTP protocol: {exc}", req)
    if isinstance(exc, httpx.NetworkError):
        return _error("NETWORK_ERROR", f"The connection to {host} failed: {exc}", req)
    return _error("SEND_FAILED", f"The request could not be sent: {type(exc).__name__}: {exc}", req)


def _request_sent(req: PreparedRequest, method: str, url: str, headers: list[Header], body: bytes) -> dict[str, Any]:
    preview = body[:65536]
    try:
        body_text: str | None = _redact(preview.decode("utf-8"), req.secrets)
    except UnicodeDecodeError:
        body_text = None
    return {
        "method": method,
        "url": _redact(url, req.secrets),
        "headers": [[h.name, REDACTED if h.secret else _redact(h.value, req.secrets)] for h in headers],
        "body": body_text,
        "body_size": len(body),
        "body_truncated": len(body) > len(preview),
    }


def send(req: PreparedRequest, client: httpx.Client, *, max_body: int = DEFAULT_MAX_BODY,
         cancel: threading.Event | None = None, auth: httpx.Auth | None = None,
         clock: Callable[[], float] = time.perf_counter,
         check_url: Callable[[str], object] | None = None) -> Result:
    """Send `req` (following redirects as it says), read at most `max_body` bytes of body, never raise.

    `check_url` (the egress policy's URL check) runs before every hop; the transport checks every address.
    `cancel` stops it between hops and body chunks, and (on the egress transport) in a lookup or a silent read."""
    with cancellable(cancel):
        return _send(req, client, max_body=max_body, cancel=cancel, auth=auth, clock=clock, check_url=check_url)


def _send(req: PreparedRequest, client: httpx.Client, *, max_body: int, cancel: threading.Event | None,
          auth: httpx.Auth | None, clock: Callable[[], float], check_url: Callable[[str], object] | None) -> Result:
    started = clock()
    deadline = started + req.timeout_ms / 1000
    method, url, body = req.method, req.url, req.body
    headers = list(req.headers)
    redirects: list[dict[str, Any]] = []
    sent = _request_sent(req, method, url, headers, body)
    try:
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled()
            if check_url is not None:
                check_url(url)
            remaining = max(0.001, deadline - clock())
            trace = _Trace(clock)
            request = client.build_request(
                method, url, headers=[(h.name, h.value) for h in headers], content=body or None,
                timeout=httpx.Timeout(remaining), extensions={"trace": trace})
            # httpx would add its own Accept-Encoding etc. only when missing: keep the user's rows as they are.
            sent = _request_sent(req, method, url, headers, body)
            hop_start = clock()
            response = client.send(request, stream=True, auth=auth, follow_redirects=False)
            try:
                location = response.headers.get("location")
                if req.follow_redirects and response.status_code in REDIRECT_CODES and location:
                    redirects.append({"status": response.status_code, "url": _redact(url, req.secrets),
                                      "location": _redact(location, req.secrets)})
                    if len(redirects) > req.max_redirects:
                        return _failure(req, sent, redirects, started, clock, _error(
                            "TOO_MANY_REDIRECTS", f"Stopped after {req.max_redirects} redirects.", req))
                    next_url = response.url.join(location)
                    if not same_origin(response.url, next_url):
                        headers = [h for h in headers if h.name.lower() not in CREDENTIAL_HEADERS and not h.secret]
                        auth = None
                    if response.status_code == 303 or (response.status_code in (301, 302) and method == "POST"):
                        if method != "HEAD":
                            method = "GET"
                        body = b""
                        headers = [h for h in headers if h.name.lower() not in ("content-type", "content-length")]
                    url = str(next_url)
                    continue
                return _read(req, response, trace, sent, redirects, started, hop_start, deadline, max_body,
                             cancel, clock)
            finally:
                response.close()
    except Exception as exc:  # noqa: BLE001 - every failure becomes a result (see module docstring)
        return _failure(req, sent, redirects, started, clock, classify(exc, req))


def _failure(req: PreparedRequest, sent: dict[str, Any], redirects: list[dict[str, Any]], started: float,
             clock: Callable[[], float], error: ExecutionError) -> Result:
    return Result(ok=False, error=error, request_sent=sent, redirects=redirects,
                  timings=Timings(total=round((clock() - started) * 1000, 3)))


def _read(req: PreparedRequest, response: httpx.Response, trace: _Trace, sent: dict[str, Any],
          redirects: list[dict[str, Any]], started: float, hop_start: float, deadline: float, max_body: int,
          cancel: threading.Event | None, clock: Callable[[], float]) -> Result:
    headers_done = clock()
    encoding = response.headers.get("content-encoding", "")
    if response.is_stream_consumed:
        # A response built in memory (httpx.MockTransport in tests) arrives read and decoded already.
        decoder, chunks = _Decoder("identity", max_body), iter([response.content])
    else:
        decoder, chunks = _Decoder(encoding, max_body), response.iter_raw()
    raw_size, kept, truncated = 0, bytearray(), False
    for chunk in chunks:
        if cancel is not None and cancel.is_set():
            raise Cancelled()
        if clock() > deadline:
            raise httpx.ReadTimeout("total time limit reached while reading the body")
        raw_size += len(chunk)
        if decoder.supported:
            room = max_body - len(kept)
            kept += decoder.decode(chunk, room + 1)
            if len(kept) > max_body:
                del kept[max_body:]
                truncated = True
                break
        else:  # an encoding we do not decode (br, zstd): keep the bytes as they came
            kept += chunk[: max_body - len(kept) + 1]
            if len(kept) > max_body:
                del kept[max_body:]
                truncated = True
                break
    done = clock()
    ctype = response.headers.get("content-type", "")
    content = bytes(kept)
    body_text: str | None = None
    body_b64: str | None = None
    if decoder.supported and _is_textual(ctype):
        charset = response.charset_encoding or "utf-8"
        try:
            body_text = content.decode(charset, errors="replace")
        except LookupError:
            body_text = content.decode("utf-8", errors="replace")
    else:
        body_b64 = base64.b64encode(content).decode()
    raw_headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw]
    if req.secrets:
        # A server that echoes a credential back (many do) must not put it into stored results and history.
        body_text = _redact(body_text, req.secrets) if body_text is not None else None
        raw_headers = [(k, _redact(v, req.secrets)) for k, v in raw_headers]
    status_line = len(f"{response.http_version} {response.status_code} {response.reason_phrase}\r\n")
    header_bytes = status_line + sum(len(k) + len(v) + 4 for k, v in raw_headers) + 2
    request_start = trace.first("http11.send_request_headers.started", "http2.send_request_headers.started")
    response_start = trace.first("http11.receive_response_headers.complete",
                                 "http2.receive_response_headers.complete")
    # httpcore's connect span includes the egress transport's DNS lookup: report the two apart.
    connect = trace.span("connection.connect_tcp.started", "connection.connect_tcp.complete")
    timings = Timings(
        dns=round(trace.dns_ms, 3),
        connect=round(max(0.0, connect - trace.dns_ms), 3),
        tls=trace.span("connection.start_tls.started", "connection.start_tls.complete"),
        ttfb=round(((response_start or headers_done) - (request_start or hop_start)) * 1000, 3),
        download=round((done - headers_done) * 1000, 3),
        total=round((done - started) * 1000, 3),
    )
    return Result(
        ok=True, status=response.status_code, reason=response.reason_phrase, http_version=response.http_version,
        headers=raw_headers, cookies=_cookies([v for k, v in raw_headers if k.lower() == "set-cookie"]),
        body_text=body_text, body_base64=body_b64, body_truncated=truncated, size_headers=header_bytes,
        size_body_compressed=raw_size, size_body=len(content), timings=timings, redirects=redirects,
        request_sent=sent)
