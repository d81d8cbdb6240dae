"""What a target must put on the wire for a prepared request: the request itself, changed only by the target's
declared limitations (each code has its exact effect here), and the comparison with what the capture server saw."""

from __future__ import annotations

import email.parser
import email.policy
from dataclasses import dataclass, field

import chalicelib.codegen as cg
from chalicelib.codegen.base import Target, to_wire
from chalicelib.executor.model import PreparedRequest
from tests.codegen.capture import Captured

#: DEFAULTS_KEEP_PLACE: the client's own headers, in the order it sends them, a set value taking their place
#: (content-type counts only when there is a body: that is when these clients add one of their own)
DEFAULT_HEADER_ORDER = {
    "wget": ["user-agent", "accept", "accept-encoding", "host", "connection", "content-type"],
    "httpie": ["user-agent", "accept-encoding", "accept", "connection", "content-type"],
    "python-requests": ["user-agent", "accept-encoding", "accept", "connection"],
    "node-axios": ["accept", "content-type"],
    "ruby-nethttp": ["accept-encoding", "accept", "user-agent", "host"],
}
_CONTENT_TYPE_IS_DEFAULT_ONLY_WITH_BODY = {"wget", "httpie"}


@dataclass
class Expected:
    method: str
    target: bytes
    headers: list[tuple[str, bytes]]
    body: bytes
    #: a request must not arrive at all (the client refuses to send it)
    rejected: bool = False
    #: headers the client adds that must be there, checked and then set aside (name, value)
    required_extra: list[tuple[str, bytes]] = field(default_factory=list)
    #: BINARY_AS_NOTE: the body is in the snippet as a base64 note, not on the wire (checked on the snippet)
    body_as_note: bool = False
    #: the limitation codes that changed something for this request (empty: byte-for-byte)
    applied: list[str] = field(default_factory=list)


def _group(headers: list[tuple[str, bytes]]) -> list[tuple[str, list[bytes]]]:
    out: dict[str, tuple[str, list[bytes]]] = {}
    for name, value in headers:
        out.setdefault(name.lower(), (name, []))[1].append(value)
    return list(out.values())


def _in_query(target: bytes, old: bytes, new: bytes) -> bytes:
    path, sep, query = target.partition(b"?")
    return path + sep + query.replace(old, new)


def expected(req: PreparedRequest, target: Target) -> Expected:
    wire = to_wire(req, include_secrets=True)
    headers = [(n, v.encode()) for n, v in wire.headers]
    exp = Expected(wire.method, wire.parts[3].encode(), headers, wire.body)
    codes = {lim.code for lim in target.limitations}

    def change(code: str, new_headers: list[tuple[str, bytes]]) -> None:
        if new_headers != exp.headers:
            exp.applied.append(code)
            exp.headers = new_headers

    def cookies_joined(last: bool) -> list[tuple[str, bytes]]:
        cookies = [v for n, v in exp.headers if n.lower() == "cookie"]
        if len(cookies) < 2:
            return exp.headers
        first = next(i for i, (n, _) in enumerate(exp.headers) if n.lower() == "cookie")
        joined = (exp.headers[first][0], b"; ".join(cookies))
        rest = [h for h in exp.headers if h[0].lower() != "cookie"]
        return rest + [joined] if last else rest[:first] + [joined] + rest[first:]

    values = [v for _, v in wire.headers]
    if cg.NON_ASCII_HEADER_REJECTED in codes and any(not v.isascii() for v in values):
        exp.applied.append(cg.NON_ASCII_HEADER_REJECTED)
    if cg.NON_LATIN1_HEADER_REJECTED in codes and any(ord(c) > 0xFF for v in values for c in v):
        exp.applied.append(cg.NON_LATIN1_HEADER_REJECTED)
    if exp.applied:
        exp.rejected = True
        return exp
    for code, old, new in ((cg.ENCODES_BRACKETS, b"[", b"%5B"), (cg.ENCODES_BRACKETS, b"]", b"%5D"),
                           (cg.ENCODES_APOSTROPHE, b"'", b"%27")):
        if code in codes and old in exp.target.partition(b"?")[2]:
            exp.target = _in_query(exp.target, old, new)
            exp.applied.append(code)
    if cg.NO_BODY_ON_GET in codes and wire.method in ("GET", "HEAD") and wire.body:
        exp.body = b""
        exp.applied.append(cg.NO_BODY_ON_GET)
    if cg.DROPS_BACKSLASH in codes:
        dropped = [(n, v) for n, v in exp.headers]
        for sep in b":=@;":
            dropped = [(n, v.replace(b"\\" + bytes([sep]), bytes([sep]))) for n, v in dropped]
        change(cg.DROPS_BACKSLASH, dropped)
    if cg.NON_ASCII_HEADER_QMARK in codes:
        change(cg.NON_ASCII_HEADER_QMARK, [(n, "".join(c if c.isascii() else "?" for c in v.decode()).encode())
                                           for n, v in exp.headers])
    if cg.COOKIES_LAST in codes:
        change(cg.COOKIES_LAST, cookies_joined(last=True))
    if cg.JOINS_COOKIES in codes:
        change(cg.JOINS_COOKIES, cookies_joined(last=False))
    if cg.KEEPS_LAST_DUPLICATE in codes:
        change(cg.KEEPS_LAST_DUPLICATE, [(n, vs[-1]) for n, vs in _group(exp.headers)])
    if cg.JOINS_DUPLICATES in codes:
        change(cg.JOINS_DUPLICATES, [(n, b", ".join(vs)) for n, vs in _group(exp.headers)])
    if cg.GROUPS_DUPLICATES in codes:
        change(cg.GROUPS_DUPLICATES, [(n, v) for n, vs in _group(exp.headers) for v in vs])
    if cg.SORTS_HEADERS in codes:
        # Java sends the cookie line after the sorted map (COOKIES_LAST), so it stays out of the sort.
        last = [h for h in exp.headers if h[0].lower() == "cookie"] if cg.COOKIES_LAST in codes else []
        grouped = sorted(_group([h for h in exp.headers if h not in last]), key=lambda g: g[0].lower())
        change(cg.SORTS_HEADERS, [(n, v) for n, vs in grouped for v in vs] + last)
    if cg.DEFAULTS_KEEP_PLACE in codes:
        order = list(DEFAULT_HEADER_ORDER[target.name])
        if target.name in _CONTENT_TYPE_IS_DEFAULT_ONLY_WITH_BODY and not wire.body:
            order.remove("content-type")
        defaults = sorted((h for h in exp.headers if h[0].lower() in order), key=lambda h: order.index(h[0].lower()))
        change(cg.DEFAULTS_KEEP_PLACE, defaults + [h for h in exp.headers if h[0].lower() not in order])
    if cg.ADDS_FORM_CONTENT_TYPE in codes and not wire.has_header("content-type") and wire.body:
        exp.required_extra.append(("content-type", b"application/x-www-form-urlencoded"))
        exp.applied.append(cg.ADDS_FORM_CONTENT_TYPE)
    if cg.BINARY_AS_NOTE in codes and wire.body and wire.text is None:
        exp.body_as_note = True
        exp.applied.append(cg.BINARY_AS_NOTE)
    return exp


def compare(exp: Expected, got: list[Captured], target: Target) -> list[str]:
    """Every difference, as readable lines; empty when the request arrived as expected."""
    if exp.rejected:
        return [f"expected the client to refuse the request, but {len(got)} arrived"] if got else []
    if len(got) != 1:
        return [f"expected exactly one request, the capture server saw {len(got)}"]
    cap = got[0]
    problems = []
    if cap.method != exp.method:
        problems.append(f"method: sent {cap.method!r}, expected {exp.method!r}")
    if cap.target != exp.target:
        problems.append(f"target: sent {cap.target!r}\n        expected {exp.target!r}")
    original = {n.lower() for n, _ in exp.headers}
    ignorable = {h.lower() for h in target.adds_headers} - original
    received = [(n.decode("latin-1"), v) for n, v in cap.headers]
    for name, value in exp.required_extra:
        hits = [(n, v) for n, v in received if n.lower() == name]
        if [v for _, v in hits] != [value]:
            problems.append(f"expected the client to add {name}: {value!r}, got {hits}")
        received = [(n, v) for n, v in received if n.lower() != name]
    kept = [(n.lower(), v) for n, v in received if n.lower() not in ignorable]
    want = [(n.lower(), v) for n, v in exp.headers]
    if kept != want:
        problems.append("headers differ:\n" + _diff(kept, want))
    if not exp.body_as_note and not _same_body(cap.body, exp, cap):
        problems.append(f"body: sent {len(cap.body)} bytes {cap.body[:120]!r}...\n"
                        f"      expected {len(exp.body)} bytes {exp.body[:120]!r}...")
    return problems


def _diff(got: list[tuple[str, bytes]], want: list[tuple[str, bytes]]) -> str:
    lines = []
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else None
        w = want[i] if i < len(want) else None
        mark = "  " if g == w else "!!"
        lines.append(f"      {mark} sent {g!r:60} expected {w!r}")
    return "\n".join(lines)


def _same_body(body: bytes, exp: Expected, cap: Captured) -> bool:
    if body == exp.body:
        return True
    # Multipart from a client that builds its own: the boundary differs, the parts must not.
    ctype = next((v for n, v in cap.headers if n.lower() == b"content-type"), b"")
    want_type = next((v for n, v in exp.headers if n.lower() == "content-type"), b"")
    if b"multipart/" in ctype and b"multipart/" in want_type:
        return multipart_parts(ctype, body) == multipart_parts(want_type, exp.body)
    return False


def multipart_parts(content_type: bytes, body: bytes) -> list[tuple[list[tuple[str, str]], bytes]]:
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + content_type + b"\r\n\r\n" + body)
    return [(list(part.items()), part.get_payload(decode=True) or b"") for part in message.iter_parts()]
