"""What every generator works from: the prepared request reduced to wire facts, with secrets already redacted.

Generators never look at a PreparedRequest: they get a `Wire`, whose URL is in the form that goes on the wire
(non-ASCII and characters no client sends raw percent-encoded once, here, so every target agrees on the bytes), whose
header values are meant as UTF-8, and whose body is the exact bytes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from chalicelib.executor.model import PreparedRequest

#: characters sent raw in a request target: RFC 3986's unreserved, sub-delims, ":@/?", "%" (an escape the user
#: typed stays one) and "[]" (Postman and the executor leave them raw in queries like `a[b]=c`)
_URL_SAFE = "-._~!$&'()*+,;=:@/?%[]"
#: `{{name}}` placeholders stay readable in a snippet that is not runnable until they are filled in
_PLACEHOLDER = re.compile(r"\{\{[^{}]*\}\}")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
#: the executor's threshold (send.py): shorter "secrets" would shred ordinary text when replaced
MIN_SECRET_LEN = 3


@dataclass(frozen=True)
class Limitation:
    """Something a target's client cannot send as prepared. `code` is stable (tests assert the exact effect of each
    code); `text` is for people."""

    code: str
    text: str


@dataclass(frozen=True)
class Target:
    name: str
    label: str
    #: the syntax-highlighting id of the snippet's language
    language: str
    render: Callable[[Wire], str] = field(repr=False)
    #: headers the client sends on its own when the request does not set them (User-Agent, Host, ...)
    adds_headers: tuple[str, ...] = ()
    limitations: tuple[Limitation, ...] = ()
    #: DEFAULTS_KEEP_PLACE: the headers the client writes in its own place when the request sets them
    own_place: tuple[str, ...] = ()


#: the executor's defaults (PreparedRequest): a snippet spells a setting out only where its client differs
DEFAULT_MAX_REDIRECTS = 10
DEFAULT_TIMEOUT_MS = 30_000


@dataclass(frozen=True)
class Wire:
    method: str
    url: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    http2: bool = False
    #: the request's settings, as the executor applies them: a snippet that follows redirects where the request
    #: does not (or the reverse) sends other requests than the app does
    follow_redirects: bool = True
    max_redirects: int = DEFAULT_MAX_REDIRECTS
    verify_tls: bool = True
    timeout_ms: int = DEFAULT_TIMEOUT_MS

    @property
    def custom_timeout_ms(self) -> int | None:
        """The request's time limit when the user changed it from the app's 30 s, else None: written out only then."""
        return self.timeout_ms if self.timeout_ms != DEFAULT_TIMEOUT_MS else None

    @property
    def timeout_seconds(self) -> str:
        """The custom limit in seconds as a short decimal literal (1.5, 10)."""
        return f"{(self.custom_timeout_ms or self.timeout_ms) / 1000:g}"

    def setting_options(self, *, follow: str | None = None, no_follow: str | None = None,
                        max_redirects: str | None = None, insecure: str | None = None,
                        timeout: str | None = None) -> list[str]:
        """A client's spelling of each setting the snippet must write out: `follow` where the client does not follow
        redirects by default, `no_follow` where it does, `max_redirects` for a changed limit, `insecure` to skip TLS
        verification, `timeout` for a changed time limit. `{n}` is the redirect limit, `{s}` / `{ms}` the time limit
        in seconds / milliseconds."""
        out = []
        if self.follow_redirects:
            out += [follow] if follow else []
            out += [max_redirects] if max_redirects and self.custom_max_redirects is not None else []
        elif no_follow:
            out.append(no_follow)
        if not self.verify_tls and insecure:
            out.append(insecure)
        if self.custom_timeout_ms is not None and timeout:
            out.append(timeout)
        return [o.format(n=self.max_redirects, s=self.timeout_seconds, ms=self.timeout_ms) for o in out]

    @property
    def custom_max_redirects(self) -> int | None:
        """The redirect limit when the user changed it (and redirects are followed), else None."""
        if self.follow_redirects and self.max_redirects != DEFAULT_MAX_REDIRECTS:
            return self.max_redirects
        return None

    @property
    def parts(self) -> tuple[str, str, int | None, str]:
        """(scheme, host, port or None, request target) — the target is the path plus `?query`, never empty."""
        url = self.url
        if "://" not in url.split("?", 1)[0] and url.startswith("{{"):
            # `{{baseUrl}}/path`: the placeholder stands for scheme and host
            end = url.index("}}") + 2
            host, _, rest = url[:end], "", url[end:]
            path, sep, query = rest.partition("?")
            return "http", host, None, (path or "/") + sep + query
        split = urlsplit(url)
        host = split.hostname or ""
        try:
            port = split.port
        except ValueError:  # a `{{port}}` placeholder
            port = None
        if not host and split.netloc:
            host = split.netloc
        target = split.path or "/"
        if split.query or url.endswith("?"):
            target += "?" + split.query
        return split.scheme or "http", host, port, target

    @property
    def text(self) -> str | None:
        """The body as text when it is UTF-8 a person can read (no control characters but tab, CR and LF), else None:
        such bodies are written as base64 or escaped bytes."""
        return body_text(self.body)

    def header(self, name: str) -> str | None:
        low = name.lower()
        return next((v for n, v in self.headers if n.lower() == low), None)

    def has_header(self, name: str) -> bool:
        return self.header(name) is not None

    def has_duplicates(self) -> bool:
        names = [n.lower() for n, _ in self.headers]
        return len(names) != len(set(names))

    def grouped_headers(self, sep: str = ", ") -> list[tuple[str, str]]:
        """Headers with repeated names joined into the first one's place, for clients whose header API is a map."""
        return [(name, sep.join(values)) for name, values in self.header_groups()]

    def header_groups(self) -> list[tuple[str, list[str]]]:
        """Repeated names gathered (case-insensitively) at the first one's place, keeping the first spelling."""
        out: dict[str, tuple[str, list[str]]] = {}
        for name, value in self.headers:
            out.setdefault(name.lower(), (name, []))[1].append(value)
        return list(out.values())


def body_text(body: bytes) -> str | None:
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text):
        return None
    return text


def wire_url(url: str) -> str:
    """Percent-encode (as UTF-8) what cannot go raw into a request target, leaving `{{placeholders}}` alone."""
    out: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(url):
        out.append(_encode_url_text(url[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_encode_url_text(url[pos:]))
    return "".join(out)


def _encode_url_text(text: str) -> str:
    scheme, sep, rest = text.partition("://")
    if not (sep and "/" not in scheme and "?" not in scheme):
        scheme, sep, rest = "", "", text
    # A % that starts no escape (`100%`, `%s`) can only mean itself: sent raw, Java and Ruby refuse the URL and
    # requests re-encodes every escape in it, so it goes out as %25.
    return scheme + sep + _STRAY_PERCENT.sub("%25", quote(rest, safe=_URL_SAFE))


def secret_values(req: PreparedRequest) -> list[str]:
    """Longest first, so a secret that contains another is replaced whole."""
    return sorted({s for s in req.secrets if len(s) >= MIN_SECRET_LEN}, key=len, reverse=True)


def to_wire(req: PreparedRequest, *, include_secrets: bool) -> Wire:
    url = wire_url(req.url)
    headers = [(h.name, h.value) for h in req.headers]
    body = req.body
    if not include_secrets:
        secrets = secret_values(req)
        for value in secrets:
            url = url.replace(value, "<secret>").replace(quote(value, safe=_URL_SAFE), "<secret>")
        redacted = []
        for h in req.headers:
            placeholder = f"<secret:{h.name}>"
            value = h.value
            for s in secrets:
                value = value.replace(s, placeholder)
            if h.secret and value == h.value:
                # Marked secret but no known secret value inside (e.g. a secret that went through a transform
                # such as Basic auth's base64): the whole value goes.
                value = placeholder
            redacted.append((h.name, value))
        headers = redacted
        for s in secrets:
            body = body.replace(s.encode(), b"<secret>")
    return Wire(req.method, url, tuple(headers), body, req.http2, follow_redirects=req.follow_redirects,
                max_redirects=req.max_redirects, verify_tls=req.verify_tls, timeout_ms=req.timeout_ms)


# --- escaping shared by several languages -------------------------------------------------------------------------


def is_printable(c: str) -> bool:
    """Characters safe to leave raw in source code: anything a person sees, no controls, separators or format
    characters (a raw U+2028 or zero-width space is invisible or ends a line in some languages)."""
    return c == " " or unicodedata.category(c)[0] not in "CZ"


def c_style(text: str, *, quote_char: str = '"', escape: Callable[[str], str], extra: dict[str, str] | None = None,
            ascii_only: bool = False) -> str:
    """A double- (or single-) quoted literal in a C-family language. `escape(c)` spells one character that cannot
    stay raw; `extra` maps characters with a language-specific escape (e.g. `$`)."""
    simple = {"\\": "\\\\", quote_char: "\\" + quote_char, "\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if extra:
        simple.update(extra)
    out = []
    for c in text:
        if c in simple:
            out.append(simple[c])
        elif is_printable(c) and (not ascii_only or ord(c) < 128):
            out.append(c)
        else:
            out.append(escape(c))
    return quote_char + "".join(out) + quote_char


def u4(c: str) -> str:
    """`\\uXXXX`, as UTF-16 (a surrogate pair above the BMP) — Java, C#, JavaScript."""
    code = ord(c)
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def u_braced(c: str) -> str:
    """`\\u{X}` — Swift, Rust, Dart, Ruby, PHP."""
    return f"\\u{{{ord(c):x}}}"


def latin1_of_utf8(value: str) -> str:
    """The UTF-8 bytes of `value` as a string of code points 0-255: what clients that send header values as
    Latin-1 (Node, browsers, Java) need to put the UTF-8 bytes on the wire."""
    return value.encode("utf-8").decode("latin-1")


def is_ascii(value: str) -> bool:
    return all(ord(c) < 128 for c in value)


def chunks(text: str, size: int) -> list[str]:
    return [text[i:i + size] for i in range(0, len(text), size)] or [""]
