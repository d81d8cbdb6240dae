"""Which importer a pasted or uploaded document belongs to, told from its content alone; and the decoding every
importer shares (size limit, BOMs and UTF-16, JSON errors with a line and column, nesting too deep).

Detection looks at markers, never at a file name, because pasted text has none:

- JSON first (`{` or `[` after blanks): OpenAPI (`openapi`), Swagger (`swagger`), Insomnia (`_type: export` with
  `__export_format`), HAR (`log.entries`, or a bare HAR request `{method, url}` as httpsnippet writes them), Postman
  collection (`info.schema`/`info._postman_id`, `info` + `item`, or an `item` list of items without `info` as
  Newman accepts; v1 `requests` + `order`; the API's `{"collection": ...}` wrapper), Postman environment or globals
  (`values` + `_postman_variable_scope`, `name` or key/value rows; old globals as a bare list of key/value rows).
- cURL: the first line that is not blank or a comment starts with `curl` (or `curl.exe`, or `$ curl` as docs print).
- YAML, for OpenAPI/Swagger/Insomnia only, and only after a cheap regex finds a top-level `openapi:`, `swagger:`,
  `paths:`, `_type: export` or Insomnia v5 `type:` key: parsing arbitrary YAML costs far more than a regex, and
  `safe_load` is used so a document cannot construct Python objects.
- Refusals say where: JSON/YAML syntax errors by line and column, nesting past MAX_NESTING at the bracket that
  crosses it, unknown text at its first non-comment line, an unknown JSON document at "document root"; an API
  description with `paths` but no version line is told so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from typing import Any, NoReturn

import yaml

from chalicelib.interop.tree import MAX_IMPORT_BYTES, ImportError_

#: what `detect` may return
FORMATS = ("postman", "postman_environment", "openapi", "swagger", "curl", "fetch", "har", "insomnia")

HINT = ("We import Postman collections (v1, v2.0, v2.1) and environments, OpenAPI 3 and Swagger 2 (JSON or YAML), "
        "HAR files, Insomnia exports (v4 and v5), cURL command lines and browsers' fetch calls (Copy as fetch).")

#: how deep a JSON document may nest before we say so (Python's own decoder gives up near its recursion limit; we
#: report where the document crosses this depth, which is deeper than any real export)
MAX_NESTING = 500

_FETCH_START = re.compile(r"(?:await\s+)?fetch\s*\(")
_CURL_START = re.compile(r"(?:\$[ \t]+)?curl(?:\.exe)?(?=\s|$)", re.IGNORECASE)
_YAML_MARKER = re.compile(
    r"""^(?:["']?(?:openapi|swagger)["']?[ \t]*:"""
    r"""|["']?_type["']?[ \t]*:[ \t]*["']?export\b"""
    r"""|type:[ \t]*["']?(?:collection|spec|environment)\.insomnia\.rest/|paths[ \t]*:)""",
    re.MULTILINE,
)


def check_size(data: bytes | str) -> None:
    size = len(data.encode() if isinstance(data, str) else data)
    if size > MAX_IMPORT_BYTES:
        raise ImportError_(f"The import is {size:,} bytes; the limit is {MAX_IMPORT_BYTES:,} bytes "
                           f"({MAX_IMPORT_BYTES // (1024 * 1024)} MB).", location="byte 0")


def decode_text(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without a BOM), or UTF-16/32 with a BOM (Windows tools write those)."""
    # json.detect_encoding reads the BOM or the NUL pattern of the first four bytes, which works for any text
    encoding = json.detect_encoding(data)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportError_(f"The file is not {encoding.upper()} text.", location=f"byte {exc.start}") from None


def position(text: str, offset: int) -> str:
    """`line L, column C` (both from 1) of a character offset, as editors count them."""
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"line {line}, column {column}"


def load_json(data: bytes | str, *, what: str = "The document") -> Any:
    """Parse JSON with errors that say where: broken syntax and absurd nesting become ImportError_ with a location."""
    check_size(data)
    text = decode_text(data) if isinstance(data, bytes) else data.removeprefix("\ufeff")
    try:
        return without_lone_surrogates(json.loads(text))
    except json.JSONDecodeError as exc:
        raise ImportError_(f"{what} is not valid JSON: {exc.msg}.",
                           location=f"line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise ImportError_(f"{what} nests more than {MAX_NESTING} levels deep.",
                           location=position(text, _too_deep_at(text))) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_lone_surrogates(value: Any) -> Any:
    """`"\\ud800"` escapes parse into strings no UTF-8 can hold (storing, quoting or sending one fails): each such
    code point becomes U+FFFD, as a browser shows it. A pair was already joined into one character by the parser."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value
    if isinstance(value, dict):
        return {without_lone_surrogates(k): without_lone_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_lone_surrogates(v) for v in value]
    return value


#: values YAML aliases may add on top of the document's own: far above any real file, far below an alias bomb
MAX_ALIAS_EXPANSION = 1_000_000
_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def check_yaml_graph(root: Any, *, max_height: int = MAX_NESTING, visit: Callable[[Any], None] | None = None) -> None:
    """Refuse, before anything is built from a composed YAML node graph, what would explode or never end when it is
    walked as a tree: alias bombs ("billion laughs": aliases share nodes, so the graph stays as small as the text),
    an alias inside the node it refers to, and absurd nesting. The expanded size and height are counted per
    distinct node (memoised), in time linear in the text. `visit` runs once per distinct node, before its children
    (the OpenAPI importer checks tags and keys there)."""
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    open_: set[int] = set()
    distinct = 0
    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, closing = stack.pop()
        key = id(node)
        if closing:
            open_.discard(key)
            kids = _kids(node)
            size[key] = 1 + sum(size[id(k)] for k in kids)
            height[key] = 1 + max((height[id(k)] for k in kids), default=0)
            if height[key] > max_height:
                raise ImportError_(f"The document is nested more than {max_height} levels deep.",
                                   location=_node_at(node))
            if size[key] > distinct + MAX_ALIAS_EXPANSION:
                raise ImportError_("YAML aliases expand this document to more than "
                                   f"{MAX_ALIAS_EXPANSION:,} extra values (an alias bomb); refused.",
                                   location=_node_at(node))
            continue
        if key in size:
            continue  # an alias of a node already checked
        if key in open_:
            raise ImportError_("A YAML alias refers to a node that contains it (a recursive alias).",
                               location=_node_at(node))
        distinct += 1
        if visit is not None:
            visit(node)
        kids = _kids(node)
        if not kids:
            size[key] = height[key] = 1
            continue
        open_.add(key)
        stack.append((node, True))
        stack.extend((kid, False) for kid in kids)


def _kids(node: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return list(node.value) if isinstance(node, yaml.SequenceNode) else []


def _node_at(node: Any) -> str | None:
    """`line L, column C` of a node."""
    mark = node.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else None


def load_yaml(text: str, *, what: str = "The document") -> Any:
    loader = _SAFE_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_yaml_graph(node)
        return without_lone_surrogates(loader.construct_document(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark is not None else None
        raise ImportError_(f"{what} is not valid YAML: {exc.problem or exc}.", location=where) from None
    except yaml.YAMLError as exc:
        raise ImportError_(f"{what} is not valid YAML: {exc}.", location=None) from None
    except RecursionError:
        raise ImportError_(f"{what} nests too deeply.", location=None) from None
    except ImportError_:
        raise  # (a ValueError too) refused above, with its own message
    except (ValueError, TypeError, OverflowError):
        # only an explicit tag on a value that does not fit it gets here (`!!int abc`, `!!timestamp x`)
        raise ImportError_(f"{what} has a YAML value that does not fit the type its explicit tag gives it "
                           "(e.g. `!!int abc`).", location=None) from None
    finally:
        loader.dispose()


def outside_strings(text: str) -> Iterator[tuple[int, str]]:
    """(offset, character) of every character of JSON-like text that is not inside a double-quoted string."""
    in_string = escaped = False
    for i, ch in enumerate(text):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        else:
            yield i, ch


def _too_deep_at(text: str) -> int:
    """The offset where nesting first passes MAX_NESTING (or the deepest point), skipping string contents."""
    depth = deepest = deepest_at = 0
    for i, ch in outside_strings(text):
        if ch in "[{":
            depth += 1
            if depth > MAX_NESTING:
                return i
            if depth > deepest:
                deepest, deepest_at = depth, i
        elif ch in "]}":
            depth -= 1
    return deepest_at


def classify(doc: Any) -> str | None:
    """The format of a parsed JSON/YAML document, or None when it is none we import."""
    if isinstance(doc, list):
        # old Postman globals: a bare list of variable rows (Newman still reads them)
        if doc and all(isinstance(v, dict) and "key" in v and "value" in v for v in doc):
            return "postman_environment"
        return None
    if not isinstance(doc, dict):
        return None
    if "openapi" in doc and isinstance(doc["openapi"], str | int | float):
        return "openapi"
    if "swagger" in doc and isinstance(doc["swagger"], str | int | float):
        return "swagger"
    if doc.get("_type") == "export" and ("__export_format" in doc or isinstance(doc.get("resources"), list)):
        return "insomnia"
    if isinstance(doc.get("type"), str) and doc["type"].startswith(
            ("collection.insomnia.rest/", "spec.insomnia.rest/", "environment.insomnia.rest/")):
        return "insomnia"  # Insomnia v5 (YAML, Insomnia 10 and later)
    log = doc.get("log")
    if isinstance(log, dict) and isinstance(log.get("entries"), list):
        return "har"
    info = doc.get("info")
    if isinstance(info, dict):
        schema = info.get("schema")
        if (isinstance(schema, str) and "postman" in schema.lower()) or "_postman_id" in info:
            return "postman"
        if isinstance(doc.get("item"), list):
            return "postman"
    items = doc.get("item")
    if isinstance(items, list) and items and all(isinstance(i, dict) and ("request" in i or "item" in i)
                                                 for i in items):
        return "postman"  # v2 without `info`: Newman runs these, so Postman users have them
    if isinstance(doc.get("requests"), list) and ("order" in doc or "folders" in doc):
        return "postman"  # collection v1
    if isinstance(doc.get("collection"), dict) and classify(doc["collection"]) == "postman":
        return "postman"  # the Postman API's {"collection": {...}} wrapper
    values = doc.get("values")
    if isinstance(values, list) and ("_postman_variable_scope" in doc or "name" in doc or (
            values and all(isinstance(v, dict) and "key" in v for v in values))):
        return "postman_environment"
    if isinstance(doc.get("environment"), dict) and classify(doc["environment"]) == "postman_environment":
        return "postman_environment"
    if isinstance(doc.get("method"), str) and isinstance(doc.get("url"), str):
        return "har"  # a bare HAR request object (httpsnippet's fixtures, one entry copied out of a HAR)
    return None


def _first_content_line(text: str) -> tuple[str, int]:
    """The first line that is neither blank nor a shell/cmd comment, and its offset."""
    offset = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if body and not body.startswith(("#", "::")) and not re.match(r"rem(\s|$)", body, re.IGNORECASE):
            return line.lstrip(), offset + (len(line) - len(line.lstrip()))
        offset += len(line)
    return "", offset


def detect(data: bytes) -> str:
    """One of FORMATS for an upload or a paste; ImportError_ "not a format we import" (with a hint) otherwise."""
    check_size(data)
    text = decode_text(data).removeprefix("\ufeff")
    stripped = text.lstrip()
    if not stripped:
        raise ImportError_("The import is empty. " + HINT, location="line 1, column 1")
    if stripped[0] in "{[":
        doc = load_json(text)
        kind = classify(doc)
        if kind is None:
            _refuse(doc, "This JSON is not a format we import. ", "document root")
        return kind
    line, offset = _first_content_line(text)
    if _CURL_START.match(line):
        return "curl"
    if _FETCH_START.match(line):
        return "fetch"
    if _YAML_MARKER.search(text):
        doc = load_yaml(text)
        kind = classify(doc)
        if kind in ("openapi", "swagger", "insomnia"):
            return kind
        _refuse(doc, "This YAML is not a format we import. ", position(text, offset))
    raise ImportError_("This is not a format we import. " + HINT, location=position(text, offset))


def _refuse(doc: Any, message: str, location: str) -> NoReturn:
    if isinstance(doc, dict) and "paths" in doc and "openapi" not in doc and "swagger" not in doc:
        # an API description missing its version line is a common hand-written slip: say what is missing
        raise ImportError_("This looks like an API description but has no `openapi: 3.x` (or `swagger: \"2.0\"`) "
                           "line, so we cannot tell which version it is.", location="openapi")
    raise ImportError_(message + HINT, location=location)
