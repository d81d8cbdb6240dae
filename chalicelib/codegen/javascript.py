"""JavaScript: fetch (browsers and Node 18+), axios and Node's http module."""

from __future__ import annotations

import base64

from chalicelib.codegen.base import Wire, c_style, chunks, latin1_of_utf8, u4


def _escape(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x100 else u4(c)


def js(text: str) -> str:
    # U+2028/2029 end a line inside a string literal in older engines; the printable check escapes them already.
    return c_style(text, quote_char='"', escape=_escape)


def _header_value(value: str) -> str:
    """Header values travel as Latin-1 (a ByteString in fetch, a binary string in Node), so a non-ASCII value is
    written as the Latin-1 spelling of its UTF-8 bytes — the only way to put UTF-8 on the wire."""
    wire = latin1_of_utf8(value)
    return js(wire) if wire == value else c_style(wire, quote_char='"', escape=_escape, ascii_only=True)


def _b64(body: bytes) -> str:
    parts = chunks(base64.b64encode(body).decode("ascii"), 76)
    if len(parts) == 1:
        return js(parts[0])
    return "\n    " + " +\n    ".join(js(p) for p in parts)


def _object(pairs: list[tuple[str, str]], pad: str) -> list[str]:
    return [f"{pad}{js(k)}: {v}," for k, v in pairs]


def fetch(w: Wire) -> str:
    lines: list[str] = []
    opts = [f"  method: {js(w.method)},"]
    if w.headers:
        # fetch's Headers joins a repeated name into one line anyway; writing it joined shows what is sent.
        opts.append("  headers: {")
        opts += _object([(k, _header_value(v)) for k, v in w.grouped_headers()], "    ")
        opts.append("  },")
    text = w.text
    if w.body and w.method in ("GET", "HEAD"):
        lines.append("// fetch cannot send a body with GET or HEAD; this request had one, left out here.")
        lines.append("")
    elif w.body:
        if text is not None and w.has_header("content-type"):
            opts.append(f"  body: {js(text)},")
        elif text is not None:
            # A string body would get `Content-Type: text/plain;charset=UTF-8`; bytes get none, as prepared.
            opts.append(f"  body: new TextEncoder().encode({js(text)}),")
        else:
            lines.append(f"const body = Uint8Array.from(atob({_b64(w.body)}), (c) => c.charCodeAt(0));")
            lines.append("")
            opts.append("  body,")
    if not w.follow_redirects:
        opts.append('  redirect: "manual",')  # fetch follows redirects (up to 20) unless told not to
    if w.custom_timeout_ms is not None:
        opts.append(f"  signal: AbortSignal.timeout({w.custom_timeout_ms}),")
    if not w.verify_tls:
        lines.append("// TLS verification is off for this request: fetch has no option for it; in Node run with")
        lines.append("// NODE_TLS_REJECT_UNAUTHORIZED=0 (never in production).")
        lines.append("")
    lines.append(f"const response = await fetch({js(w.url)}, {{")
    lines += opts
    lines.append("});")
    lines.append("")
    lines.append("console.log(response.status);")
    lines.append("console.log(await response.text());")
    return "\n".join(lines) + "\n"


def _node_body(w: Wire) -> str | None:
    text = w.text
    if not w.body:
        return None
    if text is not None:
        return js(text)
    return f"Buffer.from({_b64(w.body)}, \"base64\")"


def axios(w: Wire) -> str:
    lines = ["const axios = require(\"axios\");", ""]
    body = _node_body(w)
    opts = [f"  method: {js(w.method)},", f"  url: {js(w.url)},"]
    # axios labels every POST, PUT and PATCH as a form unless told otherwise; `false` sends no Content-Type at all.
    no_form_label = w.method in ("POST", "PUT", "PATCH") and not w.has_header("content-type")
    if w.headers or no_form_label:
        # An array value sends one header line per value (grouped where the name first appears).
        pairs = []
        for name, values in w.header_groups():
            rendered = [_header_value(v) for v in values]
            pairs.append((name, rendered[0] if len(rendered) == 1 else "[" + ", ".join(rendered) + "]"))
        opts.append("  headers: {")
        opts += _object(pairs, "    ")
        if no_form_label:
            opts.append('    "Content-Type": false, // none: axios would send application/x-www-form-urlencoded')
        opts.append("  },")
    if body is not None:
        opts.append(f"  data: {body},")
    # The body is already serialized: keep axios from re-encoding a string body as JSON.
    opts.append("  transformRequest: [(data) => data],")
    if not w.follow_redirects:
        opts.append("  maxRedirects: 0,")  # axios follows up to 21 redirects in Node unless told not to
    elif w.custom_max_redirects is not None:
        opts.append(f"  maxRedirects: {w.custom_max_redirects},")
    if w.custom_timeout_ms is not None:
        opts.append(f"  timeout: {w.custom_timeout_ms},")
    if not w.verify_tls:
        lines.insert(1, "const https = require(\"https\");")
        opts.append("  httpsAgent: new https.Agent({ rejectUnauthorized: false }),")
    lines.append("axios")
    lines.append("  .request({")
    lines += ["  " + o for o in opts]
    lines.append("  })")
    lines.append("  .then((response) => {")
    lines.append("    console.log(response.status);")
    lines.append("    console.log(response.data);")
    lines.append("  })")
    lines.append("  .catch((error) => {")
    lines.append("    console.error(error);")
    lines.append("    process.exitCode = 1;")
    lines.append("  });")
    return "\n".join(lines) + "\n"


def node_http(w: Wire) -> str:
    scheme, host, port, target = w.parts
    module = "https" if scheme == "https" else "http"
    lines = [f"const {module} = require(\"{module}\");", ""]
    body = _node_body(w)
    if body is not None:
        lines += [f"const body = {body};", ""]
    opts = [f"  method: {js(w.method)},", f"  hostname: {js(host)},"]
    if port is not None:
        opts.append(f"  port: {port},")
    opts.append(f"  path: {js(target)},")
    if module == "https" and not w.verify_tls:
        opts.append("  rejectUnauthorized: false,")
    if w.custom_timeout_ms is not None:
        opts.append(f"  timeout: {w.custom_timeout_ms},")  # of silence on the socket; see the "timeout" handler
    # Content-Length given explicitly: without it Node sends no body at all for DELETE/OPTIONS, chunked for others.
    length = [("Content-Length", "Buffer.byteLength(body)")] if body is not None and not w.has_header(
        "content-length") else []
    if w.headers and w.has_duplicates():
        # A flat [name, value, ...] array (as in message.rawHeaders) sends every line in order, repeats included;
        # Node then adds no Host header of its own, so it is written out.
        pairs = [(k, _header_value(v)) for k, v in w.headers]
        if not w.has_header("host"):
            pairs.insert(0, ("Host", js(host + (f":{port}" if port is not None else ""))))
        opts.append("  headers: [")
        opts += [f"    {js(k)}, {v}," for k, v in pairs + length]
        opts.append("  ],")
    elif w.headers or length:
        opts.append("  headers: {")
        opts += _object([(k, _header_value(v)) for k, v in w.headers] + length, "    ")
        opts.append("  },")
    lines.append("const options = {")
    lines += opts
    lines.append("};")
    lines.append("")
    if w.follow_redirects:
        lines.append(f"// {module}.request does not follow redirects: a 3xx answer names the next URL in "
                     "res.headers.location.")
    lines.append(f"const req = {module}.request(options, (res) => {{")
    lines.append("  const chunks = [];")
    lines.append("  res.on(\"data\", (chunk) => chunks.push(chunk));")
    lines.append("  res.on(\"end\", () => {")
    lines.append("    console.log(res.statusCode);")
    lines.append("    console.log(Buffer.concat(chunks).toString());")
    lines.append("  });")
    lines.append("});")
    lines.append("")
    if w.custom_timeout_ms is not None:
        lines.append("req.on(\"timeout\", () => req.destroy(new Error(\"timed out\")));")
    lines.append("req.on(\"error\", (error) => {")
    lines.append("  console.error(error);")
    lines.append("  process.exitCode = 1;")
    lines.append("});")
    lines.append("req.end(body);" if body is not None else "req.end();")
    return "\n".join(lines) + "\n"
