"""The request as it goes on the wire: HTTP/1.1 message text."""

from __future__ import annotations

import base64

from chalicelib.codegen.base import Wire


def raw_http11(w: Wire) -> str:
    _, host, port, target = w.parts
    lines = [f"{w.method} {target} HTTP/1.1"]
    if not w.has_header("host"):
        lines.append(f"Host: {host}" + (f":{port}" if port is not None else ""))  # required in HTTP/1.1
    lines += [f"{n}: {v}" for n, v in w.headers]
    if w.body and not w.has_header("content-length") and not w.has_header("transfer-encoding"):
        lines.append(f"Content-Length: {len(w.body)}")
    # CRLF, as on the wire: the text can be piped to a socket as it is.
    head = "\r\n".join(lines) + "\r\n\r\n"
    text = w.text
    if not w.body:
        return head
    if text is not None:
        return head + text
    # Text cannot carry arbitrary bytes: a binary body is shown as base64 (see the target's limitation).
    return head + f"<binary body, {len(w.body)} bytes, base64: {base64.b64encode(w.body).decode('ascii')}>"
