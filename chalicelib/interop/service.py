"""Imports into a workspace and exports out of it, through the store.

An import is parsed completely first (pure importers; any error is a 400 before anything is written), then
written children-first with the collection's root node last: the tree shows only nodes reachable from a root, so
an import cut short leaves nothing visible, and a finished one appears at once.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalicelib.accounts.service import Principal
from chalicelib.collections import service as collections
from chalicelib.common.ids import is_id, iso, new_id, now
from chalicelib.environments.models import EnvironmentIn, GlobalsUpdate
from chalicelib.environments.service import create as create_environment
from chalicelib.environments.service import put_globals
from chalicelib.errors import BadRequest, NotFound, PayloadTooLarge
from chalicelib.interop.tree import MAX_IMPORT_BYTES, Bundle, FolderNode, ImportError_, RequestNode
from chalicelib.ports import Blobs, Keyring, Notifier, Queue, Store
from chalicelib.schema.documents import FolderDoc, RequestDoc
from chalicelib.schema.migrate import stamp, upgrade
from chalicelib.storage import keys
from chalicelib.storage.records import Record
from chalicelib.workspaces.roles import require

Membership = dict[str, Any] | None


def _importer(fmt: str) -> Callable[[bytes], Bundle]:
    if fmt == "postman":
        from chalicelib.interop.postman import import_collection

        return import_collection
    if fmt == "postman_environment":
        from chalicelib.interop.postman import import_environment

        return import_environment
    if fmt in ("openapi", "swagger"):
        from chalicelib.interop.openapi import import_spec

        return import_spec
    if fmt == "curl":
        from chalicelib.interop.curl import import_curl

        return lambda data: import_curl(data.decode("utf-8", errors="replace"))
    if fmt == "fetch":
        from chalicelib.interop.fetch import import_fetch

        return lambda data: import_fetch(data.decode("utf-8", errors="replace"))
    if fmt == "har":
        from chalicelib.interop.har import import_har

        return import_har
    if fmt == "insomnia":
        from chalicelib.interop.insomnia import import_insomnia

        return import_insomnia
    raise BadRequest(f"Unknown import format {fmt!r}.", details={"format": "unknown"})


def parse(content: bytes, fmt: str | None) -> Bundle:
    """Bytes → a Bundle, or a 400 that says where the input failed. Nothing is written here."""
    if len(content) > MAX_IMPORT_BYTES:
        raise PayloadTooLarge(f"Imports are limited to {MAX_IMPORT_BYTES // (1024 * 1024)} MiB.",
                              details={"limit": MAX_IMPORT_BYTES, "size": len(content)})
    try:
        if not fmt:
            from chalicelib.interop.detect import detect

            fmt = detect(content)
        return _importer(fmt)(content)
    except ImportError_ as exc:
        raise BadRequest(exc.message, code="IMPORT_FAILED",
                         details={"format": fmt, "location": exc.location}) from None
    except RecursionError:
        raise BadRequest("The file is nested too deeply to import.", code="IMPORT_FAILED",
                         details={"format": fmt}) from None


def request_from(command: str, fmt: str) -> dict[str, Any]:
    """The first request of a curl command line or a browser's fetch call (`fmt`), as a request document (nothing is
    written): what the builder does when one is pasted into its URL bar. Errors are the importer's (400 with a
    location)."""
    bundle = parse(command.encode(), fmt)
    found = [c for c in bundle.collections[0].children if isinstance(c, RequestNode)]
    return {"request": RequestDoc.model_validate(found[0].doc).model_dump(), "requests": len(found),
            "warnings": bundle.warnings}


def _records_for(ws: str, who: Principal, folder: FolderNode, parent: str | None, pos: float,
                 out: list[Record]) -> str:
    """Records of a folder subtree, children first; answers the folder's id (its NODE record comes last)."""
    fid = new_id("fld")
    doc = FolderDoc.model_validate(folder.doc).model_dump()
    for i, child in enumerate(folder.children):
        if isinstance(child, FolderNode):
            _records_for(ws, who, child, fid, float(i + 1) * 1024, out)
        else:
            rid = new_id("req")
            rdoc = RequestDoc.model_validate(child.doc).model_dump()
            out.extend(collections._request_records(ws, who, rid, rdoc, 1, created=None))
            out.append(collections._node_record(ws, rid, "request", fid, float(i + 1) * 1024,
                                                **collections._summary_fields(rdoc)))
    out.append(collections._node_record(ws, fid, "folder" if parent else "collection", parent, pos,
                                        name=doc["name"], doc=doc, updated_at=iso(), updated_by=who.uid))
    return fid


def _count(folder: FolderNode) -> tuple[int, int]:
    folders, requests = 1, 0
    for child in folder.children:
        if isinstance(child, FolderNode):
            f, r = _count(child)
            folders, requests = folders + f, requests + r
        else:
            requests += 1
    return folders, requests


def import_into(store: Store, keyring: Keyring, who: Principal, ws: str, membership: Membership, content: bytes,
                fmt: str | None, parent_id: str | None = None) -> dict[str, Any]:
    require(membership, "editor")
    if store.get(*keys.workspace(ws)) is None:
        raise NotFound("No such workspace.")
    if parent_id is not None:
        collections._check_parent(store, ws, parent_id)
    bundle = parse(content, fmt)
    created: list[dict[str, Any]] = []
    totals = {"folders": 0, "requests": 0}
    for folder in bundle.collections:
        records: list[Record] = []
        fid = _records_for(ws, who, folder, parent_id, now() * 1000, records)
        # Everything but the root node first, the root last: until then nothing of it is reachable in the tree.
        store.batch_put(records[:-1])
        store.batch_put(records[-1:])
        f, r = _count(folder)
        totals["folders"] += f
        totals["requests"] += r
        created.append({"id": fid, "name": folder.doc.get("name")})
    envs = []
    for env in bundle.environments:
        rows = [{"key": v["key"], "value": v.get("value", ""), "enabled": v.get("enabled", True),
                 "secret": bool(v.get("secret"))} for v in env.variables if v.get("key")]
        if env.kind == "globals":
            put_globals(store, keyring, who, ws, membership, GlobalsUpdate.model_validate({"variables": rows}))
            envs.append({"id": "globals", "name": "Globals"})
        else:
            made = create_environment(store, keyring, who, ws, membership,
                                      EnvironmentIn.model_validate({"name": env.name or "Imported", "variables": rows}))
            envs.append({"id": made["id"], "name": made["name"]})
    return {"format": bundle.source, "collections": created, "environments": envs, "warnings": bundle.warnings,
            **totals}


# --- export --------------------------------------------------------------------------------------------------------

def folder_tree(store: Store, ws: str, fid: str) -> FolderNode:
    """A collection or folder with everything under it, as the interop tree: one Query + a BatchGetItem per 100."""
    t = collections._load_tree(store, ws)
    root = t.nodes.get(fid)
    if not root or root.kind == "request":
        raise NotFound("No such collection or folder.")
    request_ids = [n.id for n in t.subtree(fid) if n.kind == "request"]
    docs: dict[str, dict[str, Any]] = {}
    for i in range(0, len(request_ids), 100):
        found = store.batch_get([keys.request(ws, rid) for rid in request_ids[i:i + 100]])
        for rec in found.values():
            docs[rec.sk.removeprefix("REQ#")] = upgrade("request", rec.data)["doc"]

    def build(node: collections.Node) -> FolderNode:
        out = FolderNode(doc=dict(node.data["doc"]))
        for child in node.children:
            if child.kind == "request":
                if child.id in docs:
                    out.children.append(RequestNode(doc=docs[child.id]))
            else:
                out.children.append(build(child))
        return out

    return build(root)


def render(store: Store, ws: str, fmt: str, target_id: str | None, uid: str = "") -> tuple[bytes, str, str]:
    """Answer (content, filename, content type) of an export."""
    if fmt == "har":
        return _history_har(store, ws, uid), f"history-{ws}.har", "application/json"
    if fmt in ("postman", "openapi"):
        if not target_id or not is_id(target_id, "fld"):
            raise BadRequest("Name the collection to export.", code="VALIDATION_ERROR",
                             details={"collection_id": "required"})
        tree = folder_tree(store, ws, target_id)
        name = str(tree.doc.get("name") or "collection")
        if fmt == "postman":
            from chalicelib.interop.postman import export_collection

            doc = export_collection(tree)
            return json.dumps(doc, indent=2, ensure_ascii=False).encode(), f"{name}.postman_collection.json", \
                "application/json"
        from chalicelib.interop.openapi import export_openapi

        return json.dumps(export_openapi(tree), indent=2, ensure_ascii=False).encode(), f"{name}.openapi.json", \
            "application/json"
    if fmt == "workspace":
        return _backup(store, ws), f"workspace-{ws}.json", "application/json"
    raise BadRequest(f"Unknown export format {fmt!r}.", details={"format": "unknown"})


def _history_har(store: Store, ws: str, uid: str, limit: int = 500) -> bytes:
    """The user's latest history entries in this workspace (up to `limit`) as one HAR log, oldest first."""
    from chalicelib.interop.har_export import har

    recs, _ = store.query_page(keys.history_partition(ws, uid), limit=limit, forward=False,
                               scope=f"har#{ws}#{uid}")
    ids = [upgrade("history", r.data)["id"] for r in recs]
    found: dict[str, dict[str, Any]] = {}
    for i in range(0, len(ids), 100):
        for rec in store.batch_get([keys.execution(eid) for eid in ids[i:i + 100]]).values():
            found[rec.pk.removeprefix("EXEC#")] = upgrade("execution", rec.data)
    executions = [found[eid] for eid in reversed(ids) if eid in found]
    return json.dumps(har(executions), ensure_ascii=False).encode()


def _backup(store: Store, ws: str) -> bytes:
    """Every collection as Postman v2.1 plus every environment (secret values left out: a backup is a file)."""
    from chalicelib.interop.postman import export_collection

    t = collections._load_tree(store, ws)
    cols = [export_collection(folder_tree(store, ws, root.id)) for root in t.roots]
    envs = []
    for rec in store.query_all(keys.ws_partition(ws), prefix="ENV#"):
        data = upgrade("environment", rec.data)
        envs.append({"name": data["name"], "kind": data["kind"], "values": [
            {"key": v["key"], "value": "" if v["secret"] else v["value"], "enabled": v["enabled"],
             "type": "secret" if v["secret"] else "default"} for v in data["variables"]]})
    meta = store.get(*keys.workspace(ws))
    return json.dumps({"workspace": (meta.data if meta else {}).get("name"), "exported_at": iso(),
                       "collections": cols, "environments": envs}, ensure_ascii=False).encode()


def new_export_record(ws: str, who: Principal, fmt: str, target_id: str | None) -> Record:
    xid = new_id("exp")
    return Record(*keys.export(ws, xid), kind="export", ttl=int(now()) + 7 * 86400,
                  data=stamp("export", {"id": xid, "ws": ws, "uid": who.uid, "format": fmt, "target_id": target_id,
                                        "status": "queued", "created_at": iso()}))


def create_export(store: Store, queue: Queue, who: Principal, ws: str, membership: Membership, fmt: str,
                  target_id: str | None) -> dict[str, Any]:
    require(membership, "viewer")
    if fmt not in EXPORT_FORMATS:
        raise BadRequest(f"Unknown export format {fmt!r}.", code="VALIDATION_ERROR",
                         details={"format": f"one of {', '.join(EXPORT_FORMATS)}"})
    if fmt not in ("workspace", "har") and (not target_id or store.get(*keys.node(ws, target_id)) is None):
        raise BadRequest("Name a collection or folder of this workspace to export.", code="VALIDATION_ERROR",
                         details={"collection_id": "no such collection"})
    rec = new_export_record(ws, who, fmt, target_id)
    store.put(rec, must_not_exist=True)
    queue.send({"kind": "export", "export_id": rec.data["id"], "ws": ws})
    return _public_export(rec.data, None)


def _public_export(data: dict[str, Any], blobs: Blobs | None) -> dict[str, Any]:
    out = {k: data.get(k) for k in ("id", "format", "status", "created_at", "completed_at", "filename", "size",
                                    "error")}
    out["workspace_id"] = data["ws"]
    if data.get("status") == "completed" and data.get("key") and blobs is not None:
        out["download_url"] = blobs.presign(data["key"], 3600)
    return out


def get_export(store: Store, blobs: Blobs, who: Principal, ws: str, membership: Membership,
               xid: str) -> dict[str, Any]:
    require(membership, "viewer")
    rec = store.get(*keys.export(ws, xid)) if is_id(xid, "exp") else None
    if not rec or rec.data["uid"] != who.uid:
        raise NotFound("No such export.")
    return _public_export(upgrade("export", rec.data), blobs)


def run_export(store: Store, blobs: Blobs, notifier: Notifier, ws: str, xid: str) -> str:
    from chalicelib.realtime import service as realtime

    rec = store.get(*keys.export(ws, xid))
    if rec is None:
        return "missing"
    data = upgrade("export", rec.data)
    if data["status"] == "completed":
        return "skipped"
    try:
        content, filename, ctype = render(store, ws, data["format"], data.get("target_id"), data["uid"])
    except (BadRequest, NotFound) as exc:
        data.update(status="failed", error=exc.message, completed_at=iso())
    else:
        key = f"exports/{ws}/{xid}/{filename}"
        blobs.put(key, content, ctype)
        data.update(status="completed", key=key, filename=filename, size=len(content), completed_at=iso())
    store.put(Record(rec.pk, rec.sk, kind=rec.kind, data=data, ttl=rec.ttl))
    public = _public_export(data, blobs)
    realtime.notify_user(store, notifier, data["uid"], {"type": "export.completed", "export": public},
                         {"type": "export.completed", "export": {"id": xid, "status": data["status"]},
                          "pointer": f"/workspaces/{ws}/exports/{xid}"})
    return str(data["status"])


EXPORT_FORMATS = ("postman", "openapi", "workspace", "har")
