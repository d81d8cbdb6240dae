"""Insomnia v5 exports (Insomnia 10 and later: `type: collection.insomnia.rest/5.0`, YAML) as the v4 resources they
stand for, so one importer (insomnia.py) reads both.

v5 is a tree where v4 is a flat list linked by `parentId`; the fields are the same ones renamed. The mapping below is
the one Insomnia applies when it reads its own v5 files: an item with `children` (or with neither `method` nor `url`)
is a folder, one with `method` a request, one with `reflectionApi` a gRPC request, any other with a `url` a
WebSocket/Socket.IO request; `meta` carries `id`, `sortKey` (v4 `metaSortKey`), `description` and `isPrivate`;
`scripts` are v4's `preRequestScript`/`afterResponseScript`; `settings` are v4's `setting*` switches; `environments`
is the base environment with its `subEnvironments`. `spec.insomnia.rest/5.0` (a design document) carries a
collection the same way; `environment.insomnia.rest/5.0` only environments.

Every resource keeps where it came from (`_where`, e.g. `collection[1].children[0]`), so a refusal names the place
in the file the user has.
"""

from __future__ import annotations

from typing import Any

from chalicelib.interop.tree import ImportError_

#: the v5 document types we read (a mock server or an MCP client holds no HTTP requests)
TYPES = ("collection.insomnia.rest/5", "spec.insomnia.rest/5", "environment.insomnia.rest/5")
#: deeper than any real collection (insomnia.py's own limit applies to the result as well)
MAX_DEPTH = 64


def is_v5(doc: Any) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("type"), str) and ".insomnia.rest/" in doc["type"]


def resources(doc: dict[str, Any]) -> list[dict[str, Any]]:
    kind = str(doc["type"])
    if not kind.startswith(TYPES):
        raise ImportError_(f"This Insomnia file is a {kind!r}; we import collections, design documents and "
                           "environments (collection.insomnia.rest/5.0, spec.…, environment.…).", location="type")
    meta = _meta(doc.get("meta"), "meta")
    ws_id = str(meta.get("id") or "__workspace__")
    out: list[dict[str, Any]] = []
    if not kind.startswith("environment."):  # an environment file makes no (empty) collection
        out.append({"_id": ws_id, "_type": "workspace", "parentId": None,
                    "name": doc.get("name") or "Insomnia collection", "description": meta.get("description") or "",
                    "_where": "document root"})
    ids = _Ids()
    ids.seen.add(ws_id)
    collection = doc.get("collection")
    if collection is not None:
        _walk(collection, ws_id, "collection", out, ids, 1)
    envs = doc.get("environments")
    if envs is not None:
        _environments(envs, ws_id, out, ids)
    jar = doc.get("cookieJar")
    if isinstance(jar, dict):
        out.append({"_id": ids.take(_meta(jar.get("meta"), "cookieJar.meta").get("id"), "jar"), "_type": "cookie_jar",
                    "parentId": ws_id, "name": jar.get("name") or "Cookie jar", "cookies": jar.get("cookies") or [],
                    "_where": "cookieJar"})
    return out


class _Ids:
    """v5 files may leave `meta.id` out (hand-written ones do); v4 links by id, so each resource gets a unique one."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def take(self, wanted: Any, prefix: str) -> str:
        value = wanted if isinstance(wanted, str) and wanted and wanted not in self.seen else ""
        n = len(self.seen)
        while not value or value in self.seen:
            n += 1
            value = f"__{prefix}_{n}__"
        self.seen.add(value)
        return value


def _meta(value: Any, where: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ImportError_("`meta` must be a mapping (id, sortKey, description, …).", location=where)
    return value


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _common(item: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    scripts = _mapping(item.get("scripts"))
    common: dict[str, Any] = {
        "name": item.get("name"),
        "description": meta.get("description") or "",
        "headers": item.get("headers"),
        "authentication": item.get("authentication"),
        "preRequestScript": scripts.get("preRequest") or "",
        "afterResponseScript": scripts.get("afterResponse") or "",
    }
    if isinstance(meta.get("sortKey"), int | float) and not isinstance(meta.get("sortKey"), bool):
        common["metaSortKey"] = meta["sortKey"]
    return common


def _walk(items: Any, parent: str, where: str, out: list[dict[str, Any]], ids: _Ids, depth: int) -> None:
    if not isinstance(items, list):
        raise ImportError_("A collection (or a folder's `children`) must be a list of folders and requests.",
                           location=where)
    if depth > MAX_DEPTH:
        raise ImportError_(f"Folders nest more than {MAX_DEPTH} levels deep.", location=where)
    for n, item in enumerate(items):
        at = f"{where}[{n}]"
        if not isinstance(item, dict):
            raise ImportError_("Each collection item is a mapping (a folder or a request).", location=at)
        meta = _meta(item.get("meta"), f"{at}.meta")
        common = _common(item, meta)
        if "method" in item:
            settings = _mapping(item.get("settings"))
            cookies = _mapping(settings.get("cookies"))
            switches = {
                "settingDisableRenderRequestBody": (not settings["renderRequestBody"]
                                                    if isinstance(settings.get("renderRequestBody"), bool) else None),
                "settingEncodeUrl": settings.get("encodeUrl"),
                "settingFollowRedirects": settings.get("followRedirects"),
                "settingSendCookies": cookies.get("send"),
                "settingStoreCookies": cookies.get("store"),
                "settingRebuildPath": settings.get("rebuildPath"),
            }
            out.append({"_id": ids.take(meta.get("id"), "req"), "_type": "request", "parentId": parent, **common,
                        "url": item.get("url"), "method": item.get("method"), "body": item.get("body"),
                        "parameters": item.get("parameters"), "pathParameters": item.get("pathParameters"),
                        **{k: v for k, v in switches.items() if v is not None}, "_where": at})
        elif "reflectionApi" in item:
            out.append({"_id": ids.take(meta.get("id"), "grpc"), "_type": "grpc_request", "parentId": parent,
                        "_where": at})
        elif "url" in item and "children" not in item:
            out.append({"_id": ids.take(meta.get("id"), "ws"), "_type": "websocket_request", "parentId": parent,
                        "_where": at})
        else:
            fid = ids.take(meta.get("id"), "fld")
            out.append({"_id": fid, "_type": "request_group", "parentId": parent, **common,
                        "environment": item.get("environment"), "_where": at})
            if item.get("children") is not None:
                _walk(item["children"], fid, f"{at}.children", out, ids, depth + 1)


def _environments(envs: Any, ws_id: str, out: list[dict[str, Any]], ids: _Ids) -> None:
    if not isinstance(envs, dict):
        raise ImportError_("`environments` is the base environment: a mapping with `data` and `subEnvironments`.",
                           location="environments")
    meta = _meta(envs.get("meta"), "environments.meta")
    base_id = ids.take(meta.get("id"), "env")
    out.append({"_id": base_id, "_type": "environment", "parentId": ws_id,
                "name": envs.get("name") or "Base Environment", "data": envs.get("data") or {},
                "isPrivate": bool(meta.get("isPrivate")), "metaSortKey": meta.get("sortKey", 0),
                "_where": "environments"})
    subs = envs.get("subEnvironments")
    if subs is None:
        return
    if not isinstance(subs, list):
        raise ImportError_("`subEnvironments` must be a list.", location="environments.subEnvironments")
    for n, sub in enumerate(subs):
        at = f"environments.subEnvironments[{n}]"
        if not isinstance(sub, dict):
            raise ImportError_("Each sub-environment is a mapping (name, data, meta).", location=at)
        sm = _meta(sub.get("meta"), f"{at}.meta")
        sort = sm.get("sortKey")
        out.append({"_id": ids.take(sm.get("id"), "env"), "_type": "environment", "parentId": base_id,
                    "name": sub.get("name") or f"Environment {n}", "data": sub.get("data") or {},
                    "isPrivate": bool(sm.get("isPrivate")),
                    "metaSortKey": sort if isinstance(sort, int | float) and not isinstance(sort, bool) else n,
                    "_where": at})
