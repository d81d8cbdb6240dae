"""Browser "Copy as fetch" import: Chrome's "Copy as fetch" and "Copy as fetch (Node.js)", Firefox's "Copy as Fetch",
and their "Copy all as …" (several calls, one request each).

Browsers write the URL and the options with JSON.stringify, so each call is read with a JSON decoder:
`fetch("<url>", {<options>});`, `await` in front or not. Options: `method` (GET when absent), `headers` (an object,
or a list of pairs, in order), `body` (a string; `null` is none), `referrer` (sent by the browser as a Referer
header, so it becomes one unless the headers have it). `mode`, `credentials`, `referrerPolicy`, `cache`, `redirect`
and `signal` say how the page's browser sends it and have no meaning for us: `redirect: "manual"` (or "error")
becomes "do not follow redirects", the others are dropped. The rest (body by content type, multipart bodies read back
into rows, query rows) is the HAR importer's: a fetch call is the same request a HAR entry describes.

Hand-written calls in JavaScript syntax (single quotes, unquoted keys, template strings, variables) are refused with
the place to look: we read what browsers copy, not JavaScript.
"""

from __future__ import annotations

import json
import re
from typing import Any

from chalicelib.interop.detect import check_size, outside_strings, position, without_lone_surrogates
from chalicelib.interop.har import build_folder, request_node
from chalicelib.interop.tree import Bundle, FolderNode, ImportError_, RequestNode

_START = re.compile(r"\s*(?:await\s+)?fetch\s*\(")
#: between calls: whitespace, `;`, and the `// …` comment lines some browsers put above each
_BETWEEN = re.compile(r"(?:\s|;|//[^\n]*)*")
_IGNORED = ("mode", "credentials", "referrerPolicy", "cache", "signal", "integrity", "keepalive", "priority",
            "window", "duplex")
_DECODER = json.JSONDecoder()


def looks_like_fetch(text: str) -> bool:
    return _START.match(text.removeprefix("\ufeff")) is not None


def import_fetch(text: str) -> Bundle:
    check_size(text)
    text = _without_trailing_commas(text.removeprefix("\ufeff"))
    bundle = Bundle(source="fetch")
    children: list[FolderNode | RequestNode] = []
    pos = _BETWEEN.match(text, 0).end()  # type: ignore[union-attr]  # matches the empty string at worst
    n = 0
    while pos < len(text):
        start = _START.match(text, pos)
        if start is None:
            raise ImportError_("Expected a fetch(…) call here: we import fetch calls as browsers copy them "
                               "(Copy as fetch).", location=position(text, pos))
        url, options, pos = _call(text, start.end())
        where = position(text, start.start())
        node = request_node(_as_har(url, options, bundle.warnings, where), where, bundle.warnings)
        if node is not None:
            if options.get("redirect") in ("manual", "error"):
                node.doc["settings"]["follow_redirects"] = False
            children.append(node)
        n += 1
        pos = _BETWEEN.match(text, pos).end()  # type: ignore[union-attr]
    if not n:
        raise ImportError_("No fetch(…) call found.", location="line 1, column 1")
    bundle.collections.append(build_folder({"name": "fetch import"}, children, "document root"))
    return bundle


def _without_trailing_commas(text: str) -> str:
    """JavaScript allows `{"a": 1,}` and some browsers write it; JSON does not. Such a comma becomes a space (so
    every position an error names stays where it was)."""
    out = list(text)
    for i, ch in outside_strings(text):
        if ch == ",":
            j = _skip(text, i + 1)
            if j < len(text) and text[j] in "}]":
                out[i] = " "
    return "".join(out)


def _skip(text: str, pos: int) -> int:
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def _value(text: str, pos: int, what: str) -> tuple[Any, int]:
    try:
        value, end = _DECODER.raw_decode(text, pos)
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{what} is not written as browsers copy it (JSON: double quotes, quoted keys, no "
                           f"variables): {exc.msg}.", location=position(text, exc.pos)) from None
    return without_lone_surrogates(value), end


def _call(text: str, pos: int) -> tuple[str, dict[str, Any], int]:
    """The URL and options of one call whose `fetch(` ends at `pos`, and where the call ends."""
    at = _skip(text, pos)
    url, pos = _value(text, at, "The URL")
    if not isinstance(url, str):
        raise ImportError_("fetch's first argument must be the URL, in quotes.", location=position(text, at))
    options: Any = {}
    pos = _skip(text, pos)
    if text.startswith(",", pos):
        pos = _skip(text, pos + 1)
        if not text.startswith(")", pos):
            at = pos
            options, pos = _value(text, pos, "The options")
            if not isinstance(options, dict):
                raise ImportError_("fetch's second argument must be an options object.", location=position(text, at))
            pos = _skip(text, pos)
            if text.startswith(",", pos):  # a trailing comma
                pos = _skip(text, pos + 1)
    if not text.startswith(")", pos):
        raise ImportError_("Expected `)` to close the fetch call.", location=position(text, pos))
    return url, options, pos + 1


def _as_har(url: str, options: dict[str, Any], warnings: list[str], label: str) -> dict[str, Any]:
    headers = _headers(options.get("headers"), label)
    referrer = options.get("referrer")
    if (isinstance(referrer, str) and referrer.startswith(("http://", "https://"))
            and not any(h["name"].lower() == "referer" for h in headers)):
        headers.append({"name": "Referer", "value": referrer})
    method = options.get("method") or "GET"
    if not isinstance(method, str):
        raise ImportError_("The fetch call's `method` must be text.", location=label)
    har: dict[str, Any] = {"method": method.upper(), "url": url, "headers": headers}
    body = options.get("body")
    if body is not None:
        if not isinstance(body, str):
            raise ImportError_("The fetch call's `body` must be text, as browsers copy it (a FormData or a file "
                               "cannot be copied).", location=label)
        ctype = next((h["value"] for h in headers if h["name"].lower() == "content-type"), "")
        har["postData"] = {"mimeType": ctype, "text": body}
    unknown = sorted(k for k in options if k not in ("method", "headers", "body", "referrer", "redirect", *_IGNORED))
    if unknown:
        warnings.append(f"{label}: fetch options we do not use were left out: {', '.join(unknown)}.")
    return har


def _headers(value: Any, label: str) -> list[dict[str, str]]:
    if value is None:
        return []
    pairs: list[tuple[Any, Any]]
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list) and all(isinstance(p, list) and len(p) == 2 for p in value):
        pairs = [(p[0], p[1]) for p in value]
    else:
        raise ImportError_("The fetch call's `headers` must be an object or a list of [name, value] pairs.",
                           location=label)
    out = []
    for name, val in pairs:
        if not isinstance(name, str) or not isinstance(val, str | int | float) or isinstance(val, bool):
            raise ImportError_(f"The header {name!r} of the fetch call needs a text value.", location=label)
        out.append({"name": name, "value": str(val)})
    return out
