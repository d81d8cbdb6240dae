"""API benchmark: DynamoDB calls per endpoint, tree and save latency, and the cold-start import time of `app`.

Runs everything on this machine: an in-process moto server on 127.0.0.1 (a random port), the app driven through
chalice.test.Client (the same handler code Lambda runs). Nothing else is contacted.

    .venv/bin/python bench/api_bench.py               # the full run (1,000 requests in 100 folders)
    .venv/bin/python bench/api_bench.py --quick       # a smaller tree, for trying the script out
    .venv/bin/python bench/api_bench.py --strict      # exit 1 when a target FAILs (default: always 0)

DynamoDB calls are counted twice: by a botocore `before-call.dynamodb` hook on every botocore session PynamoDB
creates (`pynamodb.connection.base.get_session` is wrapped, so the fresh `Connection` that `table.transact` makes
per transaction is counted too), and at the moto server by a WSGI middleware reading `X-Amz-Target`. The two
agree unless botocore retried a call.
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)  # chalice.test.Client reads .chalice/config.json from the working directory

# --- environment: before anything imports chalicelib.storage (PynamoDB reads it at class definition) -----------
RUN = uuid.uuid4().hex[:6]
os.environ.update({
    "AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_SECURITY_TOKEN": "bench",
    "AWS_SESSION_TOKEN": "bench", "AWS_DEFAULT_REGION": "us-east-1", "AWS_EC2_METADATA_DISABLED": "true",
    "PLAYGROUND_TABLE": f"playground-bench-{RUN}", "PLAYGROUND_BUCKET": f"playground-bench-{RUN}-blobs",
    "PLAYGROUND_KMS_KEY": f"alias/playground-bench-{RUN}", "PLAYGROUND_JWT_SECRET": "bench-secret-" + "x" * 40,
    "PLAYGROUND_ARGON2_TIME_COST": "1", "PLAYGROUND_ARGON2_MEMORY_COST": "1024", "PLAYGROUND_ARGON2_PARALLELISM": "1",
    "PLAYGROUND_LOGIN_MAX_PER_IP": "1000000", "PLAYGROUND_LOGIN_MAX_PER_ACCOUNT": "1000000",
})
for var in ("AWS_PROFILE", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL_KMS"):
    os.environ.pop(var, None)

TREE_TARGET_CALLS = 3
IMPORT_TARGET_MS = 300.0


# --- counting DynamoDB calls ----------------------------------------------------------------------------------

class ClientCounter:
    """botocore `before-call.dynamodb`: one event per API call (retries are not new calls). With `after-call` it
    also sums the time spent in DynamoDB calls (request, moto, response parsing), so an endpoint's own time (its
    Python: validation, pynamodb models, JSON, the tree) can be told apart from the storage's."""

    def __init__(self) -> None:
        self.ops: Counter[str] = Counter()
        self.storage_seconds = 0.0
        self.lock = threading.Lock()

    def __call__(self, model: Any = None, context: Any = None, **_: Any) -> None:
        with self.lock:
            self.ops[model.name] += 1
        if isinstance(context, dict):
            context["api_bench_t0"] = time.perf_counter()

    def after(self, context: Any = None, **_: Any) -> None:
        t0 = context.get("api_bench_t0") if isinstance(context, dict) else None
        if t0 is not None:
            with self.lock:
                self.storage_seconds += time.perf_counter() - t0


class ServerCounter:
    """WSGI middleware in front of moto: one count per HTTP request that reaches DynamoDB."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.ops: Counter[str] = Counter()
        self.seconds = 0.0
        self.lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        target = environ.get("HTTP_X_AMZ_TARGET", "")
        if not target.startswith("DynamoDB_"):
            return self.app(environ, start_response)
        t0 = time.perf_counter()
        body = self.app(environ, start_response)  # moto answers with a list: its work is done here
        with self.lock:
            self.ops[target.split(".", 1)[1]] += 1
            self.seconds += time.perf_counter() - t0
        return body


CLIENT = ClientCounter()
HOOK_ID = "api-bench-dynamodb-counter"

import pynamodb.connection.base as _pynamodb_base  # noqa: E402  (reads no AWS settings at import)

_original_get_session = _pynamodb_base.get_session


class SeedShortcut:
    """While seeding only: new botocore sessions share one data loader (parsed service models).

    `chalicelib.storage.table.transact` builds a new pynamodb Connection, so a new botocore session and client,
    for every transaction; most of that cost is re-reading and parsing botocore's JSON models. Seeding 1,000
    requests through the API pays it 1,000 times. Every measurement after seeding runs without this shortcut.
    """

    enabled = False
    loader: Any = None


SESSIONS = Counter[str]()


def _counted_session() -> Any:
    SESSIONS["created"] += 1
    session = _original_get_session()
    # A client copies its session's handlers when it is created, so every client of this session is counted.
    session.register("before-call.dynamodb", CLIENT, unique_id=HOOK_ID)
    session.register("after-call.dynamodb", CLIENT.after, unique_id=HOOK_ID + "-after")
    if SeedShortcut.enabled:
        if SeedShortcut.loader is None:
            SeedShortcut.loader = session.get_component("data_loader")
        else:
            session.register_component("data_loader", SeedShortcut.loader)
    return session


_pynamodb_base.get_session = _counted_session  # type: ignore[assignment]

import moto.dynamodb.models as _moto_ddb  # noqa: E402
from moto.server import ThreadedMotoServer  # noqa: E402

logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request otherwise


class _CheapTableBackup:
    """Stands in for the `copy` module inside moto.dynamodb.models while a transaction runs.

    moto 5.2.5 backs up the whole table with copy.deepcopy once per operation of every TransactWriteItems (to roll
    back on failure), so a transaction costs O(table size) there: seeding 1,000 requests through the API becomes
    quadratic, and a save's latency grows with the table. DynamoDB's cost does not. A transaction of Put, Delete and
    ConditionCheck replaces or removes whole Item objects and never mutates one, so copying the table's dicts (not
    its items) is an exact backup for them; a transaction with an Update gets moto's full deepcopy as before.
    """

    enabled = True

    def __init__(self, real: Any) -> None:
        self._real = real
        self.shallow = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def deepcopy(self, obj: Any, *args: Any) -> Any:
        if self.shallow and isinstance(obj, _moto_ddb.Table):
            twin = self._real.copy(obj)
            twin.items = type(obj.items)(obj.items.default_factory)
            for key, part in obj.items.items():
                twin.items[key] = dict(part) if isinstance(part, dict) else part
            return twin
        return self._real.deepcopy(obj, *args)


_BACKUP = _CheapTableBackup(_moto_ddb.copy)
_moto_ddb.copy = _BACKUP  # type: ignore[assignment]
_original_transact = _moto_ddb.DynamoDBBackend.transact_write_items


def _transact_with_cheap_backup(self: Any, transact_items: list[dict[str, Any]]) -> None:
    _BACKUP.shallow = _CheapTableBackup.enabled and all("Update" not in op for op in transact_items)
    try:
        return _original_transact(self, transact_items)
    finally:
        _BACKUP.shallow = False


_moto_ddb.DynamoDBBackend.transact_write_items = _transact_with_cheap_backup  # type: ignore[method-assign]

MOTO = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
MOTO.start()
_host, _port = MOTO.get_host_and_port()
os.environ["AWS_ENDPOINT_URL"] = f"http://{_host}:{_port}"
assert MOTO._server is not None
SERVER = ServerCounter(MOTO._server.app)
MOTO._server.app = SERVER  # werkzeug's handler calls self.server.app per request


class Measured:
    def __init__(self) -> None:
        self.client: Counter[str] = Counter()
        self.server: Counter[str] = Counter()
        self.seconds = 0.0
        self.storage = 0.0
        self.moto = 0.0
        self.result: Any = None

    @property
    def own(self) -> float:
        """Time outside DynamoDB calls."""
        return max(0.0, self.seconds - self.storage)

    @property
    def calls(self) -> int:
        return sum(self.client.values())

    def ops_text(self) -> str:
        return ", ".join(f"{n}×{op}" if n > 1 else op for op, n in sorted(self.client.items())) or "-"


def measured(fn: Callable[[], Any]) -> Measured:
    before_c, before_s, before_t = Counter(CLIENT.ops), Counter(SERVER.ops), CLIENT.storage_seconds
    before_m = SERVER.seconds
    m = Measured()
    t = time.perf_counter()
    m.result = fn()
    m.seconds = time.perf_counter() - t
    m.storage = CLIENT.storage_seconds - before_t
    m.moto = SERVER.seconds - before_m
    m.client = CLIENT.ops - before_c
    m.server = SERVER.ops - before_s
    return m


# --- small helpers --------------------------------------------------------------------------------------------

def table_items() -> int:
    for account in list(_moto_ddb.dynamodb_backends):
        table = _moto_ddb.dynamodb_backends[account]["us-east-1"].tables.get(os.environ["PLAYGROUND_TABLE"])
        if table is not None:
            return sum(len(part) for part in table.items.values())
    return -1


def pct(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))
    return s[k]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms"


def heading(title: str) -> None:
    print()
    print(title)
    print("-" * len(title))


class Api:
    """JSON over the app's HTTP interface (chalice.test), remembering a bearer token."""

    def __init__(self, client: Any, token: str | None = None) -> None:
        self.client, self.token = client, token

    def call(self, method: str, path: str, body: Any = None) -> tuple[int, Any]:
        hdrs = {"Content-Type": "application/json"}
        if self.token:
            hdrs["Authorization"] = f"Bearer {self.token}"
        payload = json.dumps(body) if body is not None else b""
        resp = getattr(self.client.http, method.lower())(path, headers=hdrs, body=payload)
        text = resp.body.decode() if isinstance(resp.body, bytes) else resp.body
        return resp.status_code, (json.loads(text) if text else None)

    def ok(self, method: str, path: str, body: Any = None) -> Any:
        status, data = self.call(method, path, body)
        if status not in (200, 201, 204):
            raise SystemExit(f"bench: {method} {path} answered {status}: {json.dumps(data)[:500]}")
        return data


METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "GET", "GET", "POST"]
RESOURCES = ["users", "orders", "invoices", "products", "carts", "payments", "shipments", "reviews", "coupons",
             "sessions"]


def folder_doc(name: str, parent: str | None, i: int) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "name": name, "description": f"{name}: endpoints of the {RESOURCES[i % 10]} service.",
        "headers": [{"key": "X-Team", "value": "platform"}],
        "variables": [{"key": "resource", "value": RESOURCES[i % 10]}],
    }
    if parent is None:
        doc["auth"] = {"type": "bearer", "attributes": [{"key": "token", "value": "{{access_token}}"}]}
        doc["variables"].append({"key": "base_url", "value": f"https://api{i}.example.com"})
    else:
        doc["parent_id"] = parent
    return doc


def request_doc(i: int, parent: str | None) -> dict[str, Any]:
    method = METHODS[i % len(METHODS)]
    res = RESOURCES[i % len(RESOURCES)]
    payload = {"id": "{{" + res[:-1] + "_id}}", "name": f"Item {i}", "quantity": i % 7 + 1,
               "tags": ["bench", res], "meta": {"source": "api-bench", "seq": i}}
    doc: dict[str, Any] = {
        "name": f"{method} {res} #{i}",
        "method": method,
        "url": "{{base_url}}/v1/" + res + "/{{" + res[:-1] + "_id}}?page={{page}}&limit=20",
        "params": [{"key": "page", "value": "{{page}}"}, {"key": "limit", "value": "20"},
                   {"key": "debug", "value": "true", "enabled": False}],
        "headers": [{"key": "Accept", "value": "application/json"},
                    {"key": "Content-Type", "value": "application/json"},
                    {"key": "X-Request-Id", "value": "{{$guid}}"},
                    {"key": "X-Tenant", "value": "{{tenant}}"}],
        "body": {"mode": "json", "raw": json.dumps(payload, indent=2)} if method in ("POST", "PUT", "PATCH")
        else {"mode": "none"},
        "auth": {"type": "inherit"},
        "description": f"Bench request {i}: {method} one of the {res}.",
    }
    if parent is not None:
        doc["parent_id"] = parent
    return doc


def walk_tree(items: list[dict[str, Any]], counts: Counter[str]) -> None:
    for it in items:
        counts[it["kind"]] += 1
        walk_tree(it.get("children") or [], counts)


# --- the run --------------------------------------------------------------------------------------------------

def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--collections", type=int, default=10)
    ap.add_argument("--folders-per-collection", type=int, default=10)
    ap.add_argument("--requests", type=int, default=1000)
    ap.add_argument("--tree-reads", type=int, default=30)
    ap.add_argument("--saves", type=int, default=50)
    ap.add_argument("--import-runs", type=int, default=7)
    ap.add_argument("--quick", action="store_true", help="2×5 folders, 100 requests, fewer repetitions")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a target FAILs")
    ap.add_argument("--no-seed-shortcut", action="store_true",
                    help="seed without sharing botocore's data loader (the app's full per-transaction cost)")
    ap.add_argument("--stock-moto", action="store_true",
                    help="keep moto's whole-table deepcopy per transaction (seeding becomes quadratic)")
    args = ap.parse_args()
    if args.quick:
        args.collections, args.folders_per_collection, args.requests = 2, 5, 100
        args.tree_reads, args.saves, args.import_runs = 10, 10, 3

    _CheapTableBackup.enabled = not args.stock_moto
    load_start = os.getloadavg()[0]
    started = time.perf_counter()
    failures: list[str] = []
    print(f"API Playground benchmark — moto at {os.environ['AWS_ENDPOINT_URL']}, table "
          f"{os.environ['PLAYGROUND_TABLE']}, python {sys.version.split()[0]}, {os.cpu_count()} CPUs")
    print("moto's TransactWriteItems backs up the table's dicts instead of deep-copying the whole table "
          "(--stock-moto: keep moto's O(table) copy)" if _CheapTableBackup.enabled else
          "moto unpatched: every transaction deep-copies the whole table")

    from chalicelib.storage.bootstrap import ensure_resources
    from chalicelib.storage.table import Item

    ensure_resources()
    # The brief's way in, too: the model's own client. Idempotent (same unique_id) if the session hook has it.
    Item._get_connection().connection.client.meta.events.register("before-call.dynamodb", CLIENT,
                                                                  unique_id=HOOK_ID)

    from chalice.test import Client

    t = time.perf_counter()
    from app import app
    in_process_import = time.perf_counter() - t

    with Client(app, stage_name="dev") as chalice_client:
        anon = Api(chalice_client)
        results = run_api(anon, args, failures)
    results["in_process_import"] = in_process_import

    run_baseline(Item, results)
    run_imports(args, failures, results["summary"])

    heading("Summary")
    for line in results["summary"]:
        print(line)
    elapsed = time.perf_counter() - started
    print(f"total bench time {elapsed:.1f} s (seeding {results['seed_seconds']:.1f} s); load average "
          f"{os.getloadavg()[0]:.2f} at the end, {load_start:.2f} at the start (other work on the machine skews "
          f"every latency here)")
    if failures:
        print("FAILED targets: " + "; ".join(failures))
    MOTO.stop()
    return 1 if (failures and args.strict) else 0


def run_api(anon: Api, args: argparse.Namespace, failures: list[str]) -> dict[str, Any]:
    res: dict[str, Any] = {"summary": []}

    # --- seed ---
    heading("Seeding through the API")
    email, password = f"bench-{RUN}@example.com", "correct horse battery staple"
    t0 = time.perf_counter()
    reg = measured(lambda: anon.ok("POST", "/auth/register", {"email": email, "password": password,
                                                              "name": "Bench User"}))
    api = Api(anon.client, reg.result["access_token"])
    refresh_token = reg.result["refresh_token"]
    ws = api.ok("POST", "/workspaces", {"name": "Bench workspace", "description": "api_bench"})["id"]
    folders: list[str] = []
    t_f = time.perf_counter()
    for c in range(args.collections):
        col = api.ok("POST", f"/workspaces/{ws}/folders", folder_doc(f"Collection {c}", None, c))["id"]
        for f in range(args.folders_per_collection):
            folders.append(api.ok("POST", f"/workspaces/{ws}/folders",
                                  folder_doc(f"Folder {c}.{f}", col, c * 100 + f))["id"])
    t_folders = time.perf_counter() - t_f
    n_folder_nodes = args.collections * (1 + args.folders_per_collection)
    request_ids: list[str] = []
    SeedShortcut.enabled = not args.no_seed_shortcut
    t_r = time.perf_counter()
    def seed_requests() -> None:
        for i in range(args.requests):
            request_ids.append(api.ok("POST", f"/workspaces/{ws}/requests",
                                      request_doc(i, folders[i % len(folders)]))["id"])
            if (i + 1) % 250 == 0 and i + 1 < args.requests:
                print(f"  … {i + 1} requests after {time.perf_counter() - t_r:.1f} s", flush=True)

    seed_ops = measured(seed_requests)
    t_requests = time.perf_counter() - t_r
    SeedShortcut.enabled = False
    seed_seconds = time.perf_counter() - t0
    res["seed_seconds"] = seed_seconds
    print(f"register + workspace          {ms(t_f - t0)}")
    print(f"{n_folder_nodes:4d} collections/folders      {t_folders:8.2f} s   "
          f"({t_folders / n_folder_nodes * 1000:.1f} ms each)")
    print(f"{args.requests:4d} requests                 {t_requests:8.2f} s   "
          f"({t_requests / max(1, args.requests) * 1000:.1f} ms each; DynamoDB: {seed_ops.ops_text()})")
    if not args.no_seed_shortcut:
        print("  (requests seeded with botocore's data loader shared across sessions, see SeedShortcut; "
              "--no-seed-shortcut seeds with the app's per-transaction cost)")
    print(f"seeding total                 {seed_seconds:8.2f} s; the table holds {table_items()} items")

    # --- the tree ---
    heading(f"GET /workspaces/{{ws}}/tree — {args.tree_reads} reads")
    path_tree = f"/workspaces/{ws}/tree"
    first = measured(lambda: api.call("GET", path_tree))
    status, body = first.result
    assert status == 200, (status, body)
    counts: Counter[str] = Counter()
    walk_tree(body["items"], counts)
    size = len(json.dumps(body))
    lat, own, in_moto = [], [], []
    tree_ops = None
    for _ in range(args.tree_reads):
        m = measured(lambda: api.call("GET", path_tree))
        lat.append(m.seconds)
        own.append(m.own)
        in_moto.append(m.moto)
        tree_ops = m
    assert tree_ops is not None
    print(f"response: {counts['collection']} collections, {counts['folder']} folders, {counts['request']} requests "
          f"({size / 1024:.0f} KiB of JSON); the service's own counts: {body['counts']}")
    print(f"first read {ms(first.seconds)}; p50 {ms(pct(lat, 50))}; p95 {ms(pct(lat, 95))}; "
          f"min {ms(min(lat))}; max {ms(max(lat))}")
    print(f"outside DynamoDB calls (the handler's own work): p50 {ms(pct(own, 50))}; p95 {ms(pct(own, 95))}")
    print(f"inside moto's server: p50 {ms(pct(in_moto, 50))}; the rest (HTTP, botocore parsing the 1 MB-or-less "
          f"page): p50 {ms(pct([t - o - mo for t, o, mo in zip(lat, own, in_moto, strict=True)], 50))}")
    print(f"DynamoDB calls per read: {tree_ops.calls} ({tree_ops.ops_text()}); moto saw {sum(tree_ops.server.values())}")
    complete = counts["request"] == args.requests and counts["collection"] + counts["folder"] >= n_folder_nodes
    if not complete:
        failures.append("tree is incomplete")
        print(f"!! the tree is missing nodes: expected {args.requests} requests and {n_folder_nodes} folders")
    # A failing transaction must leave nothing behind (this also checks the bench's cheaper moto backup).
    bogus = measured(lambda: api.call("POST", f"/workspaces/{ws}/requests",
                                      request_doc(1, "fld_" + "0" * 16)))
    after = api.ok("GET", path_tree)["counts"]
    print(f"create under a missing folder: {bogus.result[0]} ({bogus.ops_text()}); tree counts after: {after}")
    if bogus.result[0] != 400 or after != body["counts"]:
        failures.append("a failed transaction left items behind")
        print("!! the failed create changed the tree")
    verdict = "PASS" if tree_ops.calls <= TREE_TARGET_CALLS and complete else "FAIL"
    if verdict == "FAIL":
        failures.append(f"tree in ≤ {TREE_TARGET_CALLS} DynamoDB calls")
    res["summary"].append(f"[{verdict}] tree of {counts['request']} requests / "
                          f"{counts['collection'] + counts['folder']} folders in {tree_ops.calls} DynamoDB calls "
                          f"(target ≤ {TREE_TARGET_CALLS}); p50 {pct(lat, 50) * 1000:.1f} ms, "
                          f"p95 {pct(lat, 95) * 1000:.1f} ms; handler's own p50 {pct(own, 50) * 1000:.1f} ms, "
                          f"moto's p50 {pct(in_moto, 50) * 1000:.1f} ms")
    res["tree_p50"] = pct(lat, 50)

    # --- saves ---
    heading(f"PUT /workspaces/{{ws}}/requests/{{id}} — {args.saves} saves of one request")
    rid = request_ids[len(request_ids) // 2]
    doc = api.ok("GET", f"/workspaces/{ws}/requests/{rid}")
    version = doc["version"]
    base = request_doc(7, None)
    save_lat: list[float] = []
    save_own: list[float] = []
    save_ops = None
    for i in range(args.saves):
        edit = {**base, "name": f"Saved {i}", "url": base["url"] + f"&n={i}", "version": version}
        m = measured(lambda edit=edit: api.call("PUT", f"/workspaces/{ws}/requests/{rid}", edit))
        status, out = m.result
        assert status == 200, (status, out)
        assert out["version"] == version + 1, (out["version"], version)
        version = out["version"]
        save_lat.append(m.seconds)
        save_own.append(m.own)
        save_ops = m
    assert save_ops is not None
    print(f"p50 {ms(pct(save_lat, 50))}; p95 {ms(pct(save_lat, 95))}; min {ms(min(save_lat))}; "
          f"max {ms(max(save_lat))}; final version {version}")
    print(f"outside DynamoDB calls: p50 {ms(pct(save_own, 50))}; p95 {ms(pct(save_own, 95))}")
    sessions_before = SESSIONS["created"]
    one_more = {**base, "name": "Session probe", "version": version}
    status, out = api.call("PUT", f"/workspaces/{ws}/requests/{rid}", one_more)
    assert status == 200, (status, out)
    version = out["version"]
    fresh = SESSIONS["created"] - sessions_before
    res["sessions_per_save"] = fresh
    print(f"DynamoDB calls per save: {save_ops.calls} ({save_ops.ops_text()}); new botocore sessions+clients "
          f"created by one save: {fresh}" + ("  <-- a client per transaction (tens of ms each)" if fresh else ""))
    # The same saves with moto's own whole-table transaction backup, to show what that artifact costs here.
    _CheapTableBackup.enabled = False
    stock = []
    for i in range(5):
        edit = {**base, "name": f"Stock {i}", "version": version}
        m = measured(lambda edit=edit: api.call("PUT", f"/workspaces/{ws}/requests/{rid}", edit))
        assert m.result[0] == 200, m.result
        version = m.result[1]["version"]
        stock.append(m.seconds)
    _CheapTableBackup.enabled = not args.stock_moto
    print(f"with moto's stock transaction backup (deepcopy of the {table_items()}-item table per operation): "
          f"p50 {ms(statistics.median(stock))} over 5 saves")
    stale = measured(lambda: api.call("PUT", f"/workspaces/{ws}/requests/{rid}", {**base, "version": version - 1}))
    print(f"a stale save answers {stale.result[0]} {stale.result[1]['error']['code']} in {ms(stale.seconds)} "
          f"({stale.calls} DynamoDB calls: {stale.ops_text()})")
    res["summary"].append(f"[info] save p50 {pct(save_lat, 50) * 1000:.1f} ms, p95 {pct(save_lat, 95) * 1000:.1f} ms "
                          f"({save_ops.calls} DynamoDB calls); with moto's stock whole-table backup "
                          f"{statistics.median(stock) * 1000:.1f} ms")

    # --- per endpoint ---
    heading("DynamoDB calls and latency per endpoint (one call counted; latency = median of the repeats)")
    env = api.ok("POST", f"/workspaces/{ws}/environments",
                 {"name": "Staging", "variables": [{"key": "base_url", "value": "https://staging.example.com"},
                                                    {"key": "page", "value": "1"}]})
    api.ok("POST", f"/workspaces/{ws}/environments", {"name": "Production", "variables": [
        {"key": "base_url", "value": "https://api.example.com"}]})
    state = {"refresh": refresh_token, "version": version, "n": 0}
    scratch_parent = folders[0]

    def save_once() -> Any:
        edit = {**base, "name": f"Endpoint save {state['n']}", "version": state["version"]}
        state["n"] += 1
        status, out = api.call("PUT", f"/workspaces/{ws}/requests/{rid}", edit)
        assert status == 200, (status, out)
        state["version"] = out["version"]
        return status, out

    def refresh_once() -> Any:
        status, out = anon.call("POST", "/auth/refresh", {"refresh_token": state["refresh"]})
        assert status == 200, (status, out)
        state["refresh"] = out["refresh_token"]
        return status, out

    def expect_ok(method: str, path: str, body: Any = None, who: Api = api) -> Callable[[], Any]:
        def go() -> Any:
            status, out = who.call(method, path, body)
            assert status in (200, 201, 204), (method, path, status, out)
            return status, out
        return go

    # (label, callable, repeats, DynamoDB calls its access pattern needs, why)
    endpoints: list[tuple[str, Callable[[], Any], int, int, str]] = [
        ("GET /health (no storage)", expect_ok("GET", "/health", who=anon), 20, 0, "framework overhead only"),
        ("GET /me", expect_ok("GET", "/me"), 20, 1, "auth BatchGet already reads the profile"),
        ("GET /workspaces", expect_ok("GET", "/workspaces"), 10, 3, "auth + Query gsi1 + BatchGet META"),
        ("GET /workspaces/{ws}", expect_ok("GET", f"/workspaces/{ws}"), 20, 2, "auth(+member) + GetItem META"),
        ("GET /workspaces/{ws}/tree", expect_ok("GET", path_tree), 5, 2, "auth + one Query NODE#"),
        ("GET .../requests/{id}", expect_ok("GET", f"/workspaces/{ws}/requests/{rid}"), 20, 2,
         "auth + BatchGet NODE+REQ"),
        ("PUT .../requests/{id} (save)", save_once, 10, 3, "auth + BatchGet NODE+REQ + TransactWrite"),
        ("POST .../requests (create)", expect_ok("POST", f"/workspaces/{ws}/requests", request_doc(5, scratch_parent)),
         10, 2, "auth + TransactWrite (with parent check)"),
        ("GET .../requests/{id}/snapshots", expect_ok("GET", f"/workspaces/{ws}/requests/{rid}/snapshots"), 10, 3,
         "auth + BatchGet NODE+REQ (404 check) + Query SNAP#"),
        ("POST .../requests/{id}/duplicate", expect_ok("POST", f"/workspaces/{ws}/requests/{request_ids[0]}/duplicate"),
         5, 4, "auth + BatchGet NODE+REQ + Query NODE# (whole tree, for the position) + TransactWrite"),
        ("GET .../folders/{id}", expect_ok("GET", f"/workspaces/{ws}/folders/{scratch_parent}"), 20, 2,
         "auth + GetItem NODE"),
        ("GET .../environments", expect_ok("GET", f"/workspaces/{ws}/environments"), 10, 2, "auth + Query ENV#"),
        ("GET .../environments/{id}", expect_ok("GET", f"/workspaces/{ws}/environments/{env['id']}"), 20, 2,
         "auth + GetItem ENV"),
        ("GET .../globals", expect_ok("GET", f"/workspaces/{ws}/globals"), 20, 2, "auth + GetItem ENV#globals"),
        ("GET .../members", expect_ok("GET", f"/workspaces/{ws}/members"), 10, 3,
         "auth + Query MEMBER# + BatchGet profiles"),
        ("POST /auth/login", expect_ok("POST", "/auth/login", {"email": email, "password": password}, anon), 10, 5,
         "2 rate-limit UpdateItem + email GetItem + profile GetItem + TransactWrite session"),
        ("POST /auth/refresh", refresh_once, 10, 3, "GetItem REFRESH + BatchGet session+profile + TransactWrite"),
    ]
    rows = []
    own_times: dict[str, float] = {}
    moto_times: dict[str, float] = {}
    res["own_times"] = own_times
    for label, fn, repeats, needed, why in endpoints:
        fn()  # warm: first call of a route pays lazy imports / client creation
        one = measured(fn)
        runs = [one] + [measured(fn) for _ in range(repeats - 1)]
        mismatch = "" if one.client == one.server else f"  (moto saw {dict(one.server)})"
        rows.append((label, one.calls, one.ops_text() + mismatch, statistics.median(r.seconds for r in runs), needed,
                     why))
        own_times[label] = statistics.median(r.own for r in runs)
        moto_times[label] = statistics.median(r.moto for r in runs)
        res.setdefault("endpoint_ops", {})[label] = one.client
    res["endpoints"] = rows

    w = max(len(r[0]) for r in rows)
    print(f"{'endpoint'.ljust(w)}  calls  needed  {'p50':>9}  {'own':>9}  {'in moto':>9}  operations")
    for label, calls, ops, p50, needed, _why in rows:
        flag = "  <-- more than its access pattern needs" if calls > needed else ""
        print(f"{label.ljust(w)}  {calls:5d}  {needed:6d}  {p50 * 1000:7.2f}ms  {own_times[label] * 1000:7.2f}ms  "
              f"{moto_times[label] * 1000:7.2f}ms  {ops}{flag}")
    print("p50 = whole call through chalice.test; own = time outside DynamoDB calls (the handler's Python); "
          "in moto = time inside moto's server (medians)")
    print("needed = the calls its access pattern (chalicelib/storage/keys.py) takes:")
    for label, _, _, _, needed, why in rows:
        print(f"  {label}: {needed} — {why}")
    over = [f"{r[0]} ({r[1]} > {r[4]})" for r in rows if r[1] > r[4]]
    if over:
        res["summary"].append("[info] more DynamoDB calls than needed: " + "; ".join(over))

    # --- an N+1 probe: deleting a folder of 10 requests ---
    heading("DELETE a folder holding 10 requests (after the measurements above)")
    doomed = api.ok("POST", f"/workspaces/{ws}/folders", folder_doc("Doomed", folders[-1], 1))["id"]
    for i in range(10):
        api.ok("POST", f"/workspaces/{ws}/requests", request_doc(i, doomed))
    m = measured(lambda: api.call("DELETE", f"/workspaces/{ws}/folders/{doomed}"))
    assert m.result[0] == 200, m.result
    print(f"{m.calls} DynamoDB calls ({m.ops_text()}) in {ms(m.seconds)}; deleted {m.result[1]}")
    res["delete_folder"] = (m.calls, m.ops_text())
    res["ws"], res["rid"] = ws, rid
    return res


def run_baseline(Item: Any, res: dict[str, Any]) -> None:
    from pynamodb.connection import Connection
    from pynamodb.transactions import TransactWrite

    heading("Baseline: raw PynamoDB calls against the same moto server (medians: 50 runs; Query 20, tree Query 5)")
    ws, rid = res["ws"], res["rid"]
    pk = f"WS#{ws}"

    def timeit(fn: Callable[[], Any], n: int) -> float:
        fn()
        out = []
        for _ in range(n):
            t = time.perf_counter()
            fn()
            out.append(time.perf_counter() - t)
        return statistics.median(out)

    get = timeit(lambda: Item.get(pk, f"REQ#{rid}", consistent_read=True), 50)
    query_small = timeit(lambda: list(Item.query(pk, Item.sk.startswith("ENV#"), consistent_read=True)), 20)
    batch = timeit(lambda: list(Item.batch_get([(pk, f"NODE#{rid}"), (pk, f"REQ#{rid}")], consistent_read=True)),
                   50)
    tree_items: list[Any] = []
    query_tree = timeit(lambda: tree_items.__setitem__(slice(None), list(
        Item.query(pk, Item.sk.startswith("NODE#"), consistent_read=True))), 5)
    shared = Connection(region=Item.Meta.region, host=Item.Meta.host)
    seq = iter(range(10**6))

    def tx(conn_factory: Callable[[], Any]) -> None:
        with TransactWrite(connection=conn_factory()) as t:
            t.save(Item(f"BENCH#{RUN}", f"TX#{next(seq)}", kind="bench", data="{}"))

    tx_reused = timeit(lambda: tx(lambda: shared), 50)
    tx_fresh = timeit(lambda: tx(lambda: Connection(region=Item.Meta.region, host=Item.Meta.host)), 50)

    print(f"GetItem (1 request document)                    {ms(get)}")
    print(f"BatchGetItem (NODE + REQ)                       {ms(batch)}")
    print(f"Query ENV# (2 items)                            {ms(query_small)}")
    print(f"Query NODE# ({len(tree_items)} items, the tree's one read)        {ms(query_tree)}")
    print(f"TransactWriteItems, reused Connection           {ms(tx_reused)}")
    per_save = res["sessions_per_save"]
    print(f"TransactWriteItems, new Connection per call     {ms(tx_fresh)}   <- what the app pays per transaction"
          if per_save else f"TransactWriteItems, new Connection per call     {ms(tx_fresh)}   (the app reuses its "
          f"connection: a save created no client)")
    print(f"  => a fresh botocore session + client costs ~{(tx_fresh - tx_reused) * 1000:.1f} ms per transaction")

    heading("Endpoint latency as a multiple of the raw storage calls")
    rows = res["endpoints"]
    w = max(len(r[0]) for r in rows)
    print(f"{'endpoint'.ljust(w)}  {'p50':>9}  × GetItem  × its own calls")
    costs = {"GetItem": get, "BatchGetItem": batch, "Query": query_small, "TransactWriteItems": tx_reused,
             "PutItem": get, "UpdateItem": get}
    for label, _calls, _ops, p50, _, _ in rows:
        raw = sum(n * costs.get(op, get) for op, n in res["endpoint_ops"][label].items())
        if "tree" in label:  # its Query returns the whole tree, not two items
            raw += query_tree - query_small
        own = f"{p50 / raw:6.1f}" if raw else "     -"
        print(f"{label.ljust(w)}  {p50 * 1000:7.2f}ms  {p50 / get:8.1f}  {own}")
    print("(× its own calls: p50 ÷ the summed raw cost of the operations it made, transactions at the reused rate)")
    if per_save:
        res["summary"].append(f"[info] every transaction builds a new botocore session and client ({per_save} per save,"
                              f" ~{(tx_fresh - tx_reused) * 1000:.0f} ms each here): chalicelib.storage.table.transact")
    res["summary"].append(f"[info] raw GetItem {get * 1000:.2f} ms, Query NODE# {query_tree * 1000:.1f} ms; tree p50 "
                          f"is {res['tree_p50'] / query_tree:.1f}× its raw Query; TransactWrite via a new Connection "
                          f"{tx_fresh * 1000:.1f} ms vs reused {tx_reused * 1000:.1f} ms")


IMPORT_LINE = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)\s*$")


def run_imports(args: argparse.Namespace, failures: list[str], summary: list[str]) -> None:
    heading(f"Import time of `app` ({args.import_runs} fresh interpreters each, after one warm-up)")
    py = sys.executable
    # Bytecode goes to a cache of our own (never into the repo); the warm-up run fills it, so every measured run
    # starts from compiled bytecode, like a warm developer machine or a package shipped with .pyc files.
    pycache = tempfile.mkdtemp(prefix="api-bench-pycache-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env["PYTHONPYCACHEPREFIX"] = pycache

    def importtime() -> list[tuple[int, int, int, str]]:
        out = subprocess.run([py, "-X", "importtime", "-c", "import app"], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True, timeout=60)
        rows = []
        for line in out.stderr.splitlines():
            m = IMPORT_LINE.match(line)
            if m:
                rows.append((int(m[1]), int(m[2]), len(m[3]), m[4]))
        return rows

    def wall() -> tuple[float, float]:
        code = ("import time; t=time.perf_counter(); c=time.process_time(); import app; "
                "print(time.perf_counter()-t, time.process_time()-c)")
        out = subprocess.run([py, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True,
                             timeout=60)
        w, c = out.stdout.strip().splitlines()[-1].split()
        return float(w), float(c)

    try:
        importtime()
        wall()
        runs = [importtime() for _ in range(args.import_runs)]
        timed = [wall() for _ in range(args.import_runs)]
    finally:
        shutil.rmtree(pycache, ignore_errors=True)

    app_cum: list[float] = []
    per_module: dict[str, list[int]] = {}
    depth_of: dict[str, int] = {}
    self_of: dict[str, list[int]] = {}
    for rows in runs:
        # Lines come in post-order: the children of `app` are the lines just before it, deeper than it.
        idx = next(i for i, r in enumerate(rows) if r[3] == "app" and r[2] == 1)
        app_cum.append(rows[idx][1] / 1000)
        j = idx - 1
        while j >= 0 and rows[j][2] > rows[idx][2]:
            _, cum, depth, name = rows[j]
            per_module.setdefault(name, []).append(cum)
            self_of.setdefault(name, []).append(rows[j][0])
            depth_of[name] = depth
            j -= 1
    walls, cpus = [w for w, _ in timed], [c for _, c in timed]
    med_app, med_wall, med_cpu = (statistics.median(app_cum), statistics.median(walls) * 1000,
                                  statistics.median(cpus) * 1000)
    print(f"-X importtime cumulative of `app`: median {med_app:.1f} ms "
          f"(runs: {', '.join(f'{v:.0f}' for v in app_cum)})")
    print(f"wall clock of `import app`:        median {med_wall:.1f} ms "
          f"(runs: {', '.join(f'{v * 1000:.0f}' for v in walls)})")
    print(f"CPU time of `import app`:          median {med_cpu:.1f} ms (less sensitive to a busy machine)")
    for what, value in (("-X importtime", med_app), ("wall-clock", med_wall)):
        verdict = "PASS" if value <= IMPORT_TARGET_MS else "FAIL"
        if verdict == "FAIL":
            failures.append(f"import app ({what}) ≤ {IMPORT_TARGET_MS:.0f} ms")
        line = f"[{verdict}] import app, {what} median {value:.1f} ms (target ≤ {IMPORT_TARGET_MS:.0f} ms)"
        print(line)
        summary.append(line)

    ranked = sorted(per_module.items(), key=lambda kv: -statistics.median(kv[1]))[:10]
    print("top 10 cumulative imports under app (median ms; indent = nesting; self = its own module body):")
    for name, cums in ranked:
        indent = "  " * max(0, (depth_of[name] - 1) // 2)
        print(f"  {statistics.median(cums) / 1000:7.1f} ms  self {statistics.median(self_of[name]) / 1000:5.1f}  "
              f"{indent}{name}")
    heavy = sorted(((statistics.median(v), k) for k, v in self_of.items()), reverse=True)[:5]
    print("largest self times under app: " + ", ".join(f"{k} {v / 1000:.1f} ms" for v, k in heavy))
    third = [k for k in ("pynamodb", "boto3", "botocore", "pynamodb.models", "jwt", "argon2", "cryptography",
                         "httpx") if k in per_module]
    print("heavy libraries imported by `import app`: " + (", ".join(third) if third else "none of pynamodb, boto3, "
          "botocore, jwt, argon2, cryptography, httpx"))


if __name__ == "__main__":
    sys.exit(main())
