"""Insomnia export import: v4 (`_type: "export"`, `__export_format: 4`, JSON or YAML), a flat `resources` list linked
by `parentId`, and v5 (Insomnia 10 and later, `type: collection.insomnia.rest/5.0`, YAML), a tree that
insomnia_v5.py turns into the same resources first.

- Each workspace becomes a collection; `request_group`s become folders (with their own headers, auth and folder
  environment as folder variables); `request`s become requests. Siblings are ordered by `metaSortKey`, the order
  Insomnia shows. Requests or folders whose parent is missing go to an extra "Insomnia import" collection.
- Templates: Nunjucks variable references `{{ _.name }}`, `{{ name }}`, `{{ _.a.b }}` and `{{ _['x-y'] }}` become
  our `{{name}}` (`{{a.b}}` matches the flattened environment keys below). `{% uuid %}` becomes `{{$guid}}`,
  `{% now 'unix' %}` `{{$timestamp}}`, `{% now 'iso-8601' %}` `{{$isoTimestamp}}`; other template tags
  (`{% response %}`, `{% base64 %}`, …) and filters cannot run here and are kept as typed, with one warning.
- Request: method, URL, `parameters` (rows, enabled ones also written into the URL since our params table and URL
  stay in step), `pathParameters`, headers (disabled ones kept disabled), body by `mimeType` (JSON/XML/text → raw,
  form-urlencoded and multipart → rows, `application/graphql` → graphql, a file → binary without the file, with a
  warning), `settingFollowRedirects` on/off. Other `setting*` switches go to `extras.insomnia` for an exporter.
- Auth: basic, bearer (a custom prefix becomes an API-key Authorization header, since our bearer always says
  "Bearer"), apikey (header/query; cookie as a Cookie header), digest, oauth2 (Postman's attribute names, which
  the executor reads), ntlm, iam → awsv4, hawk, oauth1, asap. `{}` or no authentication means "inherit" (what
  Insomnia does with a request that has none set); `type: none` or `disabled: true` means noauth.
- Scripts (`preRequestScript`, `afterResponseScript`) are kept as pre-request and test scripts in `events`, the
  Postman shape the runner and exporters read, with Insomnia's `insomnia.` API written as `pm.` (the API Insomnia
  modelled on Postman's; Insomnia's own Postman importer does the reverse).
- Environments: every sub-environment of a workspace's base environment becomes an EnvironmentData holding the
  base data overlaid with its own (the way Insomnia resolves them); a base environment without sub-environments
  becomes one environment itself. Nested objects flatten to `a.b` keys; arrays and other non-text values are kept
  as JSON text; private environments' rows are marked secret.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from chalicelib.interop import insomnia_v5
from chalicelib.interop.detect import check_size, decode_text, load_json, load_yaml, without_lone_surrogates
from chalicelib.interop.har import (
    append_query,
    auth_attrs,
    basename,
    build_folder,
    build_request,
    drop_headers,
    encode_pair,
    file_rows_warning,
    find_header,
    media_type,
    mode_for,
    query_rows,
    raw_body,
    truncate_name,
)
from chalicelib.interop.tree import Bundle, EnvironmentData, FolderNode, ImportError_, RequestNode
from chalicelib.schema.documents import EnvironmentDoc

#: deeper than any real workspace; stops a parentId chain or a nested environment from recursing without end
MAX_DEPTH = 64

_SKIPPED_TYPES = ("grpc_request", "websocket_request", "websocket_payload", "graphql_request", "socketio_request",
                  "unit_test_suite", "unit_test", "mock_server", "mock_route", "proto_file", "proto_directory")
_QUIET_TYPES = ("api_spec", "cookie_jar", "client_certificate", "ca_certificate", "runner_test_result",
                "request_meta", "request_group_meta", "workspace_meta", "environment_meta")

_VAR = re.compile(r"\{\{\s*(?:_\.)?([A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)*)\s*\}\}")
_VAR_BRACKET = re.compile(r"""\{\{\s*_\[\s*(['"])(.+?)\1\s*\]\s*\}\}""")
_UUID_TAG = re.compile(r"\{%\s*uuid\s*(?:['\"]v4['\"]\s*)?%\}")
_NOW_TAG = re.compile(r"""\{%\s*now\s*['"](unix|iso-8601)['"]\s*%\}""")
_ANY_TAG = re.compile(r"\{%\s*([A-Za-z_][\w]*)")
_LEFT_VAR = re.compile(r"\{\{(?![A-Za-z_$][\w$.-]*\}\})")

_GRANTS = {"authorization_code": "authorization_code", "client_credentials": "client_credentials",
           "password": "password_credentials", "implicit": "implicit"}


class _Context:
    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.tags: set[str] = set()
        self.scripts = 0

    def template(self, value: Any) -> str:
        """Insomnia's Nunjucks text to ours (see the module doc)."""
        if value is None:
            return ""
        text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)  # numbers, booleans
        if "{" not in text:
            return text
        text = _VAR_BRACKET.sub(lambda m: "{{" + m.group(2) + "}}", text)
        text = _VAR.sub(lambda m: "{{" + m.group(1) + "}}", text)
        text = _UUID_TAG.sub("{{$guid}}", text)
        text = _NOW_TAG.sub(lambda m: "{{$timestamp}}" if m.group(1) == "unix" else "{{$isoTimestamp}}", text)
        for m in _ANY_TAG.finditer(text):
            self.tags.add(m.group(1))
        if _LEFT_VAR.search(text):
            self.tags.add("{{ … }} expression")
        return text


def import_insomnia(data: bytes | dict[str, Any]) -> Bundle:
    doc = _load(data) if isinstance(data, bytes | str) else without_lone_surrogates(data)
    if not isinstance(doc, dict):
        raise ImportError_("An Insomnia export is a JSON object.", location="document root")
    if insomnia_v5.is_v5(doc):
        resources: Any = insomnia_v5.resources(doc)
    else:
        if doc.get("_type") != "export":
            raise ImportError_("This is not an Insomnia export (its `_type` is not \"export\").", location="_type")
        if doc.get("__export_format") != 4:
            raise ImportError_(f"This is Insomnia export format {doc.get('__export_format')!r}; we read format 4 "
                               "(Insomnia 2020 and later: Export Data → Insomnia v4) and v5 (Insomnia 10 and later).",
                               location="__export_format")
        resources = doc.get("resources")
        if not isinstance(resources, list):
            raise ImportError_("An Insomnia export needs a `resources` list.", location="resources")

    ctx = _Context()
    by_id: dict[str, tuple[int, dict[str, Any]]] = {}
    children: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for i, res in enumerate(resources):
        if not isinstance(res, dict) or not isinstance(res.get("_id"), str) or not isinstance(res.get("_type"), str):
            raise ImportError_("Each resource needs an `_id` and a `_type`.", location=f"resources[{i}]")
        by_id[res["_id"]] = (i, res)
        parent = res.get("parentId")
        if isinstance(parent, str):
            children.setdefault(parent, []).append((i, res))

    bundle = Bundle(source="insomnia")
    placed: set[str] = set()
    workspaces = [(i, r) for i, r in enumerate(resources) if r["_type"] == "workspace"]
    for i, ws in workspaces:
        kids = _tree(ws["_id"], children, placed, ctx, 1)
        name = truncate_name(str(ws.get("name") or ""), "Insomnia workspace")
        folder_doc: dict[str, Any] = {"name": name, "description": str(ws.get("description") or "")}
        bundle.collections.append(build_folder(folder_doc, kids, _where(i, ws)))

    # what no workspace reached: items whose parent is missing (or that sit in a parentId cycle) become the roots
    # of an extra collection, each taking whatever hangs below it
    unplaced = [(i, r) for i, r in enumerate(resources)
                if r["_type"] in ("request", "request_group") and r["_id"] not in placed]
    if unplaced:
        pending = {r["_id"] for _, r in unplaced}
        roots = [item for item in unplaced if item[1].get("parentId") not in pending]
        kids = []
        for i, r in sorted(roots, key=_order) + unplaced:  # a cycle has no root: its members come last
            if r["_id"] not in placed:
                kids.append(_node(i, r, children, placed, ctx, 1))
        ctx.warnings.append(f"{len(unplaced)} request(s) or folder(s) had no workspace; they are in the "
                            "\"Insomnia import\" collection.")
        bundle.collections.append(build_folder({"name": "Insomnia import"}, kids, "resources"))

    bundle.environments = _environments(resources, by_id, workspaces, ctx)

    skipped: dict[str, int] = {}
    for r in resources:
        if r["_type"] in _SKIPPED_TYPES:
            skipped[r["_type"]] = skipped.get(r["_type"], 0) + 1
        elif r["_type"] == "cookie_jar" and r.get("cookies"):
            ctx.warnings.append(f"The cookie jar {r.get('name') or r['_id']!r} is not imported: our requests keep "
                                "cookies in headers, and a jar's cookies belong to past responses.")
    if skipped:
        ctx.warnings.append("Skipped what is not an HTTP request: "
                            + ", ".join(f"{n} {t}" for t, n in sorted(skipped.items())) + ".")
    if ctx.scripts:
        ctx.warnings.append(f"{ctx.scripts} Insomnia script(s) kept as pre-request/test scripts, with `insomnia.` "
                            "written as `pm.`; check them before running: the two APIs differ in places.")
    if ctx.tags:
        ctx.warnings.append("Insomnia template tags cannot run here and were kept as typed: "
                            + ", ".join(sorted(ctx.tags)) + ".")
    bundle.warnings.extend(ctx.warnings)
    return bundle


def _load(data: bytes | str) -> Any:
    check_size(data)
    text = decode_text(data) if isinstance(data, bytes) else data
    if text.lstrip().startswith(("{", "[")) or not text.strip():
        return load_json(text, what="The Insomnia export")
    return load_yaml(text, what="The Insomnia export")  # Insomnia v4 can also export YAML


def _where(i: int, res: Mapping[str, Any]) -> str:
    """Where a resource is in the file: `resources[i]` in v4, its place in the tree in v5."""
    return str(res.get("_where") or f"resources[{i}]")


#: `insomnia.<member>` of the script API Insomnia shares with Postman's `pm.` (not `insomnia.rest` in a URL or comment)
_INSOMNIA_API = re.compile(r"(?<![\w.$/])insomnia\.(?=(?:environment|collectionVariables|globals|variables|"
                           r"iterationData|request|response|test|expect|sendRequest|info|cookies|vault|execution|"
                           r"baseEnvironment|parentFolders)\b)")


def _events(res: Mapping[str, Any], ctx: _Context) -> list[dict[str, Any]]:
    """Insomnia's scripts as Postman events (see the module doc)."""
    events = []
    for key, listen in (("preRequestScript", "prerequest"), ("afterResponseScript", "test")):
        script = res.get(key)
        if isinstance(script, str) and script.strip():
            ctx.scripts += 1
            exec_ = _INSOMNIA_API.sub("pm.", script).split("\n")
            events.append({"listen": listen, "script": {"type": "text/javascript", "exec": exec_}})
    return events


def _order(item: tuple[int, dict[str, Any]]) -> tuple[float, int]:
    key = item[1].get("metaSortKey")
    return (float(key) if isinstance(key, int | float) and not isinstance(key, bool) else 0.0, item[0])


def _tree(parent_id: str, children: Mapping[str, list[tuple[int, dict[str, Any]]]], placed: set[str],
          ctx: _Context, depth: int) -> list[FolderNode | RequestNode]:
    out: list[FolderNode | RequestNode] = []
    for i, res in sorted(children.get(parent_id, []), key=_order):
        if res["_type"] in ("request", "request_group") and res["_id"] not in placed:
            out.append(_node(i, res, children, placed, ctx, depth))
    return out


def _node(i: int, res: dict[str, Any], children: Mapping[str, list[tuple[int, dict[str, Any]]]], placed: set[str],
          ctx: _Context, depth: int) -> FolderNode | RequestNode:
    where = _where(i, res)
    if depth > MAX_DEPTH:
        raise ImportError_(f"Folders nest more than {MAX_DEPTH} levels deep.", location=where)
    placed.add(res["_id"])
    if res["_type"] == "request":
        return _request(res, where, ctx)
    kids = _tree(res["_id"], children, placed, ctx, depth + 1)
    doc: dict[str, Any] = {
        "name": truncate_name(str(res.get("name") or ""), "Untitled folder"),
        "description": str(res.get("description") or ""),
        "headers": _headers(res.get("headers"), ctx, where),
        "auth": _auth(res.get("authentication"), ctx, where),
        "variables": [],
        "events": _events(res, ctx),
    }
    env = res.get("environment")
    if isinstance(env, dict) and env:
        for key, value in _flatten(env, ctx, where):
            if "{" in key or "}" in key:
                ctx.warnings.append(f"{where}: folder variable {key!r} has braces in its name; left out.")
            else:
                doc["variables"].append({"key": key, "value": value})
    return build_folder(doc, kids, where)


def _rows(value: Any, ctx: _Context, where: str) -> list[dict[str, Any]]:
    """Insomnia's `[{name, value, disabled, description}]` as our rows."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise ImportError_("Expected a list of {name, value} objects.", location=where)
    rows = []
    for k, item in enumerate(value):
        if not isinstance(item, dict):
            raise ImportError_("Expected an object with a `name`.", location=f"{where}[{k}]")
        name, val = ctx.template(item.get("name")), ctx.template(item.get("value"))
        if not name and not val:
            continue  # Insomnia keeps an empty row at the bottom of every table
        rows.append({"key": name, "value": val, "enabled": not item.get("disabled", False),
                     "description": str(item.get("description") or "")})
    return rows


def _headers(value: Any, ctx: _Context, where: str) -> list[dict[str, Any]]:
    return _rows(value, ctx, f"{where}.headers")


def _request(res: dict[str, Any], where: str, ctx: _Context) -> RequestNode:
    url = ctx.template(res.get("url")).strip()
    params = query_rows(url)
    extra = _rows(res.get("parameters"), ctx, f"{where}.parameters")
    url = append_query(url, [encode_pair(r["key"], r["value"]) for r in extra if r["enabled"]])
    params += extra
    headers = _headers(res.get("headers"), ctx, where)
    label = f"{where} ({res.get('name') or 'request'})"
    body, headers = _body(res.get("body"), headers, ctx, f"{where}.body", label)

    settings: dict[str, Any] = {}
    follow = res.get("settingFollowRedirects")
    if follow in ("on", "off"):
        settings["follow_redirects"] = follow == "on"
    extras = {k: v for k, v in res.items()
              if k.startswith("setting") and k != "settingFollowRedirects" and isinstance(v, bool | str | int)}
    method = res.get("method") if isinstance(res.get("method"), str) and res.get("method") else "GET"
    doc: dict[str, Any] = {
        "name": truncate_name(str(res.get("name") or ""), "Untitled request"),
        "method": str(method).strip(),
        "url": url,
        "params": params,
        "path_variables": _rows(res.get("pathParameters"), ctx, f"{where}.pathParameters"),
        "headers": headers,
        "body": body,
        "auth": _auth(res.get("authentication"), ctx, where),
        "settings": settings,
        "description": str(res.get("description") or ""),
        "events": _events(res, ctx),
    }
    if extras:
        doc["extras"] = {"insomnia": extras}
    return build_request(doc, where)


def _body(body: Any, headers: list[dict[str, Any]], ctx: _Context, where: str,
          label: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    if not body:
        return {"mode": "none"}, headers
    if not isinstance(body, dict):
        raise ImportError_("`body` must be an object.", location=where)
    mime = body.get("mimeType") if isinstance(body.get("mimeType"), str) else ""
    media = media_type(mime)
    text = ctx.template(body["text"]) if isinstance(body.get("text"), str) else ""

    if media == "application/graphql":
        return _graphql(text, ctx, where, label), headers
    mode = mode_for(media)
    if mode == "urlencoded":
        rows = [{k: r[k] for k in ("key", "value", "enabled", "description")}
                for r in _rows(body.get("params"), ctx, f"{where}.params")]
        return {"mode": "urlencoded", "urlencoded": rows}, headers
    if mode == "formdata":
        rows = []
        for k, p in enumerate(body.get("params") or []):
            if not isinstance(p, dict):
                raise ImportError_("Expected an object with a `name`.", location=f"{where}.params[{k}]")
            row: dict[str, Any] = {"key": ctx.template(p.get("name")), "enabled": not p.get("disabled", False),
                                   "description": str(p.get("description") or "")}
            if p.get("type") == "file":
                path = p["fileName"] if isinstance(p.get("fileName"), str) else ""
                row |= {"type": "file", "value": "", "filename": basename(path) or None}
            else:
                row |= {"type": "text", "value": ctx.template(p.get("value"))}
            rows.append(row)
        file_rows_warning(rows, ctx.warnings, label)
        # the boundary of a stored multipart Content-Type would not match the one the executor writes
        return {"mode": "formdata", "formdata": rows}, drop_headers(headers, "content-type")
    file_name = body.get("fileName")
    if isinstance(file_name, str) and file_name and not text:
        ctx.warnings.append(f"{label}: the body is the file {basename(file_name)!r}, which an export does not "
                            "carry; attach it to the binary body.")
        return {"mode": "binary", "binary": {"filename": basename(file_name),
                                             "content_type": mime or None}}, headers
    if not text:
        return {"mode": "none"}, headers
    result = raw_body(mode or "text", text, ctx.warnings, label)
    if mime and find_header(headers, "content-type") is None and result["mode"] != "none" and media != {
            "json": "application/json", "xml": "application/xml", "text": "text/plain"}.get(result["mode"]):
        headers = [*headers, {"key": "Content-Type", "value": mime}]
    return result, headers


def _graphql(text: str, ctx: _Context, where: str, label: str) -> dict[str, Any]:
    # Insomnia stores a GraphQL body as the JSON it sends: {"query", "variables", "operationName"}
    try:
        payload = json.loads(text) if text else {}
    except ValueError:
        payload = None
    if not isinstance(payload, dict):
        return raw_body("json", text, ctx.warnings, label)
    variables = payload.get("variables")
    gql: dict[str, Any] = {
        "query": str(payload.get("query") or ""),
        "variables": "" if variables in (None, {}, "") else
        variables if isinstance(variables, str) else json.dumps(variables, indent=2, ensure_ascii=False),
    }
    if isinstance(payload.get("operationName"), str) and payload["operationName"]:
        gql["operation_name"] = payload["operationName"]
    return {"mode": "graphql", "graphql": gql}


def _auth(auth: Any, ctx: _Context, where: str) -> dict[str, Any]:
    if not auth:
        return {"type": "inherit"}
    if not isinstance(auth, dict):
        raise ImportError_("`authentication` must be an object.", location=f"{where}.authentication")
    kind = auth.get("type")
    if kind == "none" or auth.get("disabled") is True:
        return {"type": "noauth"}  # chosen "No Auth", or switched off: either way nothing is sent
    if kind is None:
        return {"type": "inherit"}

    def t(key: str) -> str:
        return ctx.template(auth.get(key))

    if kind == "basic":
        return {"type": "basic", "attributes": auth_attrs(username=t("username"), password=t("password"))}
    if kind == "digest":
        return {"type": "digest", "attributes": auth_attrs(username=t("username"), password=t("password"))}
    if kind == "ntlm":
        return {"type": "ntlm", "attributes": auth_attrs(username=t("username"), password=t("password"))}
    if kind == "bearer":
        prefix = t("prefix").strip()
        if prefix and prefix.lower() != "bearer":
            return {"type": "apikey",
                    "attributes": auth_attrs(key="Authorization", value=f"{prefix} {t('token')}", **{"in": "header"})}
        return {"type": "bearer", "attributes": auth_attrs(token=t("token"))}
    if kind == "apikey":
        add_to = auth.get("addTo") or "header"
        if add_to == "cookie":
            return {"type": "apikey", "attributes": auth_attrs(key="Cookie", value=f"{t('key')}={t('value')}",
                                                               **{"in": "header"})}
        return {"type": "apikey", "attributes": auth_attrs(key=t("key"), value=t("value"),
                                                           **{"in": "query" if add_to == "queryParams" else "header"})}
    if kind == "oauth2":
        return _oauth2(auth, t)
    if kind == "iam":
        return {"type": "awsv4", "attributes": auth_attrs(
            accessKey=t("accessKeyId"), secretKey=t("secretAccessKey"), sessionToken=t("sessionToken"),
            region=t("region"), service=t("service"))}
    if kind == "hawk":
        return {"type": "hawk", "attributes": auth_attrs(
            authId=t("id"), authKey=t("key"), algorithm=t("algorithm") or "sha256", extraData=t("ext"),
            includePayloadHash=bool(auth.get("validatePayload")))}
    if kind == "oauth1":
        return {"type": "oauth1", "attributes": auth_attrs(
            consumerKey=t("consumerKey"), consumerSecret=t("consumerSecret"), token=t("tokenKey"),
            tokenSecret=t("tokenSecret"), signatureMethod=t("signatureMethod") or "HMAC-SHA1", nonce=t("nonce"),
            timestamp=t("timestamp"), version=t("version") or "1.0", realm=t("realm"), callback=t("callback"),
            verifier=t("verifier"), privateKey=t("privateKey"), includeBodyHash=bool(auth.get("includeBodyHash")),
            addParamsToHeader=True)}
    if kind == "asap":
        return {"type": "asap", "attributes": auth_attrs(
            kid=t("keyId"), iss=t("issuer"), sub=t("subject"), aud=t("audience"), privateKey=t("privateKey"),
            claims=t("additionalClaims"), alg="RS256")}
    ctx.warnings.append(f"{where}: Insomnia authentication {kind!r} has no equivalent here; the request inherits "
                        "its folder's instead.")
    return {"type": "inherit"}


def _oauth2(auth: Mapping[str, Any], t: Any) -> dict[str, Any]:
    grant = _GRANTS.get(str(auth.get("grantType") or "authorization_code"), "authorization_code")
    if grant == "authorization_code" and auth.get("usePkce"):
        grant = "authorization_code_with_pkce"
    values: dict[str, Any] = {
        "grant_type": grant, "accessTokenUrl": t("accessTokenUrl"), "authUrl": t("authorizationUrl"),
        "clientId": t("clientId"), "clientSecret": t("clientSecret"), "scope": t("scope"), "state": t("state"),
        "redirect_uri": t("redirectUrl"), "username": t("username"), "password": t("password"),
        "client_authentication": "body" if auth.get("credentialsInBody") else "header",
        "addTokenTo": "header",
    }
    if t("tokenPrefix").strip():
        values["headerPrefix"] = t("tokenPrefix").strip()
    if grant == "authorization_code_with_pkce":
        values["challengeAlgorithm"] = "plain" if auth.get("pkceMethod") == "plain" else "S256"
    attrs = auth_attrs(**values)
    extra = [{"key": k, "value": t(k), "enabled": True, "send_as": "request_body"}
             for k in ("audience", "resource") if t(k)]
    if extra:
        # sent with the token request, as Insomnia does (Postman's "advanced" token request rows)
        attrs.append({"key": "tokenRequestParams", "value": extra, "type": "any"})
    return {"type": "oauth2", "attributes": attrs}


def _flatten(data: Mapping[str, Any], ctx: _Context, where: str, prefix: str = "",
             depth: int = 0) -> list[tuple[str, str]]:
    """`{"a": {"b": 1}, "c": [1]}` → [("a.b", "1"), ("c", "[1]")]: how Nunjucks' `_.a.b` names them."""
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value and depth < MAX_DEPTH:
            out += _flatten(value, ctx, where, name + ".", depth + 1)
        elif isinstance(value, str):
            out.append((name, ctx.template(value)))
        elif value is None:
            out.append((name, ""))
        else:
            try:
                out.append((name, json.dumps(value, ensure_ascii=False)))
            except (ValueError, RecursionError):
                raise ImportError_("An environment value nests too deeply.", location=f"{where}.data.{name}") from None
    return out


def _environments(resources: list[dict[str, Any]], by_id: Mapping[str, tuple[int, dict[str, Any]]],
                  workspaces: list[tuple[int, dict[str, Any]]], ctx: _Context) -> list[EnvironmentData]:
    envs = [(i, r) for i, r in enumerate(resources) if r["_type"] == "environment"]
    env_ids = {r["_id"] for _, r in envs}
    many_workspaces = len(workspaces) > 1
    out: list[EnvironmentData] = []
    for i, base in sorted(envs, key=_order):
        if base.get("parentId") in env_ids:
            continue  # a sub-environment: handled with its base
        parent = by_id.get(str(base.get("parentId")))
        workspace_name = str(parent[1].get("name") or "") if parent else ""
        base_rows = _env_rows(base, ctx, _where(i, base))
        subs = sorted([(j, r) for j, r in envs if r.get("parentId") == base["_id"]], key=_order)
        targets = subs or [(i, base)]
        for j, env in targets:
            merged: dict[str, str] = dict(base_rows) if env is not base else {}
            merged.update(_env_rows(env, ctx, _where(j, env)))
            name = str(env.get("name") or "Environment")
            if many_workspaces and workspace_name:
                name = f"{workspace_name} / {name}"
            secret = bool(env.get("isPrivate"))
            variables = [{"key": k, "value": v, "enabled": True, "secret": secret} for k, v in merged.items() if k]
            name = truncate_name(name, "Environment")
            try:
                # the store takes environments through EnvironmentDoc: refuse here, with a location, what it would
                EnvironmentDoc.model_validate({"name": name, "variables": variables})
            except ValidationError as exc:
                err = exc.errors()[0]
                loc = ".".join(str(p) for p in err.get("loc", ()))
                raise ImportError_(f"The environment {name!r} cannot be imported: {loc}: {err.get('msg')}.",
                                   location=f"{_where(j, env)}.data") from None
            out.append(EnvironmentData(name=name, variables=variables))
    return out


def _env_rows(env: Mapping[str, Any], ctx: _Context, where: str) -> dict[str, str]:
    data = env.get("data")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ImportError_("An environment's `data` must be an object.", location=f"{where}.data")
    return dict(_flatten(data, ctx, where))
