"""Postman Collection v2.0 / v2.1 and Postman environment (and globals) files: import into our documents, export back.

Import builds a tree of our own documents (`chalicelib.interop.tree`): a `FolderDoc` per collection and folder, a
`RequestDoc` per request. What we model (method, URL, params, path variables, headers, body, auth, descriptions,
variables, request settings) goes into the documents' fields, so the app edits and runs it; scripts (`event`) and
saved examples (`response`) are kept verbatim in `events` / `examples`.

Everything else lives in `extras["postman"]` so that `export_collection(import_collection(x))` gives `x` back:

* `unmodelled` — keys we do not model, verbatim, by the path of the object that held them inside the item / folder /
  collection ("" is the object itself, e.g. its `id` and `protocolProfileBehavior`; "request" holds `proxy`,
  `certificate`; "request.body" holds `options` — the raw body's exact `language` — and `disabled`; "info" holds a
  collection's `version`). Exports merge them back.
* `spelling` — how the source spelled a value we do model when that differs from how we write it (a URL given as a
  string rather than an object, `"description": ""` rather than no description, a header row's legacy `"type":
  "text"`, a query row's `"value": null`, a missing request method...). Each hint carries a fingerprint of what the
  exporter would have written at import time and is used only while the exporter would still write exactly that: edit
  the value in the app and the hint stops applying, so a hint can never resurrect stale data. Hints are small (a
  shallow diff for objects) and most requests need none.
* `unheld_variables` — collection / folder variable rows our `Variable` cannot hold (no key, or braces in the key),
  verbatim with their position.

Only a few inputs are changed on the way in (`Bundle.warnings` says so), because the export must be valid Postman
Collection v2.1: a v2.0 file's auth parameter objects become v2.1 attribute lists and its `info.schema` the v2.1
URL; a collection without `info` (Newman accepts those) gets one; an `event` given as one object becomes a list;
non-text scalars where the format wants text (a numeric header value) become text. `info._postman_id` is generated
on export (pass `collection_id` to keep it stable across exports); every other id is kept, since scripts can
address requests by id (`setNextRequest`).

Where a URL object's `raw` disagrees with its components (hand-edited files), the request's `url` is built from the
components, because that is what Postman and Newman send; the source's `raw` still comes back on export.

Postman Collection v1 files (`requests` + `folders` + `order`) are converted to v2.1 first, as Postman's own
collection-transformer does, and then imported like any v2.1 file (their export is v2.1). The Postman API's
`{"collection": {...}}` and `{"environment": {...}}` wrappers are unwrapped.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections import deque
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any, Final, Literal, cast, get_args

from pydantic import BaseModel, ValidationError

from chalicelib.interop.tree import (
    MAX_IMPORT_BYTES,
    Bundle,
    EnvironmentData,
    FolderNode,
    ImportError_,
    RequestNode,
)
from chalicelib.schema.common import AuthType
from chalicelib.schema.documents import EnvironmentDoc, FolderDoc, RequestDoc

#: what exports declare; v2.1 spellings of the URL found in sources (e.g. the draft-07 one) are kept as they were
SCHEMA_V21: Final = "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"
#: folders inside folders beyond this are refused: no real collection gets near it, and it bounds our recursion
MAX_FOLDER_DEPTH: Final = 64
#: requests + folders in one import: the largest real collections hold a few thousand; a 20 MiB file of one-line
#: items would otherwise mean ~1.3 million documents to validate and write
MAX_ITEMS: Final = 50_000
#: JSON nested deeper than this anywhere (64 folders need ~130 levels, scripts and examples a few more) is refused
#: before we walk it, so hostile input cannot exhaust the interpreter's recursion limit
MAX_JSON_DEPTH: Final = 256

_AUTH_TYPES: Final[frozenset[str]] = frozenset(get_args(AuthType))
#: auth types whose parameters v2.0 writes as an object and v2.1 as an attribute list (`noauth` takes anything)
_AUTH_PARAM_KEYS: Final[frozenset[str]] = _AUTH_TYPES - {"inherit", "noauth"}

_COLLECTION_KEYS: Final = frozenset({"info", "item", "event", "variable", "auth"})
_INFO_KEYS: Final = frozenset({"name", "description", "schema", "_postman_id"})
_FOLDER_KEYS: Final = frozenset({"name", "description", "item", "event", "variable", "auth"})
_ITEM_KEYS: Final = frozenset({"name", "request", "response", "event"})
_REQUEST_KEYS: Final = frozenset({"url", "method", "header", "body", "auth", "description"})
_URL_KEYS: Final = frozenset({"raw", "protocol", "auth", "host", "port", "path", "query", "hash", "variable"})
_BODY_KEYS: Final = frozenset({"mode", "raw", "urlencoded", "formdata", "file", "graphql"})
_GRAPHQL_KEYS: Final = frozenset({"query", "variables", "operationName"})
#: protocolProfileBehavior keys that map onto RequestSettings: (our field, Postman's default)
_PPB_SETTINGS: Final[dict[str, tuple[str, Any]]] = {
    "followRedirects": ("follow_redirects", True),
    "maxRedirects": ("max_redirects", 10),
    "strictSSL": ("verify_tls", True),
}

#: our body mode -> Postman's
_PM_MODE: Final = {"json": "raw", "text": "raw", "xml": "raw", "urlencoded": "urlencoded", "formdata": "formdata",
                   "binary": "file", "graphql": "graphql"}
_RAW_MODES: Final = frozenset({"json", "text", "xml"})

_DEFAULT_COLLECTION_NAME: Final = "Untitled collection"
_DEFAULT_FOLDER_NAME: Final = "Untitled folder"
_DEFAULT_REQUEST_NAME: Final = "Untitled request"
_NAME_MAX: Final = 200
_REQUEST_DESCRIPTION_MAX: Final = 100_000
_FOLDER_DESCRIPTION_MAX: Final = 20_000


class _Absent:
    """A key the source (or the exporter) leaves out — distinct from an explicit null."""

    _instance: _Absent | None = None

    def __new__(cls) -> _Absent:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "ABSENT"


ABSENT: Final = _Absent()

PostmanKind = Literal["collection", "collection_v1", "environment", "globals"]


# ---------------------------------------------------------------------------------------------------------------
# Reading input


def _fail(message: str, location: str | None = None) -> ImportError_:
    # One sentence, as the other importers word theirs (the API shows it as is).
    message = message[:1].upper() + message[1:]
    return ImportError_(message if message.endswith(".") else message + ".", location=location or None)


def _decode(data: bytes) -> str:
    # Postman writes UTF-8; Windows tools (PowerShell's Out-File) write UTF-16 or a UTF-8 BOM, and Newman reads those.
    if data.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    elif len(data) >= 2 and data[0] == 0 and data[1] != 0:
        encoding = "utf-16-be"
    elif len(data) >= 2 and data[0] != 0 and data[1] == 0:
        encoding = "utf-16-le"
    else:
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise _fail(f"the file is not {encoding.upper()} text (bad byte at offset {e.start})",
                    f"byte {e.start}") from None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _json_depth_ok(value: Any) -> bool:
    # Iterative, so it is itself safe on the deep values it exists to refuse (and on cyclic dicts a caller may pass).
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            return False
        if isinstance(v, dict):
            stack.extend((c, depth + 1) for c in v.values() if isinstance(c, (dict, list)))
        elif isinstance(v, list):
            stack.extend((c, depth + 1) for c in v if isinstance(c, (dict, list)))
    return True


def load_json(data: bytes | bytearray | str | dict[str, Any] | list[Any]) -> Any:
    """Parse an upload (or copy an already parsed value) into fresh JSON values we may mutate; refuse what is too
    big, not JSON, or nested absurdly deep."""
    if isinstance(data, (dict, list)):
        if not _json_depth_ok(data):
            raise _fail(f"the document is nested more than {MAX_JSON_DEPTH} levels deep")
        try:
            # A JSON round trip both copies and proves the value is plain JSON (no sets, NaN, custom objects).
            text = json.dumps(data, allow_nan=False)
        except (TypeError, ValueError) as e:
            raise _fail(f"the document is not plain JSON: {e}") from None
        if len(text) > MAX_IMPORT_BYTES:
            raise _fail(f"the document is larger than the {MAX_IMPORT_BYTES // (1024 * 1024)} MiB import limit")
        return json.loads(text)
    if isinstance(data, str):
        raw = data.encode("utf-8", "surrogatepass")
        if len(raw) > MAX_IMPORT_BYTES:
            raise _fail(f"the file is larger than the {MAX_IMPORT_BYTES // (1024 * 1024)} MiB import limit "
                        f"({len(raw)} bytes)")
        text = data.removeprefix("\ufeff")
    elif isinstance(data, (bytes, bytearray)):
        if len(data) > MAX_IMPORT_BYTES:
            raise _fail(f"the file is larger than the {MAX_IMPORT_BYTES // (1024 * 1024)} MiB import limit "
                        f"({len(data)} bytes)")
        text = _decode(bytes(data))
    else:
        raise _fail(f"expected the file's bytes or parsed JSON, got {type(data).__name__}")
    if not text.strip():
        raise _fail("the file is empty")
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as e:
        raise _fail(f"not valid JSON: {e.msg}", f"line {e.lineno}, column {e.colno}") from None
    except ValueError as e:
        raise _fail(f"not valid JSON: {e}") from None
    except RecursionError:
        raise _fail(f"the document is nested more than {MAX_JSON_DEPTH} levels deep") from None
    if not _json_depth_ok(value):
        raise _fail(f"the document is nested more than {MAX_JSON_DEPTH} levels deep")
    return value


def detect_kind(value: Any) -> PostmanKind | None:
    """What a parsed Postman file is, by content (file names lie): a collection, a v1 collection, an environment,
    a globals file — or None for anything else (data files, run configs)."""
    if isinstance(value, list):
        # Newman's (and old Postman's) globals export is a bare list of variable rows.
        rows = [r for r in value if isinstance(r, dict)]
        return "globals" if value and len(rows) == len(value) and all("key" in r for r in rows) else None
    if not isinstance(value, dict):
        return None
    if isinstance(value.get("item"), list):
        return "collection"
    if isinstance(value.get("requests"), list) or isinstance(value.get("folders"), list) or (
            isinstance(value.get("order"), list) and "id" in value):
        return "collection_v1"
    if isinstance(value.get("values"), list):
        return "globals" if value.get("_postman_variable_scope") == "globals" else "environment"
    return None


# ---------------------------------------------------------------------------------------------------------------
# Postman's URL parser (postman-url-encoder's parser + postman-collection's Url.parse), so that the URL objects we
# write are the ones Postman writes for the same raw URL and most imported URL objects need no spelling hint.

_URL_VARIABLE = re.compile(r"{{[^{}]*}}")


#: plane 15/16 private-use characters: never typed in URLs, so free to stand in for {{variables}} while we split
_PRIVATE_USE = re.compile("[\U000f0000-\U0010ffff]")


def _placeholders(text: str, count: int) -> list[str] | None:
    # One placeholder character per {{variable}}: separators inside a variable's name ({{host.name}}) must not split.
    if count > 60_000 or _PRIVATE_USE.search(text):
        return None
    return [chr(0xF0000 + i) for i in range(count)]


def parse_url(raw: str) -> dict[str, Any]:
    """Split a raw URL into Postman's components: protocol, auth ({user, password}), host (list), port, path (list),
    query (list of "k=v" strings), hash — each only when present — keeping {{variables}} whole."""
    url = raw.lstrip()
    if not url:
        return {}
    variables = _URL_VARIABLE.findall(url)
    marks = _placeholders(url, len(variables)) if variables else []
    if marks is None:  # absurdly many variables: parse as typed
        variables, marks = [], []
    if variables:
        it = iter(marks)
        url = _URL_VARIABLE.sub(lambda _m: next(it), url)
    parts: dict[str, Any] = {}
    index = url.find("#")
    if index != -1:
        parts["hash"] = url[index + 1:]
        url = url[:index]
    index = url.find("?")
    if index != -1:
        parts["query"] = url[index + 1:].split("&")
        url = url[:index]
    url = url.replace("\\", "/")
    index = url.find("://")
    if index != -1:
        parts["protocol"] = url[:index]
        url = url[index + 3:]
        url = re.sub(r"^/+", "/" if parts["protocol"].lower() == "file" else "", url)
    index = url.find("/")
    if index != -1:
        parts["path"] = url[index + 1:].split("/")
        url = url[:index]
    index = url.rfind("@")
    if index != -1:
        user, sep, password = url[:index].partition(":")
        parts["auth"] = [user, password] if sep else [user]
        url = url[index + 1:]
    index = url.rfind(":")
    if index != -1 and "]" not in url[index + 1:]:
        parts["port"] = url[index + 1:]
        url = url[:index]
    if url:
        parts["host"] = url.split(".")

    def restore(text: str) -> str:
        for mark, variable in zip(marks, variables, strict=True):
            if mark in text:
                text = text.replace(mark, variable)
        return text

    out: dict[str, Any] = {}
    for key in ("protocol", "auth", "host", "port", "path", "query", "hash"):
        if key in parts:
            value = parts[key]
            out[key] = [restore(v) for v in value] if isinstance(value, list) else restore(value)
    if "auth" in out:
        user_pass = out["auth"]
        out["auth"] = {"user": user_pass[0], "password": user_pass[1]} if len(user_pass) > 1 else {"user": user_pass[0]}
    return out


def _query_rows(raw: str) -> list[dict[str, Any]]:
    """Query rows of a raw URL as Postman's QueryParam.parse makes them (a bare key has no value: ""; here)."""
    segments = parse_url(raw).get("query")
    if segments is None:
        return []
    rows = []
    for i, segment in enumerate(segments):
        if segment == "" and i != len(segments) - 1:
            rows.append({"key": "", "value": ""})
            continue
        key, _, value = segment.partition("=")
        rows.append({"key": key, "value": value})
    return rows


def _path_variable_rows(raw: str) -> list[dict[str, Any]]:
    """`:name` path segments, as Postman lists them (each once, in order)."""
    seen: set[str] = set()
    rows = []
    for segment in parse_url(raw).get("path") or []:
        if segment.startswith(":") and segment != ":" and segment not in seen:
            seen.add(segment)
            rows.append({"key": segment[1:], "value": ""})
    return rows


def _raw_from_parts(url: dict[str, Any]) -> str:
    """A raw URL from a URL object that has none (Postman's Url.toString)."""
    def text(v: Any) -> str:
        return v if isinstance(v, str) else ""

    out = ""
    if text(url.get("protocol")):
        out += url["protocol"] + "://"
    auth = url.get("auth")
    if isinstance(auth, dict) and text(auth.get("user")):
        out += auth["user"] + (":" + auth["password"] if text(auth.get("password")) else "") + "@"
    host = url.get("host")
    out += ".".join(text(h) for h in host) if isinstance(host, list) else text(host)
    if text(url.get("port")):
        out += ":" + url["port"]
    path = url.get("path")
    if isinstance(path, list):
        segments = [s if isinstance(s, str) else text(s.get("value")) if isinstance(s, dict) else "" for s in path]
        out += "/" + "/".join(segments)
    elif isinstance(path, str) and path:
        out += ("" if path.startswith("/") else "/") + path
    query = url.get("query")
    if isinstance(query, list):
        pairs = [q for q in query if isinstance(q, dict) and not q.get("disabled")]
        if pairs:
            out += "?" + "&".join(text(q.get("key")) + ("" if q.get("value") is None else "=" + text(q.get("value")))
                                  for q in pairs)
    if text(url.get("hash")):
        out += "#" + url["hash"]
    return out


# ---------------------------------------------------------------------------------------------------------------
# Spelling hints


def _fingerprint(value: Any, basis: Any) -> str:
    payload = {"absent": True} if value is ABSENT else {"v": value}
    if basis is not ABSENT:
        payload["basis"] = basis
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("ascii")).hexdigest()[:16]


def _same(a: Any, b: Any) -> bool:
    """JSON equality that, unlike ==, tells true from 1 and 1 from 1.0 (each must come back as it was)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _copy(value: Any) -> Any:
    """A deep copy of plain JSON (a JSON round trip is several times faster than copy.deepcopy)."""
    if isinstance(value, (dict, list)):
        return json.loads(json.dumps(value))
    return value


_PATH_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _lookup(root: Any, path: str) -> tuple[bool, Any]:
    """The value at `path` ("request.url.query[2]") in the source: (whether its parent is there, value or ABSENT)."""
    tokens: list[str | int] = [int(i) if i else k for k, i in _PATH_TOKEN.findall(path)]
    node = root
    for n, token in enumerate(tokens):
        last = n == len(tokens) - 1
        if isinstance(token, int):
            if not isinstance(node, list):
                return False, ABSENT
            if token >= len(node):
                return (True, ABSENT) if last else (False, ABSENT)
            node = node[token]
        else:
            if not isinstance(node, dict):
                return False, ABSENT
            if token not in node:
                return (True, ABSENT) if last else (False, ABSENT)
            node = node[token]
    return True, node


class _Speller:
    """Decides how the exporter spells each value it writes.

    Export mode: write our canonical form unless a stored hint says the source spelled this very value (same
    fingerprint) differently. Record mode (right after import, with the source object): write what the source had
    and store a hint wherever it differs from the canonical form.
    """

    def __init__(self, hints: dict[str, Any], source: Any = ABSENT) -> None:
        self.hints = hints
        self.source = source

    def value(self, path: str, canonical: Any, *, emit: bool = True, basis: Any = ABSENT, fp_of: Any = ABSENT
              ) -> Any:
        """What to write at `path`. `basis` ties the hint to more than the value (a URL component to its raw URL);
        `fp_of` stands in for a big value in the fingerprint (the number of saved responses, not their bodies)."""
        mine = canonical if emit else ABSENT
        if self.source is not ABSENT:
            found, original = _lookup(self.source, path)
            if not found:
                # The parent is missing or is not an object in the source (a URL given as a string): the parent's
                # own hint records that, and child hints would only be noise.
                return mine
            if not _same(original, mine):
                self.hints[path] = _diff(self._fp(mine, basis, fp_of), mine, original)
            return original
        hint = self.hints.get(path)
        if isinstance(hint, dict) and hint.get("fp") == self._fp(mine, basis, fp_of):
            return _apply(hint, mine)
        return mine

    @staticmethod
    def _fp(mine: Any, basis: Any, fp_of: Any) -> str:
        return _fingerprint(mine if fp_of is ABSENT or mine is ABSENT else fp_of, basis)

    def put(self, obj: dict[str, Any], key: str, canonical: Any, path: str, *, emit: bool = True,
            basis: Any = ABSENT, fp_of: Any = ABSENT) -> None:
        value = self.value(path, canonical, emit=emit, basis=basis, fp_of=fp_of)
        if value is ABSENT:
            obj.pop(key, None)
        else:
            obj[key] = value

    def description(self, obj: dict[str, Any], text: str, path: str) -> None:
        """A description. If the source wrote it as {content, type} and the text has since been edited (so the
        hint no longer applies), keep that form with the new text: its `type` (text/markdown) still holds."""
        self.put(obj, "description", text, path, emit=bool(text))
        hint = self.hints.get(path) if self.source is ABSENT else None
        shape = hint.get("v") if isinstance(hint, dict) else None
        if isinstance(shape, dict) and text and obj.get("description") == text:
            obj["description"] = {**_copy(shape), "content": text}


def _diff(fp: str, mine: Any, original: Any) -> dict[str, Any]:
    if original is ABSENT:
        return {"fp": fp, "absent": True}
    if isinstance(mine, dict) and isinstance(original, dict):
        # Objects differ from ours by a key or two (a row's legacy "type": "text"): keep just that, not a copy.
        changed = {k: v for k, v in original.items() if k not in mine or not _same(mine[k], v)}
        dropped = [k for k in mine if k not in original]
        hint: dict[str, Any] = {"fp": fp}
        if changed:
            hint["set"] = changed
        if dropped:
            hint["drop"] = dropped
        return hint
    return {"fp": fp, "v": original}


def _apply(hint: dict[str, Any], mine: Any) -> Any:
    if hint.get("absent"):
        return ABSENT
    if "v" in hint:
        return _copy(hint["v"])
    if not isinstance(mine, dict):
        return mine
    out = dict(mine)
    dropped = hint.get("drop")
    for k in dropped if isinstance(dropped, list) else []:
        if isinstance(k, str):
            out.pop(k, None)
    changed = hint.get("set")
    if isinstance(changed, dict):
        out.update(_copy(changed))
    return out


# ---------------------------------------------------------------------------------------------------------------
# Import


class _Ctx:
    def __init__(self) -> None:
        self.warnings: list[str] = []
        #: where we are, for errors raised from deep helpers
        self.location = ""

    def warn(self, message: str) -> None:
        if len(self.warnings) < 200:  # a hostile file must not balloon the response with warnings
            self.warnings.append(message)


def _loc(base: str, key: str | int) -> str:
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key


def _as_dict(value: Any, where: str, what: str = "an object") -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(f"expected {what} at {where or 'the top level'}, got {_kind(value)}", where)
    return value


def _as_list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(f"expected a list at {where}, got {_kind(value)}", where)
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list",
            dict: "an object"}.get(type(value), type(value).__name__)


def _text_in(container: dict[str, Any], key: str, where: str, ctx: _Ctx, *, default: str = "") -> str:
    """container[key] as text. Null or missing is `default`; a number or true/false becomes text *in the source
    too*, so that the export (which reproduces the source) stays valid v2.1 where the schema wants a string."""
    value = container.get(key)
    if value is None:
        return default
    if isinstance(value, str):
        return value
    if isinstance(value, (bool, int, float)):
        text = json.dumps(value)
        container[key] = text
        ctx.warn(f"{_loc(where, key)}: {_kind(value)} {text} kept as text")
        return text
    raise _fail(f"expected text at {_loc(where, key)}, got {_kind(value)}", _loc(where, key))


def _any_text(value: Any) -> str:
    """A variable's value as our text: Postman allows any JSON there (the spelling hint keeps the original type)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _flag(container: dict[str, Any], key: str) -> bool:
    return container.get(key) is True


def _name(container: dict[str, Any], where: str, default: str, ctx: _Ctx) -> str:
    name = _text_in(container, "name", where, ctx)
    cleaned = name.strip()
    if len(cleaned) > _NAME_MAX:
        # Our names stop at 200 characters; the spelling hint keeps the full one for the export.
        ctx.warn(f"{_loc(where, 'name')}: name longer than {_NAME_MAX} characters, shortened")
        cleaned = cleaned[:_NAME_MAX].strip()
    return cleaned or default


def _description(value: Any, where: str, limit: int, ctx: _Ctx) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        content = value.get("content")
        text = content if isinstance(content, str) else ""
    elif isinstance(value, str):
        text = value
    else:
        raise _fail(f"expected text or {{content, type}} at {where}, got {_kind(value)}", where)
    if len(text) > limit:
        ctx.warn(f"{where}: description longer than {limit} characters, shortened (the export keeps all of it)")
        text = text[:limit]
    return text


def _objects(value: Any, where: str, what: str) -> list[dict[str, Any]]:
    """A list of objects kept verbatim (events, saved responses)."""
    if value is None:
        return []
    objects = _as_list(value, where)
    for i, obj in enumerate(objects):
        _as_dict(obj, _loc(where, i), what)
    return cast(list[dict[str, Any]], objects)


def _kv_row(row: Any, where: str, ctx: _Ctx) -> dict[str, Any]:
    """A header / query / urlencoded / path-variable row as our KeyValue."""
    r = _as_dict(row, where)
    key = _text_in(r, "key", where, ctx)
    if "key" not in r and isinstance(r.get("id"), str):
        key = r["id"]  # v2.0 path variables may name themselves by id only
    return {"key": key, "value": _text_in(r, "value", where, ctx), "enabled": not _flag(r, "disabled"),
            "description": _description(r.get("description"), _loc(where, "description"), 10_000, ctx)}


def _kv_out(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"key": row["key"], "value": row["value"]}
    if not row["enabled"]:
        out["disabled"] = True
    if row["description"]:
        out["description"] = row["description"]
    return out


def _header_string(text: str) -> list[dict[str, Any]]:
    """A v2 `header` given as text, "Name: value" per line ("//Name: value" is a disabled one, as Postman reads it)."""
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        disabled = line.lstrip().startswith("//")
        if disabled:
            line = line.lstrip()[2:]
        key, _, value = line.partition(":")
        rows.append({"key": key.strip(), "value": value.strip(), "enabled": not disabled, "description": ""})
    return rows


def _headers(value: Any, where: str, ctx: _Ctx) -> list[dict[str, Any]]:
    if value is None:
        return []
    if isinstance(value, str):
        return _header_string(value)
    return [_kv_row(row, _loc(where, i), ctx) for i, row in enumerate(_as_list(value, where))]


def _attr_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return "string" if isinstance(value, str) else "any"


def _auth(value: Any, where: str, ctx: _Ctx, unmodelled: dict[str, dict[str, Any]], path: str) -> dict[str, Any]:
    if value is None:
        return {"type": "inherit", "attributes": []}
    auth = _as_dict(value, where)
    kind = auth.get("type")
    if not isinstance(kind, str) or kind not in _AUTH_TYPES:
        known = ", ".join(sorted(_AUTH_TYPES))
        raise _fail(f"unsupported auth type {kind!r} at {_loc(where, 'type')} (supported: {known})",
                    _loc(where, "type"))
    attributes = []
    params = auth.get(kind) if kind in _AUTH_PARAM_KEYS else None
    if params is not None:
        for i, attr in enumerate(_as_list(params, _loc(where, kind))):
            at = _loc(_loc(where, kind), i)
            a = _as_dict(attr, at)
            key = _text_in(a, "key", at, ctx)
            if not key:
                raise _fail(f"an auth attribute without a key at {at}", at)
            attr_type = a.get("type")
            # Untyped attributes (v2.0 files, Postman's own converter) get the type their value has.
            attributes.append({"key": key, "value": a.get("value"),
                               "type": attr_type if isinstance(attr_type, str) else _attr_type(a.get("value"))})
    rest = {k: v for k, v in auth.items() if k != "type" and not (k == kind and kind in _AUTH_PARAM_KEYS)}
    if rest:
        unmodelled[path] = rest
    return {"type": kind, "attributes": attributes}


def _variables(value: Any, where: str, ctx: _Ctx) -> tuple[list[dict[str, Any]], list[list[Any]]]:
    """Collection / folder variables, and the rows our Variable cannot hold ([index, row] each)."""
    held: list[dict[str, Any]] = []
    unheld: list[list[Any]] = []
    if value is None:
        return held, unheld
    for i, row in enumerate(_as_list(value, where)):
        at = _loc(where, i)
        r = _as_dict(row, at)
        key = r.get("key")
        if not isinstance(key, str) or not key or "{" in key or "}" in key or len(key) > 1_024:
            ctx.warn(f"{at}: variable {key!r} cannot be edited here (kept for export)")
            unheld.append([i, r])
            continue
        held.append({"key": key, "value": _any_text(r.get("value")), "enabled": not _flag(r, "disabled"),
                     "description": _description(r.get("description"), _loc(at, "description"), 10_000, ctx)})
    return held, unheld


def _url(value: Any, where: str, ctx: _Ctx, unmodelled: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """url, params and path_variables of a RequestDoc from Postman's `url` (text or object)."""
    if value is None:
        return {"url": "", "params": [], "path_variables": []}
    if isinstance(value, str):
        # Postman shows the query and :path variables of a text URL as rows; so do we.
        return {"url": value, "params": [{**r, "enabled": True, "description": ""} for r in _query_rows(value)],
                "path_variables": [{**r, "enabled": True, "description": ""} for r in _path_variable_rows(value)]}
    u = _as_dict(value, where, "a URL (text or object)")
    raw = u.get("raw")
    if raw is None:
        raw = _raw_from_parts(u)
    else:
        raw = _text_in(u, "raw", where, ctx)
        # Postman sends what the components say and only shows `raw`; where the two disagree (hand-edited files),
        # we run what Postman would send. The spelling hint on `raw` keeps the source's text for the export.
        parts_only = {k: v for k, v in u.items() if k not in ("raw", "query")}
        if _raw_from_parts(parts_only) != _raw_from_parts({k: v for k, v in parse_url(raw).items() if k != "query"}):
            raw = _raw_from_parts(u)
            ctx.warn(f"{where}: `raw` disagrees with the URL's parts; using the parts, as Postman does")
    rest = {k: v for k, v in u.items() if k not in _URL_KEYS}
    if rest:
        unmodelled["request.url"] = rest
    query = u.get("query")
    params = [] if query is None else [_kv_row(r, _loc(_loc(where, "query"), i), ctx)
                                       for i, r in enumerate(_as_list(query, _loc(where, "query")))]
    variables = u.get("variable")
    path_variables = [] if variables is None else [
        _kv_row(r, _loc(_loc(where, "variable"), i), ctx)
        for i, r in enumerate(_as_list(variables, _loc(where, "variable")))]
    return {"url": raw, "params": params, "path_variables": path_variables}


def _raw_language(options: Any) -> str | None:
    raw = options.get("raw") if isinstance(options, dict) else None
    language = raw.get("language") if isinstance(raw, dict) else None
    return language if isinstance(language, str) else None


def _form_row(row: Any, where: str, ctx: _Ctx) -> dict[str, Any]:
    r = _as_dict(row, where)
    is_file = r.get("type") == "file"
    src = r.get("src")
    if isinstance(src, list):
        # Our form field holds one file; the spelling hint keeps Postman's list for the export.
        files = [s for s in src if isinstance(s, str)]
        if len(src) > 1:
            ctx.warn(f"{where}: {len(src)} files in one form field; only the first is shown")
        src = files[0] if files else None
    elif src is not None and not isinstance(src, str):
        raise _fail(f"expected a file path at {_loc(where, 'src')}, got {_kind(src)}", _loc(where, "src"))
    content_type = r.get("contentType")
    return {"key": _text_in(r, "key", where, ctx), "type": "file" if is_file else "text",
            "value": _text_in(r, "value", where, ctx), "file_ref": None, "filename": src if is_file else None,
            "content_type": content_type if isinstance(content_type, str) else None,
            "enabled": not _flag(r, "disabled"),
            "description": _description(r.get("description"), _loc(where, "description"), 10_000, ctx)}


def _body(value: Any, where: str, ctx: _Ctx, unmodelled: dict[str, dict[str, Any]]) -> dict[str, Any]:
    body: dict[str, Any] = {"mode": "none", "raw": "", "urlencoded": [], "formdata": [], "binary": None,
                            "graphql": None}
    if value is None:
        return body
    b = _as_dict(value, where)
    rest = {k: v for k, v in b.items() if k not in _BODY_KEYS}
    if rest:
        unmodelled["request.body"] = rest
    mode = b.get("mode")
    body["raw"] = _text_in(b, "raw", where, ctx)
    if b.get("urlencoded") is not None:
        at = _loc(where, "urlencoded")
        body["urlencoded"] = [_kv_row(r, _loc(at, i), ctx) for i, r in enumerate(_as_list(b["urlencoded"], at))]
    if b.get("formdata") is not None:
        at = _loc(where, "formdata")
        body["formdata"] = [_form_row(r, _loc(at, i), ctx) for i, r in enumerate(_as_list(b["formdata"], at))]
    if b.get("file") is not None:
        at = _loc(where, "file")
        f = _as_dict(b["file"], at)
        src = f.get("src")
        if src is not None and not isinstance(src, str):
            raise _fail(f"expected a file name at {_loc(at, 'src')}, got {_kind(src)}", _loc(at, "src"))
        body["binary"] = {"file_ref": None, "filename": src, "content_type": None}
        file_rest = {k: v for k, v in f.items() if k != "src"}
        if file_rest:
            unmodelled["request.body.file"] = file_rest
    if b.get("graphql") is not None:
        at = _loc(where, "graphql")
        g = _as_dict(b["graphql"], at)
        variables = g.get("variables")
        operation = g.get("operationName")
        body["graphql"] = {"query": _text_in(g, "query", at, ctx),
                           # Postman keeps variables as typed text; an object (older exports) becomes JSON text
                           "variables": variables if isinstance(variables, str) else (
                               "" if variables is None else json.dumps(variables, indent=2, ensure_ascii=False)),
                           "operation_name": operation if isinstance(operation, str) else None}
        graphql_rest = {k: v for k, v in g.items() if k not in _GRAPHQL_KEYS}
        if graphql_rest:
            unmodelled["request.body.graphql"] = graphql_rest
    if mode is None:
        body["mode"] = "none"
    elif mode == "raw":
        language = (_raw_language(b.get("options")) or "text").lower()
        # json and xml are ours one to one; javascript, html, text (and anything else) are text to us, and the
        # exact language stays in the unmodelled `options` for the export.
        body["mode"] = language if language in ("json", "xml") else "text"
    elif mode in ("urlencoded", "formdata", "graphql"):
        body["mode"] = mode
    elif mode == "file":
        body["mode"] = "binary"
    else:
        raise _fail(f"unknown body mode {mode!r} at {_loc(where, 'mode')}", _loc(where, "mode"))
    return body


def _settings(value: Any, where: str, unmodelled: dict[str, Any]) -> dict[str, Any]:
    """RequestSettings from an item's protocolProfileBehavior (the keys we model); the rest stays unmodelled."""
    settings: dict[str, Any] = {}
    if value is None:
        return settings
    ppb = _as_dict(value, where)
    rest = dict(ppb)
    for key, (field, _default) in _PPB_SETTINGS.items():
        v = ppb.get(key)
        if field == "max_redirects":
            ok = isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= 50
        else:
            ok = isinstance(v, bool)
        if ok:
            settings[field] = v
            del rest[key]
    unmodelled["protocolProfileBehavior"] = rest
    return settings


def _request_node(item: dict[str, Any], where: str, ctx: _Ctx) -> tuple[RequestNode, Any]:
    ctx.location = where
    unmodelled: dict[str, dict[str, Any]] = {}
    top = {k: v for k, v in item.items() if k not in _ITEM_KEYS and k != "protocolProfileBehavior"}
    settings = _settings(item.get("protocolProfileBehavior"), _loc(where, "protocolProfileBehavior"), top)
    doc: dict[str, Any] = {
        "name": _name(item, where, _DEFAULT_REQUEST_NAME, ctx),
        "events": _objects(item.get("event"), _loc(where, "event"), "an event object"),
        "examples": _objects(item.get("response"), _loc(where, "response"), "a saved response object"),
        "settings": settings,
    }
    request = item.get("request")
    at = _loc(where, "request")
    if isinstance(request, str):
        doc.update(_url(request, at, ctx, unmodelled))
    elif request is not None:
        r = _as_dict(request, at, "a request (object or URL text)")
        rest = {k: v for k, v in r.items() if k not in _REQUEST_KEYS}
        if rest:
            unmodelled["request"] = rest
        method = _text_in(r, "method", at, ctx, default="GET")
        doc["method"] = method or "GET"
        doc.update(_url(r.get("url"), _loc(at, "url"), ctx, unmodelled))
        doc["headers"] = _headers(r.get("header"), _loc(at, "header"), ctx)
        doc["body"] = _body(r.get("body"), _loc(at, "body"), ctx, unmodelled)
        doc["auth"] = _auth(r.get("auth"), _loc(at, "auth"), ctx, unmodelled, "request.auth")
        doc["description"] = _description(r.get("description"), _loc(at, "description"), _REQUEST_DESCRIPTION_MAX,
                                          ctx)
    if top:
        unmodelled[""] = top
    doc["extras"] = {"postman": {"unmodelled": unmodelled}} if unmodelled else {}
    return RequestNode(_validated(RequestDoc, doc, where)), item


def _folder_node(obj: dict[str, Any], where: str, depth: int, ctx: _Ctx, *, root: bool) -> FolderNode:
    if depth > MAX_FOLDER_DEPTH:
        raise _fail(f"folders are nested more than {MAX_FOLDER_DEPTH} levels deep", where)
    ctx.location = where
    unmodelled: dict[str, dict[str, Any]] = {}
    if root:
        info = _as_dict(obj.get("info"), "info")
        name = _name(info, "info", _DEFAULT_COLLECTION_NAME, ctx)
        description = _description(info.get("description"), "info.description", _FOLDER_DESCRIPTION_MAX, ctx)
        info_rest = {k: v for k, v in info.items() if k not in _INFO_KEYS}
        if info_rest:
            unmodelled["info"] = info_rest
        top = {k: v for k, v in obj.items() if k not in _COLLECTION_KEYS}
    else:
        name = _name(obj, where, _DEFAULT_FOLDER_NAME, ctx)
        description = _description(obj.get("description"), _loc(where, "description"), _FOLDER_DESCRIPTION_MAX, ctx)
        top = {k: v for k, v in obj.items() if k not in _FOLDER_KEYS}
    if top:
        unmodelled[""] = top
    variables, unheld = _variables(obj.get("variable"), _loc(where, "variable"), ctx)
    doc: dict[str, Any] = {
        "name": name,
        "description": description,
        "auth": _auth(obj.get("auth"), _loc(where, "auth"), ctx, unmodelled, "auth"),
        "variables": variables,
        "events": _objects(obj.get("event"), _loc(where, "event"), "an event object"),
    }
    postman: dict[str, Any] = {}
    if unmodelled:
        postman["unmodelled"] = unmodelled
    if unheld:
        postman["unheld_variables"] = unheld
    doc["extras"] = {"postman": postman} if postman else {}
    node = FolderNode(_validated(FolderDoc, doc, where or "info"))
    items = _as_list(obj.get("item"), _loc(where, "item"))
    for i, child in enumerate(items):
        at = _loc(where, "item") + f"[{i}]"
        c = _as_dict(child, at, "an item or folder object")
        if "item" in c:
            node.children.append(_folder_node(c, at, depth + 1, ctx, root=False))
        else:
            node.children.append(_request_node(c, at, ctx)[0])
    return node


def _validated(model: type[BaseModel], doc: dict[str, Any], where: str) -> dict[str, Any]:
    try:
        return model.model_validate(doc).model_dump()
    except ValidationError as e:
        first = e.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ()))
        more = f" (and {e.error_count() - 1} more)" if e.error_count() > 1 else ""
        raise _fail(f"{first.get('msg', 'Invalid value')} ({field}) at {where or 'the collection'}{more}",
                    where or None) from None


# --- normalisation of the source, before import: only what v2.1 (which exports must satisfy) cannot express ---


def _walk_items(obj: dict[str, Any], where: str) -> Iterator[tuple[dict[str, Any], str]]:
    """Every folder and item below `obj` (depth-first, iterative), with its location."""
    stack: list[tuple[Any, str]] = [(obj, where)]
    while stack:
        node, at = stack.pop()
        if not isinstance(node, dict):
            continue
        if node is not obj:
            yield node, at
        items = node.get("item")
        if isinstance(items, list):
            stack.extend((c, _loc(at, "item") + f"[{i}]") for i, c in reversed(list(enumerate(items))))


def _upgrade_auth(auth: Any) -> bool:
    """v2.0 auth parameters ({"basic": {"username": ..}}) as v2.1 attribute lists, as Postman's own converter does."""
    changed = False
    if isinstance(auth, dict):
        for key, params in list(auth.items()):
            if key in _AUTH_PARAM_KEYS and isinstance(params, dict):
                auth[key] = [{"key": k, "value": v} for k, v in params.items()]
                changed = True
    return changed


def _normalise(value: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    if "info" not in value:
        # Newman runs bare {"name", "item"} collections; v2.1 requires an info block with name and schema.
        info: dict[str, Any] = {"name": value.pop("name", None) or _DEFAULT_COLLECTION_NAME, "schema": SCHEMA_V21}
        for key in ("description", "id", "_postman_id"):
            if key in value:
                info["description" if key == "description" else "_postman_id"] = value.pop(key)
        value["info"] = info
        ctx.warn("no `info` block: the collection was given one")
    info = _as_dict(value["info"], "info")
    if not isinstance(info.get("name"), str):
        # v2.1 requires a name. (A blank one is a string, so it is kept: the spelling hint gives it back.)
        ctx.warn("the collection has no name: named it")
        info["name"] = _DEFAULT_COLLECTION_NAME
    schema = info.get("schema")
    if not isinstance(schema, str) or "v2.1" not in schema:
        if isinstance(schema, str) and "v2.0" in schema:
            ctx.warn("a Postman Collection v2.0 file: exported as v2.1 (auth parameters become attribute lists)")
        else:
            ctx.warn(f"unrecognised schema {schema!r}: read as Postman Collection v2.1")
        info["schema"] = SCHEMA_V21
    upgraded = _upgrade_auth(value.get("auth"))
    single_events: list[str] = []
    if isinstance(value.get("event"), dict):
        value["event"] = [value["event"]]
        single_events.append("event")
    for count, (node, at) in enumerate(_walk_items(value, ""), start=1):
        if count > MAX_ITEMS:
            raise _fail(f"the collection has more than {MAX_ITEMS:,} requests and folders", at)
        upgraded |= _upgrade_auth(node.get("auth"))
        if isinstance(node.get("event"), dict):
            node["event"] = [node["event"]]
            single_events.append(_loc(at, "event"))
        request = node.get("request")
        if isinstance(request, dict):
            upgraded |= _upgrade_auth(request.get("auth"))
        responses = node.get("response")
        for response in responses if isinstance(responses, list) else []:
            original = response.get("originalRequest") if isinstance(response, dict) else None
            if isinstance(original, dict):
                upgraded |= _upgrade_auth(original.get("auth"))
    if upgraded:
        ctx.warn("v2.0 auth parameters converted to v2.1 attribute lists")
    if single_events:
        ctx.warn(f"`event` given as one object (not a list) at {', '.join(single_events[:5])}: made a list")
    return value


def _list_at(obj: dict[str, Any], key: str) -> list[Any]:
    value = obj.get(key)
    return value if isinstance(value, list) else []


def _dict_at(obj: dict[str, Any], key: str) -> dict[str, Any]:
    value = obj.get(key)
    return value if isinstance(value, dict) else {}


def _str_at(obj: dict[str, Any], key: str, default: str = "") -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else default


# --- Collection v1 (Postman's pre-2017 format): converted to v2.1 the way Postman's collection-transformer does ---

#: v1 auth helper -> (v2.1 type, {v2 parameter: v1 attribute})
_V1_AUTH: Final[dict[str, tuple[str, dict[str, str]]]] = {
    "basicAuth": ("basic", {"username": "username", "password": "password", "saveHelperData": "saveToRequest"}),
    "bearerAuth": ("bearer", {"token": "token"}),
    "apikeyAuth": ("apikey", {"key": "key", "value": "value", "in": "in"}),
    "digestAuth": ("digest", {k: k for k in ("algorithm", "username", "realm", "password", "nonce", "nonceCount",
                                              "clientNonce", "opaque", "qop", "disableRetryRequest")}),
    "oAuth1": ("oauth1", {"consumerKey": "consumerKey", "consumerSecret": "consumerSecret", "token": "token",
                          "tokenSecret": "tokenSecret", "signatureMethod": "signatureMethod",
                          "timestamp": "timestamp", "nonce": "nonce", "version": "version", "realm": "realm",
                          "addParamsToHeader": "header", "autoAddParam": "auto",
                          "addEmptyParamsToSign": "includeEmpty"}),
    "oAuth2": ("oauth2", {k: k for k in ("accessToken", "addTokenTo", "callBackUrl", "authUrl", "accessTokenUrl",
                                          "clientId", "clientSecret", "clientAuth", "grantType", "scope", "username",
                                          "password", "tokenType", "redirectUri", "refreshToken")}),
    "hawkAuth": ("hawk", {"authId": "hawk_id", "authKey": "hawk_key", "algorithm": "algorithm", "user": "user",
                          "saveHelperData": "saveToRequest", "nonce": "nonce", "extraData": "ext",
                          "appId": "app", "delegation": "dlg", "timestamp": "timestamp"}),
    "ntlmAuth": ("ntlm", {k: k for k in ("username", "password", "domain", "workstation", "disableRetryRequest")}),
    "awsSigV4": ("awsv4", {}),
}
_V1_MODES: Final = {"urlencoded": "urlencoded", "params": "formdata", "raw": "raw", "binary": "file",
                    "graphql": "graphql"}


def _v1_auth(entity: dict[str, Any], ctx: _Ctx, where: str) -> Any:
    helper = entity.get("currentHelper")
    if isinstance(entity.get("auth"), dict) and not helper:
        return entity["auth"]  # late v1 exports carry v2-style auth already
    if not isinstance(helper, str) or helper in ("normal", ""):
        return ABSENT
    attributes = entity.get("helperAttributes")
    if isinstance(attributes, str):
        try:
            attributes = json.loads(attributes)
        except ValueError:
            attributes = None
    if helper not in _V1_AUTH:
        ctx.warn(f"{where}: v1 auth helper {helper!r} is not known; the request has no auth")
        return ABSENT
    kind, names = _V1_AUTH[helper]
    params: list[dict[str, Any]] = []
    if isinstance(attributes, dict):
        pairs = attributes.items() if not names else ((new, attributes[old]) for new, old in names.items()
                                                      if old in attributes)
        params = [{"key": k, "value": v, "type": _attr_type(v)} for k, v in pairs if k != "id"]
    return {"type": kind, kind: params}


def _v1_events(entity: dict[str, Any]) -> list[Any]:
    if not (entity.get("tests") or entity.get("preRequestScript")):
        events = entity.get("events")
        return events if isinstance(events, list) else []
    events = []
    for listen, key in (("prerequest", "preRequestScript"), ("test", "tests")):
        script = entity.get(key)
        if script:
            events.append({"listen": listen, "script": {
                "type": "text/javascript", "exec": script.split("\n") if isinstance(script, str) else script}})
    return events


def _v1_rows(rows: Any) -> list[dict[str, Any]]:
    out = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not row.get("key"):
            continue
        r = {k: v for k, v in row.items() if k != "enabled"}
        if row.get("enabled") is False:
            r["disabled"] = True
        if r.get("type") == "file" and "value" in r:
            r["src"] = r.pop("value") if isinstance(r["value"], str) else None
        if r.get("description") in ("", None):
            r.pop("description", None)
        out.append(r)
    return out


def _v1_request(req: dict[str, Any], ctx: _Ctx, where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    auth = _v1_auth(req, ctx, where)
    if auth is not ABSENT:
        out["auth"] = auth
    out["method"] = req.get("method") if isinstance(req.get("method"), str) else "GET"
    headers = req.get("headers")
    if isinstance(headers, list):
        out["header"] = headers
    else:
        rows = []
        for h in _list_at(req, "headerData"):
            if isinstance(h, dict) and isinstance(h.get("key"), str):
                row = {k: v for k, v in h.items() if k != "enabled" and not (k == "description" and not v)}
                if h["key"].startswith("//") or h.get("enabled") is False:
                    row["key"], row["disabled"] = h["key"].removeprefix("//").strip(), True
                rows.append(row)
        seen = {r["key"] for r in rows}
        for h in _header_string(headers) if isinstance(headers, str) else []:
            if h["key"] not in seen:
                rows.append({"key": h["key"], "value": h["value"], **({} if h["enabled"] else {"disabled": True})})
        out["header"] = rows
    mode = _V1_MODES.get(str(req.get("dataMode")))
    data, raw_data = req.get("data"), req.get("rawModeData")
    if isinstance(raw_data, list) and len(raw_data) == 1 and isinstance(raw_data[0], str):
        raw_data = raw_data[0]
    if mode or data or raw_data:
        mode = mode or ("formdata" if not isinstance(raw_data, str) and isinstance(data, list) else "raw")
        body: dict[str, Any] = {"mode": mode}
        if mode == "raw":
            body["raw"] = raw_data if isinstance(raw_data, str) else data if isinstance(data, str) else ""
        elif mode == "file":
            body["file"] = {"src": raw_data if isinstance(raw_data, str) else None}
        elif mode == "graphql":
            body["graphql"] = req.get("graphqlModeData") if isinstance(req.get("graphqlModeData"), dict) else {}
        else:
            body[mode] = _v1_rows(data if isinstance(data, list) else raw_data)
        if isinstance(req.get("dataOptions"), dict):
            body["options"] = req["dataOptions"]
        if req.get("dataDisabled"):
            body["disabled"] = True
        out["body"] = body
    raw = _str_at(req, "url")
    query = _v1_rows(req.get("queryParams"))
    variables = [v for v in _list_at(req, "pathVariableData") if isinstance(v, dict)]
    known = {v.get("key") for v in variables}
    if isinstance(req.get("pathVariables"), dict):
        variables += [{"key": k, "value": v} for k, v in req["pathVariables"].items() if k not in known]
    if query or variables:
        url: dict[str, Any] = {"raw": raw, **{k: v for k, v in parse_url(raw).items() if k != "query"}}
        queried = {q.get("key") for q in query}
        url["query"] = query + [q for q in _query_rows(raw) if q["key"] not in queried]
        if variables:
            url["variable"] = variables
        out["url"] = url
    else:
        out["url"] = raw
    if req.get("description"):
        out["description"] = req["description"]
    return out


def _v1_item(req: dict[str, Any], ctx: _Ctx, where: str) -> dict[str, Any]:
    item: dict[str, Any] = {"name": req.get("name") or ""}
    if isinstance(req.get("id"), str):
        item["_postman_id"] = req["id"]
    events = _v1_events(req)
    if events:
        item["event"] = events
    if isinstance(req.get("protocolProfileBehavior"), dict):
        item["protocolProfileBehavior"] = req["protocolProfileBehavior"]
    item["request"] = _v1_request(req, ctx, where)
    responses = []
    for res in _list_at(req, "responses"):
        if not isinstance(res, dict):
            continue
        code = _dict_at(res, "responseCode")
        saved = res.get("requestObject") or res.get("request")
        if isinstance(saved, str):
            try:
                saved = json.loads(saved)
            except ValueError:
                saved = None
        response = {"name": res.get("name") or "response", "status": code.get("name"), "code": code.get("code"),
                    "header": res.get("headers"), "body": res.get("text"), "responseTime": res.get("time")}
        if isinstance(res.get("id"), str):
            response["id"] = res["id"]
        if isinstance(saved, dict):
            response["originalRequest"] = _v1_request(saved, ctx, where)
        responses.append({k: v for k, v in response.items() if v is not None})
    item["response"] = responses
    variables = req.get("variables")
    if isinstance(variables, list) and variables:
        item["variable"] = variables
    return item


def _from_v1(value: dict[str, Any], ctx: _Ctx) -> dict[str, Any]:
    """A v1 collection as v2.1 JSON. Unlike Postman's converter, requests and folders that no `order` lists are kept
    (at the end of the collection) rather than dropped, and a folder is placed only once (v1 files can loop)."""
    ctx.warn("a Postman Collection v1 file: converted to v2.1")
    requests = {r["id"]: r for r in value.get("requests") or [] if isinstance(r, dict) and isinstance(r.get("id"), str)}
    folders_v1 = [f for f in value.get("folders") or [] if isinstance(f, dict) and isinstance(f.get("id"), str)]
    folders: dict[str, dict[str, Any]] = {}
    for f in folders_v1:
        folder: dict[str, Any] = {"_postman_id": f["id"], "name": f.get("name") or "", "item": []}
        if f.get("description"):
            folder["description"] = f["description"]
        auth = _v1_auth(f, ctx, f"folder {f['id']}")
        if auth is not ABSENT:
            folder["auth"] = auth
        events = _v1_events(f)
        if events:
            folder["event"] = events
        folders[f["id"]] = folder
    placed_folders: set[str] = set()
    placed_requests: set[str] = set()

    def place_request(rid: Any, into: list[Any]) -> None:
        if isinstance(rid, str) and rid in requests and rid not in placed_requests:
            placed_requests.add(rid)
            into.append(_v1_item(requests[rid], ctx, f"request {rid}"))

    top = value.get("folders_order")
    top_ids = top if isinstance(top, list) else [f["id"] for f in folders_v1]
    subfolders = {sid for f in folders_v1 for sid in (f.get("folders_order") or []) if isinstance(sid, str)}
    by_id = {f["id"]: f for f in folders_v1}
    root: list[Any] = []
    queue: deque[str] = deque()

    def place_folder(fid: Any, into: list[Any]) -> None:
        if isinstance(fid, str) and fid in folders and fid not in placed_folders:
            placed_folders.add(fid)
            into.append(folders[fid])
            queue.append(fid)

    for fid in top_ids:
        if fid not in subfolders:
            place_folder(fid, root)
    while queue:  # breadth-first and iterative: a v1 file's folder references may be deep or circular
        fid = queue.popleft()
        source, folder = by_id[fid], folders[fid]
        for sid in source.get("folders_order") or []:  # subfolders first, then requests, as Postman converts
            place_folder(sid, folder["item"])
        for rid in source.get("order") or []:
            place_request(rid, folder["item"])
    for rid in value.get("order") or []:
        place_request(rid, root)
    orphans = [rid for rid in requests if rid not in placed_requests]
    for rid in orphans:
        place_request(rid, root)
    for f in folders_v1:
        if f["id"] not in placed_folders:
            placed_folders.add(f["id"])
            root.append(folders[f["id"]])
    if orphans:
        ctx.warn(f"{len(orphans)} v1 request(s) listed in no folder order: placed at the collection root")
    info: dict[str, Any] = {"name": value.get("name") if isinstance(value.get("name"), str) else "",
                            "schema": SCHEMA_V21}
    if value.get("description"):
        info["description"] = value["description"]
    out: dict[str, Any] = {"info": info, "item": root}
    auth = _v1_auth(value, ctx, "collection")
    if auth is not ABSENT:
        out["auth"] = auth
    events = _v1_events(value)
    if events:
        out["event"] = events
    if isinstance(value.get("variables"), list) and value["variables"]:
        out["variable"] = value["variables"]
    return out


def _unwrap(value: Any, key: str) -> Any:
    """The Postman API answers {"collection": {...}} / {"environment": {...}}; people save those as files."""
    if isinstance(value, dict) and len(value) == 1 and isinstance(value.get(key), dict):
        return value[key]
    return value


def import_collection(data: bytes | bytearray | str | dict[str, Any]) -> Bundle:
    """Read a Postman Collection (v2.0 or v2.1) into one collection FolderNode.

    Raises ImportError_ (with `location`, e.g. "item[3].item[0].request.url") for what we refuse: not JSON, not a
    collection, over MAX_IMPORT_BYTES, folders nested deeper than MAX_FOLDER_DEPTH, values our documents cannot hold.
    """
    ctx = _Ctx()
    value = _unwrap(load_json(data), "collection")
    kind = detect_kind(value)
    if kind in ("environment", "globals"):
        raise _fail(f"this is a Postman {kind} file, not a collection: import it as an environment")
    if kind not in ("collection", "collection_v1"):
        raise _fail("not a Postman collection: expected an object with `info` and an `item` list")
    try:
        if kind == "collection_v1":
            value = _from_v1(cast(dict[str, Any], value), ctx)
        source = _normalise(cast(dict[str, Any], value), ctx)
        root = _folder_node(source, "", 1, ctx, root=True)
        _record(root, source)
    except ImportError_:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as e:
        # A shape we did not foresee: still the caller's input problem, said where we were.
        raise _fail(f"could not read the collection near {ctx.location or 'the top level'}: {e!r}",
                    ctx.location or None) from None
    return Bundle(source="postman", collections=[root], warnings=ctx.warnings)


def _record(root: FolderNode, source: dict[str, Any]) -> None:
    """Store spelling hints: export each node in record mode against its source object."""
    _export_folder(root, source, [], collection_id=None, root=True)
    _prune_hints(root)


def _prune_hints(node: FolderNode | RequestNode) -> None:
    postman = node.doc.get("extras", {}).get("postman")
    if isinstance(postman, dict) and not postman.get("spelling"):
        postman.pop("spelling", None)
        if not postman:
            node.doc["extras"].pop("postman")
    if isinstance(node, FolderNode):
        for child in node.children:
            _prune_hints(child)


# ---------------------------------------------------------------------------------------------------------------
# Export


def _postman_extras(doc: dict[str, Any]) -> dict[str, Any]:
    extras = doc.get("extras")
    postman = extras.get("postman") if isinstance(extras, dict) else None
    return postman if isinstance(postman, dict) else {}


def _unmodelled(postman: dict[str, Any], path: str) -> dict[str, Any]:
    table = postman.get("unmodelled")
    part = table.get(path) if isinstance(table, dict) else None
    return cast(dict[str, Any], _copy(part)) if isinstance(part, dict) else {}


def _speller(doc: dict[str, Any], source: Any) -> _Speller:
    if source is ABSENT:
        hints = _postman_extras(doc).get("spelling")
        return _Speller(hints if isinstance(hints, dict) else {})
    extras = doc.setdefault("extras", {})
    postman = extras.setdefault("postman", {})
    postman["spelling"] = {}
    return _Speller(postman["spelling"], source)


def _rows(sp: _Speller, path: str, rows: list[dict[str, Any]], out: Callable[[dict[str, Any]], dict[str, Any]]
          ) -> list[Any]:
    return [sp.value(f"{path}[{i}]", out(row)) for i, row in enumerate(rows)]


def _auth_out(auth: dict[str, Any], sp: _Speller, postman: dict[str, Any], path: str) -> dict[str, Any] | None:
    kind = auth["type"]
    if kind == "inherit":
        return None  # Postman's "inherit from parent" is no auth key at all
    out = _unmodelled(postman, path)
    out["type"] = kind
    if kind in _AUTH_PARAM_KEYS:
        attrs = _rows(sp, f"{path}.{kind}", auth["attributes"],
                      lambda a: {"key": a["key"], "value": a["value"], "type": a["type"]})
        sp.put(out, kind, attrs, f"{path}.{kind}")
    return out


def _url_out(doc: dict[str, Any], sp: _Speller, postman: dict[str, Any]) -> dict[str, Any]:
    raw = doc["url"]
    parts = parse_url(raw)
    out = _unmodelled(postman, "request.url")
    sp.put(out, "raw", raw, "request.url.raw")
    for key in ("protocol", "auth", "host", "port", "path", "hash"):
        canonical = parts.get(key, ABSENT)
        # Hints on components are tied to the raw URL they were parsed from, so editing the URL drops them.
        sp.put(out, key, canonical, f"request.url.{key}", emit=canonical is not ABSENT, basis=raw)
    query = _rows(sp, "request.url.query", doc["params"], _kv_out)
    sp.put(out, "query", query, "request.url.query", emit=bool(query))
    variables = _rows(sp, "request.url.variable", doc["path_variables"], _kv_out)
    sp.put(out, "variable", variables, "request.url.variable", emit=bool(variables))
    return out


def _form_out(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {"key": row["key"]}
    if row["type"] == "file":
        out["type"] = "file"
        out["src"] = row["filename"]
        if row["value"]:
            out["value"] = row["value"]
    else:
        out["value"] = row["value"]
        out["type"] = "text"
    if row["content_type"]:
        out["contentType"] = row["content_type"]
    if not row["enabled"]:
        out["disabled"] = True
    if row["description"]:
        out["description"] = row["description"]
    return out


def _body_out(body: dict[str, Any], sp: _Speller, postman: dict[str, Any], warnings: list[str], where: str
              ) -> dict[str, Any] | None:
    out = _unmodelled(postman, "request.body")
    mode = body["mode"]
    sp.put(out, "mode", _PM_MODE.get(mode), "request.body.mode", emit=mode != "none")
    sp.put(out, "raw", body["raw"], "request.body.raw", emit=mode in _RAW_MODES or bool(body["raw"]))
    for key in ("urlencoded", "formdata"):
        rows = _rows(sp, f"request.body.{key}", body[key], _kv_out if key == "urlencoded" else _form_out)
        sp.put(out, key, rows, f"request.body.{key}", emit=mode == key or bool(rows))
    if any(r["type"] == "file" and r["file_ref"] for r in body["formdata"]):
        warnings.append(f"{where}: uploaded form files are not part of the export (only their names)")
    binary = body["binary"]
    if binary is not None:
        file = _unmodelled(postman, "request.body.file")
        sp.put(file, "src", binary["filename"], "request.body.file.src")
        out["file"] = file
        if binary["file_ref"]:
            warnings.append(f"{where}: the uploaded body file is not part of the export (only its name)")
    graphql = body["graphql"]
    if graphql is not None:
        g = _unmodelled(postman, "request.body.graphql")
        sp.put(g, "query", graphql["query"], "request.body.graphql.query")
        sp.put(g, "variables", graphql["variables"], "request.body.graphql.variables")
        sp.put(g, "operationName", graphql["operation_name"], "request.body.graphql.operationName",
               emit=graphql["operation_name"] is not None)
        out["graphql"] = g
    options = out.get("options")
    if mode in ("json", "xml"):
        # Postman tells raw bodies apart by options.raw.language; keep the source's other options as they were.
        options = options if isinstance(options, dict) else {}
        raw_options = options.get("raw")
        raw_options = raw_options if isinstance(raw_options, dict) else {}
        if str(raw_options.get("language", "")).lower() != mode:
            options["raw"] = {**raw_options, "language": mode}
        out["options"] = options
    elif mode == "text" and isinstance(options, dict):
        language = _raw_language(options)
        if language is not None and language.lower() in ("json", "xml"):  # changed to text since the import
            options["raw"] = {**options["raw"], "language": "text"}
    return out if mode != "none" or out else None


def _request_out(doc: dict[str, Any], sp: _Speller, postman: dict[str, Any], warnings: list[str], where: str
                 ) -> dict[str, Any]:
    out = _unmodelled(postman, "request")
    sp.put(out, "method", doc["method"], "request.method")
    sp.put(out, "header", _rows(sp, "request.header", doc["headers"], _kv_out), "request.header")
    sp.put(out, "url", _url_out(doc, sp, postman), "request.url")
    body = _body_out(doc["body"], sp, postman, warnings, where)
    sp.put(out, "body", body, "request.body", emit=body is not None)
    auth = _auth_out(doc["auth"], sp, postman, "request.auth")
    sp.put(out, "auth", auth, "request.auth", emit=auth is not None)
    sp.description(out, doc["description"], "request.description")
    return out


def _export_request(node: RequestNode, source: Any, warnings: list[str], where: str) -> dict[str, Any]:
    doc = node.doc if source is not ABSENT else _validated_for_export(RequestDoc, node.doc, where)
    sp = _speller(node.doc, source)
    postman = _postman_extras(doc)
    out = _unmodelled(postman, "")
    sp.put(out, "name", doc["name"], "name")
    sp.put(out, "request", _request_out(doc, sp, postman, warnings, where), "request")
    # Verbatim lists: a hint here is only about presence (`"response": []` or none), so fingerprint their length.
    examples, events = (doc["examples"], doc["events"]) if source is not ABSENT else (
        _copy(doc["examples"]), _copy(doc["events"]))
    sp.put(out, "response", examples, "response", fp_of=len(examples))
    sp.put(out, "event", events, "event", emit=bool(events), fp_of=len(events))
    settings = doc["settings"]
    ppb = out.pop("protocolProfileBehavior", ABSENT)
    had_ppb = isinstance(ppb, dict)
    ppb = ppb if isinstance(ppb, dict) else {}
    for key, (field, default) in _PPB_SETTINGS.items():
        value = settings[field]
        sp.put(ppb, key, value, f"protocolProfileBehavior.{key}", emit=value != default)
    sp.put(out, "protocolProfileBehavior", ppb, "protocolProfileBehavior", emit=had_ppb or bool(ppb))
    if source is ABSENT and (settings["timeout_ms"] != 30_000 or settings["http2"]):
        warnings.append(f"{where}: the request's timeout / HTTP/2 settings have no Postman equivalent (left out)")
    return out


def _variables_out(doc: dict[str, Any], sp: _Speller, postman: dict[str, Any]) -> list[Any]:
    rows: list[Any] = []
    for v in doc["variables"]:
        row: dict[str, Any] = {"key": v["key"], "value": v["value"]}
        if not v["enabled"]:
            row["disabled"] = True
        if v["description"]:
            row["description"] = v["description"]
        rows.append(row)
    unheld = postman.get("unheld_variables")
    for entry in unheld if isinstance(unheld, list) else []:
        if isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], int):
            rows.insert(min(entry[0], len(rows)), _copy(entry[1]))
    return [sp.value(f"variable[{i}]", row) for i, row in enumerate(rows)]


def _export_folder(node: FolderNode, source: Any, warnings: list[str], *, collection_id: str | None, root: bool,
                   where: str = "") -> dict[str, Any]:
    doc = node.doc if source is not ABSENT else _validated_for_export(FolderDoc, node.doc, where or "collection")
    sp = _speller(node.doc, source)
    postman = _postman_extras(doc)
    out = _unmodelled(postman, "")
    if root:
        info = _unmodelled(postman, "info")
        info["_postman_id"] = collection_id or str(uuid.uuid4())
        sp.put(info, "name", doc["name"], "info.name")
        sp.description(info, doc["description"], "info.description")
        sp.put(info, "schema", SCHEMA_V21, "info.schema")
        out["info"] = info
    else:
        sp.put(out, "name", doc["name"], "name")
        sp.description(out, doc["description"], "description")
    if doc["headers"] and source is ABSENT:
        warnings.append(f"{where or 'collection'} ({doc['name']}): Postman has no folder headers; they are left out")
    sources = source.get("item") if isinstance(source, dict) else None
    items: list[dict[str, Any]] = []
    for i, child in enumerate(node.children):
        child_source = sources[i] if isinstance(sources, list) and i < len(sources) else ABSENT
        at = _loc(where, "item") + f"[{i}]"
        if isinstance(child, FolderNode):
            items.append(_export_folder(child, child_source, warnings, collection_id=None, root=False, where=at))
        else:
            items.append(_export_request(child, child_source, warnings, at))
    out["item"] = items
    events = doc["events"] if source is not ABSENT else _copy(doc["events"])
    sp.put(out, "event", events, "event", emit=bool(events), fp_of=len(events))
    variables = _variables_out(doc, sp, postman)
    sp.put(out, "variable", variables, "variable", emit=bool(variables))
    auth = _auth_out(doc["auth"], sp, postman, "auth")
    sp.put(out, "auth", auth, "auth", emit=auth is not None)
    return out


def _validated_for_export(model: type[BaseModel], doc: dict[str, Any], where: str) -> dict[str, Any]:
    # Stored documents are already valid; validating again fills defaults of documents written by older code.
    try:
        return model.model_validate(doc).model_dump()
    except ValidationError as e:
        raise ValueError(f"{where}: not a valid {model.__name__}: {e.errors()[0].get('msg')}") from None


def export_collection(root: FolderNode, *, collection_id: str | None = None,
                      warnings: list[str] | None = None) -> dict[str, Any]:
    """Postman Collection v2.1 for a collection tree (valid against the official schema).

    `info._postman_id` is `collection_id` when given (so re-exports of one collection replace each other in
    Postman), else a fresh UUID. What Postman cannot hold (folder headers, timeouts, uploaded files) is left out
    and said in `warnings` when a list is passed.
    """
    sink: list[str] = [] if warnings is None else warnings
    return _export_folder(root, ABSENT, sink, collection_id=collection_id, root=True)


# ---------------------------------------------------------------------------------------------------------------
# Environments and globals


def import_environment(data: bytes | bytearray | str | dict[str, Any] | list[Any]) -> Bundle:
    """Read a Postman environment or globals file (also Newman's bare-list globals) into one EnvironmentData."""
    ctx = _Ctx()
    value = _unwrap(load_json(data), "environment")
    kind = detect_kind(value)
    if kind in ("collection", "collection_v1"):
        raise _fail("this is a Postman collection, not an environment: import it as a collection")
    if kind not in ("environment", "globals"):
        raise _fail("not a Postman environment: expected an object with a `values` list")
    rows_value = value if isinstance(value, list) else value["values"]
    name_value = value.get("name") if isinstance(value, dict) else None
    name = name_value.strip()[:_NAME_MAX].strip() if isinstance(name_value, str) else ""
    name = name or ("Globals" if kind == "globals" else "Untitled environment")
    variables: list[dict[str, Any]] = []
    where = "values" if isinstance(value, dict) else ""
    for i, row in enumerate(rows_value):
        at = _loc(where, i)
        r = _as_dict(row, at)
        key = r.get("key")
        if not isinstance(key, str) or not key:
            ctx.warn(f"{at}: a variable without a name, skipped")
            continue
        raw_value = r.get("value")
        enabled = r.get("enabled") is not False and r.get("disabled") is not True
        variables.append({"key": key, "value": _any_text(raw_value), "enabled": enabled,
                          "secret": r.get("type") == "secret"})
    doc = _validated(EnvironmentDoc, {"name": name, "variables": variables, "kind": kind}, "values")
    env = EnvironmentData(name=doc["name"], variables=doc["variables"], kind=doc["kind"])
    return Bundle(source="postman_environment", environments=[env], warnings=ctx.warnings)


def export_environment(env: EnvironmentData, *, environment_id: str | None = None) -> dict[str, Any]:
    """A Postman environment (or globals) file. A secret row whose value we do not have (None) exports empty."""
    values = []
    for row in env.variables:
        value = row.get("value")
        values.append({"key": str(row.get("key", "")), "value": value if isinstance(value, str) else "",
                       "type": "secret" if row.get("secret") else "default",
                       "enabled": row.get("enabled", True) is not False})
    return {
        "id": environment_id or str(uuid.uuid4()),
        "name": env.name,
        "values": values,
        "_postman_variable_scope": "globals" if env.kind == "globals" else "environment",
        "_postman_exported_at": datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
        "_postman_exported_using": "API Playground",
    }
