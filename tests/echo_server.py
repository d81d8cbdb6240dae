"""A small local HTTP server for executor tests: echoes what it received and misbehaves on request.

Only ever bound to 127.0.0.1. Endpoints: /echo (JSON of the request as received, headers in order with duplicates),
/dup (a response with duplicate headers and two Set-Cookie), /redirect?to=URL&code=302, /hops/N (N redirects),
/big?n=BYTES, /gzip-bomb?n=BYTES, /slow?ms=MS, /drip?n=KIB&ms=MS, /status/CODE.
"""

from __future__ import annotations

import gzip
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

_BOMBS: dict[int, bytes] = {}


def _bomb(n: int) -> bytes:
    """n zero bytes gzipped (about n/1000 bytes on the wire), made once per size."""
    if n not in _BOMBS:
        raw = io.BytesIO()
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=1) as gz:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(n // len(chunk)):
                gz.write(chunk)
        _BOMBS[n] = raw.getvalue()
    return _BOMBS[n]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # keep-alive without the 40 ms Nagle/delayed-ACK stall

    def log_message(self, *args: object) -> None:
        pass

    def _body(self) -> bytes:
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def _send(self, status: int, body: bytes, headers: list[tuple[str, str]] | None = None) -> None:
        self.send_response(status)
        for k, v in headers or []:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _route(self) -> None:
        url = urlsplit(self.path)
        q = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        body = self._body()
        self.server.received.append({"method": self.command, "path": self.path,  # type: ignore[attr-defined]
                                     "headers": list(self.headers.items()), "body": body})
        if url.path == "/dup":
            self._send(200, b"dup", [("Content-Type", "text/plain"), ("X-Dup", "one"), ("X-Dup", "two"),
                                     ("Set-Cookie", "a=1; Path=/; HttpOnly"), ("Set-Cookie", "b=2; Max-Age=60")])
        elif url.path == "/redirect":
            self._send(int(q.get("code", "302")), b"", [("Location", q["to"])])
        elif url.path.startswith("/hops/"):
            n = int(url.path.rsplit("/", 1)[1])
            self._send(302, b"", [("Location", f"/hops/{n - 1}" if n > 1 else "/echo")])
        elif url.path == "/big":
            self._send(200, b"x" * int(q.get("n", "1000")), [("Content-Type", "application/octet-stream")])
        elif url.path == "/gzip-bomb":
            self._send(200, _bomb(int(q.get("n", str(200 * 1024 * 1024)))),
                       [("Content-Type", "text/plain"), ("Content-Encoding", "gzip")])
        elif url.path == "/drip":  # headers at once, then the body a chunk every `ms`
            n, ms = int(q.get("n", "20")), int(q.get("ms", "250"))
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(n * 1024))
            self.end_headers()
            try:
                for _ in range(n):
                    self.wfile.write(b"d" * 1024)
                    self.wfile.flush()
                    time.sleep(ms / 1000)
            except (BrokenPipeError, ConnectionResetError):
                pass
        elif url.path == "/slow":
            time.sleep(int(q.get("ms", "1000")) / 1000)
            self._send(200, b"slow", [("Content-Type", "text/plain")])
        elif url.path.startswith("/status/"):
            self._send(int(url.path.rsplit("/", 1)[1]), b"", [("Content-Type", "text/plain")])
        else:
            echo = {"method": self.command, "path": url.path, "query": url.query,
                    "headers": [[k, v] for k, v in self.headers.items()], "body": body.decode("utf-8", "replace")}
            self._send(200, json.dumps(echo).encode(), [("Content-Type", "application/json")])

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _route

    def handle_one_request(self) -> None:
        # Any method token a client may send (PURGE, PROPFIND, ...) goes to the same router.
        try:
            super().handle_one_request()
        except ConnectionError:
            pass

    def __getattr__(self, name: str) -> object:
        if name.startswith("do_"):
            return self._route
        raise AttributeError(name)


class EchoServer:
    def __init__(self, port: int = 0) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.received = []  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def received(self) -> list[dict[str, object]]:
        return self.httpd.received  # type: ignore[attr-defined, no-any-return]

    def __enter__(self) -> EchoServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    # Standalone, for the browser tests and for trying the UI by hand: `python tests/echo_server.py [PORT]`.
    import sys

    server = EchoServer(int(sys.argv[1]) if len(sys.argv) > 1 else 0)
    print(server.url, flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
