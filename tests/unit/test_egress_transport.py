"""The egress transport against real local servers: what is refused never connects, what is allowed really arrives,
a name is resolved once per connection and the socket goes to that answer, and TLS still checks the URL's host name.

All traffic goes to 127.0.0.1 (and 127.0.0.2, also loopback, for the rebinding proof). Names are answered by fake
resolvers; connections to anything else are intercepted by a backend that records them and refuses.
"""

from __future__ import annotations

import datetime
import ipaddress
import socket
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpcore
import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from chalicelib.executor.egress import EgressBlocked, EgressPolicy, Pin, ResolutionFailed, make_transport

PUBLIC_V4 = "93.184.215.14"
HOSTED = EgressPolicy.from_settings("hosted", "", "")
LOCAL = EgressPolicy.from_settings("local", "", "")


# --------------------------------------------------------------------------------------------------------------------
# A small recording HTTP(S) server
# --------------------------------------------------------------------------------------------------------------------


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # else ~40 ms per keep-alive response (Nagle + delayed ACK)
    server: RecordingServer

    def do_GET(self) -> None:  # noqa: N802 (the http.server naming)
        address = self.server.host
        self.server.requests.append({"path": self.path, "host": self.headers.get("Host"), "server": address})
        body = f"hello from {address} {self.path}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


class RecordingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int = 0, tls: ssl.SSLContext | None = None) -> None:
        self.requests: list[dict[str, Any]] = []
        self.accepted = 0
        self.snis: list[str | None] = []
        self.errors: list[BaseException] = []
        self.tls = tls
        if tls is not None:
            tls.sni_callback = self._record_sni
        super().__init__((host, port), Handler)
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    @property
    def host(self) -> str:
        return str(self.server_address[0])

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def _record_sni(self, _obj: Any, name: str | None, _ctx: Any) -> None:
        self.snis.append(name)

    def verify_request(self, request: Any, client_address: Any) -> bool:
        self.accepted += 1  # every TCP connection accepted, whether or not a request follows
        return True

    def finish_request(self, request: Any, client_address: Any) -> None:
        if self.tls is not None:  # handshake in the connection's own thread, not the accept loop
            request = self.tls.wrap_socket(request, server_side=True)
        super().finish_request(request, client_address)

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        self.errors.append(sys.exc_info()[1] or RuntimeError("unknown"))

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


@pytest.fixture
def server() -> Iterator[RecordingServer]:
    srv = RecordingServer("127.0.0.1")
    yield srv
    srv.stop()


class FakeResolver:
    """getaddrinfo-shaped; answers[i] is the answer to the i-th lookup (the last one repeats)."""

    def __init__(self, *answers: list[str]) -> None:
        self.answers = answers
        self.calls: list[str] = []

    def __call__(self, host: str, port: int, family: int = 0, type: int = 0, proto: int = 0,
                 flags: int = 0) -> list[tuple[int, int, int, str, tuple[Any, ...]]]:
        answer = self.answers[min(len(self.calls), len(self.answers) - 1)]
        self.calls.append(host)
        out: list[tuple[int, int, int, str, tuple[Any, ...]]] = []
        for a in answer:
            v6 = ipaddress.ip_address(a).version == 6
            out.append((socket.AF_INET6 if v6 else socket.AF_INET, socket.SOCK_STREAM, 6, "",
                        (a, port, 0, 0) if v6 else (a, port)))
        return out


class LoopbackOnly(httpcore.NetworkBackend):
    """Real connections to 127.0.0.1 only; any other address is recorded and refused, so the tests never leave the
    machine. Being real for loopback matters: a second lookup answering 127.0.0.1 would really reach the server."""

    def __init__(self) -> None:
        self.real = httpcore.SyncBackend()
        self.attempts: list[tuple[str, int]] = []

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        self.attempts.append((host, port))
        if host == "127.0.0.1":
            return self.real.connect_tcp(host, port, timeout, local_address, socket_options)
        raise httpcore.ConnectError(f"test backend: not connecting to {host}")


def control_request(srv: RecordingServer) -> None:
    """One allowed request after a refused one. Connections are accepted in order, so once this one is served any
    connection the refused request had made would have been counted already."""
    with httpx.Client(transport=make_transport(LOCAL), timeout=5) as client:
        assert client.get(f"http://127.0.0.1:{srv.port}/control").status_code == 200
    assert srv.accepted == 1
    assert [r["path"] for r in srv.requests] == ["/control"]


# --------------------------------------------------------------------------------------------------------------------
# (a) refused before any connection
# --------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("host", [
    pytest.param("127.0.0.1", id="literal"),
    pytest.param("2130706433", id="integer"),
    pytest.param("127.1", id="short"),
    pytest.param("localhost", id="localhost"),
    pytest.param("loopback.test", id="name-to-loopback"),
])
def test_hosted_mode_refuses_loopback_before_connecting(server: RecordingServer, host: str) -> None:
    resolver = FakeResolver(["127.0.0.1"])
    with httpx.Client(transport=make_transport(HOSTED, resolver=resolver), timeout=5) as client:
        with pytest.raises(EgressBlocked) as info:
            client.get(f"http://{host}:{server.port}/secret")
    assert info.value.code == "EGRESS_BLOCKED"
    assert host in str(info.value)
    assert resolver.calls == (["loopback.test"] if host == "loopback.test" else [])
    control_request(server)


# --------------------------------------------------------------------------------------------------------------------
# (b) DNS rebinding: one lookup per connection, and the socket goes to that answer
# --------------------------------------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def record_getaddrinfo(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every host the socket layer itself looks up (SyncBackend's create_connection calls socket.getaddrinfo).

    Names are refused here rather than looked up, so even a regression that connects by name makes no real query.
    """
    seen: list[str] = []
    real = socket.getaddrinfo

    def spy(host: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(host)
        try:
            ipaddress.ip_address(host)
        except ValueError:
            raise socket.gaierror(socket.EAI_NONAME, f"test: no real lookup of {host!r}") from None
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", spy)
    return seen


def test_local_mode_connects_to_the_first_answer_without_a_second_lookup(server: RecordingServer,
                                                                          record_getaddrinfo: list[str]) -> None:
    try:
        other = RecordingServer("127.0.0.2", server.port)  # same port, the other loopback address
    except OSError as exc:
        pytest.skip(f"cannot bind 127.0.0.2 here: {exc}")
    try:
        resolver = FakeResolver(["127.0.0.1"], ["127.0.0.2"])  # a rebinding DNS: a different answer each time
        url = f"http://rebind.test:{server.port}/"
        with httpx.Client(transport=make_transport(LOCAL, resolver=resolver), timeout=5) as client:
            first = client.get(url + "one")
            again = client.get(url + "two")  # kept-alive connection: no lookup at all
        assert (first.text, again.text) == ("hello from 127.0.0.1 /one", "hello from 127.0.0.1 /two")
        assert resolver.calls == ["rebind.test"]
        assert record_getaddrinfo == ["127.0.0.1"]  # the socket layer only ever saw the checked address
        assert [r["host"] for r in server.requests] == [f"rebind.test:{server.port}"] * 2  # Host is the name
        assert other.accepted == 0 and other.requests == []

        # A new connection asks once more and goes where that answer says.
        with httpx.Client(transport=make_transport(LOCAL, resolver=resolver), timeout=5) as client:
            assert client.get(url + "three").text == "hello from 127.0.0.2 /three"
        assert resolver.calls == ["rebind.test"] * 2
        assert server.accepted == 1 and other.accepted == 1
    finally:
        other.stop()


def test_hosted_mode_rebinding_to_loopback_never_reaches_the_server(server: RecordingServer,
                                                                     record_getaddrinfo: list[str]) -> None:
    resolver = FakeResolver([PUBLIC_V4], ["127.0.0.1"])  # public for the check, loopback for any later lookup
    backend = LoopbackOnly()
    transport = make_transport(HOSTED, resolver=resolver, network_backend=backend)
    with httpx.Client(transport=transport, timeout=5) as client:
        with pytest.raises(httpx.ConnectError, match="not connecting to 93.184.215.14"):
            client.get(f"http://rebind.test:{server.port}/secret")
    assert backend.attempts == [(PUBLIC_V4, server.port)]  # connected (tried) the checked answer, only
    assert resolver.calls == ["rebind.test"]
    assert record_getaddrinfo == []
    control_request(server)


def test_hosted_mode_refuses_a_name_with_any_loopback_answer(server: RecordingServer) -> None:
    resolver = FakeResolver([PUBLIC_V4, "127.0.0.1"])
    backend = LoopbackOnly()
    with httpx.Client(transport=make_transport(HOSTED, resolver=resolver, network_backend=backend), timeout=5) as c:
        with pytest.raises(EgressBlocked, match="resolves to 127.0.0.1, a loopback address"):
            c.get(f"http://mixed.test:{server.port}/")
    assert backend.attempts == []
    control_request(server)


# --------------------------------------------------------------------------------------------------------------------
# (c) local mode reaches the server; DNS time and the pin are reported
# --------------------------------------------------------------------------------------------------------------------


def test_local_mode_reaches_the_local_server(server: RecordingServer) -> None:
    transport_events: list[tuple[str, dict[str, Any]]] = []
    request_events: list[tuple[str, dict[str, Any]]] = []
    resolver = FakeResolver(["127.0.0.1"])
    transport = make_transport(LOCAL, resolver=resolver, trace=lambda e, i: transport_events.append((e, i)))
    with httpx.Client(transport=transport, timeout=5) as client:
        literal = client.get(f"http://127.0.0.1:{server.port}/literal")
        named = client.get(f"http://api.test:{server.port}/named",
                           extensions={"trace": lambda e, i: request_events.append((e, i))})
        pin = named.extensions["network_stream"].get_extra_info("egress_pin")
    assert (literal.status_code, literal.text) == (200, "hello from 127.0.0.1 /literal")
    assert (named.status_code, named.text) == (200, "hello from 127.0.0.1 /named")
    assert pin == Pin("api.test", "127.0.0.1", server.port, pin.dns_ms)
    assert resolver.calls == ["api.test"]

    names = [e for e, _ in request_events]
    assert names.index("connection.connect_tcp.started") < names.index("egress.dns.complete") \
        < names.index("connection.connect_tcp.complete")
    dns = dict(request_events)["egress.dns.complete"]
    assert dns["host"] == "api.test" and dns["addresses"] == ["127.0.0.1"] and dns["literal"] is False
    assert isinstance(dns["dns_ms"], float) and dns["dns_ms"] >= 0
    assert [i["literal"] for e, i in transport_events if e == "egress.dns.complete"] == [True, False]


def test_next_checked_address_is_tried_when_one_refuses() -> None:
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()  # nothing listens on 127.0.0.1:port now
    srv = RecordingServer("127.0.0.1", port)
    try:
        # ::1 is checked too, and refuses (nothing listens there), so the connection falls through to 127.0.0.1
        resolver = FakeResolver(["::1", "127.0.0.1"])
        with httpx.Client(transport=make_transport(LOCAL, resolver=resolver), timeout=5) as client:
            response = client.get(f"http://dual.test:{port}/")
        assert response.extensions["network_stream"].get_extra_info("egress_pin").address == "127.0.0.1"
        assert srv.requests[0]["path"] == "/"
    finally:
        srv.stop()


def test_dns_failure_is_a_connect_error_with_the_resolver_error_as_cause() -> None:
    def failing(host: str, port: int, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    events: list[str] = []
    with httpx.Client(transport=make_transport(HOSTED, resolver=failing, trace=lambda e, i: events.append(e))) as c:
        with pytest.raises(httpx.ConnectError) as info:
            c.get("http://nowhere.test/")
    assert str(info.value) == "could not resolve nowhere.test: [Errno -2] Name or service not known"
    cause = info.value.__cause__
    assert isinstance(cause, ResolutionFailed)  # how the executor tells DNS_FAILURE from CONNECTION_REFUSED
    assert cause.host == "nowhere.test" and isinstance(cause.error, socket.gaierror)
    assert events == ["egress.dns.failed"]


# --------------------------------------------------------------------------------------------------------------------
# (d) team mode: the CIDR allow-list opens exactly what it lists
# --------------------------------------------------------------------------------------------------------------------


def test_team_mode_cidr_allow_list(server: RecordingServer) -> None:
    listed = EgressPolicy.from_settings("team", "127.0.0.0/8", "")
    with httpx.Client(transport=make_transport(listed), timeout=5) as client:
        assert client.get(f"http://127.0.0.1:{server.port}/team").text == "hello from 127.0.0.1 /team"
    assert server.accepted == 1

    unlisted = EgressPolicy.from_settings("team", "10.0.0.0/8", "")
    with httpx.Client(transport=make_transport(unlisted), timeout=5) as client:
        with pytest.raises(EgressBlocked, match="this deployment does not allow it"):
            client.get(f"http://127.0.0.1:{server.port}/team")
    assert server.accepted == 1


def test_team_mode_host_allow_list(server: RecordingServer) -> None:
    # A listed name may resolve to a private address: the connection is attempted (to the checked address).
    backend = LoopbackOnly()
    policy = EgressPolicy.from_settings("team", "", "*.corp.test")
    with httpx.Client(transport=make_transport(policy, resolver=FakeResolver(["10.9.9.9"]), network_backend=backend),
                      timeout=5) as client:
        with pytest.raises(httpx.ConnectError, match="not connecting to 10.9.9.9"):
            client.get(f"http://api.corp.test:{server.port}/")
        with pytest.raises(EgressBlocked, match="api.other.test resolves to 10.9.9.9"):
            client.get(f"http://api.other.test:{server.port}/")
    assert backend.attempts == [("10.9.9.9", server.port)]

    # Loopback needs the CIDR allow-list too: naming the host alone does not open this machine.
    resolver = FakeResolver(["127.0.0.1"])
    with httpx.Client(transport=make_transport(policy, resolver=resolver), timeout=5) as client:
        with pytest.raises(EgressBlocked, match="host allow-list opens private addresses only"):
            client.get(f"http://api.corp.test:{server.port}/")
    assert server.accepted == 0
    both = EgressPolicy.from_settings("team", "127.0.0.0/8", "*.corp.test")
    with httpx.Client(transport=make_transport(both, resolver=resolver), timeout=5) as client:
        assert client.get(f"http://api.corp.test:{server.port}/").status_code == 200
    assert server.accepted == 1


# --------------------------------------------------------------------------------------------------------------------
# (e) TLS verifies the URL's host name, not the address connected to
# --------------------------------------------------------------------------------------------------------------------


def _certificates(tmp_path: Path, name: str) -> tuple[bytes, Path, Path]:
    """A CA and a server certificate for `name` (DNS SAN only), signed by it."""
    now = datetime.datetime.now(datetime.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "egress test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
          .not_valid_after(now + datetime.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                       content_commitment=False, key_encipherment=False, data_encipherment=False,
                                       key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder().subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "server.pem", tmp_path / "server.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return ca.public_bytes(serialization.Encoding.PEM), cert_file, key_file


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[RecordingServer, bytes]]:
    ca_pem, cert_file, key_file = _certificates(tmp_path, "example.test")
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert_file, key_file)
    srv = RecordingServer("127.0.0.1", tls=ctx)
    yield srv, ca_pem
    srv.stop()


def test_tls_verifies_the_original_host_name(tls_server: tuple[RecordingServer, bytes]) -> None:
    srv, ca_pem = tls_server
    resolver = FakeResolver(["127.0.0.1"])
    trust = ssl.create_default_context(cadata=ca_pem.decode())  # only our test CA
    with httpx.Client(transport=make_transport(LOCAL, verify=trust, resolver=resolver), timeout=5) as client:
        ok = client.get(f"https://example.test:{srv.port}/tls")
        assert (ok.status_code, ok.text) == (200, "hello from 127.0.0.1 /tls")
        assert ok.extensions["network_stream"].get_extra_info("egress_pin").address == "127.0.0.1"
        assert ok.extensions["network_stream"].get_extra_info("ssl_object") is not None

        # Same server, same address, another name: the certificate does not match it.
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED|[Hh]ostname mismatch"):
            client.get(f"https://other.test:{srv.port}/tls")
        # And the address itself is not what is verified (the certificate has no IP SAN).
        with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED|IP address mismatch"):
            client.get(f"https://127.0.0.1:{srv.port}/tls")
    assert srv.snis == ["example.test", "other.test", None]  # SNI is the URL's name (none for an IP)
    assert [r["path"] for r in srv.requests] == ["/tls"]


def test_http2_transport_builds_with_h2_installed() -> None:
    # h2 is a runtime dependency (requirements.txt): a request that asks for HTTP/2 gets a transport that speaks it.
    transport = make_transport(HOSTED, http2=True)
    assert transport is not None
    transport.close()


# --------------------------------------------------------------------------------------------------------------------
# (f) a cancel reaches a server that never answers, and a lookup has a timeout of its own
# --------------------------------------------------------------------------------------------------------------------


def _silent_server() -> tuple[socket.socket, int]:
    """Accepts connections (the kernel does, from the backlog) and never answers a byte."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    return listener, listener.getsockname()[1]


def _prepared(url: str, timeout_ms: int) -> Any:
    from chalicelib.executor.model import PreparedRequest

    return PreparedRequest(method="GET", url=url, timeout_ms=timeout_ms)


def test_cancel_stops_a_send_waiting_for_a_server_that_has_not_answered() -> None:
    import time

    from chalicelib.executor.send import send

    listener, port = _silent_server()
    cancel = threading.Event()
    try:
        with httpx.Client(transport=make_transport(LOCAL)) as client:
            threading.Timer(0.3, cancel.set).start()
            started = time.monotonic()
            result = send(_prepared(f"http://127.0.0.1:{port}/never", 30_000), client, cancel=cancel)
            elapsed = time.monotonic() - started
    finally:
        listener.close()
    assert result.error is not None and result.error.code == "CANCELLED", result.error
    assert 0.3 <= elapsed < 2  # not the 30 s timeout


def test_without_a_cancel_a_silent_server_still_times_out_at_the_requests_limit() -> None:
    import time

    from chalicelib.executor.send import send

    listener, port = _silent_server()
    try:
        with httpx.Client(transport=make_transport(LOCAL)) as client:
            started = time.monotonic()
            result = send(_prepared(f"http://127.0.0.1:{port}/never", 400), client, cancel=threading.Event())
            elapsed = time.monotonic() - started
    finally:
        listener.close()
    assert result.error is not None and result.error.code == "TIMEOUT"
    assert 0.4 <= elapsed < 2


def test_keep_alive_connections_work_across_sliced_reads(server: RecordingServer) -> None:
    from chalicelib.executor.send import send

    with httpx.Client(transport=make_transport(LOCAL)) as client:
        results = [send(_prepared(f"http://127.0.0.1:{server.port}/n{i}", 5000), client, cancel=threading.Event())
                   for i in range(3)]
    assert [r.status for r in results] == [200, 200, 200]
    assert results[2].body_text == "hello from 127.0.0.1 /n2"
    assert server.accepted == 1  # one connection, reused


def _hanging_resolver(release: threading.Event) -> Any:
    def resolve(host: str, port: int, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0) -> Any:
        release.wait(10)  # a resolver whose DNS server is gone: getaddrinfo itself has no timeout
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")
    return resolve


def test_a_hanging_lookup_stops_at_the_connect_timeout() -> None:
    import time

    release = threading.Event()
    try:
        with httpx.Client(transport=make_transport(HOSTED, resolver=_hanging_resolver(release))) as client:
            started = time.monotonic()
            with pytest.raises(httpx.ConnectTimeout, match="looking up slow-dns.test took longer than 0.3 s"):
                client.get("http://slow-dns.test/", timeout=httpx.Timeout(5, connect=0.3))
            assert time.monotonic() - started < 2
    finally:
        release.set()


def test_cancel_stops_a_hanging_lookup() -> None:
    import time

    from chalicelib.executor.send import send

    release, cancel = threading.Event(), threading.Event()
    try:
        with httpx.Client(transport=make_transport(HOSTED, resolver=_hanging_resolver(release))) as client:
            threading.Timer(0.2, cancel.set).start()
            started = time.monotonic()
            result = send(_prepared("http://slow-dns.test/", 30_000), client, cancel=cancel)
            assert time.monotonic() - started < 2
    finally:
        release.set()
    assert result.error is not None and result.error.code == "CANCELLED"
