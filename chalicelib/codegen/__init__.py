"""Code generation: a prepared request → a snippet that sends exactly that request, in one of 23 clients.

    generate(req, "curl")                        secrets replaced by `<secret:Header-Name>` placeholders
    generate(req, "curl", include_secrets=True)  the real values
    TARGETS["curl"].label / .language / .limitations / .adds_headers

"Exactly" means the method, the request target (path and query bytes), every header in order with repeats, and the
body bytes. Where a client cannot do that, the target's `limitations` say what it does instead, in codes that
tests/codegen asserts one by one; `adds_headers` lists what the client sends on its own (User-Agent, ...).

The request's settings come along, so a snippet sends the same *requests* as the app: redirects are followed exactly
when the request follows them (up to a changed limit), TLS verification is skipped when the request skips it, a
changed time limit is written out, and clients that retry on their own (wget, Net::HTTP) are told not to. Where a
client cannot do one of these simply, a limitation code says so and the snippet says it in a comment.

Conventions every generator follows (see base.py): the URL is percent-encoded once, here, in the form the executor
sends; header values go out as UTF-8; a body that is readable UTF-8 is written as a string literal, any other body
as base64 (or escaped bytes) decoded in the snippet, so nothing is lost; `{{placeholders}}` are left as text.
"""

from __future__ import annotations

from chalicelib.codegen import c, dart, dotnet, go, javascript, jvm, php, python, raw, ruby, rust, shell, swift
from chalicelib.codegen.base import Limitation, Target, Wire, to_wire
from chalicelib.codegen.codes import (
    ADDS_FORM_CONTENT_TYPE,
    ALWAYS_FOLLOWS,
    BINARY_AS_NOTE,
    CONTENT_HEADERS_LAST,
    COOKIES_LAST,
    DEFAULTS_KEEP_PLACE,
    DROPS_BACKSLASH,
    ENCODES_APOSTROPHE,
    ENCODES_BRACKETS,
    GROUPS_DUPLICATES,
    JOINS_COOKIES,
    JOINS_DUPLICATES,
    KEEPS_LAST_DUPLICATE,
    NO_BODY_ON_GET,
    NO_REDIRECTS,
    NON_ASCII_HEADER_QMARK,
    NON_ASCII_HEADER_REJECTED,
    NON_LATIN1_HEADER_REJECTED,
    SORTS_HEADERS,
    TLS_OFF_AS_NOTE,
    UNVERIFIED,
)
from chalicelib.executor.model import PreparedRequest

__all__ = ["TARGETS", "Limitation", "Target", "UnknownTarget", "generate", "generate_with_notes",
           # the limitation codes
           "JOINS_DUPLICATES", "GROUPS_DUPLICATES", "KEEPS_LAST_DUPLICATE", "JOINS_COOKIES", "COOKIES_LAST",
           "SORTS_HEADERS", "DEFAULTS_KEEP_PLACE", "CONTENT_HEADERS_LAST", "NON_ASCII_HEADER_QMARK",
           "NON_ASCII_HEADER_REJECTED", "ADDS_FORM_CONTENT_TYPE", "NO_BODY_ON_GET", "ENCODES_BRACKETS",
           "ENCODES_APOSTROPHE", "DROPS_BACKSLASH", "BINARY_AS_NOTE", "UNVERIFIED", "NO_REDIRECTS",
           "ALWAYS_FOLLOWS", "TLS_OFF_AS_NOTE"]


class UnknownTarget(ValueError):
    code = "UNKNOWN_TARGET"


def _lim(code: str, text: str) -> Limitation:
    return Limitation(code, text)


_UNVERIFIED = _lim(UNVERIFIED, "No runtime for this client on the test machines: the snippet is syntax-checked "
                               "(tree-sitter) but not run, so its wire behaviour is as documented, not proven.")
_BRACKETS = _lim(ENCODES_BRACKETS, "[ and ] in the query are sent percent-encoded (%5B, %5D): the URL parser "
                                   "(urllib3 / Guzzle's Uri) re-encodes them.")
_APOSTROPHE = _lim(ENCODES_APOSTROPHE, "' in the query is sent as %27: the URL parser follows the WHATWG URL rules.")
_OKHTTP_LIMITS = (
    _lim(NO_BODY_ON_GET, "OkHttp refuses a body on GET and HEAD: the snippet leaves it out."),
    _APOSTROPHE,
)
_CURL_ADDS = ("User-Agent", "Accept", "Host", "Content-Length", "Expect")
_NO_REDIRECTS = _lim(NO_REDIRECTS, "The client does not follow redirects: where the request follows them, the "
                                   "snippet shows the first answer and says so.")
_TLS_NOTE = _lim(TLS_OFF_AS_NOTE, "Turning TLS verification off takes a custom trust setup in this client: the "
                                  "snippet says how in a comment instead of writing it.")

_TARGET_LIST = [
    Target("curl", "cURL", "bash", shell.curl, _CURL_ADDS),
    Target("wget", "Wget", "bash", shell.wget,
           ("User-Agent", "Accept", "Accept-Encoding", "Host", "Connection", "Content-Length"),
           (_lim(DEFAULTS_KEEP_PLACE, "User-Agent, Accept, Accept-Encoding, Host, Connection (and Content-Type with a "
                                      "body), when set, are sent in wget's own place, before the other headers."),
            _lim(KEEPS_LAST_DUPLICATE, "--header replaces an earlier header of the same name: a repeated header is "
                                       "sent once, with its last value."),
            _lim(ADDS_FORM_CONTENT_TYPE, "A body without a Content-Type header is sent with "
                                         "`Content-Type: application/x-www-form-urlencoded` (wget cannot drop it).")),
           own_place=("User-Agent", "Accept", "Accept-Encoding", "Host", "Connection", "Content-Type")),
    Target("httpie", "HTTPie", "bash", shell.httpie,
           ("User-Agent", "Accept", "Accept-Encoding", "Host", "Connection", "Content-Length"),
           (_lim(DEFAULTS_KEEP_PLACE, "User-Agent, Accept-Encoding, Accept, Connection (and Content-Type with a body), "
                                      "when set, are sent in HTTPie's own place, before the other headers."),
            _lim(GROUPS_DUPLICATES, "The values of a repeated header are sent together, where the name first "
                                    "appears."),
            _BRACKETS,
            _lim(DROPS_BACKSLASH, "HTTPie reads a backslash before : = @ ; in a request item as an escape: such a "
                                  "backslash in a header value cannot be written and is lost.")),
           own_place=("User-Agent", "Accept-Encoding", "Accept", "Connection", "Content-Type")),
    Target("powershell", "PowerShell (Invoke-WebRequest)", "powershell", shell.powershell,
           ("User-Agent", "Host", "Content-Length", "Connection", "Expect"),
           (_lim(JOINS_DUPLICATES, "-Headers is a dictionary: a repeated header is sent once, values joined with ', '."),
            _UNVERIFIED)),
    Target("python-requests", "Python (requests)", "python", python.requests_,
           ("User-Agent", "Accept", "Accept-Encoding", "Connection", "Host", "Content-Length"),
           (_lim(JOINS_DUPLICATES, "headers is a dict: a repeated header is sent once, values joined with ', '."),
            _lim(DEFAULTS_KEEP_PLACE, "User-Agent, Accept-Encoding, Accept and Connection, when set, are sent in "
                                      "requests' own place, before the other headers."),
            _BRACKETS),
           own_place=("User-Agent", "Accept-Encoding", "Accept", "Connection")),
    Target("python-httpx", "Python (httpx)", "python", python.httpx_,
           ("Host", "Accept", "Accept-Encoding", "Connection", "User-Agent", "Content-Length")),
    Target("python-http.client", "Python (http.client)", "python", python.http_client,
           ("Host", "Accept-Encoding", "Content-Length"), (_NO_REDIRECTS,)),
    Target("js-fetch", "JavaScript (fetch)", "javascript", javascript.fetch,
           ("Host", "Connection", "Accept", "Accept-Language", "Sec-Fetch-Mode", "User-Agent", "Accept-Encoding",
            "Content-Length"),
           (_lim(JOINS_DUPLICATES, "fetch's Headers joins a repeated header into one line, values joined with ', '."),
            _lim(NO_BODY_ON_GET, "fetch refuses a body on GET and HEAD: the snippet leaves it out."),
            _APOSTROPHE, _TLS_NOTE)),
    Target("node-axios", "Node.js (axios)", "javascript", javascript.axios,
           ("Accept", "User-Agent", "Content-Length", "Accept-Encoding", "Host", "Connection"),
           (_lim(DEFAULTS_KEEP_PLACE, "Accept and Content-Type, when set, are sent in axios' own place, before the "
                                      "other headers."),
            _lim(GROUPS_DUPLICATES, "headers is an object: the values of a repeated header are sent together, where "
                                    "the name first appears."),
            _lim(JOINS_COOKIES, "Node sends repeated Cookie headers as one, joined with '; '."),
            _APOSTROPHE),
           own_place=("Accept", "Content-Type")),
    Target("node-http", "Node.js (http)", "javascript", javascript.node_http,
           ("Host", "Connection", "Content-Length", "Transfer-Encoding"), (_NO_REDIRECTS,)),
    Target("go-nethttp", "Go (net/http)", "go", go.go, ("Host", "User-Agent", "Content-Length", "Accept-Encoding"),
           (_lim(SORTS_HEADERS, "net/http writes headers sorted by name, the values of a repeated name together."),)),
    Target("java-httpclient", "Java (HttpClient)", "java", jvm.java_httpclient,
           ("Host", "User-Agent", "Content-Length", "Connection"),
           (_lim(SORTS_HEADERS, "HttpClient keeps headers in a sorted map: they are sent sorted by name, the values of "
                                "a repeated name together."),
            _lim(COOKIES_LAST, "Repeated Cookie headers are sent as one, joined with '; ', after the other headers."),
            _lim(NON_ASCII_HEADER_QMARK, "HttpClient sends each non-ASCII (Latin-1) character of a header value as "
                                         "'?'."),
            _lim(NON_LATIN1_HEADER_REJECTED, "A header value with a character above U+00FF is refused "
                                             "(IllegalArgumentException)."), _TLS_NOTE)),
    Target("java-okhttp", "Java (OkHttp)", "java", jvm.java_okhttp,
           ("Host", "Connection", "Accept-Encoding", "User-Agent", "Content-Length"), (*_OKHTTP_LIMITS, _TLS_NOTE)),
    Target("csharp-httpclient", "C# (HttpClient)", "csharp", dotnet.csharp,
           ("Host", "Content-Length", "Connection", "Expect"),
           (_lim(CONTENT_HEADERS_LAST, "Content-Type and the other Content-* headers belong to the content in .NET and "
                                      "are sent after the request's other headers."),
            _lim(JOINS_DUPLICATES, ".NET sends a repeated header once, values joined with ', '."),
            _UNVERIFIED)),
    Target("php-curl", "PHP (cURL)", "php", php.php_curl, _CURL_ADDS),
    Target("php-guzzle", "PHP (Guzzle)", "php", php.php_guzzle, ("User-Agent", "Host", "Content-Length", "Expect"),
           (_lim(GROUPS_DUPLICATES, "headers is an array: the values of a repeated header are sent together, where "
                                    "the name first appears."),
            _BRACKETS)),
    Target("ruby-nethttp", "Ruby (Net::HTTP)", "ruby", ruby.ruby,
           ("Accept-Encoding", "Accept", "User-Agent", "Host", "Connection", "Content-Length"),
           (_lim(JOINS_DUPLICATES, "Net::HTTP sends a repeated header once, values joined with ', '."),
            _lim(DEFAULTS_KEEP_PLACE, "Accept-Encoding, Accept, User-Agent and Host, when set, are sent in Net::HTTP's "
                                      "own place, before the other headers."),
            _lim(ADDS_FORM_CONTENT_TYPE, "A body without a Content-Type header is sent with "
                                         "`Content-Type: application/x-www-form-urlencoded` (Net::HTTP always labels "
                                         "a body)."),
            _NO_REDIRECTS),
           own_place=("Accept-Encoding", "Accept", "User-Agent", "Host")),
    Target("rust-reqwest", "Rust (reqwest)", "rust", rust.rust, ("Accept", "Host", "Content-Length"),
           (_lim(GROUPS_DUPLICATES, "HeaderMap keeps the values of a repeated name together, where the name first "
                                    "appears."),
            _UNVERIFIED)),
    Target("swift-urlsession", "Swift (URLSession)", "swift", swift.swift,
           ("Host", "User-Agent", "Accept", "Accept-Language", "Accept-Encoding", "Connection", "Content-Length"),
           (_lim(JOINS_DUPLICATES, "URLRequest joins the values of a repeated header with ', '."), _UNVERIFIED, _TLS_NOTE,
           _lim(ALWAYS_FOLLOWS, "URLSession follows redirects unless a delegate refuses them: where the request does "
                                "not follow them, the snippet says so in a comment."))),
    Target("kotlin-okhttp", "Kotlin (OkHttp)", "kotlin", jvm.kotlin_okhttp,
           ("Host", "Connection", "Accept-Encoding", "User-Agent", "Content-Length"),
           (*_OKHTTP_LIMITS, _UNVERIFIED, _TLS_NOTE)),
    Target("dart-http", "Dart (http)", "dart", dart.dart,
           ("User-Agent", "Accept-Encoding", "Host", "Content-Length"),
           (_lim(JOINS_DUPLICATES, "request.headers is a map: a repeated header is sent once, values joined with "
                                   "', '."), _UNVERIFIED, _TLS_NOTE)),
    Target("c-libcurl", "C (libcurl)", "c", c.libcurl, ("Accept", "Host", "Content-Length", "Expect")),
    Target("raw-http11", "HTTP/1.1 (raw)", "http", raw.raw_http11, ("Host", "Content-Length"),
           (_lim(BINARY_AS_NOTE, "Text cannot carry arbitrary bytes: a body that is not readable UTF-8 is shown as a "
                                 "base64 note in place of the body."), _NO_REDIRECTS)),
]

#: name → target, in the order a menu shows them
TARGETS: dict[str, Target] = {t.name: t for t in _TARGET_LIST}


def generate(req: PreparedRequest, target: str, *, include_secrets: bool = False) -> str:
    """The snippet for `target`. Secret header values and every value in `req.secrets` become `<secret:...>`
    placeholders unless `include_secrets` (the user asked to copy a runnable snippet with credentials)."""
    spec = TARGETS.get(target)
    if spec is None:
        raise UnknownTarget(f"Unknown code generation target {target!r}.")
    wire: Wire = to_wire(req, include_secrets=include_secrets)
    return spec.render(wire)


def generate_with_notes(req: PreparedRequest, target: str, *,
                        include_secrets: bool = False) -> tuple[str, list[Limitation]]:
    """The snippet, and the target's limitations that may change this request (see applies.py)."""
    from chalicelib.codegen.applies import applicable

    code = generate(req, target, include_secrets=include_secrets)
    return code, applicable(to_wire(req, include_secrets=include_secrets), TARGETS[target])
