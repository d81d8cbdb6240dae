"""Ruby: Net::HTTP from the standard library."""

from __future__ import annotations

import base64
from urllib.parse import urlsplit

from chalicelib.codegen.base import Wire, c_style, chunks, u_braced

#: Net::HTTP's request classes; any other method goes through Net::HTTPGenericRequest
_CLASSES = {m.upper(): m for m in ("Get", "Head", "Post", "Put", "Delete", "Options", "Trace", "Patch", "Propfind",
                                   "Proppatch", "Mkcol", "Copy", "Move", "Lock", "Unlock")}
#: the classes that always send a body (REQUEST_HAS_BODY): with none given, an empty one labelled as a form
_ALWAYS_BODY = {"POST", "PUT", "PATCH", "PROPFIND", "PROPPATCH", "MKCOL", "LOCK", "UNLOCK"}


def _escape(c: str) -> str:
    code = ord(c)
    return f"\\x{code:02x}" if code < 0x80 else u_braced(c)


def rb(text: str) -> str:
    # `#` is escaped as a whole: `#{`, `#$` and `#@` would interpolate inside double quotes.
    return c_style(text, quote_char='"', escape=_escape, extra={"#": "\\#", "\x1b": "\\e"})


def ruby(w: Wire) -> str:
    scheme, _, _, target = w.parts
    # URI() sends ' in the query as %27: such a request goes out with its target as written, URI() only finding
    # the server (scheme, host, port).
    as_written = "'" in target.partition("?")[2]
    split = urlsplit(w.url)
    url = f"{split.scheme}://{split.netloc}" if as_written else w.url
    lines = ['require "uri"', 'require "net/http"', "", f"url = URI({rb(url)})", "",
             "http = Net::HTTP.new(url.host, url.port)",
             "http.max_retries = 0  # Net::HTTP sends a GET again after a timeout; the app sends once"]
    if scheme == "https":
        lines.append("http.use_ssl = true")
        if not w.verify_tls:
            lines.append("http.verify_mode = OpenSSL::SSL::VERIFY_NONE")
    if w.custom_timeout_ms is not None:
        # Net::HTTP limits each step (connect, each read, each write), not the whole exchange
        lines += [f"http.open_timeout = {w.timeout_seconds}", f"http.read_timeout = {w.timeout_seconds}",
                  f"http.write_timeout = {w.timeout_seconds}"]
    lines.append("")
    cls = _CLASSES.get(w.method)
    where = "url"
    if as_written:
        lines.append("# the path and query as written: URI() would send ' in the query as %27")
        where = rb(target)
    if cls and (w.body or w.method not in _ALWAYS_BODY):
        lines.append(f"request = Net::HTTP::{cls}.new({where})")
    else:
        # The second argument says the request has a body: with `true` and none, Net::HTTP sends an empty one
        # labelled application/x-www-form-urlencoded (as Net::HTTP::Post.new does), which this request has not.
        has_body = "true" if w.body else "false"
        lines.append(f"request = Net::HTTPGenericRequest.new({rb(w.method)}, {has_body}, true, {where})")
    seen: set[str] = set()
    for name, value in w.headers:
        # []= replaces Net::HTTP's default of that name (Accept, User-Agent, ...); add_field then adds repeats.
        if name.lower() in seen:
            lines.append(f"request.add_field({rb(name)}, {rb(value)})")
        else:
            lines.append(f"request[{rb(name)}] = {rb(value)}")
        seen.add(name.lower())
    text = w.text
    if w.body:
        if text is not None:
            lines.append(f"request.body = {rb(text)}")
        else:
            parts = chunks(base64.b64encode(w.body).decode("ascii"), 76)
            literal = f'"{parts[0]}"' if len(parts) == 1 else "\\\n  " + " \\\n  ".join(f'"{p}"' for p in parts)
            lines.append(f"request.body = {literal}.unpack1(\"m\")  # base64-decoded: the body is binary")
    lines += ["", "response = http.request(request)"]
    if w.follow_redirects:
        # Net::HTTP does not follow redirects (the app does): the snippet shows the first answer.
        lines.append("# A redirect is not followed here: see response[\"location\"].")
    lines += ["puts response.code", "puts response.read_body"]
    return "\n".join(lines) + "\n"
