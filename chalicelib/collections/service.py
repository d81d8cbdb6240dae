"""The tree of a workspace: collections, folders nested to any depth, and requests with their snapshots.

Each tree node has a small summary item (NODE#) in the workspace partition, so the whole sidebar is one Query,
whatever the size of the request documents (REQ#), which live beside it. Folder documents (what requests inherit:
auth, headers, variables, description) are small and live in their NODE item.

Order among siblings is a float `pos`: new nodes take the clock in milliseconds (so they land last without reading
their siblings); a move takes the midpoint of its new neighbours, and renumbers the siblings only when the gap gets
too small to split.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from chalicelib.accounts.service import Principal
from chalicelib.collections.models import FolderIn, FolderPatch, MoveIn, RequestIn, RequestUpdate
from chalicelib.common.ids import is_id, iso, new_id, now
from chalicelib.errors import BadRequest, Conflict, NotFound
from chalicelib.ports import Store
from chalicelib.schema.documents import FolderDoc, RequestDoc
from chalicelib.schema.migrate import stamp, upgrade
from chalicelib.storage import keys
from chalicelib.storage.records import Check, Put, Record, TransactionConflict
from chalicelib.workspaces.roles import require

Membership = dict[str, Any] | None
MIN_GAP = 1e-6
_FOLDER_KINDS = ("collection", "folder")


@dataclass
class Node:
    id: str
    kind: str
    parent: str | None
    pos: float
    data: dict[str, Any]
    children: list[Node] = field(default_factory=list)


@dataclass
class Tree:
    nodes: dict[str, Node]
    roots: list[Node]

    def subtree(self, nid: str) -> list[Node]:
        out, stack = [], [self.nodes[nid]]
        while stack:
            node = stack.pop()
            out.append(node)
            stack.extend(node.children)
        return out

    def siblings(self, parent: str | None) -> list[Node]:
        return self.nodes[parent].children if parent else self.roots


def _load_tree(store: Store, ws: str) -> Tree:
    nodes = {}
    for rec in store.query_all(keys.ws_partition(ws), prefix="NODE#"):
        doc = upgrade("node", rec.data)
        nodes[doc["id"]] = Node(doc["id"], doc["kind"], doc.get("parent"), float(doc["pos"]), doc)
    roots: list[Node] = []
    for node in nodes.values():
        if node.parent is None:
            roots.append(node)
        elif node.parent in nodes:
            nodes[node.parent].children.append(node)
        # else: an orphan. Imports and deep copies write children before their root, so a write cut short leaves
        # only unreachable items, never a half tree; they are not shown.
    reachable: dict[str, Node] = {}
    stack = list(roots)
    while stack:
        node = stack.pop()
        reachable[node.id] = node
        stack.extend(node.children)
    nodes = reachable
    for node in nodes.values():
        node.children.sort(key=lambda n: (n.pos, n.id))
    roots.sort(key=lambda n: (n.pos, n.id))
    return Tree(nodes, roots)


def _summary(node: Node) -> dict[str, Any]:
    d = node.data
    out: dict[str, Any] = {"id": node.id, "kind": node.kind, "name": d["name"], "parent_id": node.parent}
    if node.kind == "request":
        out.update(method=d.get("method", "GET"), url=d.get("url", ""))
    else:
        out.update(auth_type=(d.get("doc") or {}).get("auth", {}).get("type", "inherit"),
                   children=[_summary(c) for c in node.children])
    return out


def tree(store: Store, ws: str, membership: Membership) -> dict[str, Any]:
    require(membership, "viewer")
    t = _load_tree(store, ws)
    counts = {"collections": 0, "folders": 0, "requests": 0}
    for n in t.nodes.values():
        counts[{"collection": "collections", "folder": "folders", "request": "requests"}[n.kind]] += 1
    return {"workspace_id": ws, "items": [_summary(n) for n in t.roots], "counts": counts}


# --- node records --------------------------------------------------------------------------------------------------

def _node_record(ws: str, nid: str, kind: str, parent: str | None, pos: float, **extra: Any) -> Record:
    return Record(*keys.node(ws, nid), kind="node",
                  data=stamp("node", {"id": nid, "kind": kind, "parent": parent, "pos": pos, **extra}))


def _get_node(store: Store, ws: str, nid: str, kinds: Iterable[str]) -> Record:
    rec = store.get(*keys.node(ws, nid)) if is_id(nid) else None
    if not rec or rec.data["kind"] not in kinds:
        raise NotFound("No such folder." if "request" not in kinds else "No such request.")
    rec.data = upgrade("node", rec.data)
    return rec


def _check_parent(store: Store, ws: str, parent_id: str) -> None:
    rec = store.get(*keys.node(ws, parent_id)) if is_id(parent_id) else None
    if not rec or rec.data["kind"] not in _FOLDER_KINDS:
        raise BadRequest("The parent must be a collection or folder of this workspace.",
                         code="VALIDATION_ERROR", details={"parent_id": "no such folder"})


# --- folders -----------------------------------------------------------------------------------------------------

def _public_folder(ws: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"id": data["id"], "workspace_id": ws, "kind": data["kind"], "parent_id": data.get("parent"),
            **data["doc"], "updated_at": data.get("updated_at")}


def create_folder(store: Store, who: Principal, ws: str, membership: Membership, body: FolderIn) -> dict[str, Any]:
    require(membership, "editor")
    if body.parent_id:
        _check_parent(store, ws, body.parent_id)
    nid = new_id("fld")
    doc = FolderDoc.model_validate(body.model_dump(exclude={"parent_id"})).model_dump()
    rec = _node_record(ws, nid, "folder" if body.parent_id else "collection", body.parent_id, now() * 1000,
                       name=doc["name"], doc=doc, updated_at=iso(), updated_by=who.uid)
    store.put(rec, must_not_exist=True)
    return _public_folder(ws, rec.data)


def get_folder(store: Store, ws: str, membership: Membership, fid: str) -> dict[str, Any]:
    require(membership, "viewer")
    return _public_folder(ws, _get_node(store, ws, fid, _FOLDER_KINDS).data)


def update_folder(store: Store, who: Principal, ws: str, membership: Membership, fid: str,
                  body: FolderPatch) -> dict[str, Any]:
    require(membership, "editor")
    rec = _get_node(store, ws, fid, _FOLDER_KINDS)
    doc = {**rec.data["doc"], **body.model_dump(exclude_unset=True)}
    doc = FolderDoc.model_validate(doc).model_dump()
    rec.data.update(doc=doc, name=doc["name"], updated_at=iso(), updated_by=who.uid)
    store.put(rec)
    return _public_folder(ws, rec.data)


def delete_folder(store: Store, ws: str, membership: Membership, fid: str) -> dict[str, Any]:
    require(membership, "editor")
    _get_node(store, ws, fid, _FOLDER_KINDS)
    doomed = _load_tree(store, ws).subtree(fid)
    _delete_nodes(store, ws, doomed)
    return {"deleted": len(doomed)}


def _delete_nodes(store: Store, ws: str, nodes: list[Node]) -> None:
    # Snapshot keys follow from each request's version (1..ver): one BatchGetItem per 100 requests, no Query each.
    docs = store.batch_get([keys.request(ws, n.id) for n in nodes if n.kind == "request"])
    wanted: list[tuple[str, str]] = []
    for rec in docs.values():
        rid = rec.sk.removeprefix("REQ#")
        wanted.append((rec.pk, rec.sk))
        wanted.extend(keys.snapshot(ws, rid, v) for v in range(1, int(rec.ver or 0) + 1))
    # Children before parents, summaries last: a delete cut short leaves no orphan without its tree node.
    store.batch_delete(wanted)
    store.batch_delete(keys.node(ws, n.id) for n in reversed(nodes))


def move(store: Store, who: Principal, ws: str, membership: Membership, nid: str, body: MoveIn,
         kinds: tuple[str, ...]) -> dict[str, Any]:
    require(membership, "editor")
    t = _load_tree(store, ws)
    node = t.nodes.get(nid)
    if not node or node.kind not in kinds:
        raise NotFound("No such request." if "request" in kinds else "No such folder.")
    target = body.parent_id
    if target is not None:
        parent = t.nodes.get(target)
        if not parent or parent.kind not in _FOLDER_KINDS:
            raise BadRequest("The new parent must be a collection or folder of this workspace.",
                             code="VALIDATION_ERROR", details={"parent_id": "no such folder"})
        if node.kind != "request" and any(n.id == target for n in t.subtree(nid)):
            raise Conflict("A folder cannot move into itself or one of its own folders.", code="MOVE_CYCLE",
                           details={"parent_id": "inside the moved folder"})
    elif node.kind == "request":
        raise BadRequest("A request must live in a collection or folder.", code="VALIDATION_ERROR",
                         details={"parent_id": "required for requests"})
    siblings = [s for s in t.siblings(target) if s.id != nid]
    pos, renumbered = _position(siblings, body.index)
    node.data.update(parent=target, pos=pos, updated_at=iso(), updated_by=who.uid)
    if node.kind != "request":
        node.data["kind"] = "folder" if target else "collection"
    records = [_node_record(ws, s.id, s.kind, s.parent, s.pos, **_extra(s.data)) for s in renumbered]
    records.append(_node_record(ws, nid, node.data["kind"], target, pos, **_extra(node.data)))
    store.batch_put(records)
    return {"id": nid, "kind": node.data["kind"], "parent_id": target, "index": _index_of(siblings, pos)}


def _extra(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in ("id", "kind", "parent", "pos", "v")}


def _index_of(siblings: list[Node], pos: float) -> int:
    return sum(1 for s in siblings if s.pos < pos)


def _position(siblings: list[Node], index: int | None) -> tuple[float, list[Node]]:
    """A pos that puts a node at `index` among `siblings` (sorted), and the siblings that had to be renumbered."""
    if not siblings:
        return now() * 1000, []
    if index is None or index >= len(siblings):
        return max(siblings[-1].pos + 1024, now() * 1000), []
    if index == 0:
        return siblings[0].pos - 1024, []
    lo, hi = siblings[index - 1].pos, siblings[index].pos
    if hi - lo > MIN_GAP * max(1.0, abs(lo)):
        return (lo + hi) / 2, []
    for i, s in enumerate(siblings):  # too close to split: spread them out again
        s.pos = float((i + 1) * 1024)
    return (siblings[index - 1].pos + siblings[index].pos) / 2, siblings


def _after(t: Tree, node: Node) -> float:
    sibs = t.siblings(node.parent)
    i = next(i for i, s in enumerate(sibs) if s.id == node.id)
    if i + 1 < len(sibs):
        return (node.pos + sibs[i + 1].pos) / 2
    return node.pos + 1024


def duplicate_folder(store: Store, who: Principal, ws: str, membership: Membership, fid: str) -> dict[str, Any]:
    require(membership, "editor")
    t = _load_tree(store, ws)
    root = t.nodes.get(fid)
    if not root or root.kind not in _FOLDER_KINDS:
        raise NotFound("No such folder.")
    originals = t.subtree(fid)
    docs = store.batch_get([keys.request(ws, n.id) for n in originals if n.kind == "request"])
    new_ids = {n.id: new_id("fld" if n.kind != "request" else "req") for n in originals}
    stamp_at, records = iso(), []
    for n in originals:
        is_root = n.id == fid
        parent = n.parent if is_root else new_ids[n.parent or ""]
        pos = _after(t, n) if is_root else n.pos
        extra = _extra(n.data) | {"updated_at": stamp_at, "updated_by": who.uid}
        if is_root:
            extra["name"] = f"{n.data['name']} (copy)"
            extra["doc"] = {**n.data["doc"], "name": extra["name"]}
        records.append(_node_record(ws, new_ids[n.id], n.kind, parent, pos, **extra))
        if n.kind == "request":
            original = docs.get(keys.request(ws, n.id))
            if original:
                doc = upgrade("request", original.data)["doc"]
                records.extend(_request_records(ws, who, new_ids[n.id], doc, 1, created=None))
    # Deep copies can exceed a transaction's 100 items: written in batches, summaries last, so a copy cut short
    # shows no half-copied folder in the tree (its stray request documents are unreachable and harmless).
    store.batch_put([r for r in records if not r.sk.startswith("NODE#")])
    store.batch_put([r for r in records if r.sk.startswith("NODE#")])
    return {"id": new_ids[fid], "copied": len(originals)}


# --- requests ----------------------------------------------------------------------------------------------------

def _request_records(ws: str, who: Principal, rid: str, doc: dict[str, Any], version: int,
                     created: dict[str, Any] | None) -> list[Record]:
    at = iso()
    meta = created or {"created_at": at, "created_by": who.uid}
    req = Record(*keys.request(ws, rid), kind="request", ver=version,
                 data=stamp("request", {"id": rid, "doc": doc, **meta, "updated_at": at, "updated_by": who.uid}))
    snap = Record(*keys.snapshot(ws, rid, version), kind="snapshot",
                  data=stamp("snapshot", {"id": rid, "version": version, "doc": doc, "saved_at": at,
                                          "saved_by": who.uid}))
    return [req, snap]


def _public_request(ws: str, node: dict[str, Any], req: Record) -> dict[str, Any]:
    data = upgrade("request", req.data)
    return {"id": data["id"], "workspace_id": ws, "parent_id": node.get("parent"), "version": req.ver,
            "created_at": data["created_at"], "created_by": data["created_by"], "updated_at": data["updated_at"],
            "updated_by": data["updated_by"], **data["doc"]}


def _summary_fields(doc: dict[str, Any]) -> dict[str, Any]:
    return {"name": doc["name"], "method": doc["method"], "url": doc["url"][:300]}


def create_request(store: Store, who: Principal, ws: str, membership: Membership, body: RequestIn) -> dict[str, Any]:
    require(membership, "editor")
    doc = RequestDoc.model_validate(body.model_dump(exclude={"parent_id"})).model_dump()
    return _insert_request(store, who, ws, body.parent_id, doc, now() * 1000)


def _insert_request(store: Store, who: Principal, ws: str, parent: str, doc: dict[str, Any],
                    pos: float) -> dict[str, Any]:
    rid = new_id("req")
    node = _node_record(ws, rid, "request", parent, pos, **_summary_fields(doc))
    req, snap = _request_records(ws, who, rid, doc, 1, created=None)
    try:
        store.transact([Check(*keys.node(ws, parent)), Put(node, must_not_exist=True),
                        Put(req, must_not_exist=True), Put(snap, must_not_exist=True)])
    except TransactionConflict:
        raise BadRequest("The parent must be a collection or folder of this workspace.", code="VALIDATION_ERROR",
                         details={"parent_id": "no such folder"}) from None
    return _public_request(ws, node.data, req)


def load_request(store: Store, ws: str, rid: str) -> tuple[Record, Record]:
    if not is_id(rid, "req"):
        raise NotFound("No such request.")
    found = store.batch_get([keys.node(ws, rid), keys.request(ws, rid)])
    node, req = found.get(keys.node(ws, rid)), found.get(keys.request(ws, rid))
    if not node or not req:
        raise NotFound("No such request.")
    node.data = upgrade("node", node.data)
    return node, req


def get_request(store: Store, ws: str, membership: Membership, rid: str) -> dict[str, Any]:
    require(membership, "viewer")
    node, req = load_request(store, ws, rid)
    return _public_request(ws, node.data, req)


def update_request(store: Store, who: Principal, ws: str, membership: Membership, rid: str,
                   body: RequestUpdate) -> dict[str, Any]:
    require(membership, "editor")
    node, req = load_request(store, ws, rid)
    doc = RequestDoc.model_validate(body.model_dump(exclude=RequestUpdate.READ_ONLY)).model_dump()
    return _save(store, who, ws, node, req, doc, body.version)


def _save(store: Store, who: Principal, ws: str, node: Record, req: Record, doc: dict[str, Any],
          expected: int) -> dict[str, Any]:
    if req.ver != expected:
        raise _stale(ws, node, req)
    current = upgrade("request", req.data)
    new_req, snap = _request_records(ws, who, req.data["id"], doc, expected + 1,
                                     created={"created_at": current["created_at"],
                                              "created_by": current["created_by"]})
    node.data.update(_summary_fields(doc))
    try:
        store.transact([Put(new_req, expect_ver=expected), Put(node), Put(snap, must_not_exist=True)])
    except TransactionConflict:
        node, req = load_request(store, ws, req.data["id"])
        raise _stale(ws, node, req) from None
    return _public_request(ws, node.data, new_req)


def _stale(ws: str, node: Record, req: Record) -> Conflict:
    return Conflict("Someone saved this request meanwhile; here is their version.", code="VERSION_CONFLICT",
                    details={"current": _public_request(ws, node.data, req)})


def delete_request(store: Store, ws: str, membership: Membership, rid: str) -> None:
    require(membership, "editor")
    node, _ = load_request(store, ws, rid)
    _delete_nodes(store, ws, [Node(rid, "request", node.data.get("parent"), 0.0, node.data)])


def duplicate_request(store: Store, who: Principal, ws: str, membership: Membership, rid: str) -> dict[str, Any]:
    require(membership, "editor")
    _, req = load_request(store, ws, rid)
    t = _load_tree(store, ws)
    original = t.nodes[rid]
    doc = dict(upgrade("request", req.data)["doc"])
    doc["name"] = f"{doc['name']} (copy)"[:200]
    return _insert_request(store, who, ws, original.parent or "", doc, _after(t, original))


# --- snapshots ---------------------------------------------------------------------------------------------------

def list_snapshots(store: Store, ws: str, membership: Membership, rid: str, limit: int,
                   cursor: str | None) -> dict[str, Any]:
    require(membership, "viewer")
    load_request(store, ws, rid)
    recs, nxt = store.query_page(keys.ws_partition(ws), prefix=f"SNAP#{rid}#", limit=limit, cursor=cursor,
                                 forward=False, scope=f"snap#{ws}#{rid}")
    items = []
    for r in recs:
        d = upgrade("snapshot", r.data)
        items.append({"version": d["version"], "saved_at": d["saved_at"], "saved_by": d["saved_by"],
                      "name": d["doc"]["name"], "method": d["doc"]["method"], "url": d["doc"]["url"]})
    return {"items": items, "next_cursor": nxt}


def _load_snapshot(store: Store, ws: str, rid: str, version: int) -> dict[str, Any]:
    rec = store.get(*keys.snapshot(ws, rid, version))
    if not rec:
        raise NotFound("No such snapshot.")
    return upgrade("snapshot", rec.data)


def get_snapshot(store: Store, ws: str, membership: Membership, rid: str, version: int) -> dict[str, Any]:
    require(membership, "viewer")
    load_request(store, ws, rid)
    d = _load_snapshot(store, ws, rid, version)
    return {"version": d["version"], "saved_at": d["saved_at"], "saved_by": d["saved_by"], "request": d["doc"]}


def restore_snapshot(store: Store, who: Principal, ws: str, membership: Membership, rid: str, version: int,
                     expected: int | None) -> dict[str, Any]:
    require(membership, "editor")
    node, req = load_request(store, ws, rid)
    doc = RequestDoc.model_validate(_load_snapshot(store, ws, rid, version)["doc"]).model_dump()
    return _save(store, who, ws, node, req, doc, expected if expected is not None else int(req.ver or 0))
