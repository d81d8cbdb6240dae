"""chalicelib.interop curl / har / insomnia / detect: cURL lines (bash and cmd, as browsers copy them), every
httpsnippet HAR request fixture, an Insomnia v4 export, format detection, and refusals that say where.

The httpsnippet fixtures, Postman examples and OpenAPI specs are read from shared/conformance beside the repository;
a missing folder fails the test rather than skipping it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chalicelib.interop.curl import import_curl
from chalicelib.interop.detect import detect, load_json
from chalicelib.interop.har import import_har
from chalicelib.interop.insomnia import import_insomnia
from chalicelib.interop.tree import MAX_IMPORT_BYTES, Bundle, FolderNode, ImportError_, RequestNode
from chalicelib.schema.documents import FolderDoc, RequestDoc

#: shared/ lies beside the repository, on developer machines and in CI alike
CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance"
FORM = "application/x-www-form-urlencoded"


def conformance(*parts: str) -> Path:
    path = CONFORMANCE.joinpath(*parts)
    assert path.exists(), f"conformance material missing at {path}"
    return path


def requests_of(bundle: Bundle) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def walk(node: FolderNode | RequestNode) -> None:
        if isinstance(node, RequestNode):
            out.append(node.doc)
        else:
            for child in node.children:
                walk(child)

    for collection in bundle.collections:
        walk(collection)
    return out


def only(text: str) -> tuple[dict[str, Any], list[str]]:
    bundle = import_curl(text)
    docs = requests_of(bundle)
    assert len(docs) == 1, docs
    # what an importer builds is exactly what the store keeps
    assert RequestDoc.model_validate(docs[0]).model_dump() == docs[0]
    return docs[0], bundle.warnings


def headers(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(h["key"], h["value"]) for h in doc["headers"]]


def params(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(p["key"], p["value"]) for p in doc["params"]]


def body(doc: dict[str, Any]) -> tuple[Any, ...]:
    """The body in a compact comparable form."""
    b = doc["body"]
    mode = b["mode"]
    if mode in ("json", "text", "xml"):
        return (mode, b["raw"])
    if mode == "urlencoded":
        return (mode, [(r["key"], r["value"]) for r in b["urlencoded"]])
    if mode == "formdata":
        return (mode, [(r["key"], r["type"], r["value"], r["filename"], r["content_type"]) for r in b["formdata"]])
    if mode == "binary":
        return (mode, b["binary"]["filename"], b["binary"]["content_type"])
    if mode == "graphql":
        return (mode, b["graphql"]["query"], b["graphql"]["variables"], b["graphql"]["operation_name"])
    return (mode,)


def attrs(doc: dict[str, Any]) -> dict[str, Any]:
    return {a["key"]: a["value"] for a in doc["auth"]["attributes"]}


NONE = ("none",)
U = "https://api.example.com/v1/items"

# ----------------------------------------------------------------------------------------------------- cURL table

#: (id, command line, method, url, headers, body, more checks on the doc, warning substrings)
CURL_CASES: list[tuple[str, str, str, str, list[tuple[str, str]], tuple[Any, ...], dict[str, Any], list[str]]] = [
    ("plain-get", f"curl {U}", "GET", U, [], NONE,
     {"settings.follow_redirects": False, "settings.max_redirects": 50, "auth.type": "noauth"}, []),
    ("request-post-json", f"""curl -X POST {U} -H 'Content-Type: application/json' -d '{{"a":1}}'""", "POST", U,
     [("Content-Type", "application/json")], ("json", '{"a":1}'), {}, []),
    ("attached-X", f"curl -XPUT {U} -d x=1", "PUT", U, [], ("urlencoded", [("x", "1")]), {}, []),
    ("long-equals", f"curl --request=PATCH --url={U} --header='X-Mode: equals'", "PATCH", U,
     [("X-Mode", "equals")], NONE, {}, []),
    ("lowercase-method-as-typed", f"curl -X post {U}", "post", U, [], NONE, {}, []),
    ("headers-duplicates-order", f"curl {U} -H 'X-A: 1' -H 'x-a: 2' -H 'X-B:3' -H 'X-A:  4  '", "GET", U,
     [("X-A", "1"), ("x-a", "2"), ("X-B", "3"), ("X-A", "4")], NONE, {}, []),
    ("empty-header-semicolon", f"curl {U} -H 'X-Empty;'", "GET", U, [("X-Empty", "")], NONE, {}, []),
    ("header-removal-dropped", f"curl {U} -H 'Accept:' -H 'X-Keep: y'", "GET", U, [("X-Keep", "y")], NONE, {},
     ["not to send its default Accept"]),
    ("data-pairs-urlencoded", f"curl {U} -d a=1 -d 'b=hello%20world+x'", "POST", U, [],
     ("urlencoded", [("a", "1"), ("b", "hello world x")]), {}, []),
    ("data-ascii", f"curl {U} --data-ascii 'x=1&y=%C3%A9'", "POST", U, [], ("urlencoded", [("x", "1"), ("y", "é")]),
     {}, []),
    ("data-raw-at-is-text", f"curl {U} --data-raw '@not-a-file'", "POST", U, [("Content-Type", FORM)],
     ("text", "@not-a-file"), {}, []),
    ("data-binary-file", f"curl {U} --data-binary @./payloads/body.bin", "POST", U, [],
     ("binary", "body.bin", FORM), {}, ["the file './payloads/body.bin'"]),
    ("data-file-with-type", f"curl {U} -H 'Content-Type: application/json' -d @payload.json", "POST", U,
     [("Content-Type", "application/json")], ("binary", "payload.json", "application/json"), {}, ["payload.json"]),
    ("data-urlencode-forms", f"curl {U} --data-urlencode 'q=hello world' --data-urlencode '=a&b' "
     "--data-urlencode 'plain text'", "POST", U, [("Content-Type", FORM)],
     ("text", "q=hello%20world&a%26b&plain%20text"), {}, []),
    ("data-urlencode-pair", f"curl {U} --data-urlencode 'msg=café & co' -d n=1", "POST", U, [],
     ("urlencoded", [("msg", "café & co"), ("n", "1")]), {}, []),
    ("data-urlencode-file", f"curl {U} --data-urlencode 'notes@notes.txt'", "POST", U, [],
     ("urlencoded", [("notes", "")]), {}, ["'notes.txt' from a file"]),
    ("get-moves-data", "curl -G 'https://e.com/search?x=1' -d 'q=a+b' --data-urlencode 'lang=en us'", "GET",
     "https://e.com/search?x=1&q=a+b&lang=en%20us", [], NONE,
     {"params": [("x", "1"), ("q", "a+b"), ("lang", "en%20us")]}, []),
    ("head", f"curl -I {U}", "HEAD", U, [], NONE, {}, []),
    ("head-long-with-X", f"curl --head -X GET {U}", "GET", U, [], NONE, {}, []),
    ("head-with-data-refused", f"curl -I {U} -d x=1", "HEAD", U, [], NONE, {}, ["refuses -I together with data"]),
    ("compressed", f"curl {U} --compressed", "GET", U, [], NONE, {"extras": {"curl": {"compressed": True}}}, []),
    ("insecure", f"curl -k {U}", "GET", U, [], NONE, {"settings.verify_tls": False}, []),
    ("insecure-long", f"curl --insecure {U}", "GET", U, [], NONE, {"settings.verify_tls": False}, []),
    ("location", f"curl -L {U}", "GET", U, [], NONE, {"settings.follow_redirects": True}, []),
    ("location-max-redirs", f"curl --location --max-redirs 5 {U}", "GET", U, [], NONE,
     {"settings.follow_redirects": True, "settings.max_redirects": 5}, []),
    ("no-location", f"curl -L --no-location {U}", "GET", U, [], NONE, {"settings.follow_redirects": False}, []),
    ("max-redirs-unlimited", f"curl -L --max-redirs=-1 {U}", "GET", U, [], NONE, {"settings.max_redirects": 50},
     ["--max-redirs -1"]),
    ("max-time", f"curl -m 2.5 {U}", "GET", U, [], NONE, {"settings.timeout_ms": 2500}, []),
    ("max-time-zero", f"curl --max-time=0 {U}", "GET", U, [], NONE, {"settings.timeout_ms": 300_000},
     ["--max-time 0"]),
    ("http2", f"curl --http2 {U}", "GET", U, [], NONE, {"settings.http2": True}, []),
    ("url-option", f"curl -s --url '{U}?a=1'", "GET", f"{U}?a=1", [], NONE, {"params": [("a", "1")]}, []),
    ("user-agent-referer", f"curl {U} -A 'Mozilla/5.0 (X11; Linux)' -e 'https://ref.example/page;auto'", "GET", U,
     [("User-Agent", "Mozilla/5.0 (X11; Linux)"), ("Referer", "https://ref.example/page")], NONE, {}, []),
    ("basic-auth", f"curl -u 'ada:p@ss:word' {U}", "GET", U, [], NONE,
     {"auth.type": "basic", "auth": {"username": "ada", "password": "p@ss:word"}}, []),
    ("digest-auth", f"curl --user ada --digest {U}", "GET", U, [], NONE,
     {"auth.type": "digest", "auth": {"username": "ada", "password": ""}}, []),
    ("bearer", f"curl --oauth2-bearer tok123 {U}", "GET", U, [], NONE,
     {"auth.type": "bearer", "auth": {"token": "tok123"}}, []),
    ("cookies-joined", f"curl {U} -H 'X-First: 1' -b 'a=1; b=2' -b c=3", "GET", U,
     [("X-First", "1"), ("Cookie", "a=1; b=2; c=3")], NONE, {}, []),
    ("cookie-file", f"curl {U} --cookie cookies.txt", "GET", U, [], NONE, {}, ["cookies from the file"]),
    ("form-fields", f"curl {U} -F 'name=Ada' -F 'cv=@/home/ada/cv.pdf;type=application/pdf' -F 'notes=<notes.txt' "
     "--form-string 'raw=@literal' -F 'quoted=\"a;b\";type=text/x-a'", "POST", U, [],
     ("formdata", [("name", "text", "Ada", None, None), ("cv", "file", "", "cv.pdf", "application/pdf"),
                   ("notes", "text", "", None, None), ("raw", "text", "@literal", None, None),
                   ("quoted", "text", "a;b", None, "text/x-a")]), {}, ["'cv' (cv.pdf)", "'notes.txt'"]),
    ("form-drops-multipart-type", f"curl {U} -F a=1 -H 'Content-Type: multipart/form-data' -H 'X-K: v'", "POST", U,
     [("X-K", "v")], ("formdata", [("a", "text", "1", None, None)]), {}, []),
    ("short-cluster", f"curl -sSLk {U}", "GET", U, [], NONE,
     {"settings.follow_redirects": True, "settings.verify_tls": False}, []),
    ("short-cluster-with-value", f"curl -sSXDELETE {U}", "DELETE", U, [], NONE, {}, []),
    ("bash-continuations", f"curl '{U}' \\\n  -H 'accept: application/json' \\\n  -H 'x-trace: 1' \\\n"
     "  --compressed", "GET", U, [("accept", "application/json"), ("x-trace", "1")], NONE, {}, []),
    ("continuation-with-trailing-blank", f"curl {U} \\  \n  -H 'X-A: 1'", "GET", U, [("X-A", "1")], NONE, {}, []),
    ("crlf-continuations", f"curl {U} \\\r\n  -H 'X-A: 1'\r\n", "GET", U, [("X-A", "1")], NONE, {}, []),
    ("ansi-c-escapes", f"curl {U} -H 'Content-Type: text/plain' --data-raw "
     r"$'line\none\ttab \x41 caf\u00e9 it\'s \"q\" back\\slash \101 \e'",
     "POST", U, [("Content-Type", "text/plain")],
     ("text", "line\none\ttab A café it's \"q\" back\\slash A \x1b"), {}, []),
    ("ansi-c-utf8-bytes-and-surrogates", f"curl {U} -H 'Content-Type: text/plain' --data-raw "
     r"$'\xc3\xa9 \ud83d\ude00 \U0001F600'", "POST", U, [("Content-Type", "text/plain")],
     ("text", "é 😀 😀"), {}, []),
    ("quotes-inside-quotes-bash", f"""curl {U} -H "X-Q: \\"quoted\\" \\$HOME $HOME" -H 'Content-Type: application/json' """
     """-d '{"q":"it'\\''s"}'""", "POST", U,
     [("X-Q", '"quoted" $HOME $HOME'), ("Content-Type", "application/json")], ("json", '{"q":"it\'s"}'), {}, []),
    ("percent-kept-as-typed", "curl 'https://e.com/p%20q?a=%2F&b=50%&c'", "GET", "https://e.com/p%20q?a=%2F&b=50%&c",
     [], NONE, {"params": [("a", "%2F"), ("b", "50%"), ("c", "")]}, []),
    ("unicode-url-and-header", "curl 'https://e.com/café?q=ñ' -H 'X-Name: Zoë'", "GET", "https://e.com/café?q=ñ",
     [("X-Name", "Zoë")], NONE, {"params": [("q", "ñ")]}, []),
    ("json-flag", f"""curl --json '{{"a":1}}' {U}""", "POST", U, [("Accept", "application/json")],
     ("json", '{"a":1}'), {}, []),
    ("json-without-content-type", f"""curl -d '{{"a":1}}' {U}""", "POST", U, [("Content-Type", FORM)],
     ("json", '{"a":1}'), {}, ["remove that header to send it as application/json"]),
    ("text-without-content-type", f"curl -d 'hello' {U}", "POST", U, [("Content-Type", FORM)], ("text", "hello"),
     {}, []),
    ("empty-data", f"curl -d '' {U}", "POST", U, [], ("urlencoded", []), {}, []),
    ("invalid-percent-is-text", f"curl --data-raw 'a=%zz' {U}", "POST", U, [("Content-Type", FORM)],
     ("text", "a=%zz"), {}, []),
    ("xml", f"curl -H 'Content-Type: application/xml; charset=utf-8' -d '<a x=\"1\"/>' {U}", "POST", U,
     [("Content-Type", "application/xml; charset=utf-8")], ("xml", '<a x="1"/>'), {}, []),
    ("explicit-form-type", f"curl -H 'content-type: application/x-www-form-urlencoded' -d 'k=v' {U}", "POST", U,
     [("content-type", FORM)], ("urlencoded", [("k", "v")]), {}, []),
    ("upload-file", "curl -T ./build/app.zip https://e.com/up/", "PUT", "https://e.com/up/app.zip", [],
     ("binary", "app.zip", None), {}, ["-T uploads the file"]),
    ("range", f"curl -r 0-99 {U}", "GET", U, [("Range", "bytes=0-99")], NONE, {}, []),
    ("url-query", f"curl --url-query 'q=a b' --url-query '+raw=%41' '{U}?x=1'", "GET", f"{U}?x=1&q=a%20b&raw=%41", [],
     NONE, {"params": [("x", "1"), ("q", "a%20b"), ("raw", "%41")]}, []),
    ("unquoted-ampersand", "curl https://e.com/s?a=1&b=2 -H 'X-A: 1'", "GET", "https://e.com/s?a=1&b=2",
     [("X-A", "1")], NONE, {"params": [("a", "1"), ("b", "2")]}, ["unquoted & is read as part of the word"]),
    ("prompt-and-comment", f"# list the items\n$ curl {U}", "GET", U, [], NONE, {}, []),
    ("pipe-and-redirect-ignored", f"curl {U} -o out.json 2>&1 | jq .", "GET", U, [], NONE, {},
     ["piped to 'jq'"]),
    ("unknown-option-with-value", f"curl --frobnicate hard {U}", "GET", U, [], NONE, {},
     ["unknown option --frobnicate (and its value 'hard')"]),
    ("unknown-option-flag", f"curl --frobnicate {U}", "GET", U, [], NONE, {}, ["unknown option --frobnicate ignored"]),
    ("unsupported-option", f"curl --proxy http://proxy:3128 {U}", "GET", U, [], NONE, {}, ["--proxy"]),
    ("chrome-multipart-data-raw", f"curl '{U}' -H 'content-type: multipart/form-data; boundary=----WebKitFormBoundaryX1' "
     r"--data-raw $'------WebKitFormBoundaryX1\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nHello\r\n"
     r"------WebKitFormBoundaryX1\r\nContent-Disposition: form-data; name=\"pic\"; filename=\"a.png\"\r\n"
     r"Content-Type: image/png\r\n\r\n\r\n------WebKitFormBoundaryX1--\r\n'", "POST", U, [],
     ("formdata", [("title", "text", "Hello", None, None), ("pic", "file", "", "a.png", "image/png")]), {},
     ["'pic' (a.png)"]),
    # Windows cmd, as Chrome's "Copy as cURL (cmd)" writes it
    ("cmd-chrome", f'curl ^"{U}?a=1^&b=2^" ^\n  -H ^"accept: */*^" ^\n  -H ^"content-type: application/json^" ^\n'
     '  --data-raw ^"^{^\\^"name^\\^":^\\^"100%^ ^&^ more^\\^"^}^" ^\n  --compressed', "POST", f"{U}?a=1&b=2",
     [("accept", "*/*"), ("content-type", "application/json")], ("json", '{"name":"100% & more"}'),
     {"params": [("a", "1"), ("b", "2")], "extras": {"curl": {"compressed": True}}}, []),
    ("cmd-chrome-percent-and-newline", f'curl ^"{U}^" -H ^"Content-Type: text/plain^" --data-raw ^"50%^25 off^\n\n'
     'second line^"', "POST", U, [("Content-Type", "text/plain")], ("text", "50%25 off\nsecond line"), {}, []),
    ("cmd-firefox", f'curl "{U}" ^\n  -X PUT ^\n  -H "Content-Type: application/json" ^\n'
     '  --data-raw "{""a"":""b"",""p"":""100"%"""}"', "PUT", U, [("Content-Type", "application/json")],
     ("json", '{"a":"b","p":"100%"}'), {}, []),
    ("cmd-firefox-one-line", f'curl "{U}" -H "Content-Type: application/json" --data-raw "{{""k"":""v""}}"', "POST",
     U, [("Content-Type", "application/json")], ("json", '{"k":"v"}'), {}, []),
    ("cmd-curl-exe-backslashes", 'curl.exe "https://e.com/p" ^\n -H "X-Path: C:\\dir\\file" -H "Content-Type: text/plain" '
     '-d "a\\\\b=\\"q\\""', "POST", "https://e.com/p", [("X-Path", "C:\\dir\\file"), ("Content-Type", "text/plain")],
     ("text", 'a\\b="q"'), {}, []),
]


def _get(doc: dict[str, Any], dotted: str) -> Any:
    value: Any = doc
    for part in dotted.split("."):
        value = value[part]
    return value


@pytest.mark.parametrize(("line", "method", "url", "want_headers", "want_body", "more", "want_warnings"),
                         [pytest.param(*c[1:], id=c[0]) for c in CURL_CASES])
def test_curl_line(line: str, method: str, url: str, want_headers: list[tuple[str, str]], want_body: tuple[Any, ...],
                   more: dict[str, Any], want_warnings: list[str]) -> None:
    doc, warnings = only(line)
    assert (doc["method"], doc["url"]) == (method, url)
    assert headers(doc) == want_headers
    assert body(doc) == want_body
    assert params(doc) == more.get("params", params(doc))
    if "params" not in more:
        assert doc["params"] == [{"key": k, "value": v, "enabled": True, "description": ""}
                                 for k, v in params(doc)]
    for key, want in more.items():
        if key == "auth":
            assert attrs(doc) == want
        elif key == "extras":
            assert doc["extras"] == want
        elif key != "params":
            assert _get(doc, key) == want, key
    for fragment in want_warnings:
        assert any(fragment in w for w in warnings), (fragment, warnings)
    if not want_warnings:
        assert warnings == []


def test_curl_table_is_large_and_covers_both_shells() -> None:
    assert len(CURL_CASES) >= 40
    assert sum(1 for c in CURL_CASES if c[0].startswith("cmd-")) >= 4
    assert len({c[0] for c in CURL_CASES}) == len(CURL_CASES)


def test_curl_defaults_map_curl_not_ours() -> None:
    doc, _ = only(f"curl {U}")
    # curl does not follow redirects without -L, checks certificates, speaks HTTP/1.1 unless told
    assert doc["settings"] == {"follow_redirects": False, "max_redirects": 50, "timeout_ms": 30_000,
                               "verify_tls": True, "http2": False}
    assert doc["name"] == U and doc["auth"] == {"type": "noauth", "attributes": []}


def test_curl_several_commands_next_and_urls() -> None:
    text = (f"curl {U}/1 -H 'X-A: 1'\n\n# the second one\ncurl -X DELETE {U}/2 ; curl {U}/3 && curl {U}/4\n"
            f"curl -d x=1 {U}/5 --next {U}/6\ncurl {U}/7 {U}/8 -H 'X-Both: y'")
    docs = requests_of(import_curl(text))
    assert [(d["method"], d["url"].rsplit("/", 1)[1]) for d in docs] == [
        ("GET", "1"), ("DELETE", "2"), ("GET", "3"), ("GET", "4"), ("POST", "5"), ("GET", "6"), ("GET", "7"),
        ("GET", "8")]
    assert headers(docs[6]) == headers(docs[7]) == [("X-Both", "y")]
    assert body(docs[5]) == NONE  # --next starts afresh
    cmd = f'curl "{U}/a" -H "X-A: 1" ^\n  --compressed & curl "{U}/b"'
    assert [d["url"] for d in requests_of(import_curl(cmd))] == [f"{U}/a", f"{U}/b"]
    bundle = import_curl(text)
    assert [c.doc["name"] for c in bundle.collections] == ["cURL import"]
    assert FolderDoc.model_validate(bundle.collections[0].doc).model_dump() == bundle.collections[0].doc


# ------------------------------------------------- the browsers' own quoting, reproduced, on awkward strings

def chrome_bash(s: str) -> str:
    if re.search(r"[\x00-\x1f\x7f-\x9f!]|'", s):
        out = s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
        return "$'" + re.sub(r"[\x00-\x1f\x7f-\x9f!]", lambda m: f"\\u{ord(m.group(0)):04x}", out) + "'"
    return "'" + s + "'"


def firefox_bash(s: str) -> str:
    def units(ch: str) -> str:
        raw = ch.encode("utf-16-le")
        return "".join(f"\\u{int.from_bytes(raw[i:i + 2], 'little'):04x}" for i in range(0, len(raw), 2))

    if re.search(r"[^\x20-\x7e]|'", s):
        out = s.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
        return "$'" + re.sub(r"[^\x20-\x7e]", lambda m: units(m.group(0)), out) + "'"
    return "'" + s + "'"


def chrome_cmd(s: str) -> str:
    out = s.replace("\\", "\\\\").replace('"', '\\"')
    out = re.sub(r"[^a-zA-Z0-9\s_\-:=+~'/.,?;()*`]", lambda m: "^" + m.group(0), out)
    out = re.sub(r"%(?=[a-zA-Z0-9_])", "%^", out)
    out = re.sub(r"\r?\n", "^\n\n", out)
    return '^"' + out + '^"'


def firefox_cmd(s: str) -> str:
    out = s.replace("$", "`$").replace('"', '""').replace("%", '"%"').replace("\\", "\\\\")
    return '"' + re.sub(r"\r?\n", lambda m: '"^' + m.group(0) * 2 + '"', out) + '"'


AWKWARD = [
    '{"a":"b","n":[1,2]}',
    "it's \"quoted\" twice",
    'back\\slash \\"escaped\\" end\\',
    "100% & 50%20 ^caret^ |pipe| <lt> >gt",
    "multi\nline\nbody",
    "unicode café ñ 😀",
    "tab\there",
    "$HOME `cmd` $(x) !bang ${y}",
    "C:\\dir\\file",
    "a=1&b=2%3D&c=%%",
]


@pytest.mark.parametrize("style", ["chrome-bash", "firefox-bash", "chrome-cmd", "firefox-cmd"])
@pytest.mark.parametrize("value", AWKWARD, ids=[f"s{i}" for i in range(len(AWKWARD))])
def test_browser_copies_round_trip(style: str, value: str) -> None:
    quote: Callable[[str], str] = {"chrome-bash": chrome_bash, "firefox-bash": firefox_bash,
                                   "chrome-cmd": chrome_cmd, "firefox-cmd": firefox_cmd}[style]
    cont = " ^\n  " if style.endswith("cmd") else " \\\n  "
    line = cont.join(["curl " + quote(U + "?q=a&r=b"), "-H " + quote("Content-Type: text/plain"),
                      "-H " + quote("X-Value: " + value.replace("\n", " ")), "--data-raw " + quote(value),
                      "--compressed"])
    doc, warnings = only(line)
    assert doc["url"] == U + "?q=a&r=b"
    assert headers(doc) == [("Content-Type", "text/plain"), ("X-Value", ("X-Value: " + value.replace("\n", " "))
                                                             .partition(":")[2].strip())]
    assert body(doc) == ("text", value)
    assert warnings == []


# ------------------------------------------------------------------------------------------------ cURL refusals

@pytest.mark.parametrize(("text", "location", "message"), [
    ("curl 'https://e.com", "line 1, column 6", "single quote"),
    ('curl https://e.com -H "X-A: 1', "line 1, column 23", "double quote"),
    ("curl https://e.com \\\n  --data-raw $'abc", "line 2, column 14", "$'"),
    # the second ^" closes the first, so the last one is left open
    ('curl ^"https://e.com ^\n  -H ^"X: 1^"', "line 2, column 13", "double quote"),
    ('curl "https://e.com ^\n -H x', "line 1, column 6", "double quote"),
    ("wget https://e.com", "line 1, column 1", "'wget'"),
    ("curl https://e.com/a\n  ls -la", "line 2, column 3", "'ls'"),
    ("curl https://e.com -H", "line 1, column 20", "-H needs a value"),
    ("curl https://e.com --header", "line 1, column 20", "--header needs a value"),
    ("curl -X 'GET /x' https://e.com", "line 1, column 9", "not an HTTP method"),
    ("curl -s -H 'X: 1'", "line 1, column 1", "no URL"),
    ("", "line 1, column 1", "no curl command"),
    ("# only a comment\n", "line 1, column 1", "no curl command"),
])
def test_curl_refusals_say_where(text: str, location: str, message: str) -> None:
    with pytest.raises(ImportError_) as err:
        import_curl(text)
    assert err.value.location == location
    assert message.lower() in err.value.message.lower()


def test_curl_refuses_oversized_input() -> None:
    with pytest.raises(ImportError_, match="limit"):
        import_curl("curl https://e.com -d '" + "x" * MAX_IMPORT_BYTES + "'")


def test_curl_oversized_url_is_located() -> None:
    with pytest.raises(ImportError_) as err:
        import_curl("\n  curl 'https://e.com/" + "a" * 17_000 + "'")
    assert err.value.location == "line 2, column 8" and "url" in err.value.message


# ---------------------------------------------------------------------------------------------- HAR: httpsnippet

#: httpsnippet file → (method, url, params, headers, body)
HTTPSNIPPET: dict[str, tuple[str, str, list[tuple[str, str]], list[tuple[str, str]], tuple[Any, ...]]] = {
    "application-form-encoded.json": (
        "POST", "http://mockbin.com/har", [], [("content-type", FORM)],
        ("urlencoded", [("foo", "bar"), ("hello", "world")])),
    "application-json.json": (
        "POST", "http://mockbin.com/har", [], [("content-type", "application/json")],
        ("json", '{"number":1,"string":"f\\"oo","arr":[1,2,3],"nested":{"a":"b"},'
                 '"arr_mix":[1,"a",{"arr_mix_nested":{}}],"boolean":false}')),
    "cookies.json": ("POST", "http://mockbin.com/har", [], [("Cookie", "foo=bar; bar=baz")], NONE),
    "custom-method.json": ("PROPFIND", "http://mockbin.com/har", [], [], NONE),
    "full.json": (
        "POST", "http://mockbin.com/har?key=value&foo=bar&foo=baz&baz=abc",
        [("key", "value"), ("foo", "bar"), ("foo", "baz"), ("baz", "abc")],
        [("accept", "application/json"), ("content-type", FORM), ("Cookie", "foo=bar; bar=baz")],
        ("urlencoded", [("foo", "bar")])),
    "headers.json": (
        "GET", "http://mockbin.com/har", [],
        [("accept", "application/json"), ("x-foo", "Bar"), ("quoted-value", "\"quoted\" 'string'")], NONE),
    "https.json": ("GET", "https://mockbin.com/har", [], [], NONE),
    "jsonObj-multiline.json": (
        "POST", "http://mockbin.com/har", [], [("content-type", "application/json")],
        ("json", '{\n  "foo": "bar"\n}')),
    "jsonObj-null-value.json": (
        "POST", "http://mockbin.com/har", [], [("content-type", "application/json")], ("json", '{"foo":null}')),
    "multipart-data.json": (
        "POST", "http://mockbin.com/har", [], [],
        ("formdata", [("foo", "file", "", "hello.txt", "text/plain"),
                      ("bar", "text", "Bonjour le monde", None, None)])),
    "multipart-file.json": (
        "POST", "http://mockbin.com/har", [], [], ("formdata", [("foo", "file", "", "hello.txt", "text/plain")])),
    "multipart-form-data-no-params.json": ("POST", "http://mockbin.com/har", [], [], ("formdata", [])),
    "multipart-form-data.json": (
        "POST", "http://mockbin.com/har", [], [], ("formdata", [("foo", "text", "bar", None, None)])),
    "nested.json": (
        "GET", "http://mockbin.com/har?foo[bar]=baz,zap&fiz=buz&key=value",
        [("foo[bar]", "baz,zap"), ("fiz", "buz"), ("key", "value")], [], NONE),
    "query.json": (
        "GET", "http://mockbin.com/har?key=value&foo=bar&foo=baz&baz=abc",
        [("key", "value"), ("foo", "bar"), ("foo", "baz"), ("baz", "abc")], [], NONE),
    "short.json": ("GET", "http://mockbin.com/har", [], [], NONE),
    "text-plain.json": ("POST", "http://mockbin.com/har", [], [("content-type", "text/plain")], ("text", "Hello World")),
}


def test_every_httpsnippet_fixture_is_in_the_table() -> None:
    folder = conformance("httpsnippet-requests")
    assert folder.is_dir()
    assert {p.name for p in folder.glob("*.json")} == set(HTTPSNIPPET)


@pytest.mark.parametrize("name", sorted(HTTPSNIPPET))
def test_httpsnippet_request_imports(name: str) -> None:
    method, url, want_params, want_headers, want_body = HTTPSNIPPET[name]
    raw = conformance("httpsnippet-requests", name).read_bytes()
    for source in (raw, json.loads(raw)):  # bytes and an already parsed dict
        bundle = import_har(source)
        [doc] = requests_of(bundle)
        assert RequestDoc.model_validate(doc).model_dump() == doc
        assert (doc["method"], doc["url"]) == (method, url)
        assert params(doc) == want_params
        assert headers(doc) == want_headers
        assert body(doc) == want_body
        assert doc["auth"]["type"] == "noauth"
        files = [r for r in doc["body"]["formdata"] if r["type"] == "file"]
        assert bool(files) == any("attach the file" in w for w in bundle.warnings)


def test_har_detected_from_every_httpsnippet_fixture() -> None:
    for path in conformance("httpsnippet-requests").glob("*.json"):
        assert detect(path.read_bytes()) == "har", path.name


BROWSER_HAR = {
    "log": {
        "version": "1.2",
        "creator": {"name": "WebInspector", "version": "537.36"},
        "pages": [{"id": "page_1", "title": "https://shop.example/checkout", "startedDateTime": "2024-01-01T00:00:00Z"}],
        "entries": [
            {"request": {
                "method": "POST", "url": "https://shop.example/api/cart?item=42&note=a%20b", "httpVersion": "http/2.0",
                "headers": [{"name": ":authority", "value": "shop.example"}, {"name": ":method", "value": "POST"},
                            {"name": "accept", "value": "application/json"}, {"name": "content-length", "value": "9"},
                            {"name": "cookie", "value": "sid=1"}, {"name": "x-dup", "value": "1"},
                            {"name": "x-dup", "value": "2"}, {"name": "content-type", "value": "application/json"}],
                "queryString": [{"name": "item", "value": "42"}, {"name": "note", "value": "a b"}],
                "cookies": [{"name": "sid", "value": "1"}],
                "postData": {"mimeType": "application/json", "text": '{"qty":1}'}}},
            {"request": {
                "method": "POST", "url": "https://shop.example/upload", "httpVersion": "HTTP/1.1",
                "headers": [{"name": "Content-Type", "value": "multipart/form-data; boundary=----b1"}],
                "postData": {"mimeType": "multipart/form-data; boundary=----b1",
                             "text": '------b1\r\nContent-Disposition: form-data; name="t"\r\n\r\nhi\r\n'
                                     '------b1\r\nContent-Disposition: form-data; name="f"; filename="C:\\\\x\\\\a.txt"'
                                     '\r\nContent-Type: text/plain\r\n\r\n...\r\n------b1--\r\n'}}},
            {"request": {"method": "GET", "url": "data:image/png;base64,AAAA", "headers": []}},
            {"request": {"method": "PUT", "url": "https://shop.example/raw", "headers": [],
                         "postData": {"mimeType": "application/vnd.api+json", "text": '{"data":{}}'}}},
            {"request": {"method": "POST", "url": "https://shop.example/form", "headers": [],
                         "postData": {"mimeType": FORM, "text": "a=1&b=x+y",
                                      "params": [{"name": "a", "value": "1"}, {"name": "b", "value": "x y"}]}}},
            {"request": {"method": "POST", "url": "https://shop.example/bin", "headers": [],
                         "postData": {"mimeType": "application/octet-stream", "text": "\x00\x01"}}},
        ],
    },
}


def test_browser_har_log() -> None:
    bundle = import_har(json.dumps(BROWSER_HAR).encode())
    assert detect(json.dumps(BROWSER_HAR).encode()) == "har"
    assert bundle.source == "har" and bundle.collections[0].doc["name"] == "https://shop.example/checkout"
    cart, upload, raw, form, binary = requests_of(bundle)
    # pseudo-headers and Content-Length go; duplicates stay; the Cookie header wins over `cookies`
    assert headers(cart) == [("accept", "application/json"), ("cookie", "sid=1"), ("x-dup", "1"), ("x-dup", "2"),
                             ("content-type", "application/json")]
    # queryString mirrors the URL (decoded): nothing added
    assert cart["url"] == "https://shop.example/api/cart?item=42&note=a%20b"
    assert params(cart) == [("item", "42"), ("note", "a%20b")]
    assert cart["settings"]["http2"] is True and body(cart) == ("json", '{"qty":1}')
    assert upload["settings"]["http2"] is False and headers(upload) == []
    assert body(upload) == ("formdata", [("t", "text", "hi", None, None), ("f", "file", "", "a.txt", "text/plain")])
    # a recorded type the mode would not send by default is kept as a header
    assert body(raw) == ("json", '{"data":{}}') and headers(raw) == [("Content-Type", "application/vnd.api+json")]
    assert body(form) == ("urlencoded", [("a", "1"), ("b", "x y")])
    assert body(binary) == ("text", "\x00\x01") and headers(binary) == [("Content-Type", "application/octet-stream")]
    assert any("non-HTTP" in w and "data" in w for w in bundle.warnings)
    assert import_har({"log": {"creator": {"name": "Firefox"}, "entries": []}}).collections[0].doc["name"] == \
        "HAR from Firefox"


@pytest.mark.parametrize(("data", "location"), [
    (b'{"log": {"entries": [', "line 1, column 22"),
    (b'{"log": {"entries": [{"request": {"method": "GET"}}]}}', "log.entries[0].request.url"),
    (b'{"log": {"entries": [{"request": {"method": "GET", "url": "https://e.com", "headers": {}}}]}}',
     "log.entries[0].request.headers"),
    (b'{"log": {"entries": [{"request": {"method": "GET", "url": "https://e.com", "headers": [{"value": 1}]}}]}}',
     "log.entries[0].request.headers[0]"),
    (b'{"log": {"entries": [{"request": {"method": "BAD METHOD", "url": "https://e.com"}}]}}',
     "log.entries[0].request.method"),
    (b'{"log": {}}', "log.entries"),
    (b'{"nothing": 1}', "document root"),
    (b"[" * 100_000, "line 1, column 501"),
])
def test_har_refusals_say_where(data: bytes, location: str) -> None:
    with pytest.raises(ImportError_) as err:
        import_har(data)
    assert err.value.location == location, err.value.message


# ------------------------------------------------------------------------------------------------------ Insomnia

INSOMNIA: dict[str, Any] = {
    "_type": "export", "__export_format": 4, "__export_date": "2024-03-01T10:00:00.000Z",
    "__export_source": "insomnia.desktop.app:v2023.5.8",
    "resources": [
        {"_id": "req_login", "parentId": "fld_auth", "modified": 1, "created": 1, "url": "{{ _.base_url }}/login",
         "name": "Log in", "description": "Get a session", "method": "POST",
         "body": {"mimeType": "application/json",
                  "text": "{\n  \"user\": \"{{ _.user.name }}\",\n  \"id\": \"{% uuid 'v4' %}\"\n}"},
         "parameters": [], "headers": [{"name": "Content-Type", "value": "application/json"}],
         "authentication": {"type": "basic", "useISO88591": False, "disabled": False, "username": "{{ _.user.name }}",
                            "password": "{{ _['user-pass'] }}"},
         "metaSortKey": -10, "isPrivate": False, "settingStoreCookies": True, "settingSendCookies": True,
         "settingDisableRenderRequestBody": False, "settingEncodeUrl": True, "settingRebuildPath": True,
         "settingFollowRedirects": "off", "_type": "request"},
        {"_id": "fld_auth", "parentId": "wrk_shop", "modified": 1, "created": 1, "name": "Auth", "description": "",
         "environment": {"realm": "shop", "nested": {"level": 2}}, "environmentPropertyOrder": None, "metaSortKey": -5,
         "headers": [{"name": "X-Folder", "value": "auth"}],
         "authentication": {"type": "bearer", "token": "{{ _.token }}", "prefix": ""}, "_type": "request_group"},
        {"_id": "wrk_shop", "parentId": None, "modified": 1, "created": 1, "name": "Shop API",
         "description": "The shop", "scope": "collection", "_type": "workspace"},
        {"_id": "req_search", "parentId": "wrk_shop", "url": "{{base_url}}/products?sort=asc", "name": "Search",
         "method": "GET", "body": {},
         "parameters": [{"name": "q", "value": "red shoes", "disabled": False},
                        {"name": "debug", "value": "1", "disabled": True}, {"name": "", "value": ""}],
         "headers": [{"name": "Accept", "value": "application/json"},
                     {"name": "X-Off", "value": "1", "disabled": True}],
         "authentication": {"type": "apikey", "key": "X-Api-Key", "value": "{{ _.api_key }}", "addTo": "queryParams"},
         "metaSortKey": -20, "settingFollowRedirects": "global", "_type": "request"},
        {"_id": "fld_orders", "parentId": "wrk_shop", "name": "Orders", "description": "Order things",
         "environment": {}, "metaSortKey": -1, "_type": "request_group"},
        {"_id": "fld_deep", "parentId": "fld_orders", "name": "Deep", "metaSortKey": 0, "_type": "request_group"},
        {"_id": "req_form", "parentId": "fld_orders", "url": "https://shop.example/orders", "name": "Create (form)",
         "method": "POST",
         "body": {"mimeType": "application/x-www-form-urlencoded",
                  "params": [{"name": "sku", "value": "A-1"}, {"name": "qty", "value": "2", "disabled": True}]},
         "headers": [{"name": "Content-Type", "value": FORM}],
         "authentication": {"type": "digest", "username": "ops", "password": "pw"}, "metaSortKey": 1,
         "_type": "request"},
        {"_id": "req_upload", "parentId": "fld_deep", "url": "https://shop.example/orders/:id/files",
         "name": "Upload", "method": "PUT",
         "body": {"mimeType": "multipart/form-data",
                  "params": [{"name": "note", "value": "hi {{ _.realm }}", "type": "text"},
                             {"name": "file", "value": "", "fileName": "/Users/ada/invoice.pdf", "type": "file"}]},
         "headers": [{"name": "Content-Type", "value": "multipart/form-data"}],
         "pathParameters": [{"name": "id", "value": "7"}],
         "authentication": {"type": "oauth2", "grantType": "client_credentials",
                            "accessTokenUrl": "https://auth.example/token", "clientId": "cid",
                            "clientSecret": "{{ _.secret }}", "scope": "orders", "credentialsInBody": True,
                            "audience": "https://api.example"},
         "metaSortKey": 0, "_type": "request"},
        {"_id": "req_gql", "parentId": "fld_orders", "url": "https://shop.example/graphql", "name": "Query",
         "method": "POST",
         "body": {"mimeType": "application/graphql",
                  "text": "{\"query\":\"query Q($id: ID!) { order(id: $id) { id } }\",\"variables\":{\"id\":\"7\"},"
                          "\"operationName\":\"Q\"}"},
         "headers": [{"name": "Content-Type", "value": "application/json"}],
         "authentication": {"type": "none"}, "metaSortKey": 2, "_type": "request"},
        {"_id": "req_file", "parentId": "fld_orders", "url": "https://shop.example/import", "name": "Import file",
         "method": "POST", "body": {"mimeType": "application/octet-stream", "fileName": "/tmp/orders.csv"},
         "headers": [], "authentication": {"type": "bearer", "token": "t", "prefix": "Token"}, "metaSortKey": 3,
         "_type": "request"},
        {"_id": "req_xml", "parentId": "fld_orders", "url": "https://shop.example/legacy?ts={% now 'unix' %}",
         "name": "Legacy", "method": "POST",
         "body": {"mimeType": "application/xml",
                  "text": "<o id=\"{% response 'body', 'req_login', 'b64::JC5pZA==::46b' %}\"/>"},
         "headers": [{"name": "Content-Type", "value": "application/xml"}], "authentication": {},
         "metaSortKey": 4, "_type": "request"},
        {"_id": "env_base", "parentId": "wrk_shop", "name": "Base Environment",
         "data": {"base_url": "https://shop.example", "user": {"name": "ada"}, "retries": 3, "flags": ["a", "b"],
                  "api_key": "base-key"},
         "dataPropertyOrder": {"&": ["base_url", "user", "retries", "flags", "api_key"]}, "color": None,
         "isPrivate": False, "metaSortKey": 1, "_type": "environment"},
        {"_id": "env_prod", "parentId": "env_base", "name": "Production",
         "data": {"base_url": "https://shop.example", "api_key": "prod-key", "token": "{{ _.api_key }}-t"},
         "isPrivate": False, "metaSortKey": 2, "_type": "environment"},
        {"_id": "env_local", "parentId": "env_base", "name": "Local",
         "data": {"base_url": "http://localhost:8080", "user": {"name": "dev", "role": "admin"}},
         "isPrivate": True, "metaSortKey": 1, "_type": "environment"},
        {"_id": "jar_1", "parentId": "wrk_shop", "name": "Default Jar",
         "cookies": [{"key": "sid", "value": "1", "domain": "shop.example"}], "_type": "cookie_jar"},
        {"_id": "spc_1", "parentId": "wrk_shop", "fileName": "Shop API", "contents": "", "contentType": "yaml",
         "_type": "api_spec"},
        {"_id": "greq_1", "parentId": "wrk_shop", "name": "gRPC ping", "url": "grpc://x", "_type": "grpc_request"},
        {"_id": "req_orphan", "parentId": "fld_gone", "url": "https://e.com/lost", "name": "Lost", "method": "GET",
         "_type": "request"},
    ],
}


def test_insomnia_export() -> None:
    bundle = import_insomnia(json.dumps(INSOMNIA).encode())
    assert bundle.source == "insomnia"
    assert [c.doc["name"] for c in bundle.collections] == ["Shop API", "Insomnia import"]
    shop = bundle.collections[0]
    assert shop.doc["description"] == "The shop"
    # siblings by metaSortKey: Search (-20), Auth (-5), Orders (-1)
    names = [c.doc["name"] for c in shop.children]
    assert names == ["Search", "Auth", "Orders"]
    search, auth_folder, orders = shop.children
    assert isinstance(search, RequestNode) and isinstance(auth_folder, FolderNode) and isinstance(orders, FolderNode)
    for node in (auth_folder, orders):
        assert FolderDoc.model_validate(node.doc).model_dump() == node.doc

    s = search.doc
    assert s["url"] == "{{base_url}}/products?sort=asc&q=red%20shoes"
    assert [(p["key"], p["value"], p["enabled"]) for p in s["params"]] == [
        ("sort", "asc", True), ("q", "red shoes", True), ("debug", "1", False)]
    assert [(h["key"], h["value"], h["enabled"]) for h in s["headers"]] == [
        ("Accept", "application/json", True), ("X-Off", "1", False)]
    assert s["auth"]["type"] == "apikey" and attrs(s) == {"key": "X-Api-Key", "value": "{{api_key}}", "in": "query"}
    assert s["settings"]["follow_redirects"] is True and body(s) == NONE

    assert auth_folder.doc["headers"] == [{"key": "X-Folder", "value": "auth", "enabled": True, "description": ""}]
    assert auth_folder.doc["auth"]["type"] == "bearer" and attrs(auth_folder.doc) == {"token": "{{token}}"}
    assert [(v["key"], v["value"]) for v in auth_folder.doc["variables"]] == [("realm", "shop"), ("nested.level", "2")]
    [login] = auth_folder.children
    assert isinstance(login, RequestNode)
    lg = login.doc
    assert (lg["name"], lg["method"], lg["url"], lg["description"]) == (
        "Log in", "POST", "{{base_url}}/login", "Get a session")
    assert body(lg) == ("json", '{\n  "user": "{{user.name}}",\n  "id": "{{$guid}}"\n}')
    assert lg["auth"]["type"] == "basic" and attrs(lg) == {"username": "{{user.name}}", "password": "{{user-pass}}"}
    assert lg["settings"]["follow_redirects"] is False
    assert lg["extras"] == {"insomnia": {"settingStoreCookies": True, "settingSendCookies": True,
                                         "settingDisableRenderRequestBody": False, "settingEncodeUrl": True,
                                         "settingRebuildPath": True}}

    assert [c.doc["name"] for c in orders.children] == ["Deep", "Create (form)", "Query", "Import file", "Legacy"]
    deep, form, gql, file_req, legacy = orders.children
    assert isinstance(deep, FolderNode)
    [upload] = deep.children
    up = upload.doc
    assert body(up) == ("formdata", [("note", "text", "hi {{realm}}", None, None),
                                     ("file", "file", "", "invoice.pdf", None)])
    assert headers(up) == []  # the multipart type would carry a stale boundary
    assert [(p["key"], p["value"]) for p in up["path_variables"]] == [("id", "7")]
    assert up["auth"]["type"] == "oauth2"
    oa = attrs(up)
    assert (oa["grant_type"], oa["accessTokenUrl"], oa["clientId"], oa["clientSecret"], oa["scope"],
            oa["client_authentication"]) == ("client_credentials", "https://auth.example/token", "cid", "{{secret}}",
                                             "orders", "body")
    assert oa["tokenRequestParams"] == [{"key": "audience", "value": "https://api.example", "enabled": True,
                                         "send_as": "request_body"}]
    assert body(form.doc) == ("urlencoded", [("sku", "A-1"), ("qty", "2")])
    assert [r["enabled"] for r in form.doc["body"]["urlencoded"]] == [True, False]
    assert form.doc["auth"]["type"] == "digest" and attrs(form.doc) == {"username": "ops", "password": "pw"}
    assert body(gql.doc) == ("graphql", "query Q($id: ID!) { order(id: $id) { id } }", '{\n  "id": "7"\n}', "Q")
    assert gql.doc["auth"]["type"] == "noauth"
    assert body(file_req.doc) == ("binary", "orders.csv", "application/octet-stream")
    assert file_req.doc["auth"]["type"] == "apikey" and attrs(file_req.doc) == {
        "key": "Authorization", "value": "Token t", "in": "header"}
    assert legacy.doc["url"] == "https://shop.example/legacy?ts={{$timestamp}}"
    assert legacy.doc["body"]["raw"].startswith("<o id=\"{% response") and legacy.doc["auth"]["type"] == "inherit"

    [lost] = bundle.collections[1].children
    assert lost.doc["name"] == "Lost"

    # sub-environments over the base, in metaSortKey order, nested objects flattened
    assert [e.name for e in bundle.environments] == ["Local", "Production"]
    local, prod = bundle.environments
    assert {v["key"]: v["value"] for v in local.variables} == {
        "base_url": "http://localhost:8080", "user.name": "dev", "retries": "3", "flags": '["a", "b"]',
        "api_key": "base-key", "user.role": "admin"}
    assert all(v["secret"] for v in local.variables)  # a private environment
    assert {v["key"]: v["value"] for v in prod.variables} == {
        "base_url": "https://shop.example", "user.name": "ada", "retries": "3", "flags": '["a", "b"]',
        "api_key": "prod-key", "token": "{{api_key}}-t"}
    assert not any(v["secret"] for v in prod.variables)

    joined = " | ".join(bundle.warnings)
    for fragment in ("'file' (invoice.pdf)", "orders.csv", "1 grpc_request", "Default Jar", "response",
                     "no workspace"):
        assert fragment in joined, fragment
    for doc in requests_of(bundle):
        assert RequestDoc.model_validate(doc).model_dump() == doc


def test_insomnia_accepts_a_dict_and_a_base_environment_alone() -> None:
    export = {"_type": "export", "__export_format": 4, "resources": [
        {"_id": "wrk_1", "_type": "workspace", "name": "W"},
        {"_id": "env_1", "_type": "environment", "parentId": "wrk_1", "name": "Base Environment",
         "data": {"a": {"b": {"c": True}}, "n": None}},
    ]}
    bundle = import_insomnia(export)
    assert [(e.name, [(v["key"], v["value"]) for v in e.variables]) for e in bundle.environments] == [
        ("Base Environment", [("a.b.c", "true"), ("n", "")])]
    assert bundle.collections[0].doc["name"] == "W" and bundle.collections[0].children == []
    # Insomnia can write the same export as YAML
    yaml_export = (b"_type: export\n__export_format: 4\nresources:\n  - _id: wrk_1\n    _type: workspace\n"
                   b"    name: From YAML\n  - _id: req_1\n    _type: request\n    parentId: wrk_1\n    name: Ping\n"
                   b"    method: HEAD\n    url: \"{{ _.host }}/ping\"\n")
    assert detect(yaml_export) == "insomnia"
    [ping] = requests_of(import_insomnia(yaml_export))
    assert (ping["method"], ping["url"], ping["auth"]["type"]) == ("HEAD", "{{host}}/ping", "inherit")


@pytest.mark.parametrize(("data", "location", "message"), [
    (b'{"_type": "export", "__export_format": 4, "resources": [', "line 1, column 57", "not valid JSON"),
    (b'{"_type": "export", "__export_format": 3, "resources": []}', "__export_format", "format 4"),
    (b'{"_type": "workspace"}', "_type", "not an Insomnia export"),
    (b'{"_type": "export", "__export_format": 4}', "resources", "resources"),
    (b'{"_type": "export", "__export_format": 4, "resources": [{"_type": "request"}]}', "resources[0]", "_id"),
    (b'{"_type": "export", "__export_format": 4, "resources": [{"_id": "r", "_type": "request", "parentId": "w",'
     b' "method": "NOT OK"}, {"_id": "w", "_type": "workspace", "name": "W"}]}', "resources[0].method", "method"),
    (json.dumps({"_type": "export", "__export_format": 4, "resources": [
        {"_id": "wrk", "_type": "workspace", "name": "W"},
        {"_id": "env", "_type": "environment", "parentId": "wrk", "name": "Big", "data": {"blob": "x" * 100_001}},
    ]}).encode(), "resources[1].data", "cannot be imported"),
])
def test_insomnia_refusals_say_where(data: bytes, location: str, message: str) -> None:
    with pytest.raises(ImportError_) as err:
        import_insomnia(data)
    assert err.value.location == location and message in err.value.message


# ------------------------------------------------------------------------------------------------------ detection

def test_detects_postman_and_openapi_from_conformance_files() -> None:
    examples = sorted(conformance("postman-collection-v2.1", "examples").glob("*.json"))
    assert len(examples) >= 2
    for path in examples[:3]:
        assert detect(path.read_bytes()) == "postman", path.name
    env = conformance("newman-integration", "bom-and-encoding", "bom-in-environment-file.postman_environment.json")
    assert detect(env.read_bytes()) == "postman_environment"
    utf16 = conformance("newman-integration", "bom-and-encoding", "utf16-le-encoding-in-env.postman_environment.json")
    assert detect(utf16.read_bytes()) == "postman_environment"
    openapi_json = sorted(conformance("openapi", "valid_openapi").glob("*.json"))[:2]
    openapi_yaml = sorted(conformance("openapi", "valid_openapi").glob("*.yaml"))[:2]
    assert openapi_json and openapi_yaml
    for path in openapi_json + openapi_yaml:
        assert detect(path.read_bytes()) == "openapi", path.name
    for path in sorted(conformance("openapi", "valid_openapi31X").rglob("*.y*ml"))[:2]:
        assert detect(path.read_bytes()) == "openapi", path.name
    swagger = sorted(conformance("openapi", "valid_swagger", "json").glob("*.json"))[:2] + \
        sorted(conformance("openapi", "valid_swagger", "yaml").glob("*.y*ml"))[:2]
    assert len(swagger) == 4
    for path in swagger:
        assert detect(path.read_bytes()) == "swagger", path.name


@pytest.mark.parametrize(("content", "kind"), [
    (f"curl {U}".encode(), "curl"),
    (f"  \n# comment\nCURL -X POST {U}".encode(), "curl"),
    (f"$ curl {U}".encode(), "curl"),
    (f'curl.exe ^"{U}^" ^\n -H ^"a: b^"'.encode(), "curl"),
    ("\ufeffcurl https://e.com".encode(), "curl"),
    (json.dumps(BROWSER_HAR).encode(), "har"),
    (b'{"method": "GET", "url": "https://e.com"}', "har"),
    (json.dumps(INSOMNIA).encode(), "insomnia"),
    (b"_type: export\n__export_format: 4\nresources: []\n", "insomnia"),
    (b'{"info": {"name": "c", "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},'
     b' "item": []}', "postman"),
    (b'{"item": [{"name": "r", "request": {"url": "https://e.com"}}]}', "postman"),
    (b'{"id": "1", "name": "v1", "order": [], "requests": []}', "postman"),
    (b'{"collection": {"info": {"_postman_id": "x", "name": "c"}, "item": []}}', "postman"),
    (b'{"name": "env", "values": [{"key": "a", "value": "1"}], "_postman_variable_scope": "environment"}',
     "postman_environment"),
    (b'[{"key": "g", "value": "1", "enabled": true}]', "postman_environment"),
    (b'{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {}}', "openapi"),
    (b"openapi: 3.0.3\ninfo:\n  title: t\n  version: '1'\npaths: {}\n", "openapi"),
    (b'swagger: "2.0"\ninfo:\n  title: t\n  version: "1"\npaths: {}\n', "swagger"),
    ("\ufeff{\"swagger\": \"2.0\", \"paths\": {}}".encode("utf-16"), "swagger"),
])
def test_detect(content: bytes, kind: str) -> None:
    assert detect(content) == kind


@pytest.mark.parametrize(("content", "location", "message"), [
    (b"GET /index.html HTTP/1.1\nHost: e.com\n", "line 1, column 1", "not a format we import"),
    (b"\n\n   wget https://e.com", "line 3, column 4", "not a format we import"),
    (b'{"just": "json"}', "document root", "not a format we import"),
    (b'[{"dataVar": "value1"}]', "document root", "not a format we import"),
    (b'{"info": {"title": "x"},\n "paths": {}', "line 2, column 13", "not valid JSON"),
    (b"info:\n  title: x\npaths: {}\n", "openapi", "no `openapi: 3.x`"),
    (b"openapi: 3.0.0\ninfo: [unclosed\n", "line 3, column 1", "not valid YAML"),
    (b"[" * 100_000, "line 1, column 501", "nests more than"),
    (b'{"a":' * 5_000 + b"1" + b"}" * 5_000, "line 1, column 2501", "nests more than"),
    (b"   \n\t", "line 1, column 1", "empty"),
    (b"\xff\xfe\x00\xd8", "byte 2", "not UTF-16"),
])
def test_detect_refusals_say_where(content: bytes, location: str, message: str) -> None:
    with pytest.raises(ImportError_) as err:
        detect(content)
    assert err.value.location == location
    assert message.lower() in err.value.message.lower()
    if "not a format" in message:
        assert "Insomnia" in err.value.message and "cURL" in err.value.message  # the hint


def test_detect_refuses_oversized_input_before_parsing() -> None:
    with pytest.raises(ImportError_, match="limit"):
        detect(b"{" + b" " * MAX_IMPORT_BYTES + b"}")


def test_load_json_reports_line_and_column() -> None:
    with pytest.raises(ImportError_) as err:
        load_json(b'{\n  "a": 1,\n  "b": tru\n}')
    assert err.value.location == "line 3, column 8"
