"""Python: requests, httpx and the standard library's http.client."""

from __future__ import annotations

import base64

from chalicelib.codegen.base import Wire, c_style, chunks, is_ascii


def _escape(c: str) -> str:
    code = ord(c)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def py(text: str) -> str:
    quote = "'" if '"' in text and "'" not in text else '"'
    return c_style(text, quote_char=quote, escape=_escape)


def _value(value: str) -> str:
    # requests and http.client send a str header value as Latin-1; bytes go out as they are.
    return py(value) if is_ascii(value) else f"{py(value)}.encode()"


def _payload(w: Wire, lines: list[str]) -> tuple[str, bool]:
    """Appends `payload = ...` and says how to pass it (already bytes, or text to encode); the bool says whether
    base64 needs importing."""
    text = w.text
    if text is not None:
        if "\n" in text.rstrip("\n") and len(text) > 40:
            parts = text.splitlines(keepends=True)
            lines.append("payload = (")
            lines += [f"    {py(p)}" for p in parts]
            lines.append(")")
        else:
            lines.append(f"payload = {py(text)}")
        return "payload.encode()", False
    b64 = chunks(base64.b64encode(w.body).decode("ascii"), 76)
    if len(b64) == 1:
        lines.append(f'payload = base64.b64decode("{b64[0]}")')
    else:
        lines.append("payload = base64.b64decode(")
        lines += [f'    "{c}"' for c in b64]
        lines.append(")")
    return "payload", True


def _dict(name: str, pairs: list[tuple[str, str]], lines: list[str]) -> None:
    lines.append(f"{name} = {{")
    lines += [f"    {py(k)}: {_value(v)}," for k, v in pairs]
    lines.append("}")


def requests_(w: Wire) -> str:
    body: list[str] = []
    body.append(f"url = {py(w.url)}")
    args = ["method", "url"]
    if w.headers:
        # requests keeps headers in a dict: a repeated name can only be sent once, its values joined.
        _dict("headers", w.grouped_headers(), body)
        args.append("headers=headers")
    need_b64 = False
    if w.body:
        data, need_b64 = _payload(w, body)
        args.append(f"data={data}")
    if w.method == "HEAD" and w.follow_redirects:
        args.append("allow_redirects=True")  # requests follows redirects, except for HEAD
    elif w.method != "HEAD" and not w.follow_redirects:
        args.append("allow_redirects=False")
    if not w.verify_tls:
        args.append("verify=False")
    if w.custom_timeout_ms is not None:
        args.append(f"timeout={w.timeout_seconds}")
    imports = (["import base64", ""] if need_b64 else []) + ["import requests"]
    session = []
    if w.custom_max_redirects is not None:
        session = ["session = requests.Session()", f"session.max_redirects = {w.custom_max_redirects}", ""]
    call = session + [f"response = {'session' if session else 'requests'}.request({py(w.method)}, url"
                      + "".join(f", {a}" for a in args[2:]) + ")",
            "", "print(response.status_code)", "print(response.text)"]
    return "\n".join(imports + [""] + body + [""] + call) + "\n"


def httpx_(w: Wire) -> str:
    body: list[str] = [f"url = {py(w.url)}"]
    args: list[str] = []
    if w.headers:
        # A list of pairs, not a dict: httpx sends repeated names and keeps the order.
        body.append("headers = [")
        body += [f"    ({py(k)}, {_value(v)})," for k, v in w.headers]
        body.append("]")
        args.append("headers=headers")
    need_b64 = False
    if w.body:
        data, need_b64 = _payload(w, body)
        args.append(f"content={data}")
    if w.follow_redirects:
        args.append("follow_redirects=True")  # httpx does not follow redirects unless asked
    if not w.verify_tls:
        args.append("verify=False")
    if w.custom_timeout_ms is not None:
        args.append(f"timeout={w.timeout_seconds}")
    imports = (["import base64", ""] if need_b64 else []) + ["import httpx"]
    if w.custom_max_redirects is not None:
        call = [f"with httpx.Client(max_redirects={w.custom_max_redirects}) as client:",
                f"    response = client.request({py(w.method)}, url"
                + "".join(f", {a}" for a in args if not a.startswith("verify")) + ")"]
        if not w.verify_tls:
            call[0] = f"with httpx.Client(max_redirects={w.custom_max_redirects}, verify=False) as client:"
        call += ["", "print(response.status_code)", "print(response.text)"]
    else:
        call = [f"response = httpx.request({py(w.method)}, url" + "".join(f", {a}" for a in args) + ")",
                "", "print(response.status_code)", "print(response.text)"]
    return "\n".join(imports + [""] + body + [""] + call) + "\n"


def http_client(w: Wire) -> str:
    scheme, host, port, target = w.parts
    cls = "HTTPSConnection" if scheme == "https" else "HTTPConnection"
    body: list[str] = []
    conn_args = py(host) + (f", {port}" if port is not None else "")
    if w.custom_timeout_ms is not None:
        conn_args += f", timeout={w.timeout_seconds}"
    if scheme == "https" and not w.verify_tls:
        conn_args += ", context=ssl._create_unverified_context()"
    body.append(f"conn = http.client.{cls}({conn_args})")
    need_b64 = False
    data = None
    if w.body:
        data, need_b64 = _payload(w, body)
    if w.has_duplicates():
        # request() takes a dict; a repeated header name needs the step-by-step API, which adds only what we ask.
        skip_host = ", skip_host=True" if w.has_header("host") else ""
        body.append(f"conn.putrequest({py(w.method)}, {py(target)}{skip_host}, skip_accept_encoding=True)")
        body += [f"conn.putheader({py(k)}, {_value(v)})" for k, v in w.headers]
        if w.body:
            body.append(f"body = {data}")
            if not w.has_header("content-length"):
                body.append('conn.putheader("Content-Length", str(len(body)))')
            body.append("conn.endheaders(body)")
        else:
            body.append("conn.endheaders()")
    else:
        args = [py(w.method), py(target)]
        if w.headers:
            _dict("headers", list(w.headers), body)
        if data:
            args.append(f"body={data}")
        if w.headers:
            args.append("headers=headers")
        body.append(f"conn.request({', '.join(args)})")
    imports = (["import base64"] if need_b64 else []) + ["import http.client"] + (
        ["import ssl"] if scheme == "https" and not w.verify_tls else [])
    tail = ["response = conn.getresponse()"]
    if w.follow_redirects:
        tail.append("# http.client does not follow redirects: a 3xx answer names the next URL in its Location header.")
    tail += ["print(response.status, response.reason)", "print(response.read().decode())"]
    return "\n".join(imports + [""] + body + [""] + tail) + "\n"
