"""The executor's data: what goes in (a prepared request), what comes out (a result), and its failures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Header:
    name: str
    value: str
    #: the value came (partly) from a secret variable: redacted in what we store, dropped on cross-origin redirects
    secret: bool = False


@dataclass
class PreparedRequest:
    """A request with every variable resolved and auth applied, ready to send. Headers keep order and duplicates."""

    method: str
    url: str
    headers: list[Header] = field(default_factory=list)
    body: bytes = b""
    #: secret values that went into this request, for redaction of the request-as-sent and of error messages
    secrets: set[str] = field(default_factory=set)
    follow_redirects: bool = True
    max_redirects: int = 10
    timeout_ms: int = 30_000
    verify_tls: bool = True
    http2: bool = False

    def header(self, name: str) -> str | None:
        low = name.lower()
        return next((h.value for h in self.headers if h.name.lower() == low), None)

    def set_header(self, name: str, value: str, *, secret: bool = False, replace: bool = True) -> None:
        if replace:
            self.headers = [h for h in self.headers if h.name.lower() != name.lower()]
        self.headers.append(Header(name, value, secret))


@dataclass
class Timings:
    """Milliseconds of each phase of the last hop (dns, connect, tls, ttfb, download) and the total of all hops."""

    dns: float = 0.0
    connect: float = 0.0
    tls: float = 0.0
    ttfb: float = 0.0
    download: float = 0.0
    total: float = 0.0


@dataclass
class ExecutionError:
    code: str  # DNS_FAILURE | CONNECTION_REFUSED | TIMEOUT | TLS_ERROR | TOO_MANY_REDIRECTS | EGRESS_BLOCKED | ...
    message: str


@dataclass
class Result:
    ok: bool
    status: int | None = None
    reason: str = ""
    http_version: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    cookies: list[dict[str, Any]] = field(default_factory=list)
    body_text: str | None = None
    body_base64: str | None = None
    body_truncated: bool = False
    size_headers: int = 0
    size_body_compressed: int = 0
    size_body: int = 0
    timings: Timings = field(default_factory=Timings)
    redirects: list[dict[str, Any]] = field(default_factory=list)
    request_sent: dict[str, Any] = field(default_factory=dict)
    error: ExecutionError | None = None
