"""The requests every runnable target must reproduce: httpsnippet's 17 HAR fixtures, and our own cases built through
the real `prepare()` (so they look exactly like what the app hands to codegen) covering every body mode and every
character that needs escaping somewhere."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlsplit, urlunsplit

from chalicelib.executor.model import Header, PreparedRequest
from chalicelib.executor.prepare import Context, prepare

HAR_DIR = Path(os.environ.get("CODEGEN_HAR_DIR", Path(__file__).resolve().parents[3] / "shared" / "conformance"
                              / "httpsnippet-requests"))
#: httpsnippet's fixture file test/fixtures/files/hello.txt, which a HAR only names
HELLO_TXT = b"Hello World"
#: as prepare() leaves a query readable
_QUERY_SAFE = "!$'()*,;:@/?[]{}|~-._"
_BOUNDARY = "----CodegenFixtureBoundary7MA4YWxkTrZu0gW"

#: every character that some language or shell treats specially
NASTY = "it's \"quoted\" \\back\\slash $HOME ${x} $(id) `id` %s %d %25 & # ; | < > * ? ! ~ {{braces}} #{x} @x :=x"
#: NASTY minus `{{...}}`: in a URL that is kept raw as an unresolved placeholder, which no runnable URL may hold
NASTY_URL = NASTY.replace("{{braces}}", "{braces}")
ALL_BYTES = bytes(range(256)) * 5  # > 1 KiB: makes curl use `Expect: 100-continue`


@dataclass
class Case:
    name: str
    request: PreparedRequest
    #: why a fixture differs from the HAR as written
    note: str = ""
    #: served over TLS with a self-signed certificate (the request's scheme is rewritten to https)
    tls: bool = False


def har_requests() -> list[Case]:
    files = sorted(HAR_DIR.glob("*.json"))
    if not files:
        raise FileNotFoundError(f"no HAR fixtures in {HAR_DIR}")
    cases = []
    for path in files:
        har = json.loads(path.read_text())
        if "log" in har:
            har = har["log"]["entries"][0]["request"]
        note = "https rewritten to http to reach the capture server" if har["url"].startswith("https:") else ""
        cases.append(Case(f"har-{path.stem}", from_har(har), note))
    return cases


def from_har(har: dict[str, Any]) -> PreparedRequest:
    split = urlsplit(har["url"])
    pairs = parse_qsl(split.query, keep_blank_values=True)
    # A HAR's queryString usually repeats the URL's own query: add only the pairs the URL does not have yet.
    remaining = list(pairs)
    for q in har.get("queryString", []):
        pair = (q["name"], q["value"])
        if pair in remaining:
            remaining.remove(pair)
        else:
            pairs.append(pair)
    query = "&".join(f"{quote(k, safe=_QUERY_SAFE)}={quote(v, safe=_QUERY_SAFE)}" for k, v in pairs)
    url = urlunsplit((split.scheme, split.netloc, split.path, query, ""))
    headers = [Header(h["name"], h["value"]) for h in har.get("headers", [])]
    cookies = har.get("cookies", [])
    if cookies and not any(h.name.lower() == "cookie" for h in headers):
        headers.append(Header("Cookie", "; ".join(f"{c['name']}={c['value']}" for c in cookies)))
    post = har.get("postData") or {}
    mime = post.get("mimeType", "")
    body = b""
    if post.get("text") is not None:
        body = post["text"].encode()
    elif mime.startswith("application/x-www-form-urlencoded"):
        body = "&".join(f"{quote_plus(p['name'])}={quote_plus(p.get('value', ''))}"
                        for p in post.get("params", [])).encode()
    elif mime.startswith("multipart/form-data") and post.get("params"):
        body = _multipart(post["params"])
        ctype = f"multipart/form-data; boundary={_BOUNDARY}"
        if any(h.name.lower() == "content-type" for h in headers):
            headers = [Header(h.name, ctype) if h.name.lower() == "content-type" else h for h in headers]
        else:
            headers.append(Header("Content-Type", ctype))
    return PreparedRequest(method=har["method"], url=url, headers=headers, body=body)


def _multipart(params: list[dict[str, Any]]) -> bytes:
    out = b""
    for p in params:
        out += f"--{_BOUNDARY}\r\n".encode()
        if "fileName" in p:
            filename = p["fileName"].rsplit("/", 1)[-1]
            out += f'Content-Disposition: form-data; name="{p["name"]}"; filename="{filename}"\r\n'.encode()
            out += f"Content-Type: {p.get('contentType', 'application/octet-stream')}\r\n\r\n".encode()
            out += p["value"].encode() if "value" in p else HELLO_TXT
        else:
            out += f'Content-Disposition: form-data; name="{p["name"]}"\r\n\r\n'.encode() + p["value"].encode()
        out += b"\r\n"
    return out + f"--{_BOUNDARY}--\r\n".encode()


# --- our own cases, through prepare() ----------------------------------------------------------------------------

_BLOBS: dict[str, tuple[bytes, str, str]] = {
    "blob-bytes": (ALL_BYTES, "all-bytes.bin", "application/octet-stream"),
    "blob-text": ("héllo wörld\nsecond line\n".encode(), "notes ü.txt", "text/plain; charset=utf-8"),
}


def _prepared(doc: dict[str, Any], environment: list[dict[str, Any]] | None = None) -> PreparedRequest:
    class _Cache:  # a TokenCache that never has a token (no case uses OAuth)
        def get(self, key: str) -> dict[str, Any] | None:
            return None

        def put(self, key: str, value: dict[str, Any], ttl_seconds: int) -> None:
            pass

    ctx = Context(environment=environment or [], blobs=lambda ref: _BLOBS[ref])
    return prepare(doc, ctx, client=None, token_cache=_Cache(), cache_key="codegen-test").request


def _kv(*pairs: tuple[str, str]) -> list[dict[str, Any]]:
    return [{"key": k, "value": v} for k, v in pairs]


def own_cases() -> list[Case]:
    base = "http://capture.test"
    cases = [
        Case("json-unicode", _prepared({
            "method": "POST", "url": f"{base}/api/ünïcode/items",
            "params": _kv(("q", "naïve café ☃ 😀"), ("tag", "a&b=c#d"), ("expr", "1+1 = 2%"), ("plain", "x")),
            "headers": _kv(("Accept", "application/json")),
            "body": {"mode": "json", "raw": json.dumps(
                {"text": "ünïcödé ☃ 😀 中文", "nasty": NASTY, "multi": "line1\nline2\r\nline3\ttab"},
                ensure_ascii=False, indent=2)}})),
        Case("text-escapes", _prepared({
            "method": "PUT", "url": f"{base}/text",
            "headers": _kv(("X-Nasty", NASTY)),
            "body": {"mode": "text", "raw": NASTY + "\nline two\r\nCRLF line\n\ttabbed \u2028 sep \u200b zwsp "
                                                    "\u202e rtl 😀\n"}})),
        Case("xml", _prepared({
            "method": "POST", "url": f"{base}/soap",
            "headers": _kv(("SOAPAction", '"urn:ping"')),
            "body": {"mode": "xml", "raw": '<?xml version="1.0" encoding="UTF-8"?>\n<ping a=\'1\' b="2">'
                                           "&amp; ü <![CDATA[$x `y` \\z]]></ping>\n"}})),
        Case("urlencoded-duplicates", _prepared({
            "method": "POST", "url": f"{base}/form",
            "body": {"mode": "urlencoded", "urlencoded": _kv(("a", "1"), ("a", "2"), ("b", "x y+z&w=v"),
                                                             ("ü", "ø €"), ("nasty", NASTY), ("empty", ""))}})),
        Case("multipart", _prepared({
            "method": "POST", "url": f"{base}/upload",
            "body": {"mode": "formdata", "formdata": [
                {"key": "title", "value": "Hello ☃ \"quoted\" $x"},
                {"key": "file", "type": "file", "file_ref": "blob-bytes"},
                {"key": "meta", "value": '{"a": 1}', "content_type": "application/json"},
                {"key": "notes", "type": "file", "file_ref": "blob-text", "filename": "notes ü.txt"},
                {"key": "title", "value": "second value, same name"},
            ]}})),
        Case("binary", _prepared({
            "method": "POST", "url": f"{base}/bin",
            "body": {"mode": "binary", "binary": {"file_ref": "blob-bytes"}}})),
        Case("duplicate-headers", _prepared({
            "method": "GET", "url": f"{base}/dups?x=1",
            "headers": _kv(("X-Dup", "one"), ("X-Other", "a"), ("x-dup", "two"), ("Accept", "text/html"),
                           ("X-Dup", "three"), ("Cookie", "a=1"), ("Cookie", "b=2"), ("X-Empty", ""))})),
        Case("unicode-headers", _prepared({
            "method": "GET", "url": f"{base}/uh",
            "headers": _kv(("X-Unicode", "naïve café ☃"), ("X-Plain", "ascii"))})),
        # Latin-1 only (no character above U+00FF): what Java's HttpClient sends as "?" rather than refusing.
        Case("latin1-headers", _prepared({
            "method": "GET", "url": f"{base}/l1", "headers": _kv(("X-Latin1", "naïve café"), ("X-Plain", "ascii"))})),
        # Elasticsearch-style: some clients cannot send a body with GET.
        Case("get-with-body", _prepared({
            "method": "GET", "url": f"{base}/_search",
            "body": {"mode": "json", "raw": '{"query": {"match_all": {}}}'}})),
        Case("escapes-everywhere", _prepared({
            "method": "DELETE", "url": f"{base}/it's/a \"path\"/$x/`y`/50%25/#frag",
            "params": _kv(("q", NASTY_URL), ("back", "\\"), ("nl", "a\nb"), ("unicode", "ü")),
            "headers": _kv(("X-Backslash", "C:\\path\\to\\file"), ("X-Quotes", "it's \"x\""),
                           ("X-Dollar", "$HOME ${HOME} $(id) `id`"), ("X-Percent", "100% %s %25"),
                           ("X-Httpie", "a:=b c==d e=f g@h i;j \\:"), ("X-Placeholder", "{{not_resolved}}")),
            "body": {"mode": "json", "raw": '{"ok": true, "left": "{{not_resolved}}"}'}})),
        Case("custom-method-body", _prepared({
            "method": "PURGE", "url": f"{base}/cache/key",
            "headers": _kv(("Content-Type", "text/plain")),
            "body": {"mode": "text", "raw": "purge me"}})),
        Case("head", _prepared({"method": "HEAD", "url": f"{base}/head", "headers": _kv(("X-Probe", "1"))})),
        Case("secret-bearer", _prepared({
            "method": "GET", "url": f"{base}/me", "auth": {"type": "bearer", "attributes": [
                {"key": "token", "value": "{{token}}"}]}},
            environment=[{"key": "token", "value": "s3cr3t-t0ken", "secret": True}])),
        # Built by hand: prepare() always labels a body, but a PreparedRequest may come without a Content-Type.
        Case("body-without-content-type", PreparedRequest("POST", f"{base}/raw", [Header("X-A", "1")],
                                                          b"just text")),
    ]
    return cases


def all_cases() -> list[Case]:
    return har_requests() + own_cases()


def rebase(req: PreparedRequest, base: str) -> PreparedRequest:
    """The same request sent to `base` (scheme://host:port), path and query untouched."""
    split = urlsplit(req.url)
    new = urlsplit(base)
    url = urlunsplit((new.scheme, new.netloc, split.path, split.query, "")) + ("?" if req.url.endswith("?") else "")
    # settings (redirects, TLS verification, ...) come along: snippets spell them out
    return dataclasses.replace(req, url=url, headers=[Header(h.name, h.value, h.secret) for h in req.headers],
                               secrets=set(req.secrets))


CaseFactory = Callable[[], list[Case]]


#: the settings cases' first hop: the capture server answers it with a redirect to /landed?from=redirect
REDIRECT_HOP = "/__redirect/landed?from=redirect"


def settings_cases() -> list[Case]:
    """Redirects followed or not, TLS verification off (served with a self-signed certificate), a time limit,
    and settings changed together."""
    headers = [Header("X-Case", "settings")]
    return [
        Case("follows-redirects", PreparedRequest("GET", f"http://127.0.0.1{REDIRECT_HOP}", list(headers))),
        Case("does-not-follow", PreparedRequest("GET", f"http://127.0.0.1{REDIRECT_HOP}", list(headers),
                                                follow_redirects=False)),
        Case("tls-unverified", PreparedRequest("GET", "https://127.0.0.1/secure", list(headers), verify_tls=False),
             tls=True),
        Case("all-settings-changed", PreparedRequest("POST", "https://127.0.0.1/all", list(headers), b"x=1",
                                                     max_redirects=3, verify_tls=False), tls=True),
        Case("times-out", PreparedRequest("GET", "http://127.0.0.1/__slow/6000", list(headers), timeout_ms=1000)),
        Case("no-redirects-no-tls-check", PreparedRequest("GET", "https://127.0.0.1/none", list(headers),
                                                          follow_redirects=False, verify_tls=False), tls=True),
    ]
