"""OpenAPI / Swagger import and OpenAPI 3.1 export (chalicelib/interop/openapi.py).

Every spec of openapi-to-postman's test data (../shared/conformance/openapi) is imported: each valid one must give
documents our models accept, each invalid one must be refused with a message. The material must be there: a missing
folder fails these tests, it never skips them.
"""

from __future__ import annotations

import functools
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import OpenAPIV31SpecValidator, validate

from chalicelib.interop.openapi import export_openapi, import_spec
from chalicelib.interop.tree import MAX_IMPORT_BYTES, Bundle, FolderNode, ImportError_, RequestNode
from chalicelib.schema.documents import FolderDoc, RequestDoc

CONFORMANCE = Path(__file__).resolve().parents[3] / "shared" / "conformance" / "openapi"
VALID_FOLDERS = ("valid_openapi", "valid_openapi31X", "valid_swagger", "realWorldExamples")
INVALID_FOLDERS = ("invalid_openapi", "invalid_swagger")
#: exports up to this many operations are checked with openapi-spec-validator here (it takes seconds on GitHub's
#: or Stripe's); larger ones are checked for structure, and all of them by test_export_of_every_spec below
VALIDATE_EXPORT_MAX_OPERATIONS = 60


def _files(folder: str) -> list[Path]:
    root = CONFORMANCE / folder
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    # a missing or empty folder still yields one case, which fails: an empty parametrization would only skip
    return files or [root / "MISSING"]


def _id(path: Path) -> str:
    return str(path.relative_to(CONFORMANCE)) if path.is_relative_to(CONFORMANCE) else str(path)


VALID = [p for folder in VALID_FOLDERS for p in _files(folder)]
INVALID = [p for folder in INVALID_FOLDERS for p in _files(folder)]


def _read(path: Path) -> bytes:
    assert path.is_file(), f"conformance material missing: {path} (expected ../shared/conformance beside the repo)"
    return path.read_bytes()


def _is_postman_collection(data: bytes) -> bool:
    """valid_openapi31X holds one Postman collection (openapi-to-postman's expected output, not a spec)."""
    try:
        doc = json.loads(data)
    except ValueError:
        return False
    return isinstance(doc, dict) and "getpostman.com" in str(doc.get("info", {}).get("schema", ""))


@functools.cache
def _imported(path: Path) -> Bundle:
    return import_spec(_read(path))


def _walk(node: FolderNode) -> tuple[list[FolderNode], list[RequestNode]]:
    folders: list[FolderNode] = []
    requests: list[RequestNode] = []
    for child in node.children:
        if isinstance(child, FolderNode):
            folders.append(child)
            sub_folders, sub_requests = _walk(child)
            folders += sub_folders
            requests += sub_requests
        else:
            requests.append(child)
    return folders, requests


def _requests(bundle: Bundle) -> list[dict[str, Any]]:
    return [r.doc for r in _walk(bundle.collections[0])[1]]


def _only(bundle: Bundle) -> dict[str, Any]:
    docs = _requests(bundle)
    assert len(docs) == 1, [d["name"] for d in docs]
    return docs[0]


def _assert_documents_valid(bundle: Bundle) -> None:
    assert len(bundle.collections) == 1
    collection = bundle.collections[0]
    folders, requests = _walk(collection)
    for folder in [collection, *folders]:
        assert FolderDoc.model_validate(folder.doc).model_dump() == folder.doc
    for request in requests:
        assert RequestDoc.model_validate(request.doc).model_dump() == request.doc
    json.dumps([collection.doc, *[f.doc for f in folders], *[r.doc for r in requests]])  # storable as JSON


def _operations(exported: dict[str, Any]) -> set[tuple[str, str]]:
    return {(path, method) for section in ("paths", "webhooks") for path, item in exported.get(section, {}).items()
            for method in item}


# ---------------------------------------------------------------------------------------------------------------
# The conformance corpus
# ---------------------------------------------------------------------------------------------------------------


def test_conformance_folders_are_present() -> None:
    for folder in (*VALID_FOLDERS, *INVALID_FOLDERS):
        root = CONFORMANCE / folder
        assert root.is_dir(), f"conformance folder missing: {root}"
        assert any(p.is_file() for p in root.rglob("*")), f"conformance folder is empty: {root}"


@pytest.mark.parametrize("path", VALID, ids=_id)
def test_valid_spec_imports(path: Path) -> None:
    data = _read(path)
    if _is_postman_collection(data):
        with pytest.raises(ImportError_, match="Postman collection"):
            import_spec(data)
        return
    bundle = _imported(path)
    assert bundle.source in ("openapi", "swagger")
    _assert_documents_valid(bundle)
    requests = _requests(bundle)
    exported = export_openapi(bundle.collections[0])
    skipped = exported.get("x-playground-skipped", [])
    assert len(_operations(exported)) + len(skipped) == len(requests)
    if len(requests) <= VALIDATE_EXPORT_MAX_OPERATIONS:
        validate(exported, cls=OpenAPIV31SpecValidator)


@pytest.mark.parametrize("path", INVALID, ids=_id)
def test_invalid_spec_is_refused(path: Path) -> None:
    data = _read(path)
    with pytest.raises(ImportError_) as caught:
        import_spec(data)
    assert caught.value.message.strip()
    assert caught.value.code == "IMPORT_FAILED"


def test_invalid_specs_say_what_and_where() -> None:
    def refusal(name: str) -> ImportError_:
        with pytest.raises(ImportError_) as caught:
            import_spec(_read(CONFORMANCE / name))
        return caught.value

    assert refusal("invalid_openapi/invalid-no-info.yaml").location == "info"
    assert "title" in refusal("invalid_openapi/invalid-info-null-title.json").message
    assert refusal("invalid_openapi/invalid-no-version.yaml").location == "info.version"
    assert refusal("invalid_openapi/invalid-no-paths.yaml").location == "paths"
    syntax = refusal("invalid_openapi/invalid-yaml-syntax.yaml")
    assert "YAML" in syntax.message and syntax.location and syntax.location.startswith("line 8")
    duplicate = refusal("invalid_openapi/multiple-components.yaml")
    assert "components" in duplicate.message and duplicate.location and duplicate.location.startswith("line 27")
    assert "2.0" in refusal("invalid_swagger/invalid_wrong_swagger_version.json").message
    assert "empty" in refusal("invalid_openapi/empty-spec.yaml").message


def test_large_real_world_specs_import_whole() -> None:
    # how fast: bench/import_bench.py (a timed assertion here failed once on a slow minute of a shared machine)
    for name in ("stripe.yaml", "github.yaml"):
        path = CONFORMANCE / "realWorldExamples" / name
        bundle = import_spec(_read(path))
        requests = _requests(bundle)
        assert len(requests) > 400
        assert all(len(r["body"]["raw"]) <= 300_000 for r in requests)
    stripe = _requests(_imported(CONFORMANCE / "realWorldExamples" / "stripe.yaml"))
    create_account = next(r for r in stripe if r["method"] == "POST" and r["url"] == "{{baseUrl}}/v1/accounts")
    keys = [row["key"] for row in create_account["body"]["urlencoded"]]
    assert "bank_account[account_holder_name]" in keys  # deepObject form fields nest with brackets, as Stripe reads
    github = _imported(CONFORMANCE / "realWorldExamples" / "github.yaml")
    assert any(r["url"].startswith("{{baseUrl}}/repos/:owner/:repo/") for r in _requests(github))


# ---------------------------------------------------------------------------------------------------------------
# Focused behaviour
# ---------------------------------------------------------------------------------------------------------------


def _spec(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "servers": [{"url": "https://api.test/v1"}],
            "paths": paths, **extra}


def test_path_parameters_become_path_variables() -> None:
    spec = _spec({"/pets/{petId}/toys/{toyId}": {
        "parameters": [{"name": "petId", "in": "path", "required": True, "schema": {"type": "integer"},
                        "example": 7, "description": "The pet"}],
        "get": {"operationId": "getToy", "parameters": [
            {"name": "toyId", "in": "path", "required": True, "schema": {"type": "string", "default": "ball"}}],
            "responses": {"200": {"description": "ok"}}}},
        "/files/{name}.json": {"get": {"summary": "A file", "parameters": [
            {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
            "responses": {"200": {"description": "ok"}}}}})
    bundle = import_spec(spec)
    toy, file_ = _requests(bundle)
    assert toy["name"] == "getToy"
    assert toy["url"] == "{{baseUrl}}/pets/:petId/toys/:toyId"
    assert [(r["key"], r["value"]) for r in toy["path_variables"]] == [("petId", "7"), ("toyId", "ball")]
    assert toy["path_variables"][0]["description"] == "(Required) The pet"
    # `{name}.json` is not a whole segment: `:name.json` would name the variable "name.json", so it is {{name}}
    assert file_["url"] == "{{baseUrl}}/files/{{name}}.json"
    assert any("{{name}}" in w for w in bundle.warnings)


def test_query_header_and_cookie_parameters() -> None:
    spec = _spec({"/search": {"get": {"summary": "Search", "parameters": [
        {"name": "q", "in": "query", "required": True, "schema": {"type": "string"}, "example": "cats"},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "format": "int64"}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["asc", "desc"]}},
        {"name": "tags", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
        {"name": "ids", "in": "query", "explode": False, "schema": {"type": "array", "items": {"type": "integer"}}},
        {"name": "X-Trace", "in": "header", "schema": {"type": "string"}, "examples": {"a": {"value": "t-1"}}},
        {"name": "Accept", "in": "header", "schema": {"type": "string"}},
        {"name": "session", "in": "cookie", "schema": {"type": "string", "default": "abc"}},
        {"name": "theme", "in": "cookie", "schema": {"type": "string", "default": "dark"}}],
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {}}}}}}}})
    doc = _only(import_spec(spec))
    assert [(r["key"], r["value"]) for r in doc["params"]] == [
        ("q", "cats"), ("limit", "<long>"), ("sort", "asc"), ("tags", "<string>"), ("tags", "<string>"),
        ("ids", "<integer>,<integer>")]
    # optional parameters are enabled, as openapi-to-postman's enableOptionalParameters (default true) does
    assert all(r["enabled"] for r in doc["params"])
    assert doc["params"][0]["description"] == "(Required)"
    assert doc["url"] == ("{{baseUrl}}/search?q=cats&limit=<long>&sort=asc&tags=<string>&tags=<string>"
                          "&ids=<integer>,<integer>")
    headers = {h["key"]: h["value"] for h in doc["headers"]}
    assert headers == {"X-Trace": "t-1", "Cookie": "session=abc; theme=dark", "Accept": "application/json"}


def test_servers_and_base_url() -> None:
    spec = _spec({"/a": {"get": {"responses": {"200": {"description": "ok"}}},
                         "post": {"servers": [{"url": "https://uploads.test"}],
                                  "responses": {"200": {"description": "ok"}}}}},
                 servers=[{"url": "{scheme}://{host}:{port}/{base}", "variables": {
                     "scheme": {"default": "https", "enum": ["https", "http"]}, "host": {"default": "api.test"},
                     "port": {"enum": ["8443", "443"], "default": "8443"}, "base": {"default": "v2"}}}])
    bundle = import_spec(spec)
    assert bundle.collections[0].doc["variables"][0] == {
        "key": "baseUrl", "value": "https://api.test:8443/v2", "enabled": True,
        "description": "Where the API is served; every request URL starts with {{baseUrl}}."}
    get, post = _requests(bundle)
    assert get["name"] == "GET /a" and get["url"] == "{{baseUrl}}/a"
    assert post["url"] == "https://uploads.test/a"  # an operation's own server keeps its own address

    swagger = {"swagger": "2.0", "info": {"title": "S", "version": "1"}, "host": "api.test:8080",
               "basePath": "/base/", "schemes": ["http"], "paths": {"/x": {"get": {"responses": {}}}}}
    swagger_bundle = import_spec(swagger)
    assert swagger_bundle.source == "swagger"
    assert swagger_bundle.collections[0].doc["variables"][0]["value"] == "http://api.test:8080/base"
    no_servers = import_spec({"openapi": "3.1.0", "info": {"title": "N", "version": "1"}, "paths": {}})
    assert no_servers.collections[0].doc["variables"][0]["value"] == ""
    assert any("baseUrl" in w for w in no_servers.warnings)


def _attrs(auth: dict[str, Any]) -> dict[str, Any]:
    return {a["key"]: a["value"] for a in auth["attributes"]}


def test_security_schemes_map_to_auth() -> None:
    ok = {"200": {"description": "ok"}}
    spec = _spec({
        "/inherits": {"get": {"responses": ok}},
        "/same": {"get": {"security": [{"basic": []}], "responses": ok}},
        "/open": {"get": {"security": [], "responses": ok}},
        "/bearer": {"get": {"security": [{"bearer": []}], "responses": ok}},
        "/key-header": {"get": {"security": [{"keyHeader": []}], "responses": ok}},
        "/key-query": {"get": {"security": [{"keyQuery": []}], "responses": ok}},
        "/oauth": {"get": {"security": [{"oauth": ["read", "write"]}], "responses": ok}},
        "/digest": {"get": {"security": [{"digest": []}], "responses": ok}},
        "/oidc": {"get": {"security": [{"oidc": ["openid"]}], "responses": ok}},
        "/undefined": {"get": {"security": [{"nope": []}], "responses": ok}},
    }, security=[{"basic": []}], components={"securitySchemes": {
        "basic": {"type": "http", "scheme": "basic"},
        "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
        "keyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
        "keyQuery": {"type": "apiKey", "in": "query", "name": "api_key"},
        "oauth": {"type": "oauth2", "flows": {
            "authorizationCode": {"authorizationUrl": "https://auth.test/authorize", "tokenUrl": "https://auth.test/t",
                                  "scopes": {"read": "", "write": ""}},
            "clientCredentials": {"tokenUrl": "https://auth.test/token", "scopes": {"read": ""}}}},
        "digest": {"type": "http", "scheme": "digest"},
        "oidc": {"type": "openIdConnect", "openIdConnectUrl": "https://auth.test/.well-known/openid-configuration"},
    }})
    bundle = import_spec(spec)
    collection = bundle.collections[0].doc
    assert collection["auth"]["type"] == "basic"
    assert _attrs(collection["auth"]) == {"username": "{{basicAuthUsername}}", "password": "{{basicAuthPassword}}"}
    auth = {r["url"].removeprefix("{{baseUrl}}"): r["auth"] for r in _requests(bundle)}
    assert auth["/inherits"]["type"] == "inherit"
    assert auth["/same"]["type"] == "inherit"  # the collection's own: inherited, so one edit changes both
    assert auth["/open"]["type"] == "noauth"
    assert auth["/bearer"]["type"] == "bearer" and _attrs(auth["/bearer"]) == {"token": "{{bearerToken}}"}
    assert _attrs(auth["/key-header"]) == {"key": "X-API-Key", "value": "{{apiKey}}", "in": "header"}
    assert _attrs(auth["/key-query"]) == {"key": "api_key", "value": "{{apiKey}}", "in": "query"}
    oauth = _attrs(auth["/oauth"])
    assert auth["/oauth"]["type"] == "oauth2"
    # the grant our executor can run itself is preferred over a browser sign-in
    assert oauth["grant_type"] == "client_credentials" and oauth["accessTokenUrl"] == "https://auth.test/token"
    assert oauth["scope"] == "read write"
    assert auth["/digest"]["type"] == "digest"
    assert auth["/oidc"]["type"] == "oauth2" and _attrs(auth["/oidc"])["scope"] == "openid"
    assert any("OpenID Connect" in w for w in bundle.warnings)
    assert auth["/undefined"]["type"] == "inherit" and any("'nope' is not defined" in w for w in bundle.warnings)

    swagger = {"swagger": "2.0", "info": {"title": "S", "version": "1"}, "host": "h.test",
               "securityDefinitions": {"petstore": {"type": "oauth2", "flow": "accessCode",
                                                    "authorizationUrl": "https://h.test/a",
                                                    "tokenUrl": "https://h.test/t", "scopes": {}}},
               "security": [{"petstore": ["pets"]}], "paths": {"/p": {"get": {"responses": {}}}}}
    swagger_auth = import_spec(swagger).collections[0].doc["auth"]
    assert swagger_auth["type"] == "oauth2"
    assert _attrs(swagger_auth)["grant_type"] == "authorization_code"
    assert _attrs(swagger_auth)["accessTokenUrl"] == "https://h.test/t"


def test_ref_cycles_end_and_external_refs_are_not_fetched() -> None:
    spec = _spec({"/nodes": {"post": {
        "parameters": [{"$ref": "#/components/parameters/Loop"}, {"$ref": "other.yaml#/parameters/Remote"}],
        "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Node"}}}},
        "responses": {"200": {"description": "ok"}}}}}, components={
        "parameters": {"Loop": {"$ref": "#/components/parameters/Loop"}},
        "schemas": {"Node": {"type": "object", "properties": {
            "name": {"type": "string"},
            "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
            "owner": {"$ref": "https://example.test/schemas/Owner.json"},
            "id": {"type": "integer", "readOnly": True}}}}})
    bundle = import_spec(spec)  # returns at all: a naive $ref expansion would never end
    doc = _only(bundle)
    body = json.loads(doc["body"]["raw"])
    assert body == {"name": "<string>", "children": ["<Circular reference to #/components/schemas/Node detected>"],
                    "owner": "<unresolved https://example.test/schemas/Owner.json>"}  # readOnly id is not sent
    assert doc["params"] == []
    assert any("refers back to itself" in w for w in bundle.warnings)
    assert any("other.yaml#/parameters/Remote" in w and "not fetched" in w for w in bundle.warnings)
    assert any("https://example.test/schemas/Owner.json" in w for w in bundle.warnings)


def test_mutually_recursive_and_huge_schemas_stay_bounded() -> None:
    # forty schemas each referring to all the others: naive expansion never ends
    schemas = {f"S{i}": {"type": "object", "properties": {
        f"p{j}": {"$ref": f"#/components/schemas/S{j}"} for j in range(40)}} for i in range(40)}
    spec = _spec({"/x": {"put": {"requestBody": {"content": {"application/json": {
        "schema": {"$ref": "#/components/schemas/S0"}}}}, "responses": {"200": {"description": "ok"}}}}},
        components={"schemas": schemas})
    doc = _only(import_spec(spec))
    assert 0 < len(doc["body"]["raw"]) < 300_000  # bounded by the example limits, not by the schemas' expansion
    json.loads(doc["body"]["raw"])


def test_request_bodies_by_media_type() -> None:
    def body_of(content: dict[str, Any]) -> dict[str, Any]:
        spec = _spec({"/b": {"post": {"requestBody": {"content": content},
                                      "responses": {"200": {"description": "ok"}}}}})
        return _only(import_spec(spec))

    json_doc = body_of({"application/json": {"examples": {"one": {"value": {"a": 1}}}}})
    assert json_doc["body"]["mode"] == "json" and json.loads(json_doc["body"]["raw"]) == {"a": 1}
    assert not any(h["key"] == "Content-Type" for h in json_doc["headers"])  # the mode's default says it
    vendor = body_of({"application/vnd.api+json": {"example": {"b": True}}})
    assert vendor["body"]["mode"] == "json"
    assert {"key": "Content-Type", "value": "application/vnd.api+json", "enabled": True,
            "description": ""} in vendor["headers"]
    xml = body_of({"application/xml": {"schema": {"type": "object", "xml": {"name": "pet"}, "properties": {
        "id": {"type": "integer", "example": 3, "xml": {"attribute": True}}, "name": {"type": "string"}}}}})
    assert xml["body"]["mode"] == "xml"
    assert xml["body"]["raw"].endswith('<pet id="3">\n  <name>&lt;string&gt;</name>\n</pet>')
    text = body_of({"text/plain": {"example": "hello"}})
    assert text["body"] == {**text["body"], "mode": "text", "raw": "hello"}
    form = body_of({"application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
        "a": {"type": "string", "example": "x", "description": "field a"}, "n": {"type": "integer"}}}}})
    assert [(r["key"], r["value"], r["description"]) for r in form["body"]["urlencoded"]] == [
        ("a", "x", "field a"), ("n", "<integer>", "")]
    multipart = body_of({"multipart/form-data": {"schema": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}, "note": {"type": "string"}}},
        "encoding": {"file": {"contentType": "image/png"}}}})
    fields = multipart["body"]["formdata"]
    assert [(f["key"], f["type"], f["content_type"]) for f in fields] == [("file", "file", "image/png"),
                                                                           ("note", "text", None)]
    binary = body_of({"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}})
    assert binary["body"]["mode"] == "binary" and binary["body"]["binary"]["content_type"] == "application/octet-stream"
    generated = body_of({"application/json": {"schema": {"type": "object", "required": ["id"], "properties": {
        "id": {"type": "string", "format": "uuid"}, "when": {"type": "string", "format": "date-time"},
        "count": {"type": "integer", "format": "int32"}, "ok": {"type": "boolean"},
        "kind": {"oneOf": [{"type": "string", "enum": ["a", "b"]}, {"type": "integer"}]},
        "both": {"allOf": [{"type": "object", "properties": {"x": {"type": "number"}}},
                           {"type": "object", "properties": {"y": {"type": "string", "default": "d"}}}]},
        "list": {"type": "array", "items": {"type": "string"}}}}}})
    assert json.loads(generated["body"]["raw"]) == {
        "id": "<uuid>", "when": "<dateTime>", "count": "<integer>", "ok": "<boolean>", "kind": "a",
        "both": {"x": "<number>", "y": "d"}, "list": ["<string>"]}


def test_swagger_bodies() -> None:
    swagger = {"swagger": "2.0", "info": {"title": "S", "version": "1"}, "host": "h.test", "consumes": [
        "application/json"], "paths": {
        "/pets": {"post": {"parameters": [{"name": "body", "in": "body", "schema": {"$ref": "Pet"}}],
                           "responses": {}}},
        "/upload": {"post": {"consumes": ["multipart/form-data"], "parameters": [
            {"name": "file", "in": "formData", "type": "file", "description": "the file"},
            {"name": "note", "in": "formData", "type": "string", "default": "hi"}], "responses": {}}},
        "/form": {"post": {"consumes": ["application/x-www-form-urlencoded"], "parameters": [
            {"name": "status", "in": "formData", "type": "array", "items": {"type": "string"},
             "collectionFormat": "multi"}], "responses": {}}}},
        "definitions": {"Pet": {"type": "object", "properties": {"name": {"type": "string", "example": "Rex"}}}}}
    pets, upload, form = _requests(import_spec(swagger))
    assert pets["body"]["mode"] == "json" and json.loads(pets["body"]["raw"]) == {"name": "Rex"}
    assert [(f["key"], f["type"], f["value"]) for f in upload["body"]["formdata"]] == [("file", "file", ""),
                                                                                      ("note", "text", "hi")]
    assert [(r["key"], r["value"]) for r in form["body"]["urlencoded"]] == [("status", "<string>"),
                                                                            ("status", "<string>")]


def test_tags_become_folders() -> None:
    ok = {"200": {"description": "ok"}}
    spec = _spec({"/a": {"get": {"tags": ["pets", "store"], "summary": "A", "responses": ok}},
                  "/b": {"get": {"summary": "B", "responses": ok}},
                  "/c": {"get": {"tags": ["store"], "summary": "C", "description": "Long words", "responses": ok}}},
                 tags=[{"name": "store", "description": "Store things"}],
                 info={"title": "Shop", "version": "2", "description": "The shop API"})
    collection = import_spec(spec).collections[0]
    assert collection.doc["name"] == "Shop" and collection.doc["description"] == "The shop API"
    shape = [(c.doc["name"], [g.doc["name"] for g in c.children]) if isinstance(c, FolderNode) else c.doc["name"]
             for c in collection.children]
    assert shape == [("pets", ["A"]), "B", ("store", ["C"])]
    store = collection.children[2]
    assert isinstance(store, FolderNode) and store.doc["description"] == "Store things"
    assert store.children[0].doc["description"] == "Long words"


# ---------------------------------------------------------------------------------------------------------------
# Safe loading
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", [
    "openapi: 3.0.0\ninfo: !!python/object:os.system {}\npaths: {}\n",
    "openapi: 3.0.0\ninfo: !!python/object/apply:os.system ['echo pwned']\npaths: {}\n",
    "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: !Ref Paths\n",
    "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: !!set {a, b}\n",
])
def test_yaml_tags_are_refused(text: str) -> None:
    with pytest.raises(ImportError_) as caught:
        import_spec(text)
    assert "tag" in caught.value.message and caught.value.location and caught.value.location.startswith("line ")


def test_billion_laughs_is_refused_before_it_expands() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\n" + "\n".join(lines) + "\n"
    # refused by the graph check, before anything expands it (expanding it would not finish)
    with pytest.raises(ImportError_, match="alias bomb"):
        import_spec(bomb)


def test_other_yaml_hazards_are_refused() -> None:
    with pytest.raises(ImportError_, match="recursive alias"):
        import_spec("openapi: 3.0.0\ninfo: &i {title: t, version: '1', self: *i}\npaths: {}\n")
    with pytest.raises(ImportError_, match="nested"):
        import_spec("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx: " + "[" * 300 + "]" * 300)
    with pytest.raises(ImportError_, match="Duplicate key 'paths'") as caught:
        import_spec("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\npaths: {}\n")
    assert caught.value.location == "line 4, column 1"
    with pytest.raises(ImportError_, match="largest import"):
        import_spec(b" " * (MAX_IMPORT_BYTES + 1))
    with pytest.raises(ImportError_, match="UTF-8"):
        import_spec(b"openapi: 3.0.0\n\xff\xfe")
    with pytest.raises(ImportError_, match="Invalid JSON") as caught:
        import_spec('{"openapi": "3.0.0",\n "info": {]}')
    assert caught.value.location == "line 2, column 11"
    with pytest.raises(ImportError_, match="not an OpenAPI"):
        import_spec("- just\n- a list\n")
    with pytest.raises(ImportError_, match="Unsupported OpenAPI version"):
        import_spec({"openapi": "4.0.0", "info": {"title": "t", "version": "1"}, "paths": {}})


def test_plain_yaml_features_still_work() -> None:
    # anchors, merge keys, numeric response codes, dates and a tab-only line in a block scalar (Adyen's specs)
    text = ("openapi: 3.0.0\ninfo: {title: Dates, version: 1.0}\nservers: [{url: 'https://d.test'}]\n"
            "x-common: &common\n  responses:\n    200: {description: ok}\n"
            "paths:\n  /d:\n    get:\n      <<: *common\n      summary: On 2020-01-02\n"
            "      description: |-\n        \t\n        Text\n      parameters:\n"
            "        - {name: since, in: query, schema: {type: string, example: 2021-03-04}}\n")
    doc = _only(import_spec(text))
    assert doc["params"][0]["value"] == "2021-03-04"
    assert doc["description"] == "\nText"


# ---------------------------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------------------------


def test_export_of_imported_petstore_is_valid_openapi_31() -> None:
    path = CONFORMANCE / "valid_openapi" / "petstore-detailed.yaml"
    spec_text = _read(path)
    exported = export_openapi(_imported(path).collections[0])
    validate(exported, cls=OpenAPIV31SpecValidator)
    assert exported["openapi"] == "3.1.0"
    spec = yaml.safe_load(spec_text)
    wanted = {(p, m) for p, item in spec["paths"].items() for m in item if m in ("get", "put", "post", "delete")}
    assert _operations(exported) == wanted
    assert exported["servers"] == [{"url": spec["servers"][0]["url"].rstrip("/")}]
    assert {t["name"] for t in exported["tags"]} == {"pet", "store", "user"}
    get_pet = exported["paths"]["/pet/{petId}"]["get"]
    assert get_pet["operationId"] == "getPetById" and get_pet["tags"] == ["pet"]
    assert get_pet["parameters"][0] == {"name": "petId", "in": "path", "description": "ID of pet to return",
                                        "required": True, "schema": {"type": "integer", "format": "int64"}}
    assert set(exported["components"]["securitySchemes"]) >= {"apiKeyAuth", "oauth2Auth"}


def test_export_of_a_hand_made_collection() -> None:
    def request(**doc: Any) -> RequestNode:
        return RequestNode(RequestDoc.model_validate(doc).model_dump())

    folder = FolderNode(FolderDoc.model_validate({
        "name": "Users", "description": "People", "auth": {"type": "apikey", "attributes": [
            {"key": "key", "value": "X-Key"}, {"key": "value", "value": "{{k}}"}, {"key": "in", "value": "header"}]},
    }).model_dump(), [
        request(name="Get user", method="GET", url="{{baseUrl}}/users/:id?fields=name",
                params=[{"key": "fields", "value": "name", "description": "(Required) Which fields"}],
                path_variables=[{"key": "id", "value": "<long>", "description": "The user"}],
                headers=[{"key": "X-Trace", "value": "{{trace}}"}, {"key": "Cookie", "value": "s=1; t=2"}],
                auth={"type": "noauth"}),
        request(name="Upload", method="POST", url="https://files.test/upload",
                body={"mode": "formdata", "formdata": [{"key": "f", "type": "file", "content_type": "image/png"},
                                                       {"key": "note", "value": "hi"}]}),
        request(name="Create", method="POST", url="{{baseUrl}}/users",
                body={"mode": "json", "raw": '{"name": "{{name}}", "age": 3}'},
                examples=[{"name": "Created", "code": 201, "header": [{"key": "Content-Type",
                                                                       "value": "application/json"}],
                           "body": '{"id": 1}'}]),
        request(name="Purge", method="PURGE", url="{{baseUrl}}/cache"),
        request(name="Again", method="GET", url="{{baseUrl}}/users/:id"),
    ])
    root = FolderNode(FolderDoc.model_validate({
        "name": "Hand made", "auth": {"type": "bearer", "attributes": [{"key": "token", "value": "{{t}}"}]},
        "variables": [{"key": "baseUrl", "value": "https://{{host}}/api/"}, {"key": "host", "value": "h.test"}],
    }).model_dump(), [folder, request(name="Form", method="PUT", url="{{baseUrl}}/form", body={
        "mode": "urlencoded", "urlencoded": [{"key": "a", "value": "1"}]})])
    exported = export_openapi(root)
    validate(exported, cls=OpenAPIV31SpecValidator)
    assert exported["servers"] == [{"url": "https://{host}/api", "variables": {"host": {"default": "h.test"}}}]
    assert exported["security"] == [{"bearerAuth": []}]
    assert exported["tags"] == [{"name": "Users", "description": "People"}]
    get_user = exported["paths"]["/users/{id}"]["get"]
    assert get_user["security"] == []  # noauth under an authenticated collection
    params = {(p["in"], p["name"]): p for p in get_user["parameters"]}
    assert params[("path", "id")]["schema"] == {"type": "integer", "format": "int64"}
    assert params[("query", "fields")] == {"name": "fields", "in": "query", "description": "Which fields",
                                           "required": True, "schema": {"type": "string"}, "example": "name"}
    assert "example" not in params[("header", "X-Trace")]  # a {{variable}} is no example
    assert {("cookie", "s"), ("cookie", "t")} <= set(params)
    upload = exported["paths"]["/upload"]["post"]
    assert upload["servers"] == [{"url": "https://files.test"}]
    assert upload["security"] == [{"apiKeyAuth": []}]  # the folder's auth
    multipart = upload["requestBody"]["content"]["multipart/form-data"]
    assert multipart["schema"]["properties"]["f"] == {"type": "string", "format": "binary"}
    assert multipart["encoding"] == {"f": {"contentType": "image/png"}}
    create = exported["paths"]["/users"]["post"]
    assert create["requestBody"]["content"]["application/json"]["example"] == {"name": "{{name}}", "age": 3}
    assert create["responses"]["201"]["content"]["application/json"]["example"] == {"id": 1}
    form = exported["paths"]["/form"]["put"]["requestBody"]["content"]["application/x-www-form-urlencoded"]
    assert form["example"] == {"a": "1"}
    assert [(s["name"], s["method"]) for s in exported["x-playground-skipped"]] == [("Purge", "PURGE"),
                                                                                     ("Again", "GET")]


def test_import_export_import_keeps_requests() -> None:
    path = CONFORMANCE / "valid_openapi31X" / "yaml" / "petstore.yaml"
    first = _imported(path)
    again = import_spec(export_openapi(first.collections[0]))

    def key(doc: dict[str, Any]) -> tuple[str, str, str]:
        return doc["method"], doc["url"].split("?")[0], doc["name"]

    assert sorted(map(key, _requests(again))) == sorted(map(key, _requests(first)))


# ---------------------------------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------------------------------


def test_summary_of_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    counts: Counter[str] = Counter()
    for path in VALID:
        folder = path.relative_to(CONFORMANCE).parts[0]
        if _is_postman_collection(_read(path)):
            counts[f"{folder}: refused as a Postman collection"] += 1
            continue
        bundle = _imported(path)
        counts[f"{folder}: imported"] += 1
        counts["requests"] += len(_requests(bundle))
        counts["warnings"] += len(bundle.warnings)
    for path in INVALID:
        folder = path.relative_to(CONFORMANCE).parts[0]
        try:
            import_spec(_read(path))
        except ImportError_:
            counts[f"{folder}: refused"] += 1
    with capsys.disabled():
        print("\nOpenAPI conformance corpus:")
        for name, count in sorted(counts.items()):
            print(f"  {name}: {count}")
    assert counts["valid_openapi: imported"] == len(_files("valid_openapi"))
    assert counts["valid_swagger: imported"] == len(_files("valid_swagger"))
    assert counts["realWorldExamples: imported"] == len(_files("realWorldExamples"))
    assert (counts["valid_openapi31X: imported"] + counts["valid_openapi31X: refused as a Postman collection"]
            == len(_files("valid_openapi31X")))
    assert counts["valid_openapi31X: refused as a Postman collection"] <= 1
    assert counts["invalid_openapi: refused"] + counts["invalid_swagger: refused"] == len(INVALID)
