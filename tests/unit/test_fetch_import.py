"""Browser "Copy as fetch" calls (Chrome, Chrome's Node.js variant, Firefox, and "Copy all as fetch") become
requests; JavaScript that is not what a browser copies is refused with the place to look."""

from __future__ import annotations

from typing import Any

import pytest

from chalicelib.interop.detect import detect
from chalicelib.interop.fetch import import_fetch, looks_like_fetch
from chalicelib.interop.tree import Bundle, ImportError_, RequestNode
from chalicelib.schema.documents import RequestDoc

CHROME = r'''fetch("https://api.example.com/v1/users?active=true&sort=name", {
  "headers": {
    "accept": "application/json",
    "accept-language": "en-US,en;q=0.9",
    "authorization": "Bearer eyJhbGciOi.x.y",
    "content-type": "application/json",
    "sec-ch-ua": "\"Not_A Brand\";v=\"8\", \"Chromium\";v=\"120\"",
    "x-dup": "one"
  },
  "referrer": "https://app.example.com/users",
  "referrerPolicy": "strict-origin-when-cross-origin",
  "body": "{\"name\":\"Ada \u00fc\",\"tags\":[\"x\"]}",
  "method": "POST",
  "mode": "cors",
  "credentials": "include"
});'''

CHROME_NODE = '''fetch("https://api.example.com/v1/me", {
  "headers": {
    "accept": "*/*",
    "cookie": "sid=abc; theme=dark",
    "Referer": "https://app.example.com/",
    "Referrer-Policy": "strict-origin-when-cross-origin"
  },
  "body": null,
  "method": "GET"
});'''

FIREFOX_ALL = '''await fetch("https://shop.example/cart", {
    "credentials": "include",
    "headers": {
        "User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
        "Accept": "*/*",
        "Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
    },
    "referrer": "https://shop.example/",
    "body": "sku=A-1&qty=2&note=two+words",
    "method": "POST",
    "mode": "cors",
});

await fetch("https://shop.example/upload", {
    "headers": {
        "Content-Type": "multipart/form-data; boundary=----geckoformboundary1234"
    },
    "body": "------geckoformboundary1234\\r\\nContent-Disposition: form-data; name=\\"title\\"\
\\r\\n\\r\\nHello\\r\\n------geckoformboundary1234--\\r\\n",
    "method": "PUT",
    "redirect": "manual"
});

await fetch("https://shop.example/ping");
'''


def _requests(bundle: Bundle) -> list[dict[str, Any]]:
    out = [c.doc for c in bundle.collections[0].children if isinstance(c, RequestNode)]
    for doc in out:
        assert RequestDoc.model_validate(doc).model_dump() == doc
    return out


def _headers(doc: dict[str, Any]) -> list[tuple[str, str]]:
    return [(h["key"], h["value"]) for h in doc["headers"]]


def test_chrome_copy_as_fetch() -> None:
    assert looks_like_fetch(CHROME) and detect(CHROME.encode()) == "fetch"
    [req] = _requests(import_fetch(CHROME))
    assert (req["method"], req["url"]) == ("POST", "https://api.example.com/v1/users?active=true&sort=name")
    assert [(p["key"], p["value"]) for p in req["params"]] == [("active", "true"), ("sort", "name")]
    assert req["body"]["mode"] == "json" and req["body"]["raw"] == '{"name":"Ada ü","tags":["x"]}'
    headers = _headers(req)
    assert ("sec-ch-ua", '"Not_A Brand";v="8", "Chromium";v="120"') in headers
    assert ("Referer", "https://app.example.com/users") in headers  # the browser sends the referrer as a header
    assert ("authorization", "Bearer eyJhbGciOi.x.y") in headers or req["auth"]["type"] == "bearer"


def test_chromes_node_variant_keeps_its_cookie_and_referer_headers() -> None:
    [req] = _requests(import_fetch(CHROME_NODE))
    assert (req["method"], req["body"]["mode"]) == ("GET", "none")
    headers = _headers(req)
    assert ("cookie", "sid=abc; theme=dark") in headers
    assert [h for h in headers if h[0].lower() == "referer"] == [("Referer", "https://app.example.com/")]


def test_firefox_copy_all_as_fetch_gives_one_request_per_call() -> None:
    assert detect(FIREFOX_ALL.encode()) == "fetch"
    bundle = import_fetch(FIREFOX_ALL)
    cart, upload, ping = _requests(bundle)
    assert cart["body"]["mode"] == "urlencoded"
    assert [(r["key"], r["value"]) for r in cart["body"]["urlencoded"]] == [
        ("sku", "A-1"), ("qty", "2"), ("note", "two words")]
    assert upload["method"] == "PUT" and upload["body"]["mode"] == "formdata"
    assert [(r["key"], r["value"]) for r in upload["body"]["formdata"]] == [("title", "Hello")]
    assert upload["settings"]["follow_redirects"] is False  # redirect: "manual"
    assert (ping["method"], ping["url"], ping["headers"]) == ("GET", "https://shop.example/ping", [])
    assert bundle.collections[0].doc["name"] == "fetch import"


@pytest.mark.parametrize(("text", "location", "message"), [
    ("fetch('https://x.test/a')", "line 1, column 7", "as browsers copy it"),
    ('fetch("https://x.test/a", {method: "POST"})', "line 1, column 28", "as browsers copy it"),
    ('fetch("https://x.test/a", {"method": "POST"}', "line 1, column 45", "close the fetch call"),
    ('fetch("https://x.test/a", {"body": {"a": 1}})', "line 1, column 1", "`body` must be text"),
    ('fetch("https://x.test/a", {"headers": "x"})', "line 1, column 1", "`headers`"),
    ('fetch(url, {"method": "GET"})', "line 1, column 7", "as browsers copy it"),
    ('fetch("https://x.test/a");\nconsole.log(1);', "line 2, column 1", "Expected a fetch(…) call"),
    ('fetch(42)', "line 1, column 7", "first argument must be the URL"),
])
def test_what_a_browser_does_not_copy_is_refused_with_a_place(text: str, location: str, message: str) -> None:
    with pytest.raises(ImportError_) as err:
        import_fetch(text)
    assert (err.value.location, message in err.value.message) == (location, True), err.value.message


def test_a_string_holding_commas_and_braces_is_left_alone() -> None:
    text = 'fetch("https://x.test/a", {"body": "a,}b,]", "method": "POST",})'
    [req] = _requests(import_fetch(text))
    assert req["body"]["raw"] == "a,}b,]"
