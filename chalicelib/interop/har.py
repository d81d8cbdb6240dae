"""HAR 1.2 import: every `log.entries[].request` becomes a request of one collection (a bare HAR request object, as
httpsnippet's fixtures and "copy request" tools write them, is accepted too).

Also home of the request-building helpers the cURL and Insomnia importers share (query rows, body modes, multipart
and form parsing, validation into our documents), since a HAR request is the plainest form of what they all build.

Decisions:

- Query: the URL's own query string is authoritative and kept as typed (encoded). `queryString` entries that the URL
  does not already carry (compared raw and decoded, as a multiset, since Chrome writes them encoded and Firefox
  decoded) are appended after it, percent-encoded; httpsnippet's fixtures rely on that (`full.json` has
  `?key=value` in the URL and three more pairs in `queryString`). A browser HAR, whose `queryString` mirrors the
  URL, therefore imports unchanged.
- Headers: order and duplicates kept. HTTP/2 pseudo-headers (`:authority`, `:method`, ...) are dropped (they are
  the request line, not headers), and so is `Content-Length`, which the executor computes from the body it sends
  (a stale copy would break any edited body). `cookies` become one `Cookie` header, unless a Cookie header is
  already there (browsers record both; the header is what went on the wire).
- Body by `postData.mimeType`: JSON → json, XML → xml, `application/x-www-form-urlencoded` → urlencoded rows
  (parsed from `text` when it is a clean form string, else from `params`), `multipart/form-data` → formdata rows
  (from `params`, or parsed from a multipart `text` with the boundary), anything else with text → text. The
  multipart Content-Type header is dropped on a formdata body because its boundary belongs to the old body: the
  executor writes a fresh one. A file field becomes a file row without a stored file, with a warning (a HAR
  carries at best a copy of the content, never the file).
- Auth is "noauth": a HAR records the Authorization header itself, so inheriting a folder's auth would add to
  what was sent.
- `httpVersion` HTTP/2 (`h2`) → settings.http2. Non-HTTP entries (`data:`, `blob:`, `ws:`, extension URLs) are
  skipped with a warning.
- Collection name: the first page's title, else "HAR from <creator>", else "HAR import".
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import quote, unquote, unquote_plus

from pydantic import ValidationError

from chalicelib.interop.detect import load_json
from chalicelib.interop.tree import Bundle, FolderNode, ImportError_, RequestNode
from chalicelib.schema.documents import FolderDoc, RequestDoc

#: what the executor leaves unencoded in a query (chalicelib/executor/prepare.py), so appended pairs read the same
QUERY_SAFE = "!$'()*,;:@/?[]{}|~-._"
#: RequestDoc's limits, checked before validation so an oversized body or name is a warning, not a failed import
MAX_RAW = 300_000
MAX_NAME = 200
_HTTP_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


# ----------------------------------------------------------------------------------------------- shared helpers


def request_name(url: str, fallback: str = "Untitled request") -> str:
    """A request's name from its URL: scheme, host and path (the query would make names unreadably long)."""
    name = url.partition("#")[0].partition("?")[0].strip() or fallback
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


def truncate_name(name: str, fallback: str) -> str:
    name = " ".join(name.split()) or fallback
    return name if len(name) <= MAX_NAME else name[: MAX_NAME - 1] + "…"


def query_rows(url: str) -> list[dict[str, Any]]:
    """The URL's query string as params rows, exactly as typed (still encoded), duplicates and order kept."""
    query = url.partition("#")[0].partition("?")[2]
    rows: list[dict[str, Any]] = []
    for piece in query.split("&"):
        if piece:
            key, _, value = piece.partition("=")
            rows.append({"key": key, "value": value})
    return rows


def append_query(url: str, pairs: Iterable[str]) -> str:
    """`url` with already-encoded `k=v` pieces added to its query (before any fragment)."""
    extra = "&".join(p for p in pairs if p)
    if not extra:
        return url
    head, hash_, fragment = url.partition("#")
    if "?" not in head:
        head += "?"
    elif not head.endswith(("?", "&")):
        head += "&"
    return head + extra + hash_ + fragment


def encode_pair(key: str, value: str) -> str:
    return f"{quote(key, safe=QUERY_SAFE)}={quote(value, safe=QUERY_SAFE)}"


def media_type(value: str | None) -> str:
    """`application/json; charset=utf-8` → `application/json`."""
    return (value or "").split(";", 1)[0].strip().lower()


def mode_for(media: str) -> str | None:
    """Our body mode for a media type, or None when it is none of the structured ones."""
    if media in ("application/json", "text/json") or media.endswith("+json"):
        return "json"
    if media in ("application/xml", "text/xml") or media.endswith("+xml"):
        return "xml"
    if media == "application/x-www-form-urlencoded":
        return "urlencoded"
    if media == "multipart/form-data":
        return "formdata"
    if media.startswith("text/"):
        return "text"
    return None


def is_json_document(text: str) -> bool:
    """True for a JSON object or array (a bare number or string is as likely plain text)."""
    stripped = text.strip()
    if not stripped or stripped[0] not in "{[":
        return False
    try:
        json.loads(stripped)
    except (ValueError, RecursionError):
        return False
    return True


_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def form_rows(text: str) -> list[dict[str, Any]] | None:
    """`a=1&b=x%20y` as decoded urlencoded rows, or None when the text is not a clean form string.

    The executor re-encodes urlencoded rows (quote_plus), so rows are only made when decoding and re-encoding
    keep what a form parser reads: every piece has `=`, escapes are valid UTF-8, no line breaks, not JSON.
    """
    if not text or "\n" in text or "\r" in text or _BAD_PERCENT.search(text) or is_json_document(text):
        return None
    rows: list[dict[str, Any]] = []
    for piece in text.split("&"):
        if not piece:
            continue  # `a=1&` and `a=1&&b=2` read the same to a form parser
        if "=" not in piece:
            return None
        key, _, value = piece.partition("=")
        try:
            rows.append({"key": unquote_plus(key, errors="strict"), "value": unquote_plus(value, errors="strict")})
        except UnicodeDecodeError:
            return None  # `%FF`: not UTF-8, so re-encoding the decoded text would send other bytes
    return rows or None


_DISPOSITION_PARAM = re.compile(r'(?:^|;)\s*(name|filename)\*?\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]*))', re.IGNORECASE)


def basename(path: str) -> str:
    return re.split(r"[\\/]", path)[-1] or path


def parse_multipart(text: str, content_type: str) -> list[dict[str, Any]] | None:
    """A multipart/form-data body (as browsers copy it into cURL and HAR) as formdata rows; None if it isn't one.

    Text parts keep their value; file parts become file rows without a stored file (browsers leave the file's bytes
    out of what they copy anyway).
    """
    m = re.search(r'boundary\s*=\s*(?:"([^"]+)"|([^;\s]+))', content_type, re.IGNORECASE)
    if not m:
        return None
    delimiter = "--" + (m.group(1) or m.group(2))
    parts = text.split(delimiter)
    if len(parts) < 2:
        return None
    rows: list[dict[str, Any]] = []
    for part in parts[1:]:
        if part.startswith("--"):
            return rows  # the closing delimiter
        part = part.removeprefix("\r\n").removeprefix("\n")
        head, sep, body = part.partition("\r\n\r\n")
        if not sep:
            head, sep, body = part.partition("\n\n")
            if not sep:
                return None
        body = body.removesuffix("\r\n").removesuffix("\n")
        name: str | None = None
        filename: str | None = None
        ctype: str | None = None
        for line in re.split(r"\r?\n", head):
            field, _, value = line.partition(":")
            field = field.strip().lower()
            if field == "content-disposition":
                for pm in _DISPOSITION_PARAM.finditer(value.split(";", 1)[1] if ";" in value else ""):
                    found = pm.group(2) if pm.group(2) is not None else pm.group(3)
                    found = re.sub(r"\\(.)", r"\1", found)
                    if pm.group(1).lower() == "name":
                        name = found
                    else:
                        filename = found
            elif field == "content-type":
                ctype = value.strip() or None
        if name is None:
            return None
        if filename is not None:
            rows.append({"key": name, "type": "file", "value": "", "filename": basename(filename) or None,
                         "content_type": ctype})
        else:
            rows.append({"key": name, "type": "text", "value": body, "content_type": ctype})
    return None  # no closing delimiter: truncated


def drop_headers(headers: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    return [h for h in headers if str(h.get("key", "")).lower() != name]


def find_header(headers: list[dict[str, Any]], name: str) -> str | None:
    """The last value of a header (the one a server would most likely take), case-insensitively."""
    found = None
    for h in headers:
        if str(h.get("key", "")).lower() == name and h.get("enabled", True):
            found = str(h.get("value", ""))
    return found


def raw_body(mode: str, text: str, warnings: list[str], label: str) -> dict[str, Any]:
    """A json/text/xml body, or none with a warning when it is beyond what a request document keeps."""
    if len(text) > MAX_RAW:
        warnings.append(f"{label}: the body is {len(text):,} characters, more than the {MAX_RAW:,} a request keeps; "
                        "it was left out.")
        return {"mode": "none"}
    return {"mode": mode, "raw": text}


def file_rows_warning(rows: list[dict[str, Any]], warnings: list[str], label: str) -> None:
    names = [f"{r['key']!r}" + (f" ({r['filename']})" if r.get("filename") else "") for r in rows
             if r.get("type") == "file"]
    if names:
        warnings.append(f"{label}: attach the file for form field {', '.join(names)}: the import names it, "
                        "but the file itself cannot be read from here.")


def _validation_message(exc: ValidationError) -> tuple[str, str]:
    err = exc.errors()[0]
    loc = ".".join(str(p) for p in err.get("loc", ()))
    return err.get("msg", "invalid"), loc


def build_request(doc: dict[str, Any], where: str, *, field_in_location: bool = True) -> RequestNode:
    """Validate a request dict as a RequestDoc; a failure is an ImportError_ located at `where` (+ `.field` for
    document paths like `log.entries[2].request`; a text position like "line 3, column 1" takes no suffix)."""
    try:
        return RequestNode(doc=RequestDoc.model_validate(doc).model_dump())
    except ValidationError as exc:
        msg, loc = _validation_message(exc)
        raise ImportError_(f"A request cannot be imported: {loc}: {msg}.",
                           location=f"{where}.{loc}" if loc and field_in_location else where) from None


def build_folder(doc: dict[str, Any], children: list[FolderNode | RequestNode], where: str) -> FolderNode:
    try:
        return FolderNode(doc=FolderDoc.model_validate(doc).model_dump(), children=children)
    except ValidationError as exc:
        msg, loc = _validation_message(exc)
        raise ImportError_(f"A folder cannot be imported: {loc}: {msg}.",
                           location=f"{where}.{loc}" if loc else where) from None


def auth_attrs(**values: Any) -> list[dict[str, Any]]:
    return [{"key": k, "value": v, "type": "boolean" if isinstance(v, bool) else "string"} for k, v in values.items()]


# ----------------------------------------------------------------------------------------------------- HAR


def import_har(data: bytes | dict[str, Any]) -> Bundle:
    doc = load_json(data, what="The HAR file") if isinstance(data, bytes | str) else data
    if not isinstance(doc, dict):
        raise ImportError_("A HAR file is a JSON object with a `log`.", location="document root")
    bundle = Bundle(source="har")
    items: list[tuple[str, Any]]
    if "log" in doc:
        log = doc["log"]
        if not isinstance(log, dict):
            raise ImportError_("`log` must be an object.", location="log")
        entries = log.get("entries")
        if not isinstance(entries, list):
            raise ImportError_("A HAR log needs an `entries` list.", location="log.entries")
        name = _collection_name(log)
        items = [(f"log.entries[{i}].request", e.get("request") if isinstance(e, dict) else e)
                 for i, e in enumerate(entries)]
    elif isinstance(doc.get("method"), str) or isinstance(doc.get("url"), str):
        name = "HAR import"
        items = [("request", doc)]
    else:
        raise ImportError_("This is neither a HAR file (no `log.entries`) nor a HAR request (no `method` and `url`).",
                           location="document root")
    children: list[FolderNode | RequestNode] = []
    skipped: list[str] = []
    for where, req in items:
        if not isinstance(req, dict):
            raise ImportError_("Each entry needs a `request` object.", location=where)
        node = _request(req, where, bundle.warnings, skipped)
        if node is not None:
            children.append(node)
    if skipped:
        bundle.warnings.append(f"Skipped {len(skipped)} non-HTTP entr{'y' if len(skipped) == 1 else 'ies'} "
                               f"({', '.join(sorted(set(skipped)))}).")
    if not children:
        bundle.warnings.append("The HAR has no HTTP requests to import.")
    bundle.collections.append(build_folder({"name": name}, children, "log"))
    return bundle


def request_node(req: Mapping[str, Any], where: str, warnings: list[str]) -> RequestNode | None:
    """One HAR request object as a request (None for a non-HTTP one): also what a browser's "Copy as fetch" is."""
    return _request(req, where, warnings, [])


def _collection_name(log: Mapping[str, Any]) -> str:
    pages = log.get("pages")
    if isinstance(pages, list) and pages and isinstance(pages[0], dict):
        title = pages[0].get("title")
        if isinstance(title, str) and title.strip():
            return truncate_name(title, "HAR import")
    creator = log.get("creator")
    if isinstance(creator, dict) and isinstance(creator.get("name"), str) and creator["name"].strip():
        return truncate_name(f"HAR from {creator['name']}", "HAR import")
    return "HAR import"


def _text(value: Any, where: str, *, required: bool = False) -> str:
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise ImportError_("Expected text here.", location=where)
    return value


def _pairs(value: Any, where: str) -> list[tuple[str, str, Mapping[str, Any]]]:
    """HAR's `[{name, value}]` lists (headers, queryString, cookies, params)."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportError_("Expected a list of {name, value} objects.", location=where)
    out: list[tuple[str, str, Mapping[str, Any]]] = []
    for i, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise ImportError_("Expected an object with a `name`.", location=f"{where}[{i}]")
        raw_value = item.get("value")
        out.append((item["name"], "" if raw_value is None else str(raw_value), item))
    return out


def _request(req: Mapping[str, Any], where: str, warnings: list[str], skipped: list[str]) -> RequestNode | None:
    method = _text(req.get("method"), f"{where}.method", required=True).strip() or "GET"
    url = _text(req.get("url"), f"{where}.url", required=True).strip()
    scheme = _HTTP_SCHEME.match(url)
    if scheme and scheme.group(0).lower() not in ("http:", "https:"):
        skipped.append(scheme.group(0).lower().rstrip(":"))
        return None
    label = f"{where} ({method} {request_name(url)})"

    headers: list[dict[str, Any]] = []
    for name, value, _ in _pairs(req.get("headers"), f"{where}.headers"):
        if name.startswith(":") or name.lower() == "content-length":
            continue
        headers.append({"key": name, "value": value})

    url = _merge_query(url, _pairs(req.get("queryString"), f"{where}.queryString"))
    cookies = _pairs(req.get("cookies"), f"{where}.cookies")
    if cookies and find_header(headers, "cookie") is None:
        headers.append({"key": "Cookie", "value": "; ".join(f"{n}={v}" for n, v, _ in cookies)})

    body, headers = _body(req.get("postData"), headers, f"{where}.postData", warnings, label)
    version = str(req.get("httpVersion") or "").strip().lower()
    settings: dict[str, Any] = {}
    if version in ("http/2", "http/2.0", "h2", "h2c"):
        settings["http2"] = True
    elif version in ("http/3", "h3"):
        settings["http2"] = True
        warnings.append(f"{label}: recorded over HTTP/3, which we do not send; it will use HTTP/2.")
    doc: dict[str, Any] = {
        "name": request_name(url), "method": method, "url": url, "params": query_rows(url), "headers": headers,
        "body": body, "auth": {"type": "noauth"}, "settings": settings,
    }
    comment = req.get("comment")
    if isinstance(comment, str) and comment:
        doc["description"] = comment
    return build_request(doc, where)


def _merge_query(url: str, entries: list[tuple[str, str, Mapping[str, Any]]]) -> str:
    # candidates for matching: the URL's rows as typed and decoded both ways (a `+` is a space only to forms)
    remaining: list[set[tuple[str, str]]] = [
        {(r["key"], r["value"]), (unquote(r["key"]), unquote(r["value"])),
         (unquote_plus(r["key"]), unquote_plus(r["value"]))}
        for r in query_rows(url)
    ]
    extra: list[str] = []
    for name, value, _ in entries:
        for i, forms in enumerate(remaining):
            if (name, value) in forms:
                del remaining[i]
                break
        else:
            extra.append(encode_pair(name, value))
    return append_query(url, extra)


def _body(post: Any, headers: list[dict[str, Any]], where: str, warnings: list[str],
          label: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if post is None:
        return {"mode": "none"}, headers
    if not isinstance(post, dict):
        raise ImportError_("`postData` must be an object.", location=where)
    header_type = find_header(headers, "content-type")
    mime = _text(post.get("mimeType"), f"{where}.mimeType") or header_type or ""
    text = post.get("text") if isinstance(post.get("text"), str) else ""
    params = _pairs(post.get("params"), f"{where}.params")
    mode = mode_for(media_type(mime))

    if mode == "formdata":
        rows: list[dict[str, Any]] | None
        if params:
            rows = []
            for name, value, item in params:
                file_name = item.get("fileName")
                ctype = item.get("contentType") if isinstance(item.get("contentType"), str) else None
                if isinstance(file_name, str) and file_name:
                    rows.append({"key": name, "type": "file", "value": "", "filename": basename(file_name),
                                 "content_type": ctype})
                else:
                    rows.append({"key": name, "type": "text", "value": value, "content_type": ctype})
        elif text:
            rows = parse_multipart(text, header_type or mime)
        else:
            rows = []
        if rows is not None:
            file_rows_warning(rows, warnings, label)
            return {"mode": "formdata", "formdata": rows}, drop_headers(headers, "content-type")
        mode = "text"  # a multipart text we cannot split: send it as it was, with its own boundary header

    if mode == "urlencoded":
        rows = form_rows(text) if text else None
        if rows is None and not text and params:
            rows = [{"key": n, "value": v} for n, v, _ in params]
        if rows is not None:
            return {"mode": "urlencoded", "urlencoded": rows}, headers
        if not text:
            return {"mode": "none"}, headers
        mode = "text"

    if not text:
        return {"mode": "none"}, headers
    body = raw_body(mode or "text", text, warnings, label)
    if header_type is None and mime and body["mode"] != "none":
        # without the header the executor would label the body with its mode's default type, not the recorded one
        if media_type(mime) != {"json": "application/json", "xml": "application/xml",
                                "text": "text/plain"}.get(body["mode"]):
            headers = [*headers, {"key": "Content-Type", "value": mime}]
    return body, headers
