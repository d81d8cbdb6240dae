"""A capture server: one listening socket on 127.0.0.1 that records each request exactly as it arrived on the wire.

It reads raw bytes rather than going through http.server, because http.server (like every framework) folds header
names, decodes the target and hides duplicates — the very things a generated snippet can get wrong.
"""

from __future__ import annotations

import socket
import ssl
import threading
import time
from dataclasses import dataclass, field


@dataclass
class Captured:
    method: str
    target: bytes
    version: bytes
    #: raw header lines in arrival order: (name, value) as bytes, value stripped of surrounding blanks
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    #: the body with the framing (Content-Length or chunked) taken off
    body: bytes = b""
    chunked: bool = False


#: a target under this prefix is answered `302 Found` with `Location: /<the rest>` (snippets' redirect settings)
REDIRECT_PREFIX = b"/__redirect/"
#: `/__slow/<ms>` is answered after that many milliseconds of silence (snippets' time limits)
SLOW_PREFIX = b"/__slow/"


def _self_signed_context() -> ssl.SSLContext:
    """A server context with a fresh self-signed certificate for 127.0.0.1 (no client can verify it)."""
    global _TLS_CONTEXT
    if _TLS_CONTEXT is None:
        import datetime
        import tempfile
        from ipaddress import ip_address

        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.x509.oid import NameOID

        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "capture.invalid")])
        now = datetime.datetime.now(datetime.UTC)
        cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
                .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
                .not_valid_after(now + datetime.timedelta(days=7))
                .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ip_address("127.0.0.1"))]), False)
                .sign(key, hashes.SHA256()))
        with tempfile.NamedTemporaryFile("wb", suffix=".pem", delete=False) as f:
            f.write(cert.public_bytes(serialization.Encoding.PEM))
            f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption()))
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(f.name)
        _TLS_CONTEXT = ctx
    return _TLS_CONTEXT


_TLS_CONTEXT: ssl.SSLContext | None = None


class CaptureServer:
    """Accepts connections until closed; answers every request `200 OK` (a redirect under REDIRECT_PREFIX) and
    closes the connection. With `tls`, connections are TLS with a self-signed certificate."""

    def __init__(self, tls: bool = False) -> None:
        self.tls = tls
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port: int = self.sock.getsockname()[1]
        self.requests: list[Captured] = []
        self.errors: list[str] = []
        #: TLS handshakes the client broke off (it did not accept the certificate)
        self.refused_tls: list[str] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def base(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def close(self) -> None:
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self) -> CaptureServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        conn.settimeout(20)
        if self.tls:
            try:
                conn = _self_signed_context().wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError) as exc:  # a client that checks the certificate hangs up here
                self.refused_tls.append(f"{type(exc).__name__}: {exc}")
                conn.close()
                return
        reader = _Reader(conn)
        try:
            head = reader.until(b"\r\n\r\n")
            lines = head[:-4].split(b"\r\n")
            method, target, version = lines[0].split(b" ", 2)
            req = Captured(method.decode("latin-1"), target, version)
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                req.headers.append((name, value.strip(b" \t")))
            names = {n.lower(): v for n, v in req.headers}
            if names.get(b"expect", b"").lower() == b"100-continue":
                conn.sendall(b"HTTP/1.1 100 Continue\r\n\r\n")
            if b"chunked" in names.get(b"transfer-encoding", b"").lower():
                req.chunked = True
                req.body = reader.chunked()
            elif b"content-length" in names:
                req.body = reader.exactly(int(names[b"content-length"]))
            self.requests.append(req)
            if req.target.startswith(SLOW_PREFIX):
                time.sleep(int(req.target[len(SLOW_PREFIX):].split(b"?")[0]) / 1000)
            if req.target.startswith(REDIRECT_PREFIX):
                location = b"/" + req.target[len(REDIRECT_PREFIX):]
                conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: " + location
                             + b"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                return
            answer = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\n"
            conn.sendall(answer if req.method == "HEAD" else answer + b"ok")  # a HEAD answer has no body
        except Exception as exc:  # noqa: BLE001 - a malformed request is a finding for the test, not a crash here
            self.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()


class _Reader:
    def __init__(self, conn: socket.socket) -> None:
        self.conn = conn
        self.buf = b""

    def _more(self) -> None:
        chunk = self.conn.recv(65536)
        if not chunk:
            raise EOFError("connection closed early")
        self.buf += chunk

    def until(self, marker: bytes) -> bytes:
        while marker not in self.buf:
            self._more()
        end = self.buf.index(marker) + len(marker)
        out, self.buf = self.buf[:end], self.buf[end:]
        return out

    def exactly(self, n: int) -> bytes:
        while len(self.buf) < n:
            self._more()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def chunked(self) -> bytes:
        body = b""
        while True:
            size = int(self.until(b"\r\n")[:-2].split(b";")[0], 16)
            if size == 0:
                self.until(b"\r\n")  # the blank line after the last chunk (no trailers expected)
                return body
            body += self.exactly(size)
            self.exactly(2)
