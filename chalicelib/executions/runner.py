"""Run one queued execution: claim it, load its context, prepare → send, store the result, record history, push.

Ports come in as arguments (store, keyring, blobs, notifier, the egress transport), so tests hand in what they
like. A redelivered message finds the execution completed (or claimed moments ago) and does nothing.
"""

from __future__ import annotations

import dataclasses
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

import httpx

from chalicelib.common.ids import iso, now
from chalicelib.config import settings
from chalicelib.environments import service as environments
from chalicelib.errors import Conflict
from chalicelib.executions import service as executions
from chalicelib.executions.token_cache import StoredTokenCache
from chalicelib.executor.auth import AuthError, MemoryTokenCache, TokenCache
from chalicelib.executor.body import BodyError
from chalicelib.executor.egress import EgressPolicy, check_url
from chalicelib.executor.model import ExecutionError, Result
from chalicelib.executor.prepare import Context, Folder, prepare
from chalicelib.executor.send import classify, send
from chalicelib.ports import Blobs, Keyring, Notifier, Store
from chalicelib.realtime import service as realtime
from chalicelib.schema.migrate import upgrade
from chalicelib.storage import keys
from chalicelib.storage.records import Put, Record, TransactionConflict

log = logging.getLogger("playground.executions")

#: a claim younger than this belongs to a worker still running it (SQS's visibility timeout is 60 s)
CLAIM_SECONDS = 60
#: the container's OAuth 2.0 tokens, in front of the table (see token_cache): a warm container asks neither
#: DynamoDB nor KMS for a token it has
_token_cache = MemoryTokenCache()

TransportFactory = Callable[[bool, bool], httpx.BaseTransport]
_FAILURE_CODES = (AuthError, BodyError)

DEFAULT_HEADERS = {"User-Agent": "APIPlayground/1.0", "Accept": "*/*", "Accept-Encoding": "gzip, deflate",
                   "Cache-Control": "no-cache"}


def egress_policy() -> EgressPolicy:
    cfg = settings()
    return EgressPolicy.from_settings(cfg.egress_mode, cfg.egress_allow_cidrs, cfg.egress_allow_hosts)


def _claim(store: Store, rec: Record) -> Record | None:
    data = upgrade("execution", rec.data)
    if data["status"] in ("completed", "failed", "cancelled"):
        return None
    if data["status"] == "running" and now() - float(data.get("claimed_ts", 0)) < CLAIM_SECONDS:
        return None
    data.update(status="running", started_at=iso(), claimed_ts=now(), attempts=int(data.get("attempts", 0)) + 1)
    claimed = Record(rec.pk, rec.sk, kind=rec.kind, data=data, ver=(rec.ver or 0) + 1, ttl=rec.ttl)
    try:
        store.transact([Put(claimed, expect_ver=rec.ver or 0)])
    except TransactionConflict:
        return None
    return claimed


class _CancelWatch:
    """Polls the executions this container is running; a cancel request (POST /executions/{id}/cancel) sets the
    event the send checks. One thread for the container, started with its first execution: starting a thread per
    execution cost a GIL hand-off on every run's critical path."""

    INTERVAL = 0.25

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._watched: dict[str, tuple[Store, threading.Event]] = {}
        self._thread: threading.Thread | None = None

    def watch(self, store: Store, eid: str, event: threading.Event) -> None:
        with self._lock:
            self._watched[eid] = (store, event)
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, daemon=True, name="cancel-watch")
                self._thread.start()

    def unwatch(self, eid: str) -> None:
        with self._lock:
            self._watched.pop(eid, None)

    def _run(self) -> None:
        while True:
            time.sleep(self.INTERVAL)
            with self._lock:
                watched = list(self._watched.items())
            for eid, (store, event) in watched:
                try:
                    rec = store.get(*keys.execution(eid))
                except Exception:  # noqa: BLE001 - a missed poll only delays a cancel
                    continue
                if rec is not None and rec.data.get("cancel_requested"):
                    event.set()


_cancel_watch = _CancelWatch()


def _finish(store: Store, claimed: Record, exe: dict[str, Any]) -> Record:
    """Write the finished execution; a cancel request that landed meanwhile bumped the version: write over it."""
    expected = claimed.ver or 0
    for _ in range(3):
        done = Record(claimed.pk, claimed.sk, kind=claimed.kind, data=exe, ver=expected + 1, ttl=claimed.ttl)
        try:
            store.transact([Put(done, expect_ver=expected)])
            return done
        except TransactionConflict:
            current = store.get(claimed.pk, claimed.sk)
            expected = (current.ver or 0) if current else expected
    raise Conflict("The execution changed while it was being saved.")


def _folders(store: Store, ws: str, parent: str | None) -> list[Folder]:
    chain: list[Folder] = []
    seen: set[str] = set()
    while parent and parent not in seen and len(chain) < 64:
        seen.add(parent)
        node = store.get(*keys.node(ws, parent))
        if not node:
            break
        doc = node.data.get("doc") or {}
        chain.append(Folder(name=doc.get("name", ""), auth=doc.get("auth"), headers=doc.get("headers") or [],
                            variables=doc.get("variables") or []))
        parent = node.data.get("parent")
    return chain


def execute(doc: dict[str, Any], ctx: Context, transport: httpx.BaseTransport, *, token_cache: TokenCache,
            cache_key: str, max_body: int, check_url: Callable[[str], object] | None = None,
            cancel: threading.Event | None = None) -> tuple[Result, list[str]]:
    """The pure core, end to end: prepare → send. Failures are results."""
    client = _client_for(transport)
    try:
        prepared = prepare(doc, ctx, client=client, token_cache=token_cache, cache_key=cache_key)
    except _FAILURE_CODES as exc:
        code = getattr(exc, "code", "INVALID_REQUEST")
        return Result(ok=False, error=ExecutionError(code=code, message=str(getattr(exc, "message", exc)))), []
    except Exception as exc:  # noqa: BLE001 - e.g. the egress policy refusing an OAuth token URL
        return Result(ok=False, error=classify(exc, _placeholder(doc))), []
    result = send(prepared.request, client, max_body=max_body, auth=prepared.auth, check_url=check_url,
                  cancel=cancel)
    return result, prepared.report.unresolved


_clients = threading.local()


def _client_for(transport: httpx.BaseTransport) -> httpx.Client:
    """One client per transport and thread, reused (building one costs as much as a local request), with an empty
    cookie jar for each execution: one user's cookies must never ride along on another's request. Never closed:
    closing a client closes its transport, whose pool keeps connections warm across executions."""
    cache: dict[int, httpx.Client] = getattr(_clients, "by_transport", None) or {}
    _clients.by_transport = cache
    client = cache.get(id(transport))
    if client is None or client._transport is not transport:
        client = cache[id(transport)] = httpx.Client(transport=transport, headers=DEFAULT_HEADERS,
                                                     follow_redirects=False)
    client.cookies = httpx.Cookies()
    return client


def _placeholder(doc: dict[str, Any]) -> Any:
    from chalicelib.executor.model import PreparedRequest

    return PreparedRequest(method=str(doc.get("method", "GET")), url="")


def _context_keys(ws: str, env_id: str | None) -> list[tuple[str, str]]:
    return [keys.workspace(ws), *environments.execution_keys(ws, env_id)]


def _load(store: Store, eid: str, hint: dict[str, Any] | None) -> tuple[Record | None, dict[tuple[str, str], Record]]:
    """The execution and what running it reads (environment, globals, the workspace's history retention).

    With the message's hint (workspace and environment) that is one BatchGetItem; an older message without one, or
    a hint that does not match the record, costs a GetItem first."""
    if hint and hint.get("ws") and "environment_id" in hint:
        found = store.batch_get([keys.execution(eid), *_context_keys(str(hint["ws"]), hint["environment_id"])])
        rec = found.get(keys.execution(eid))
        if rec is None or (rec.data.get("ws"), rec.data.get("environment_id")) == (hint["ws"],
                                                                                  hint["environment_id"]):
            return rec, found
    else:
        rec = store.get(*keys.execution(eid))
    if rec is None:
        return None, {}
    return rec, store.batch_get(_context_keys(rec.data["ws"], rec.data.get("environment_id")))


def run(store: Store, keyring: Keyring, blobs: Blobs, notifier: Notifier, eid: str,
        transport_for: TransportFactory, hint: dict[str, Any] | None = None) -> str:
    """Answer what happened: "missing", "skipped" (already done or in hand), "completed".

    `hint` is the queue message ({"ws", "environment_id"}), which saves a read."""
    rec, found = _load(store, eid, hint)
    if rec is None:
        return "missing"
    claimed = _claim(store, rec)
    if claimed is None:
        return "skipped"
    exe = claimed.data
    ws = exe["ws"]
    env_name, env_rows, global_rows = environments.for_execution(store, keyring, ws, exe.get("environment_id"),
                                                                 found)
    ctx = Context(folders=_folders(store, ws, exe.get("parent_id")), environment=env_rows,
                  environment_name=env_name, globals_=global_rows, overrides=exe.get("variables") or [],
                  blobs=executions.file_reader(store, blobs, ws))
    doc = exe["doc"]
    req_settings = doc.get("settings") or {}
    transport = transport_for(bool(req_settings.get("verify_tls", True)), bool(req_settings.get("http2", False)))
    policy = egress_policy()
    cancelled = threading.Event()
    _cancel_watch.watch(store, eid, cancelled)
    try:
        result, unresolved = execute(doc, ctx, transport,
                                     token_cache=StoredTokenCache(store, keyring, ws, memory=_token_cache),
                                     cache_key=f"{ws}:{exe.get('environment_id') or '-'}",
                                     max_body=settings().max_response_bytes,
                                     check_url=lambda url: check_url(url, policy), cancel=cancelled)
    finally:
        _cancel_watch.unwatch(eid)
    outcome = dataclasses.asdict(result)
    blob, large = executions.result_blob(outcome)
    if large:
        ref = f"results/{ws}/{eid}.json"
        blobs.put(ref, blob, "application/json")
        exe.update(result_ref=ref, result_summary=executions.summary(outcome), result=None)
    else:
        exe["result"] = outcome
    exe.update(status="completed", completed_at=iso(), unresolved=unresolved)
    meta = found.get(keys.workspace(ws))
    retention = int((meta.data if meta else {}).get("history_retention_days", 30))
    history = executions.history_record(exe, outcome, retention)
    done = Record(claimed.pk, claimed.sk, kind=claimed.kind, data=exe, ver=(claimed.ver or 0) + 1, ttl=claimed.ttl)
    try:  # the history entry and the finished execution in one transaction: the common case is one call
        store.transact([Put(history, must_not_exist=True), Put(done, expect_ver=claimed.ver or 0)])
    except TransactionConflict:
        # A redelivery after a crash (the entry exists) or a cancel request that bumped the version: one by one.
        try:
            store.put(history, must_not_exist=True)
        except Conflict:
            log.info("history of %s exists already (a redelivery)", eid)
        done = _finish(store, claimed, exe)
    public = executions.public(done, blobs)
    realtime.notify_user(store, notifier, exe["uid"], {"type": "execution.completed", "execution": public},
                         {"type": "execution.completed", "execution": executions.public(done, None, with_result=False),
                          "pointer": f"/executions/{eid}"})
    return "completed"
