"""Executions: recorded, queued on SQS, run by the executor Lambda, read back by polling or pushed over WebSocket;
and the history each one leaves.

An execution is one item (EXEC#{id}); its status moves queued → running → completed, each step a conditional write
on its version, so a redelivered SQS message never runs it twice. The history entry is written with
`must_not_exist` on its key, so it is never recorded twice either.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from chalicelib.accounts.service import Principal
from chalicelib.common.ids import is_id, iso, new_id, now
from chalicelib.config import settings
from chalicelib.errors import BadRequest, NotFound, RateLimited
from chalicelib.executions.models import ExecuteIn, ExecuteSavedIn, FileIn, RestoreIn
from chalicelib.ports import Blobs, Queue, Store
from chalicelib.schema.migrate import stamp, upgrade
from chalicelib.storage import keys
from chalicelib.storage.records import Check, Count, Put, Record, TransactionConflict
from chalicelib.workspaces.roles import require

Membership = dict[str, Any] | None
#: results larger than this go to S3 (a DynamoDB item stops at 400 KB, with the rest of the record beside it)
INLINE_RESULT_BYTES = 300_000
TRIGGERS = ("manual", "webhook", "schedule", "runner")


def _limits(who: Principal, ws: str) -> tuple[list[Count], int]:
    """The per-user and per-workspace counters of this minute, as conditional increments for the transaction that
    records the execution: over either limit, nothing is recorded and the caller gets 429."""
    cfg = settings()
    minute = int(now() // 60 * 60)
    counts = [Count(f"RL#exec-user#{who.uid}", str(minute), cfg.executions_per_user_minute, minute + 120),
              Count(f"RL#exec-ws#{ws}", str(minute), cfg.executions_per_workspace_minute, minute + 120)]
    return counts, minute + 60 - int(now())


def _check_environment(store: Store, ws: str, env_id: str | None) -> None:
    if env_id is None:
        return
    rec = store.get(*keys.environment(ws, env_id)) if is_id(env_id, "env") else None
    if not rec or rec.data.get("kind") == "globals":
        raise BadRequest("No such environment in this workspace.", code="VALIDATION_ERROR",
                         details={"environment_id": "no such environment"})


def _enqueue(store: Store, queue: Queue, who: Principal, ws: str, *, doc: dict[str, Any], request_id: str | None,
             parent_id: str | None, env_id: str | None, variables: list[dict[str, Any]], trigger: str,
             check_workspace: bool = False) -> dict[str, Any]:
    _check_environment(store, ws, env_id)
    eid = new_id("exe")
    retention = settings().refresh_token_ttl  # an execution record outlives its history entry only briefly
    data = stamp("execution", {
        "id": eid, "ws": ws, "uid": who.uid, "trigger": trigger, "status": "queued", "request_id": request_id,
        "parent_id": parent_id, "environment_id": env_id, "doc": doc, "variables": variables,
        "created_at": iso(), "attempts": 0})
    counts, retry = _limits(who, ws)
    record = Record(*keys.execution(eid), kind="execution", data=data, ver=0, ttl=int(now()) + retention)
    # The workspace check rides in the same call instead of a GetItem before it.
    checks = [Check(*keys.workspace(ws))] if check_workspace else []
    try:  # the record and both rate-limit counters in one call
        store.transact([*counts, Put(record, must_not_exist=True), *checks])
    except TransactionConflict as exc:
        if checks and exc.reasons[-1] is not None:
            raise NotFound("No such workspace.") from None
        raise RateLimited(f"Too many executions for you or this workspace; try again in {max(1, retry)} s.",
                          retry_after=retry) from None
    # The workspace and environment ride along so the worker reads the execution and its context in one call.
    queue.send({"execution_id": eid, "ws": ws, "environment_id": env_id})
    return {"id": eid, "status": "queued", "workspace_id": ws, "created_at": data["created_at"],
            "poll": f"/executions/{eid}"}


def execute_saved(store: Store, queue: Queue, who: Principal, ws: str, membership: Membership, rid: str,
                  body: ExecuteSavedIn) -> dict[str, Any]:
    from chalicelib.collections.service import load_request

    require(membership, "viewer")
    node, req = load_request(store, ws, rid)
    doc = body.overrides.model_dump() if body.overrides else upgrade("request", req.data)["doc"]
    return _enqueue(store, queue, who, ws, doc=doc, request_id=rid, parent_id=node.data.get("parent"),
                    env_id=body.environment_id, variables=[v.model_dump() for v in body.variables],
                    trigger="manual")


def execute_unsaved(store: Store, queue: Queue, who: Principal, ws: str, membership: Membership,
                    body: ExecuteIn) -> dict[str, Any]:
    require(membership, "viewer")
    if body.parent_id:
        parent = store.get(*keys.node(ws, body.parent_id)) if is_id(body.parent_id) else None
        if not parent or parent.data.get("kind") == "request":
            raise BadRequest("The parent must be a collection or folder of this workspace.",
                             code="VALIDATION_ERROR", details={"parent_id": "no such folder"})
    return _enqueue(store, queue, who, ws, doc=body.request.model_dump(), request_id=None, parent_id=body.parent_id,
                    env_id=body.environment_id, variables=[v.model_dump() for v in body.variables],
                    trigger="manual", check_workspace=not body.parent_id)


def public(rec: Record, blobs: Blobs | None, *, with_result: bool = True) -> dict[str, Any]:
    d = upgrade("execution", rec.data)
    out: dict[str, Any] = {"id": d["id"], "workspace_id": d["ws"], "status": d["status"], "trigger": d["trigger"],
                           "request_id": d.get("request_id"), "created_at": d["created_at"],
                           "started_at": d.get("started_at"), "completed_at": d.get("completed_at"),
                           "unresolved_variables": d.get("unresolved", [])}
    if with_result and d.get("result") is not None:
        out["result"] = d["result"]
    elif with_result and d.get("result_ref") and blobs is not None:
        # Too large for the item: the body is in S3, fetched through a short-lived presigned URL.
        out["result"] = d.get("result_summary")
        out["result_url"] = blobs.presign(d["result_ref"])
    return out


def get(store: Store, blobs: Blobs, who: Principal, eid: str) -> dict[str, Any]:
    rec = store.get(*keys.execution(eid)) if is_id(eid, "exe") else None
    if not rec or rec.data["uid"] != who.uid:
        raise NotFound("No such execution.")
    return public(rec, blobs)


# --- history -----------------------------------------------------------------------------------------------------

def history_record(exe: dict[str, Any], result: dict[str, Any], retention_days: int) -> Record:
    doc = exe["doc"]
    created = exe["created_at"]
    data = stamp("history", {
        "id": exe["id"], "trigger": exe["trigger"], "created_at": created, "request_id": exe.get("request_id"),
        "method": doc.get("method", "GET"), "url": (result.get("request_sent") or {}).get("url") or doc.get("url", ""),
        "name": doc.get("name", ""), "status": result.get("status"), "ok": result.get("ok", False),
        "error_code": (result.get("error") or {}).get("code"), "duration_ms": (result.get("timings") or {}).get("total"),
        "size": result.get("size_body", 0), "environment_id": exe.get("environment_id"), "doc": doc})
    return Record(*keys.history(exe["ws"], exe["uid"], created, exe["id"]), kind="history", data=data,
                  ttl=int(now()) + retention_days * 86400)


def _public_history(d: dict[str, Any], *, with_doc: bool = False) -> dict[str, Any]:
    out = {k: d.get(k) for k in ("id", "trigger", "created_at", "request_id", "method", "url", "name", "status",
                                 "ok", "error_code", "duration_ms", "size", "environment_id")}
    if with_doc:
        out["request"] = d["doc"]
    return out


def list_history(store: Store, who: Principal, ws: str, membership: Membership, *, limit: int, cursor: str | None,
                 method: str | None, status: int | None, q: str | None) -> dict[str, Any]:
    require(membership, "viewer")
    wanted, items, nxt = limit, [], cursor
    pk = keys.history_partition(ws, who.uid)
    # Filters run over pages of the user's own partition, newest first; a page can come back short.
    for _ in range(5):
        recs, nxt = store.query_page(pk, limit=wanted, cursor=nxt, forward=False, scope=f"hist#{ws}#{who.uid}")
        for r in recs:
            d = upgrade("history", r.data)
            if method and d["method"].upper() != method.upper():
                continue
            if status is not None and not _status_matches(d.get("status"), status):
                continue
            if q and q.lower() not in (d["url"] + " " + d.get("name", "")).lower():
                continue
            items.append(_public_history(d))
        if len(items) >= limit or not nxt:
            break
    return {"items": items[:limit], "next_cursor": nxt}


def _status_matches(actual: int | None, wanted: int) -> bool:
    if actual is None:
        return wanted == 0
    return actual == wanted if wanted >= 100 else actual // 100 == wanted  # 2 → every 2xx


def _history_key(store: Store, who: Principal, ws: str, eid: str) -> tuple[str, str]:
    rec = store.get(*keys.execution(eid)) if is_id(eid, "exe") else None
    if not rec or rec.data["uid"] != who.uid or rec.data["ws"] != ws:
        raise NotFound("No such history entry.")
    return keys.history(ws, who.uid, rec.data["created_at"], eid)


def get_history(store: Store, who: Principal, ws: str, membership: Membership, eid: str) -> dict[str, Any]:
    require(membership, "viewer")
    rec = store.get(*_history_key(store, who, ws, eid))
    if not rec:
        raise NotFound("No such history entry.")
    return _public_history(upgrade("history", rec.data), with_doc=True)


def delete_history(store: Store, who: Principal, ws: str, membership: Membership, eid: str | None) -> dict[str, Any]:
    require(membership, "viewer")
    if eid is not None:
        key = _history_key(store, who, ws, eid)
        store.delete(*key)
        return {"deleted": 1}
    doomed = [(r.pk, r.sk) for r in store.query_all(keys.history_partition(ws, who.uid))]
    store.batch_delete(doomed)
    return {"deleted": len(doomed)}


def restore_history(store: Store, who: Principal, ws: str, membership: Membership, eid: str,
                    body: RestoreIn) -> dict[str, Any]:
    from chalicelib.collections.models import RequestIn
    from chalicelib.collections.service import create_request

    entry = get_history(store, who, ws, membership, eid)
    doc = dict(entry["request"])
    if body.name:
        doc["name"] = body.name
    return create_request(store, who, ws, membership, RequestIn.model_validate({**doc, "parent_id": body.parent_id}))


def result_blob(result: dict[str, Any]) -> tuple[bytes, bool]:
    raw = json.dumps(result, separators=(",", ":")).encode()
    return raw, len(raw) > INLINE_RESULT_BYTES


def summary(result: dict[str, Any]) -> dict[str, Any]:
    keep = ("ok", "status", "reason", "http_version", "headers", "cookies", "body_truncated", "size_headers",
            "size_body_compressed", "size_body", "timings", "redirects", "request_sent", "error")
    return {k: result.get(k) for k in keep}


# --- files for multipart and binary bodies ---------------------------------------------------------------------------

def create_file(store: Store, blobs: Blobs, who: Principal, ws: str, membership: Membership,
                body: FileIn) -> dict[str, Any]:
    """Register a file and answer where to PUT its bytes; bodies then name it by `file_ref`."""
    require(membership, "editor")
    ref = new_id("fil")
    store.put(Record(*keys.file(ws, ref), kind="file", data=stamp("file", {
        "id": ref, "filename": body.filename, "content_type": body.content_type, "size": body.size,
        "created_at": iso(), "created_by": who.uid})), must_not_exist=True)
    return {"file_ref": ref, "filename": body.filename, "content_type": body.content_type,
            "upload_url": blobs.presign_upload(keys.file_object(ws, ref), body.content_type), "expires_in": 900,
            "upload_method": "PUT"}


def file_reader(store: Store, blobs: Blobs, ws: str) -> Callable[[str], tuple[bytes, str, str]]:
    """The executor's BlobReader for this workspace: a file_ref → (bytes, filename, content type)."""

    def read(ref: str) -> tuple[bytes, str, str]:
        from chalicelib.executor.body import BodyError

        meta = store.get(*keys.file(ws, ref)) if is_id(ref, "fil") else None
        if meta is None:
            raise BodyError(f"The file {ref} does not exist in this workspace.")
        try:
            content = blobs.get(keys.file_object(ws, ref))
        except NotFound:
            raise BodyError(f"The file {meta.data['filename']} was never uploaded.") from None
        return content, str(meta.data["filename"]), str(meta.data["content_type"])

    return read


def cancel(store: Store, who: Principal, eid: str) -> dict[str, Any]:
    """Cancel a queued execution (it will not run) or ask a running one to stop (its worker checks often)."""
    from chalicelib.errors import Conflict

    for _ in range(3):
        rec = store.get(*keys.execution(eid)) if is_id(eid, "exe") else None
        if not rec or rec.data["uid"] != who.uid:
            raise NotFound("No such execution.")
        data = upgrade("execution", rec.data)
        if data["status"] in ("completed", "cancelled"):
            raise Conflict(f"This execution is {data['status']} already.", code="EXECUTION_FINISHED")
        if data["status"] == "queued":
            data.update(status="cancelled", completed_at=iso(), result={
                "ok": False, "error": {"code": "CANCELLED", "message": "Cancelled before it ran."}})
        else:
            data["cancel_requested"] = True
        try:
            store.transact([Put(Record(rec.pk, rec.sk, kind=rec.kind, data=data, ver=(rec.ver or 0) + 1,
                                       ttl=rec.ttl), expect_ver=rec.ver or 0)])
        except TransactionConflict:
            continue  # the worker moved it on meanwhile: look again
        return public(Record(rec.pk, rec.sk, kind=rec.kind, data=data), None)
    raise Conflict("The execution kept changing; try again.", code="EXECUTION_BUSY")
