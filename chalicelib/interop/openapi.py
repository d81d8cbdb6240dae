"""OpenAPI 3.0 / 3.1 and Swagger 2.0 to our documents (`import_spec`), and a collection back to OpenAPI 3.1
(`export_openapi`).

Import gives one collection named after `info.title`, a folder per operation's first tag, and a request per
operation. Where a conversion has a choice to make it does what Postman's openapi-to-postman does by default, so a
spec gives the collection people expect from Postman:

- every parameter row is enabled, optional ones too (its `enableOptionalParameters` option defaults to true); a
  required one says "(Required)" at the start of its description, as Postman writes it;
- a value is the parameter's example, else its schema's example / default / first enum value, else a type
  placeholder such as `<string>` or `<long>` (never a made-up value that could look real);
- `Content-Type`, `Accept` and `Authorization` header parameters are dropped (OpenAPI says they SHALL be ignored;
  the body and the auth carry them), and `readOnly` properties are left out of request bodies.

Nothing is ever fetched: a `$ref` to another file or a URL is reported in a warning and a placeholder stands in.
The openapi-spec-validator package is deliberately not run on imports: it refuses about half of the specs Postman
imports (duplicate operationIds, missing `responses`, numeric versions, ...), takes seconds on Stripe's spec, and
resolves remote `$ref`s over the network. The checks here refuse exactly what cannot become a collection and say
where; everything else is imported with warnings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, unquote
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import yaml
from pydantic import ValidationError

from chalicelib.executor.body import DEFAULT_CONTENT_TYPE
from chalicelib.interop.detect import check_yaml_graph
from chalicelib.interop.tree import MAX_IMPORT_BYTES, Bundle, FolderNode, ImportError_, RequestNode
from chalicelib.schema.documents import FolderDoc, RequestDoc

__all__ = ["export_openapi", "import_spec"]

#: nesting deeper than this is refused (real specs stay under 30 levels; libyaml itself stops at 1000)
MAX_NESTING = 256
#: example generation per body or parameter: how deep into a schema, how many values, how many properties
EXAMPLE_MAX_DEPTH = 8
EXAMPLE_MAX_VALUES = 500
EXAMPLE_MAX_PROPERTIES = 100
#: warnings kept per import (a 900-operation spec can repeat the same remark hundreds of times)
MAX_WARNINGS = 200

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")

# The schema's limits (chalicelib/schema), so that what we build always validates: long texts are cut, not refused.
_NAME_MAX = 200
_REQUEST_DESCRIPTION_MAX = 100_000
_FOLDER_DESCRIPTION_MAX = 20_000
_ROW_DESCRIPTION_MAX = 10_000
_ROW_VALUE_MAX = 200_000
_RAW_MAX = 300_000
_ROWS_MAX = 1_000
_PATH_VARIABLES_MAX = 200
_URL_MAX = 16_000

_T = "tag:yaml.org,2002:"
_YAML_STR = _T + "str"
_YAML_SCALAR_TAGS = frozenset(_T + t for t in ("str", "int", "float", "bool", "null", "merge"))
#: standard YAML scalars with no JSON counterpart, kept as the text they were written as (js-yaml, which Postman
#: uses, gives dates as strings in JSON output too); `value` is the `=` scalar, which PyYAML cannot construct safely
_YAML_AS_TEXT_TAGS = frozenset(_T + t for t in ("timestamp", "binary", "value"))
#: js-yaml accepts whitespace-only lines holding a tab inside block scalars (Adyen's specs have them); libyaml
#: refuses them. Such a line is blank but for the tab, so it is blanked and the parse retried once.
_TAB_ONLY_LINE = re.compile(r"^[ \t]*\t[ \t]*$", re.MULTILINE)
_YAML_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: our path variables, exactly as the executor reads them (chalicelib/executor/prepare.py)
_PATH_VAR = re.compile(r"(?<=/):([A-Za-z_][A-Za-z0-9_.-]*)")
_PATH_VAR_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_PATH_VAR_CHAR = re.compile(r"[A-Za-z0-9_.-]")
_TEMPLATE = re.compile(r"\{([^{}/]+)\}")
_VARIABLE = re.compile(r"\{\{([^{}]+)\}\}")

_MISSING: Any = object()


# --------------------------------------------------------------------------------------------------------------------
# Loading: bytes → a JSON-like value, refusing anything unsafe or absurd before it is walked.
# --------------------------------------------------------------------------------------------------------------------


class _YamlSyntaxError(ImportError_):
    """A YAML parse error, as opposed to a refusal of our own (so JSON-looking input can report its JSON error)."""


def _mark(node_or_mark: Any) -> str | None:
    mark = getattr(node_or_mark, "start_mark", node_or_mark)
    if mark is None or getattr(mark, "line", None) is None:
        return None
    return f"line {mark.line + 1}, column {mark.column + 1}"


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_T):] if tag.startswith(_T) else tag


def _check_yaml_keys(node: Any) -> None:
    # js-yaml (Postman) refuses a repeated key, and a silent "last one wins" would drop half of a spec
    # (invalid_openapi/multiple-components.yaml has two `components`)
    seen: dict[str, Any] = {}
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            raise ImportError_("A YAML mapping key must be plain text, not a list or a mapping.", location=_mark(key))
        if key.tag == _T + "merge":
            continue
        if key.tag != _YAML_STR:
            # `200:` or `true:` is a key in JSON terms, so it becomes the text it was written as
            key.tag = _YAML_STR
        if key.value in seen:
            first = _mark(seen[key.value])
            raise ImportError_(f"Duplicate key {key.value!r} in a YAML mapping (first at {first}); keys must be "
                               "unique.", location=_mark(key))
        seen[key.value] = key


def _check_yaml_nodes(root: Any) -> None:
    """Refuse custom tags, repeated keys, alias bombs, recursive aliases and absurd nesting, before construction."""
    check_yaml_graph(root, max_height=MAX_NESTING, visit=_check_yaml_node)


def _check_yaml_node(node: Any) -> None:
    tag = node.tag
    if isinstance(node, yaml.ScalarNode):
        if tag in _YAML_AS_TEXT_TAGS:
            node.tag = _YAML_STR
        elif tag not in _YAML_SCALAR_TAGS:
            raise _tag_error(node)
    elif isinstance(node, yaml.MappingNode):
        if tag != _T + "map":
            raise _tag_error(node)
        _check_yaml_keys(node)
    elif tag != _T + "seq":
        raise _tag_error(node)


def _tag_error(node: Any) -> ImportError_:
    return ImportError_(f"The YAML tag {_short_tag(node.tag)} is not allowed: an OpenAPI document is plain YAML "
                        "(text, numbers, booleans, null, lists and mappings) with no custom or language tags.",
                        location=_mark(node))


def _yaml_document(text: str) -> Any:
    # SafeConstructor only (CSafeLoader is SafeLoader with libyaml's parser, 2-3x faster on Stripe's spec);
    # composing first lets the node graph be checked before anything is constructed from it
    loader = _YAML_LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise ImportError_("The document is empty: expected an OpenAPI or Swagger document (JSON or YAML).")
        _check_yaml_nodes(node)
        try:
            return loader.construct_document(node)
        except (ValueError, KeyError, TypeError, OverflowError):
            # only an explicit tag on a value that does not fit it gets here (`!!int abc`, `!!bool maybe`)
            raise ImportError_("A YAML value does not fit the type its explicit tag gives it (e.g. `!!int abc`)."
                               ) from None
    finally:
        loader.dispose()


def _load_yaml(text: str) -> Any:
    try:
        return _yaml_document(text)
    except yaml.MarkedYAMLError as exc:
        fixed = _TAB_ONLY_LINE.sub("", text) if "tab" in str(exc) else text
        if fixed != text:
            try:
                return _yaml_document(fixed)
            except yaml.YAMLError:
                pass
        problem = " ".join(filter(None, [exc.context, exc.problem])) or "invalid YAML"
        raise _YamlSyntaxError(f"Invalid YAML: {problem}.", location=_mark(exc.problem_mark)) from None
    except yaml.YAMLError as exc:
        raise _YamlSyntaxError(f"Invalid YAML: {exc}.") from None
    except RecursionError:
        raise ImportError_(f"The document is nested more than {MAX_NESTING} levels deep.") from None


def _too_large(size: int) -> ImportError_:
    return ImportError_(f"The file is {size:,} bytes; the largest import accepted is {MAX_IMPORT_BYTES:,} bytes.")


def _parse(data: bytes | str | dict[str, Any]) -> Any:
    if isinstance(data, dict):
        return data
    if isinstance(data, bytes | bytearray):
        if len(data) > MAX_IMPORT_BYTES:
            raise _too_large(len(data))
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ImportError_(f"The file is not UTF-8 text (byte {exc.start} cannot be decoded).",
                               location=f"byte {exc.start}") from None
    elif isinstance(data, str):
        # characters never outnumber bytes, so the cheap test settles most inputs without encoding them
        if len(data) > MAX_IMPORT_BYTES or len(data) * 4 > MAX_IMPORT_BYTES and len(data.encode()) > MAX_IMPORT_BYTES:
            raise _too_large(len(data.encode()))
        text = data
    else:
        raise ImportError_("Expected the text of a JSON or YAML document.")
    text = text.lstrip("\ufeff")
    stripped = text.lstrip()
    if not stripped:
        raise ImportError_("The file is empty: expected an OpenAPI or Swagger document (JSON or YAML).")
    if stripped[0] in "{[":
        try:
            return json.loads(text)
        except RecursionError:
            raise ImportError_(f"The document is nested more than {MAX_NESTING} levels deep.") from None
        except json.JSONDecodeError as exc:
            json_error = exc
        # YAML's flow style also starts with a brace: Postman tries JSON, then YAML
        try:
            return _load_yaml(text)
        except _YamlSyntaxError:
            raise ImportError_(f"Invalid JSON: {json_error.msg}.",
                               location=f"line {json_error.lineno}, column {json_error.colno}") from None
    return _load_yaml(text)


# --------------------------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------------------------


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _scalar(value: Any) -> str:
    """A value as it goes in a URL, a header or a form field."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)


def _bounded(value: Any, depth: int = 0, budget: list[int] | None = None) -> Any:
    """A copy of an example from the spec, cut at the example limits (an `example` can be megabytes of JSON)."""
    budget = budget if budget is not None else [EXAMPLE_MAX_VALUES * 4]
    budget[0] -= 1
    if isinstance(value, dict):
        if depth >= EXAMPLE_MAX_DEPTH * 2 or budget[0] <= 0:
            return {}
        out: dict[str, Any] = {}
        for k, v in value.items():
            if budget[0] <= 0:
                break
            out[str(k)] = _bounded(v, depth + 1, budget)
        return out
    if isinstance(value, list):
        if depth >= EXAMPLE_MAX_DEPTH * 2 or budget[0] <= 0:
            return []
        items: list[Any] = []
        for v in value:
            if budget[0] <= 0:
                break
            items.append(_bounded(v, depth + 1, budget))
        return items
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    return str(value)


def _placeholder(schema: dict[str, Any], kind: str | None) -> Any:
    """Postman's type placeholders: the request shows what to fill in without inventing plausible-looking data."""
    fmt = _text(schema.get("format"))
    if kind == "integer":
        return "<long>" if fmt == "int64" else "<integer>"
    if kind == "number":
        return f"<{fmt}>" if fmt in ("float", "double") else "<number>"
    if kind == "boolean":
        return "<boolean>"
    if kind == "null":
        return None
    if kind == "object":
        return {}
    if kind == "array":
        return []
    if fmt and re.fullmatch(r"[A-Za-z0-9_-]{1,40}", fmt):
        return "<" + re.sub(r"-(\w)", lambda m: m.group(1).upper(), fmt) + ">"
    return "<string>"


def _schema_kind(schema: dict[str, Any]) -> str | None:
    kind = schema.get("type")
    if isinstance(kind, list):  # 3.1: ["string", "null"]
        kind = next((k for k in kind if k != "null"), "null" if kind else None)
    if isinstance(kind, str):
        return kind
    if "properties" in schema or "additionalProperties" in schema:
        return "object"
    if "items" in schema:
        return "array"
    return None


def _media_mode(media_type: str) -> str:
    mt = media_type.split(";")[0].strip().lower()
    if mt == "application/x-www-form-urlencoded":
        return "urlencoded"
    if mt.startswith("multipart/"):
        return "formdata"
    if "json" in mt:
        return "json"
    if mt.endswith("/xml") or mt.endswith("+xml"):
        return "xml"
    if mt.startswith("text/"):
        return "text"
    if mt == "application/octet-stream" or mt.startswith(("image/", "audio/", "video/", "font/")) or mt in (
            "application/pdf", "application/zip", "application/gzip"):
        return "binary"
    return "other"


def _pick_media_type(types: Iterable[str]) -> str | None:
    # Postman prefers JSON when a body can be sent several ways; otherwise the spec's first choice
    ordered = [t for t in types if isinstance(t, str)]
    return next((t for t in ordered if _media_mode(t) == "json"), ordered[0] if ordered else None)


def _xml_name(name: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_.:-]", "_", name)
    return name if re.match(r"[A-Za-z_]", name) else "_" + name


def _kv(key: str, value: Any, description: str = "", enabled: bool = True) -> dict[str, Any]:
    return {"key": _cut(key, 8_192), "value": _cut(_scalar(value), _ROW_VALUE_MAX),
            "description": _cut(description, _ROW_DESCRIPTION_MAX), "enabled": enabled}


def _attrs(**values: Any) -> list[dict[str, Any]]:
    return [{"key": k, "value": v, "type": "string"} for k, v in values.items()]


# --------------------------------------------------------------------------------------------------------------------
# Import
# --------------------------------------------------------------------------------------------------------------------


def _detect_version(spec: Any) -> str:
    """The version to read the document as: "2.0", "3.0" or "3.1" (3.2 is read as 3.1, which it extends)."""
    if not isinstance(spec, dict):
        kind = "a list" if isinstance(spec, list) else f"a single {type(spec).__name__} value"
        raise ImportError_(f"This is not an OpenAPI or Swagger document: the top level is {kind}, not an object.")
    if "swagger" in spec:
        version = str(spec["swagger"]).strip()
        if version != "2.0":
            raise ImportError_(f"Unsupported Swagger version {version!r}: the `swagger` field must be \"2.0\" "
                               "(OpenAPI 3 documents use an `openapi` field instead).", location="swagger")
        return "2.0"
    if "openapi" in spec:
        version = str(spec["openapi"]).strip()
        match = re.match(r"^3\.([012])(\.\d+)*(-[\w.]+)?$", version)
        if not match:
            raise ImportError_(f"Unsupported OpenAPI version {version!r}: OpenAPI 3.0, 3.1 and 3.2 and Swagger 2.0 "
                               "can be imported.", location="openapi")
        return "3.0" if match.group(1) == "0" else "3.1"
    info = spec.get("info")
    if isinstance(spec.get("item"), list) or (isinstance(info, dict) and "getpostman" in _text(info.get("schema"))):
        raise ImportError_("This is a Postman collection, not an OpenAPI document: import it as a Postman collection.")
    raise ImportError_("This is not an OpenAPI or Swagger document: it has no `openapi` (3.x) or `swagger` (2.0) "
                       "version field at the top level.", location="openapi")


def _check_structure(spec: dict[str, Any], version: str) -> None:
    """What a collection cannot be made without, as the OpenAPI and Swagger schemas require it."""
    info = spec.get("info")
    if "info" not in spec:
        raise ImportError_("The `info` object is missing: it gives the API's title and version.", location="info")
    if not isinstance(info, dict):
        raise ImportError_("`info` must be an object with the API's title and version.", location="info")
    if not isinstance(info.get("title"), str):
        problem = "missing" if "title" not in info else f"{type(info['title']).__name__}, not text"
        raise ImportError_(f"`info.title` is {problem}: the API needs a title.", location="info.title")
    api_version = info.get("version")
    if api_version is None or isinstance(api_version, dict | list):
        # a number (`version: 1.0`) is accepted as Postman does; missing or null is not
        problem = "missing" if "version" not in info else "not a version string"
        raise ImportError_(f"`info.version` is {problem}: the spec must state the API's version.",
                           location="info.version")
    paths = spec.get("paths")
    if version == "3.1":
        if not any(k in spec for k in ("paths", "webhooks", "components")):
            raise ImportError_("An OpenAPI 3.1 document needs at least one of `paths`, `webhooks` or `components`.",
                               location="paths")
    elif "paths" not in spec:
        raise ImportError_("The `paths` object is missing: it lists the API's operations.", location="paths")
    if "paths" in spec and not isinstance(paths, dict):
        raise ImportError_("`paths` must be an object mapping each path to its operations.", location="paths")


class _Importer:
    def __init__(self, spec: dict[str, Any], version: str) -> None:
        self.spec = spec
        self.version = version
        self.v2 = version == "2.0"
        self.warnings: list[str] = []
        self._warned: set[str] = set()
        self._dropped_warnings = 0
        self._refs: dict[str, Any] = {}
        components = _dict(spec.get("components"))
        self.schemes = _dict(spec.get("securityDefinitions") if self.v2 else components.get("securitySchemes"))
        self.root_server = ""

    # -- warnings and references ----------------------------------------------------------------------------------

    def warn(self, message: str, *, once: str | None = None) -> None:
        key = once or message
        if key in self._warned:
            return
        self._warned.add(key)
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)
        else:
            self._dropped_warnings += 1

    def _normal_ref(self, ref: str) -> str:
        # Swagger 1.2 habits survive in 2.0 specs (swagger_aws.json): a bare `Pet` names a definition
        if self.v2 and re.fullmatch(r"[A-Za-z0-9_.-]+", ref) and not re.search(r"\.(json|ya?ml)$", ref):
            return "#/definitions/" + ref
        return ref

    def lookup(self, ref: str, where: str) -> Any:
        """The value a `$ref` points to, or _MISSING (with a warning) when it is external or dangling."""
        ref = self._normal_ref(ref)
        if ref in self._refs:
            return self._refs[ref]
        if not ref.startswith("#"):
            self.warn(f"{where}: the external $ref {ref!r} was not fetched (only references inside the document are "
                      "followed); a placeholder stands in.", once="ext:" + ref)
            return _MISSING
        node: Any = self.spec
        for raw in ref[1:].split("/")[1:] if ref != "#" else []:
            part = unquote(raw).replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                node = _MISSING
                self.warn(f"{where}: $ref {ref!r} points to nothing in the document; it was left out.",
                          once="dangling:" + ref)
                break
        self._refs[ref] = node
        return node

    def deref(self, value: Any, where: str) -> Any:
        """Follow a chain of `$ref`s to the object (parameters, bodies, path items, ...); None when it ends nowhere."""
        seen: set[str] = set()
        while isinstance(value, dict) and isinstance(value.get("$ref"), str):
            ref = self._normal_ref(value["$ref"])
            if ref in seen:
                self.warn(f"{where}: $ref {ref!r} refers back to itself; it was left out.", once="loop:" + ref)
                return None
            seen.add(ref)
            value = self.lookup(ref, where)
            if value is _MISSING:
                return None
        return value

    # -- example values -------------------------------------------------------------------------------------------

    def example(self, schema: Any, where: str, *, top_items: int = 1) -> Any:
        return _Examples(self, where, top_items=top_items).value(schema, 0, ())

    def media_example(self, media: dict[str, Any], where: str) -> Any:
        if "example" in media:
            return _bounded(media["example"])
        for item in _dict(media.get("examples")).values():
            item = self.deref(item, where)
            if isinstance(item, dict) and "value" in item:
                return _bounded(item["value"])
            if isinstance(item, dict) and "externalValue" in item:
                self.warn(f"{where}: the example at {item['externalValue']!r} was not fetched; one was generated "
                          "from the schema.", once="extvalue:" + where)
            break
        return self.example(media.get("schema"), where)

    def param_value(self, param: dict[str, Any], where: str) -> Any:
        if "example" in param:
            return _bounded(param["example"])
        if "x-example" in param:
            return _bounded(param["x-example"])
        for item in _dict(param.get("examples")).values():
            item = self.deref(item, where)
            if isinstance(item, dict) and "value" in item:
                return _bounded(item["value"])
            break
        # a generated array parameter gets two items, so the row shows how the items are joined or repeated
        if self.v2:
            return self.example(param, where, top_items=2)
        if "schema" not in param and isinstance(param.get("content"), dict):
            media = self.deref(next(iter(param["content"].values()), None), where)
            return self.media_example(media, where) if isinstance(media, dict) else "<string>"
        return self.example(param.get("schema"), where, top_items=2)

    # -- the document ---------------------------------------------------------------------------------------------

    def run(self) -> Bundle:
        spec = self.spec
        info = _dict(spec.get("info"))
        title = _text(info.get("title")).strip()
        if not title:
            title = "Untitled API"
            self.warn("`info.title` is empty; the collection is named \"Untitled API\".")
        if len(title) > _NAME_MAX:
            self.warn(f"The title is longer than {_NAME_MAX} characters; it was shortened.")
        description = _text(info.get("description"))
        if len(description) > _FOLDER_DESCRIPTION_MAX:
            self.warn(f"The API description is longer than {_FOLDER_DESCRIPTION_MAX:,} characters; it was cut.")

        self.root_server = self._base_url()
        variables = [{"key": "baseUrl", "value": _cut(self.root_server, 100_000),
                      "description": "Where the API is served; every request URL starts with {{baseUrl}}."}]
        collection_auth = self.auth(spec.get("security"), "the top-level security") if "security" in spec else None
        self.collection_auth = collection_auth or {"type": "noauth", "attributes": []}

        children: list[FolderNode | RequestNode] = []
        folders: dict[str, FolderNode] = {}
        tag_descriptions = {_text(t.get("name")).strip(): _text(t.get("description"))
                            for t in _list(spec.get("tags")) if isinstance(t, dict)}

        def place(request: RequestNode, tag: str, parent: list[FolderNode | RequestNode]) -> None:
            if not tag:
                parent.append(request)
                return
            folder = folders.get(tag)
            if folder is None:
                folder = FolderNode(self._folder_doc(tag, tag_descriptions.get(tag, "")))
                folders[tag] = folder
                parent.append(folder)
            folder.children.append(request)

        paths = _dict(spec.get("paths"))
        for path, item in paths.items():
            if str(path).startswith("x-"):
                continue
            for request, tag in self._path_item(str(path), item, webhook=False):
                place(request, tag, children)

        webhooks = _dict(spec.get("webhooks")) if self.version == "3.1" else {}
        if webhooks:
            # a webhook is a request the API sends to the subscriber: here they simulate those calls against
            # the URL in {{webhookUrl}}, grouped apart from the API's own operations
            variables.append({"key": "webhookUrl", "value": "",
                              "description": "Where the webhook requests are sent (your receiver's URL)."})
            hooks = FolderNode(self._folder_doc("Webhooks", "Requests the API sends to its subscribers."))
            for name, item in webhooks.items():
                for request, _ in self._path_item(str(name), item, webhook=True):
                    hooks.children.append(request)
            if hooks.children:
                children.append(hooks)

        if not paths and not webhooks:
            self.warn("The document describes no operations; the collection is empty.")

        extras: dict[str, Any] = {"openapi": {"specVersion": str(spec.get("openapi") or spec.get("swagger")),
                                              "info": {k: info[k] for k in ("version", "termsOfService", "contact",
                                                                            "license") if k in info}}}
        doc = FolderDoc.model_validate({
            "name": _cut(title, _NAME_MAX), "description": _cut(description, _FOLDER_DESCRIPTION_MAX),
            "auth": self.collection_auth, "variables": variables, "extras": _bounded(extras),
        }).model_dump()
        if self._dropped_warnings:
            self.warnings.append(f"... and {self._dropped_warnings} more warnings.")
        source = "swagger" if self.v2 else "openapi"
        return Bundle(source=source, collections=[FolderNode(doc, children)], warnings=self.warnings)

    def _folder_doc(self, name: str, description: str) -> dict[str, Any]:
        return FolderDoc.model_validate({"name": _cut(name, _NAME_MAX),
                                         "description": _cut(description, _FOLDER_DESCRIPTION_MAX)}).model_dump()

    # -- servers --------------------------------------------------------------------------------------------------

    def _base_url(self) -> str:
        spec = self.spec
        if self.v2:
            host = _text(spec.get("host")).strip()
            base_path = _text(spec.get("basePath")).strip()
            schemes = [s for s in _list(spec.get("schemes")) if isinstance(s, str)]
            scheme = "https" if "https" in schemes or not schemes else schemes[0]
            if not host:
                self.warn("The spec gives no `host`: set the baseUrl variable to where the API is served.")
                return base_path.rstrip("/")
            return f"{scheme}://{host}{base_path}".rstrip("/")
        servers = _list(spec.get("servers"))
        if not servers or not isinstance(servers[0], dict):
            self.warn("The spec lists no `servers`: set the baseUrl variable to where the API is served.")
            return ""
        return self._server_url(servers[0], "servers[0]")

    def _server_url(self, server: dict[str, Any], where: str) -> str:
        url = _text(server.get("url")).strip()
        variables = _dict(server.get("variables"))

        def substitute(match: re.Match[str]) -> str:
            var = _dict(variables.get(match.group(1)))
            if "default" in var:
                return _scalar(var["default"])
            enum = _list(var.get("enum"))
            if enum:
                return _scalar(enum[0])
            self.warn(f"{where}: the server variable {{{match.group(1)}}} has no default; it became the variable "
                      f"{{{{{match.group(1)}}}}}.", once="servervar:" + match.group(1))
            return "{{" + match.group(1) + "}}"

        url = _TEMPLATE.sub(substitute, url)
        if url.startswith("/") or not url:
            self.warn(f"{where}: the server URL {url or '/'!r} is relative to wherever the spec is hosted; set the "
                      "baseUrl variable to the full address.", once="relative-server")
        return url.rstrip("/")

    # -- operations -----------------------------------------------------------------------------------------------

    def _path_item(self, path: str, item: Any, *, webhook: bool) -> list[tuple[RequestNode, str]]:
        where = f"webhooks.{path}" if webhook else f"paths.{path}"
        item = self.deref(item, where)
        if not isinstance(item, dict):
            if item is not None:
                self.warn(f"{where} is not an object; it was skipped.")
            return []
        if not webhook and not path.startswith("/"):
            self.warn(f"{where}: a path must start with '/'; it was read as '/{path}'.")
            path = "/" + path
        shared = _list(item.get("parameters"))
        servers = _list(item.get("servers"))
        out: list[tuple[RequestNode, str]] = []
        for method in HTTP_METHODS:
            op = item.get(method)
            if op is None:
                continue
            op_where = f"{method.upper()} {path}"
            op = self.deref(op, op_where)
            if not isinstance(op, dict):
                self.warn(f"{op_where} is not an operation object; it was skipped.")
                continue
            try:
                request = self._operation(method, path, op, shared, servers, webhook=webhook)
            except ValidationError as exc:
                # everything is built inside the schema's limits; this is the net under a case we did not foresee
                errors = exc.errors()
                detail = (".".join(str(p) for p in errors[0]["loc"]) + ": " + errors[0]["msg"]) if errors else str(exc)
                self.warn(f"{op_where} could not be imported ({detail}); it was skipped.")
                continue
            tags = [t.strip() for t in _list(op.get("tags")) if isinstance(t, str) and t.strip()]
            if len(tags) > 1:
                self.warn("Operations with several tags are placed in the folder of their first tag.",
                          once="multi-tag")
            out.append((request, "" if webhook else (tags[0] if tags else "")))
        return out

    def _operation(self, method: str, path: str, op: dict[str, Any], shared: list[Any], servers: list[Any],
                   *, webhook: bool) -> RequestNode:
        where = f"{method.upper()} {path}"
        name = (_text(op.get("summary")).strip() or _text(op.get("operationId")).strip() or where).splitlines()[0]
        params = self._parameters(shared, op, where)

        path_vars: list[str] = []
        if webhook:
            base, url_path = "{{webhookUrl}}", ""
        else:
            base = "{{baseUrl}}"
            op_servers = _list(op.get("servers")) or servers
            if not self.v2 and op_servers and isinstance(op_servers[0], dict):
                own = self._server_url(op_servers[0], f"{where} servers[0]")
                if own != self.root_server:
                    base = own  # an operation served elsewhere keeps its own address, as in Postman
            url_path, path_vars = self._path(path, where)

        declared = {p["name"]: p for p in params if p["in"] == "path"}
        path_rows = []
        for var in path_vars:
            param = declared.pop(var, None)
            path_rows.append(self._row(param, where) if param else _kv(var, ""))
        # a declared path parameter that is not in the path is kept as a row: its description is still useful
        path_rows += [self._row(p, where) for p in declared.values()]

        query: list[dict[str, Any]] = []
        headers: list[dict[str, Any]] = []
        cookies: list[str] = []
        for p in params:
            location = p["in"]
            if location == "query":
                query += self._rows(p, where)
            elif location == "header":
                if p["name"].lower() in ("content-type", "accept", "authorization"):
                    continue
                headers += self._rows(p, where)
            elif location == "cookie":
                cookies += [f"{row['key']}={row['value']}" for row in self._rows(p, where)]
        if cookies:
            headers.append(_kv("Cookie", "; ".join(cookies)))

        body, content_type = self._body(op, params, where)
        if content_type:
            headers.append(_kv("Content-Type", content_type))
        accept = self._accept(op, where)
        if accept:
            headers.append(_kv("Accept", accept))

        query_string = "&".join(f"{r['key']}={r['value']}" if r["value"] else r["key"] for r in query if r["enabled"])
        # the URL shows the query the params table sends, as Postman keeps the two in step
        url = base + url_path + (("&" if "?" in url_path else "?") + query_string if query_string else "")
        if len(url) > _URL_MAX:
            url = base + url_path  # the params table holds the query anyway, and is what is sent
        if len(query) > _ROWS_MAX or len(headers) > _ROWS_MAX or len(path_rows) > _PATH_VARIABLES_MAX:
            self.warn(f"{where}: more parameters than a request holds; the extra ones were left out.")

        auth = self.auth(op.get("security"), where) if "security" in op else None
        if auth == self.collection_auth:
            auth = None  # the same as the collection's: inherit it, so changing it there changes it here
        description = _text(op.get("description")) or (_text(op.get("summary")) if name != op.get("summary") else "")
        if len(description) > _REQUEST_DESCRIPTION_MAX:
            self.warn(f"{where}: the description is longer than {_REQUEST_DESCRIPTION_MAX:,} characters; it was cut.")
        # what OpenAPI says that a request does not model, so an export can say it again: the path as the spec
        # wrote it (with the address it became, to tell whether the URL was edited since) and where it is served
        extras: dict[str, Any] = {"webhook": path} if webhook else {"path": path, "address": base + url_path}
        if base not in ("{{baseUrl}}", "{{webhookUrl}}"):
            extras["server"] = base
        if isinstance(op.get("operationId"), str):
            extras["operationId"] = op["operationId"]
        if op.get("deprecated") is True:
            extras["deprecated"] = True
        doc = {
            "name": _cut(name.strip(), _NAME_MAX), "method": method.upper(), "url": url,
            "params": query[:_ROWS_MAX], "path_variables": path_rows[:_PATH_VARIABLES_MAX],
            "headers": headers[:_ROWS_MAX], "body": body, "auth": auth or {"type": "inherit", "attributes": []},
            "description": _cut(description, _REQUEST_DESCRIPTION_MAX),
            "extras": {"openapi": extras},
        }
        return RequestNode(RequestDoc.model_validate(doc).model_dump())

    def _path(self, path: str, where: str) -> tuple[str, list[str]]:
        """`/pets/{petId}` → `/pets/:petId`. A template that is not a whole segment start (`/{name}.json`,
        `/file{id}`) cannot be one of our path variables, so it becomes the variable `{{name}}` instead."""
        names: list[str] = []

        def convert(match: re.Match[str]) -> str:
            name = match.group(1).strip()
            start, end = match.start(), match.end()
            after = path[end:end + 1]
            clean = (start > 0 and path[start - 1] == "/" and _PATH_VAR_NAME.fullmatch(name) is not None
                     and not (after and _PATH_VAR_CHAR.match(after)))
            if clean:
                if name not in names:
                    names.append(name)
                return ":" + name
            self.warn(f"{where}: the path parameter {{{name}}} is not a whole path segment, so it became the "
                      f"variable {{{{{name}}}}}; set it in the collection or environment.", once="seg:" + where + name)
            return "{{" + name + "}}"

        return _TEMPLATE.sub(convert, path), names

    def _parameters(self, shared: list[Any], op: dict[str, Any], where: str) -> list[dict[str, Any]]:
        """Path-level then operation-level parameters, resolved; the operation's win on the same name and place."""
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [*shared, *_list(op.get("parameters"))]:
            param = self.deref(raw, where)
            if not isinstance(param, dict):
                continue  # a null entry (specWithNullParams.yaml) or an unresolvable $ref, already reported
            name, location = param.get("name"), param.get("in")
            if not isinstance(name, str) or not name or not isinstance(location, str):
                self.warn(f"{where}: a parameter without a name or location was skipped.")
                continue
            if location not in ("path", "query", "header", "cookie", "body", "formData"):
                self.warn(f"{where}: the parameter {name!r} is in {location!r}, which is not a parameter location; "
                          "it was skipped.")
                continue
            merged[(name, location)] = param
        return list(merged.values())

    def _style(self, param: dict[str, Any]) -> tuple[str, bool, str]:
        """(style, explode, separator) of a parameter, with each version's defaults."""
        location = param["in"]
        if self.v2:
            fmt = _text(param.get("collectionFormat")) or "csv"
            sep = {"ssv": " ", "tsv": "\t", "pipes": "|"}.get(fmt, ",")
            return "form", fmt == "multi", sep
        style = _text(param.get("style")) or ("form" if location in ("query", "cookie") else "simple")
        explode = param.get("explode")
        explode = explode if isinstance(explode, bool) else style == "form"
        sep = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return style, explode, sep

    def _rows(self, param: dict[str, Any], where: str) -> list[dict[str, Any]]:
        """The rows of one parameter: an exploded array or object is several rows, as it is sent."""
        name = param["name"]
        value = self.param_value(param, where)
        style, explode, sep = self._style(param)
        description = self._param_description(param)
        pairs: list[tuple[str, Any]]
        if isinstance(value, list):
            if explode and param["in"] in ("query", "formData"):
                pairs = [(name, v) for v in value] or [(name, "")]
            else:
                pairs = [(name, sep.join(_scalar(v) for v in value))]
        elif isinstance(value, dict):
            if style == "deepObject":
                pairs = [(f"{name}[{k}]", v) for k, v in value.items()] or [(name, "")]
            elif explode and param["in"] in ("query", "formData"):
                pairs = list(value.items()) or [(name, "")]
            else:
                pairs = [(name, ",".join(f"{k},{_scalar(v)}" for k, v in value.items()))]
        else:
            pairs = [(name, value)]
        return [_kv(k, v, description) for k, v in pairs]

    def _row(self, param: dict[str, Any], where: str) -> dict[str, Any]:
        value = self.param_value(param, where)
        if isinstance(value, list):
            value = ",".join(_scalar(v) for v in value)
        elif isinstance(value, dict):
            value = ",".join(f"{k},{_scalar(v)}" for k, v in value.items())
        return _kv(param["name"], value, self._param_description(param))

    @staticmethod
    def _param_description(param: dict[str, Any]) -> str:
        text = _text(param.get("description"))
        return f"(Required) {text}".strip() if param.get("required") is True else text

    # -- bodies ---------------------------------------------------------------------------------------------------

    def _body(self, op: dict[str, Any], params: list[dict[str, Any]], where: str) -> tuple[dict[str, Any], str | None]:
        """The body and the Content-Type header it needs (None when its mode's default is the right one)."""
        if self.v2:
            return self._body_v2(op, params, where)
        request_body = self.deref(op.get("requestBody"), where)
        if not isinstance(request_body, dict):
            return {"mode": "none"}, None
        content = _dict(request_body.get("content"))
        media_type = _pick_media_type(content)
        if media_type is None:
            return {"mode": "none"}, None
        media = self.deref(content[media_type], where)
        media = media if isinstance(media, dict) else {}
        value = self.media_example(media, where)
        schema = self.deref(media.get("schema"), where)
        return self._encode(media_type, value, _dict(schema), _dict(media.get("encoding")), media.get("schema"), where)

    def _body_v2(self, op: dict[str, Any], params: list[dict[str, Any]],
                 where: str) -> tuple[dict[str, Any], str | None]:
        consumes = [c for c in _list(op.get("consumes") or self.spec.get("consumes")) if isinstance(c, str)]
        body = next((p for p in params if p["in"] == "body"), None)
        form = [p for p in params if p["in"] == "formData"]
        if body is not None:
            media_type = _pick_media_type(consumes) or "application/json"
            value = self.param_value(body, where) if "x-example" in body else self.example(body.get("schema"), where)
            schema = self.deref(body.get("schema"), where)
            return self._encode(media_type, value, _dict(schema), {}, body.get("schema"), where)
        if not form:
            return {"mode": "none"}, None
        multipart = any(p.get("type") == "file" for p in form) or any(c.startswith("multipart/") for c in consumes)
        description = {p["name"]: self._param_description(p) for p in form}
        if not multipart:
            rows = [row for p in form for row in self._rows(p, where)]
            return {"mode": "urlencoded", "urlencoded": rows[:_ROWS_MAX]}, None
        fields = []
        for p in form:
            if p.get("type") == "file":
                fields.append({"key": p["name"], "type": "file", "description": description[p["name"]]})
            else:
                fields += [{**row, "type": "text"} for row in self._rows(p, where)]
        return {"mode": "formdata", "formdata": fields[:_ROWS_MAX]}, None

    def _encode(self, media_type: str, value: Any, schema: dict[str, Any], encoding: dict[str, Any], raw_schema: Any,
                where: str) -> tuple[dict[str, Any], str | None]:
        mode = _media_mode(media_type)
        wildcard = "*" in media_type
        if mode == "other":
            mode = "json" if isinstance(value, dict | list) else "text"
        header = None if wildcard or DEFAULT_CONTENT_TYPE.get(mode) == media_type.split(";")[0].strip() else media_type
        if mode in ("json", "text", "xml"):
            if isinstance(value, str):
                raw = value
            elif mode == "xml":
                root = self._xml_root(raw_schema)
                raw = '<?xml version="1.0" encoding="UTF-8"?>\n' + self._xml(raw_schema, value, root, "")
            else:
                raw = json.dumps(value, indent=2, ensure_ascii=False, default=str)
                if len(raw) > _RAW_MAX:
                    raw = json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)
            if len(raw) > _RAW_MAX:
                self.warn(f"{where}: the body example is larger than {_RAW_MAX:,} characters; it was left out.")
                raw = ""
            return {"mode": mode, "raw": raw}, header
        if mode == "binary":
            return {"mode": "binary", "binary": {"content_type": _cut(media_type, 255)}}, None
        if isinstance(value, str):
            value = dict(parse_qsl(value, keep_blank_values=True))  # an example written as `a=1&b=2`
        fields = value if isinstance(value, dict) else {}
        properties = _dict(schema.get("properties"))
        rows: list[dict[str, Any]] = []
        for key, item in fields.items():
            style = _text(_dict(encoding.get(key)).get("style"))
            rows += [_kv(k, v, _text(_dict(self.deref(properties.get(key), where)).get("description")))
                     for k, v in _form_pairs(str(key), item, style)]
        if not rows:
            return {"mode": "none"}, None  # Stripe declares empty form bodies even on GETs: nothing to send
        if mode == "urlencoded":
            return {"mode": "urlencoded", "urlencoded": rows[:_ROWS_MAX]}, header
        form = []
        for row in rows[:_ROWS_MAX]:
            prop = _dict(self.deref(properties.get(row["key"]), where))
            is_file = (prop.get("format") in ("binary", "base64") or prop.get("type") == "file"
                       or "contentMediaType" in prop or "contentEncoding" in prop)
            content_type = _text(_dict(encoding.get(row["key"])).get("contentType")).split(",")[0].strip() or None
            form.append({**row, "type": "file" if is_file else "text", "value": "" if is_file else row["value"],
                         "content_type": _cut(content_type, 255) if content_type else None})
        return {"mode": "formdata", "formdata": form}, None

    @staticmethod
    def _xml_root(raw_schema: Any) -> str:
        """The root element when the schema's `xml.name` does not say: the referenced schema's name."""
        ref = _text(_dict(raw_schema).get("$ref"))
        return ref.rsplit("/", 1)[-1] if ref else "root"

    def _xml(self, schema: Any, value: Any, name: str, indent: str) -> str:
        """An example as XML, following the schema's `xml` hints (names, prefixes, namespaces, attributes, wrapped
        arrays). The value is already bounded, so its depth bounds this recursion."""
        schema = _dict(self.deref(schema, "an XML body"))
        hints = _dict(schema.get("xml"))
        prefix = _text(hints.get("prefix"))
        tag = _text(hints.get("name")) or name
        tag = _xml_name(f"{prefix}:{tag}" if prefix and ":" not in tag else tag)
        attributes = ""
        if _text(hints.get("namespace")):
            attributes += f" xmlns{':' + prefix if prefix else ''}={quoteattr(hints['namespace'])}"
        if isinstance(value, list):
            wrapped = hints.get("wrapped") is True
            inner = "\n".join(self._xml(schema.get("items"), v, name, indent + ("  " if wrapped else ""))
                              for v in value)
            if wrapped:
                return f"{indent}<{tag}{attributes}>\n{inner}\n{indent}</{tag}>" if inner else f"{indent}<{tag}/>"
            return inner
        if isinstance(value, dict):
            properties = dict(_dict(schema.get("properties")))
            for part in _list(schema.get("allOf")):
                properties.update(_dict(_dict(self.deref(part, "an XML body")).get("properties")))
            children = []
            for key, item in value.items():
                prop_hints = _dict(_dict(self.deref(properties.get(key), "an XML body")).get("xml"))
                if prop_hints.get("attribute") is True and not isinstance(item, dict | list):
                    attr = _xml_name(_text(prop_hints.get("name")) or str(key))
                    attributes += f" {attr}={quoteattr(_scalar(item))}"
                else:
                    children.append(self._xml(properties.get(key), item, str(key), indent + "  "))
            if not children:
                return f"{indent}<{tag}{attributes}/>"
            return f"{indent}<{tag}{attributes}>\n" + "\n".join(children) + f"\n{indent}</{tag}>"
        if value is None:
            return f"{indent}<{tag}{attributes}/>"
        return f"{indent}<{tag}{attributes}>{xml_escape(_scalar(value))}</{tag}>"

    def _accept(self, op: dict[str, Any], where: str) -> str | None:
        """The media type of the first successful response, as Postman sets Accept from it."""
        if self.v2:
            produces = [p for p in _list(op.get("produces") or self.spec.get("produces")) if isinstance(p, str)]
            return _pick_media_type(produces) if produces and _dict(op.get("responses")) else None
        responses = _dict(op.get("responses"))
        for code, response in responses.items():
            if str(code).startswith("2") or str(code) == "default":
                response = self.deref(response, where)
                media_type = _pick_media_type(_dict(_dict(response).get("content")))
                if media_type:
                    return media_type
        return None

    # -- auth -----------------------------------------------------------------------------------------------------

    def auth(self, requirements: Any, where: str) -> dict[str, Any] | None:
        """Our auth for a security requirement list; None when nothing in it can be mapped."""
        if not isinstance(requirements, list):
            return None
        if not requirements:
            return {"type": "noauth", "attributes": []}
        chosen = next((r for r in requirements if isinstance(r, dict) and r), None)
        if chosen is None:
            return {"type": "noauth", "attributes": []}  # only `{}`: anonymous access
        name = str(next(iter(chosen)))
        if len(chosen) > 1:
            self.warn(f"{where}: the security requirement needs {', '.join(map(str, chosen))} together; only "
                      f"{name!r} is applied (a request carries one auth).", once="and-auth:" + ",".join(chosen))
        elif len(requirements) > 1:
            others = [str(k) for r in requirements if isinstance(r, dict) for k in r if k != name]
            self.warn(f"Where a spec offers several ways to authenticate ({name}, {', '.join(others)}), the first, "
                      f"{name!r}, is used.", once="or-auth:" + name + ",".join(others))
        scopes = [s for s in _list(chosen[name]) if isinstance(s, str)]
        scheme = self.deref(self.schemes.get(name), where)
        if not isinstance(scheme, dict):
            self.warn(f"{where}: the security scheme {name!r} is not defined; no auth was set.", once="undef:" + name)
            return None
        return self._scheme(name, scheme, scopes)

    def _scheme(self, name: str, scheme: dict[str, Any], scopes: list[str]) -> dict[str, Any] | None:
        kind = _text(scheme.get("type"))
        http = _text(scheme.get("scheme")).lower() if kind == "http" else ""
        if kind == "basic" or http == "basic":
            return {"type": "basic", "attributes": _attrs(username="{{basicAuthUsername}}",
                                                          password="{{basicAuthPassword}}")}
        if http == "bearer":
            return {"type": "bearer", "attributes": _attrs(token="{{bearerToken}}")}
        if http == "digest":
            return {"type": "digest", "attributes": _attrs(username="{{digestAuthUsername}}",
                                                           password="{{digestAuthPassword}}")}
        if http in ("oauth", "oauth1"):
            return {"type": "oauth1", "attributes": _attrs(consumerKey="{{consumerKey}}",
                                                           consumerSecret="{{consumerSecret}}", token="{{token}}",
                                                           tokenSecret="{{tokenSecret}}",
                                                           signatureMethod="HMAC-SHA1")}
        if kind == "apiKey":
            location = _text(scheme.get("in"))
            if location not in ("header", "query"):
                self.warn(f"The API key {name!r} goes in a {location or 'missing'} location; only header and query "
                          "keys map to our auth, so none was set.", once="apikey:" + name)
                return None
            return {"type": "apikey", "attributes": _attrs(key=_text(scheme.get("name")), value="{{apiKey}}",
                                                           **{"in": location})}
        if kind == "oauth2":
            return self._oauth2(name, scheme, scopes)
        if kind == "openIdConnect":
            self.warn(f"The OpenID Connect scheme {name!r} became OAuth 2.0: its discovery document "
                      f"({_text(scheme.get('openIdConnectUrl'))}) is not fetched, so set the token and "
                      "authorization URLs from it.", once="oidc:" + name)
            return {"type": "oauth2", "attributes": _attrs(
                grant_type="authorization_code", authUrl="", accessTokenUrl="", scope=" ".join(scopes),
                clientId="{{clientId}}", clientSecret="{{clientSecret}}", addTokenTo="header")}
        self.warn(f"The security scheme {name!r} ({kind or '?'} {http}".rstrip() + ") has no equivalent here; no "
                  "auth was set.", once="scheme:" + name)
        return None

    def _oauth2(self, name: str, scheme: dict[str, Any], scopes: list[str]) -> dict[str, Any]:
        if self.v2:
            flow_name = _text(scheme.get("flow"))
            flows = {flow_name: scheme}
            grants = {"application": "client_credentials", "password": "password_credentials",
                      "accessCode": "authorization_code", "implicit": "implicit"}
        else:
            flows = {k: _dict(v) for k, v in _dict(scheme.get("flows")).items()}
            grants = {"clientCredentials": "client_credentials", "password": "password_credentials",
                      "authorizationCode": "authorization_code", "implicit": "implicit"}
        # our executor runs the client-credentials and password grants itself; browser flows only store a token
        chosen = next((f for f in grants if f in flows), None)
        if chosen is None:
            self.warn(f"The OAuth 2.0 scheme {name!r} has no flow we know; the grant defaults to authorization code.",
                      once="oauth-flow:" + name)
            flow: dict[str, Any] = {}
        else:
            flow = flows[chosen]
            if len(flows) > 1:
                self.warn(f"The OAuth 2.0 scheme {name!r} offers several flows; {chosen!r} was used.",
                          once="oauth-flows:" + name)
        return {"type": "oauth2", "attributes": _attrs(
            grant_type=grants.get(chosen or "", "authorization_code"),
            accessTokenUrl=_text(flow.get("tokenUrl")), authUrl=_text(flow.get("authorizationUrl")),
            scope=" ".join(scopes), clientId="{{clientId}}", clientSecret="{{clientSecret}}", addTokenTo="header")}


def _form_pairs(key: str, value: Any, style: str, depth: int = 0) -> list[tuple[str, Any]]:
    """A form field's rows: arrays repeat the key (form style explodes), objects are JSON unless deepObject, which
    nests brackets (`card[address][city]`, as Stripe's API reads it)."""
    deep = style == "deepObject" and depth < EXAMPLE_MAX_DEPTH
    if isinstance(value, list):
        if deep:
            return [p for i, v in enumerate(value) for p in _form_pairs(f"{key}[{i}]", v, style, depth + 1)]
        return [(key, v) for v in value] or [(key, "")]
    if isinstance(value, dict) and deep:
        return [p for k, v in value.items() for p in _form_pairs(f"{key}[{k}]", v, style, depth + 1)] or [(key, "")]
    return [(key, value)]


class _Examples:
    """A value from a schema, bounded: at most EXAMPLE_MAX_VALUES values, EXAMPLE_MAX_DEPTH levels, and a `$ref`
    already being expanded on the current path is not expanded again (a recursive schema ends in a marker)."""

    def __init__(self, importer: _Importer, where: str, *, top_items: int = 1) -> None:
        self.importer = importer
        self.where = where
        self.top_items = top_items
        self.count = 0

    def _resolve(self, schema: Any, path: tuple[str, ...]) -> tuple[Any, tuple[str, ...], str | None]:
        """(schema, path, marker): the marker is the value to use instead when the reference cannot be expanded."""
        hops = 0
        while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
            ref = self.importer._normal_ref(schema["$ref"])
            if ref in path or hops > 50:
                return None, path, f"<Circular reference to {ref} detected>"
            target = self.importer.lookup(ref, self.where)
            if target is _MISSING:
                return None, path, f"<unresolved {ref}>"
            path, schema, hops = (*path, ref), target, hops + 1
        return schema, path, None

    def value(self, schema: Any, depth: int, path: tuple[str, ...]) -> Any:
        self.count += 1
        schema, path, marker = self._resolve(schema, path)
        if marker is not None:
            return marker
        if not isinstance(schema, dict):
            return "<string>"
        for key in ("example", "const", "default"):
            if key in schema:
                return _bounded(schema[key])
        examples = schema.get("examples")
        if isinstance(examples, list) and examples:
            return _bounded(examples[0])
        enum = schema.get("enum")
        if isinstance(enum, list) and enum:
            return _bounded(enum[0])
        kind = _schema_kind(schema)
        exhausted = self.count > EXAMPLE_MAX_VALUES or depth >= EXAMPLE_MAX_DEPTH

        for key in ("allOf", "oneOf", "anyOf"):
            parts = _list(schema.get(key))
            if not parts or exhausted:
                continue
            # allOf merges every part; oneOf/anyOf show the first alternative
            chosen = parts if key == "allOf" else parts[:1]
            rest = {k: v for k, v in schema.items() if k not in ("allOf", "oneOf", "anyOf")}
            values = [self.value(p, depth, path) for p in chosen]
            if "properties" in rest or "items" in rest:
                values.append(self.value(rest, depth, path))
            objects = [v for v in values if isinstance(v, dict)]
            if objects:
                merged: dict[str, Any] = {}
                for v in objects:
                    merged.update(v)
                return merged
            return next((v for v in values if v is not None), None)

        if kind == "object":
            out: dict[str, Any] = {}
            if exhausted:
                return out
            properties = _dict(schema.get("properties"))
            for name, prop in list(properties.items())[:EXAMPLE_MAX_PROPERTIES]:
                if self.count > EXAMPLE_MAX_VALUES:
                    break
                if self._skipped(prop, path):
                    continue
                out[str(name)] = self.value(prop, depth + 1, path)
            extra = schema.get("additionalProperties")
            if not properties and isinstance(extra, dict) and self.count <= EXAMPLE_MAX_VALUES:
                out["<key>"] = self.value(extra, depth + 1, path)
            return out
        if kind == "array":
            items = schema.get("items")
            if exhausted or items is None:
                return []
            prefix = _list(schema.get("prefixItems"))
            item = self.value(prefix[0] if prefix else items, depth + 1, path)
            return [item] * (self.top_items if depth == 0 else 1)
        return _placeholder(schema, kind)

    def _skipped(self, prop: Any, path: tuple[str, ...]) -> bool:
        """readOnly properties are only ever received, so Postman leaves them out of request bodies, and so do we."""
        prop, _, marker = self._resolve(prop, path)
        if marker is not None or not isinstance(prop, dict):
            return False
        return prop.get("readOnly") is True


def import_spec(data: bytes | str | dict[str, Any]) -> Bundle:
    """An OpenAPI 3.0 / 3.1 or Swagger 2.0 document (JSON or YAML text, or already parsed) as one collection.

    Raises ImportError_ for anything that is not such a document, saying what is wrong and where.
    """
    spec = _parse(data)
    version = _detect_version(spec)
    _check_structure(spec, version)
    try:
        return _Importer(spec, version).run()
    except RecursionError:
        raise ImportError_(f"The document is nested more than {MAX_NESTING} levels deep.") from None


# --------------------------------------------------------------------------------------------------------------------
# Export
# --------------------------------------------------------------------------------------------------------------------

#: Postman's placeholders back to the schema they stand for
_PLACEHOLDER_SCHEMAS: dict[str, dict[str, Any]] = {
    "<string>": {"type": "string"}, "<integer>": {"type": "integer"},
    "<long>": {"type": "integer", "format": "int64"}, "<number>": {"type": "number"},
    "<float>": {"type": "number", "format": "float"}, "<double>": {"type": "number", "format": "double"},
    "<boolean>": {"type": "boolean"}, "<dateTime>": {"type": "string", "format": "date-time"},
}
_IMPLICIT_HEADERS = ("content-type", "accept", "authorization")


def _value_schema(value: str) -> tuple[dict[str, Any], bool]:
    """The schema a row's value suggests, and whether the value is a real example (not a placeholder/variable)."""
    if value in _PLACEHOLDER_SCHEMAS:
        return dict(_PLACEHOLDER_SCHEMAS[value]), False
    if re.fullmatch(r"<[A-Za-z][\w-]*>", value):
        fmt = re.sub(r"([A-Z])", lambda m: "-" + m.group(1).lower(), value[1:-1])
        return {"type": "string", "format": fmt}, False
    return {"type": "string"}, bool(value) and "{{" not in value


def _infer_schema(value: Any, depth: int = 0) -> dict[str, Any]:
    if depth > EXAMPLE_MAX_DEPTH * 2:
        return {}
    if isinstance(value, dict):
        props = {str(k): _infer_schema(v, depth + 1) for k, v in list(value.items())[:EXAMPLE_MAX_PROPERTIES * 2]}
        return {"type": "object", "properties": props} if props else {"type": "object"}
    if isinstance(value, list):
        return {"type": "array", "items": _infer_schema(value[0], depth + 1)} if value else {"type": "array"}
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if value is None:
        return {"type": "null"}
    return _value_schema(str(value))[0]


def _rows(value: Any) -> list[dict[str, Any]]:
    return [r for r in _list(value) if isinstance(r, dict) and isinstance(r.get("key"), str)]


class _Exporter:
    def __init__(self, root: FolderNode, base_url_variable: str) -> None:
        self.root = root
        self.base_var = base_url_variable
        self.variables = {_text(v.get("key")): _text(v.get("value")) for v in _list(root.doc.get("variables"))
                          if isinstance(v, dict) and v.get("enabled", True) is not False}
        self.paths: dict[str, dict[str, Any]] = {}
        self.webhooks: dict[str, dict[str, Any]] = {}
        self.tags: dict[str, str] = {}
        self.schemes: dict[str, dict[str, Any]] = {}
        self._scheme_names: dict[str, str] = {}
        self.operation_ids: set[str] = set()
        self.skipped: list[dict[str, str]] = []
        self.collection_auth = self._concrete(root.doc.get("auth")) or {"type": "noauth", "attributes": []}
        self.collection_security = self._security(self.collection_auth)

    def run(self) -> dict[str, Any]:
        doc = self.root.doc
        self._walk(self.root, [doc], [])
        info_extras = _dict(_dict(_dict(doc.get("extras")).get("openapi")).get("info"))
        info: dict[str, Any] = {"title": _text(doc.get("name")) or "Untitled API",
                                "version": _scalar(info_extras.get("version")) or "1.0.0"}
        if _text(doc.get("description")):
            info["description"] = doc["description"]
        for key in ("termsOfService", "contact", "license"):
            if key in info_extras:
                info[key] = info_extras[key]
        out: dict[str, Any] = {"openapi": "3.1.0", "info": info}
        base = self.variables.get(self.base_var, "")
        if base:
            out["servers"] = [self._server(base)]
        if self.tags:
            out["tags"] = [{"name": n, **({"description": d} if d else {})} for n, d in self.tags.items()]
        out["paths"] = self.paths
        if self.webhooks:
            out["webhooks"] = self.webhooks
        if self.schemes:
            out["components"] = {"securitySchemes": self.schemes}
        if self.collection_security:
            out["security"] = self.collection_security
        if self.skipped:
            # OpenAPI has no place for these; an extension keeps the export honest about what it left out
            out["x-playground-skipped"] = self.skipped
        return out

    def _walk(self, folder: FolderNode, chain: list[dict[str, Any]], tag_path: list[str]) -> None:
        for child in folder.children:
            if isinstance(child, FolderNode):
                name = _text(child.doc.get("name")) or "Folder"
                path = [*tag_path, name]
                self._walk(child, [*chain, child.doc], path)
            else:
                self._operation(child.doc, chain, " / ".join(tag_path), folder.doc if tag_path else None)

    # -- auth -----------------------------------------------------------------------------------------------------

    @staticmethod
    def _concrete(auth: Any) -> dict[str, Any] | None:
        auth = _dict(auth)
        kind = _text(auth.get("type")) or "inherit"
        return None if kind == "inherit" else {"type": kind, "attributes": _list(auth.get("attributes"))}

    def _security(self, auth: dict[str, Any]) -> list[dict[str, list[str]]] | None:
        if auth.get("type") == "noauth":
            return None
        mapped = self._scheme(auth)
        if mapped is None:
            return None
        scheme, scopes = mapped
        key = json.dumps(scheme, sort_keys=True)
        name = self._scheme_names.get(key)
        if name is None:
            base = {"http": _text(scheme.get("scheme")) + "Auth", "apiKey": "apiKeyAuth",
                    "oauth2": "oauth2Auth"}.get(scheme["type"], "auth")
            name, n = base, 1
            while name in self.schemes:
                n += 1
                name = f"{base}{n}"
            self.schemes[name] = scheme
            self._scheme_names[key] = name
        return [{name: scopes}]

    @staticmethod
    def _scheme(auth: dict[str, Any]) -> tuple[dict[str, Any], list[str]] | None:
        kind = _text(auth.get("type"))
        attrs = {_text(a.get("key")): a.get("value") for a in _list(auth.get("attributes")) if isinstance(a, dict)}
        http = {"basic": "basic", "bearer": "bearer", "digest": "digest", "oauth1": "oauth", "jwt": "bearer",
                "asap": "bearer", "hawk": "Hawk", "awsv4": "AWS4-HMAC-SHA256", "ntlm": "NTLM",
                "akamai": "EG1-HMAC-SHA256", "edgegrid": "EG1-HMAC-SHA256"}
        if kind in http:
            scheme: dict[str, Any] = {"type": "http", "scheme": http[kind]}
            if kind in ("jwt", "asap"):
                scheme["bearerFormat"] = "JWT"
            return scheme, []
        if kind == "apikey":
            location = _text(attrs.get("in")) or "header"
            return {"type": "apiKey", "name": _scalar(attrs.get("key")) or "X-API-Key",
                    "in": location if location in ("header", "query") else "header"}, []
        if kind == "oauth2":
            grant = _text(attrs.get("grant_type") or attrs.get("grantType")) or "authorization_code"
            scopes = [s for s in re.split(r"[\s,]+", _scalar(attrs.get("scope"))) if s]
            token_url, auth_url = _scalar(attrs.get("accessTokenUrl")), _scalar(attrs.get("authUrl"))
            scope_map = {s: "" for s in scopes}
            if grant == "client_credentials":
                flows = {"clientCredentials": {"tokenUrl": token_url, "scopes": scope_map}}
            elif grant in ("password_credentials", "password"):
                flows = {"password": {"tokenUrl": token_url, "scopes": scope_map}}
            elif grant == "implicit":
                flows = {"implicit": {"authorizationUrl": auth_url, "scopes": scope_map}}
            else:
                flows = {"authorizationCode": {"authorizationUrl": auth_url, "tokenUrl": token_url,
                                               "scopes": scope_map}}
            return {"type": "oauth2", "flows": flows}, scopes
        return None

    # -- operations -----------------------------------------------------------------------------------------------

    def _server(self, url: str) -> dict[str, Any]:
        """A server object; `{{var}}` in it becomes a server variable defaulting to the collection's value."""
        variables: dict[str, Any] = {}

        def convert(match: re.Match[str]) -> str:
            name = match.group(1).strip()
            variables[name] = {"default": self.variables.get(name, "")}
            return "{" + name + "}"

        server: dict[str, Any] = {"url": _VARIABLE.sub(convert, url.rstrip("/")) or "/"}
        if variables:
            server["variables"] = variables
        return server

    def _split_url(self, url: str) -> tuple[str | None, str, str]:
        """(server or None for the collection's, path, query) of a request URL."""
        pre, _, query = url.strip().partition("#")[0].partition("?")
        marker = "{{" + self.base_var + "}}"
        if pre.startswith(marker):
            return None, pre[len(marker):], query
        match = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*://[^/]*)(.*)$", pre) or re.match(r"^(\{\{[^{}]+\}\})(.*)$", pre)
        if match:
            return match.group(1), match.group(2), query
        if pre and not pre.startswith("/"):
            host, slash, rest = pre.partition("/")
            return "http://" + host, slash + rest, query  # a URL typed without a scheme, as the executor reads it
        return None, pre, query

    def _operation(self, doc: dict[str, Any], chain: list[dict[str, Any]], tag: str,
                   folder: dict[str, Any] | None) -> None:
        method = _text(doc.get("method")).lower() or "get"
        name = _text(doc.get("name")) or "Request"
        url = _text(doc.get("url"))
        if method not in HTTP_METHODS:
            self.skipped.append({"name": name, "method": method.upper(), "url": url,
                                 "reason": "OpenAPI has no operations for this HTTP method"})
            return
        op_extras = _dict(_dict(doc.get("extras")).get("openapi"))
        server, path, query = self._split_url(url)
        address, webhook = _text(op_extras.get("address")), _text(op_extras.get("webhook"))
        if webhook and url.startswith("{{webhookUrl}}"):
            server, path, items, key = None, "", self.webhooks, webhook
        else:
            if address and (url == address or url.startswith((address + "?", address + "&"))):
                # unedited since the import: the spec's own path and server, which a URL cannot always say
                # exactly (`/a#b`, a server with a base path of its own)
                path, server = _text(op_extras.get("path")) or path, _text(op_extras.get("server")) or None
            path = path if path.startswith("/") else "/" + path
            path = _VARIABLE.sub(lambda m: "{" + m.group(1).strip() + "}", path)
            path = _PATH_VAR.sub(lambda m: "{" + m.group(1) + "}", path)
            items, key = self.paths, path
        item = items.setdefault(key, {})
        if method in item:
            self.skipped.append({"name": name, "method": method.upper(), "url": url,
                                 "reason": f"another request already is {method.upper()} {webhook or path}"})
            return

        op: dict[str, Any] = {"summary": name}
        if _text(doc.get("description")):
            op["description"] = doc["description"]
        op_id = _text(op_extras.get("operationId")) or re.sub(r"\W+", "_", name).strip("_") or method
        unique, n = op_id, 1
        while unique in self.operation_ids:
            n += 1
            unique = f"{op_id}_{n}"
        self.operation_ids.add(unique)
        op["operationId"] = unique
        if tag:
            op["tags"] = [tag]
            if tag not in self.tags:
                self.tags[tag] = _text((folder or {}).get("description"))
        if op_extras.get("deprecated") is True:
            op["deprecated"] = True
        if server is not None:
            op["servers"] = [self._server(server)]

        headers = [h for level in chain for h in _rows(level.get("headers"))] + _rows(doc.get("headers"))
        parameters = self._parameters(doc, path, query, headers)
        if parameters:
            op["parameters"] = parameters
        content_type = next((_text(h.get("value")) for h in reversed(headers)
                             if _text(h.get("key")).lower() == "content-type" and h.get("enabled", True)), "")
        body = self._request_body(_dict(doc.get("body")), content_type.split(";")[0].strip())
        if body:
            op["requestBody"] = body
        op["responses"] = self._responses(_list(doc.get("examples")))

        auth = self._concrete(doc.get("auth"))
        for level in reversed(chain):
            auth = auth or self._concrete(level.get("auth"))
        if auth is not None and auth != self.collection_auth:
            security = self._security(auth)
            if security is not None or auth["type"] == "noauth":
                op["security"] = security or []  # [] is OpenAPI's "no auth here", overriding the global one
        item[method] = op

    def _parameters(self, doc: dict[str, Any], path: str, query: str,
                    headers: list[dict[str, Any]]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen: set[tuple[str, str]] = set()

        def add(name: str, location: str, value: str, description: str, required: bool = False) -> None:
            if not name or (name, location) in seen:
                return
            seen.add((name, location))
            if description.startswith("(Required)"):
                required, description = True, description[len("(Required)"):].strip()
            schema, real = _value_schema(value)
            param: dict[str, Any] = {"name": name, "in": location}
            if description:
                param["description"] = description
            if required or location == "path":
                param["required"] = True
            param["schema"] = schema
            if real:
                param["example"] = value
            out.append(param)

        path_rows = {_text(r.get("key")): r for r in _rows(doc.get("path_variables"))}
        for name in _TEMPLATE.findall(path):
            row = path_rows.get(name, {})
            add(name, "path", _text(row.get("value")), _text(row.get("description")), True)
        params = _rows(doc.get("params"))
        if not params and query:
            params = [{"key": unquote(k), "value": unquote(v)} for k, _, v in
                      (pair.partition("=") for pair in query.split("&") if pair)]
        for row in params:
            add(_text(row.get("key")), "query", _text(row.get("value")), _text(row.get("description")))
        for row in headers:
            key = _text(row.get("key"))
            if key.lower() == "cookie":
                for pair in _text(row.get("value")).split(";"):
                    cookie, _, value = pair.strip().partition("=")
                    add(cookie, "cookie", value, "")
            elif key.lower() not in _IMPLICIT_HEADERS:
                add(key, "header", _text(row.get("value")), _text(row.get("description")))
        return out

    @staticmethod
    def _request_body(body: dict[str, Any], content_type: str) -> dict[str, Any] | None:
        mode = _text(body.get("mode")) or "none"
        media_type = content_type or DEFAULT_CONTENT_TYPE.get(mode, "")
        media: dict[str, Any]
        if mode == "json":
            raw = _text(body.get("raw"))
            try:
                example = json.loads(raw)
                media = {"schema": _infer_schema(example), "example": example}
            except ValueError:
                # {{variables}} can make the raw text JSON only once resolved: keep it as the example text
                media = {"schema": {}, **({"example": raw} if raw else {})}
        elif mode in ("text", "xml"):
            raw = _text(body.get("raw"))
            media = {"schema": {"type": "string"}, **({"example": raw} if raw else {})}
        elif mode == "urlencoded":
            rows = _rows(body.get("urlencoded"))
            media = {"schema": {"type": "object", "properties": {
                _text(r["key"]): {**_value_schema(_text(r.get("value")))[0],
                                  **({"description": r["description"]} if _text(r.get("description")) else {})}
                for r in rows if r["key"]}}}
            example = {_text(r["key"]): _text(r.get("value")) for r in rows
                       if r["key"] and _value_schema(_text(r.get("value")))[1]}
            if example:
                media["example"] = example
        elif mode == "formdata":
            rows = _rows(body.get("formdata"))
            props: dict[str, Any] = {}
            encoding: dict[str, Any] = {}
            for r in rows:
                key = _text(r["key"])
                if not key:
                    continue
                if r.get("type") == "file":
                    props[key] = {"type": "string", "format": "binary"}
                else:
                    props[key] = _value_schema(_text(r.get("value")))[0]
                if _text(r.get("description")):
                    props[key]["description"] = r["description"]
                if _text(r.get("content_type")):
                    encoding[key] = {"contentType": r["content_type"]}
            media = {"schema": {"type": "object", "properties": props}}
            if encoding:
                media["encoding"] = encoding
            media_type = "multipart/form-data"
        elif mode == "binary":
            binary = _dict(body.get("binary"))
            media_type = content_type or _text(binary.get("content_type")) or DEFAULT_CONTENT_TYPE["binary"]
            media = {"schema": {"type": "string", "format": "binary"}}
        elif mode == "graphql":
            gql = _dict(body.get("graphql"))
            try:
                variables = json.loads(_text(gql.get("variables")) or "{}")
            except ValueError:
                variables = _text(gql.get("variables"))
            media = {"schema": {"type": "object", "properties": {"query": {"type": "string"},
                                                                  "variables": {"type": "object"}}},
                     "example": {"query": _text(gql.get("query")), "variables": variables}}
        else:
            return None
        return {"content": {media_type or "application/octet-stream": media}}

    @staticmethod
    def _responses(examples: list[Any]) -> dict[str, Any]:
        """Saved example responses (Postman `response` objects) as documented responses."""
        responses: dict[str, Any] = {}
        for example in examples:
            if not isinstance(example, dict):
                continue
            code = example.get("code")
            if not isinstance(code, int) or isinstance(code, bool) or not 100 <= code <= 599 or str(code) in responses:
                continue
            response: dict[str, Any] = {
                "description": _text(example.get("name")) or _text(example.get("status")) or "Response"}
            body = example.get("body")
            if isinstance(body, str) and body:
                ctype = next((_text(h.get("value")) for h in _rows(example.get("header"))
                              if _text(h.get("key")).lower() == "content-type"), "") or "text/plain"
                try:
                    value: Any = json.loads(body) if "json" in ctype else body
                except ValueError:
                    value = body
                response["content"] = {ctype.split(";")[0].strip(): {"example": value}}
            responses[str(code)] = response
        return responses or {"default": {"description": "Response"}}


def export_openapi(root: FolderNode, *, base_url_variable: str = "baseUrl") -> dict[str, Any]:
    """A collection as an OpenAPI 3.1 document: folders become tags, `{{baseUrl}}` the server, `:id` `{id}`.

    Requests OpenAPI cannot hold (a custom method, a second request on the same method and path) are listed under
    `x-playground-skipped` rather than silently dropped.
    """
    return _Exporter(root, base_url_variable).run()
