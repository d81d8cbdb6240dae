"""Local stack latency: POST execute → `execution.completed` on the WebSocket, minus the request's own time.

Starts the real local stack (`python -m devserver`: moto, Chalice's local server, the WebSocket gateway and the SQS
poller) on free ports with a throwaway state dir, signs up, subscribes over a real WebSocket, and sends N requests to
a local echo server through the product. The same request sent directly with httpx is the baseline; the difference
is what the pipeline adds (API → DynamoDB → SQS → worker → DynamoDB → push).

    .venv/bin/python bench/local_stack_bench.py [--executions 200]

Talks to 127.0.0.1 only. Target: added latency p50 ≤ 25 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import websockets

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.echo_server import EchoServer  # noqa: E402


def start_stack(state: Path) -> tuple[subprocess.Popen[bytes], dict[str, str]]:
    env = {**os.environ, "PLAYGROUND_PORT": "0", "PLAYGROUND_WS_PORT": "0", "PLAYGROUND_STATE_DIR": str(state),
           "PLAYGROUND_ARGON2_TIME_COST": "1", "PLAYGROUND_ARGON2_MEMORY_COST": "1024",
           "PLAYGROUND_EXECUTIONS_PER_USER_MINUTE": "100000", "PLAYGROUND_EXECUTIONS_PER_WORKSPACE_MINUTE": "100000"}
    log = open(state / "devserver.log", "wb")  # noqa: SIM115 - kept open for the process's life
    proc = subprocess.Popen([sys.executable, "-m", "devserver"], cwd=ROOT, env=env, stdout=log, stderr=log)
    info = state / "devserver.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if info.exists():
            try:
                return proc, json.loads(info.read_text())
            except ValueError:
                pass
        time.sleep(0.1)
    proc.kill()
    raise SystemExit("the local stack did not start within 60 s")


async def run(api: str, n: int, target: str) -> tuple[list[float], list[float]]:
    async with httpx.AsyncClient(base_url=api, timeout=30) as http:
        r = await http.post("/auth/register", json={"email": f"bench-{time.time_ns()}@example.com",
                                                    "password": "bench password"})
        token = r.json()["access_token"]
        http.headers["Authorization"] = f"Bearer {token}"
        ws_id = (await http.post("/workspaces", json={"name": "Bench"})).json()["id"]
        ticket = (await http.post("/ws/ticket")).json()
        for path in ("/health", "/me"):
            times = []
            for _ in range(30):
                t0 = time.perf_counter()
                await http.get(path)
                times.append((time.perf_counter() - t0) * 1000)
            print(f"  (GET {path}: p50 {statistics.median(times):.2f} ms — the local API server's own cost)")
        direct: list[float] = []
        async with httpx.AsyncClient() as plain:
            await plain.get(target)
            for _ in range(min(n, 50)):
                t0 = time.perf_counter()
                await plain.get(target)
                direct.append((time.perf_counter() - t0) * 1000)
        async with websockets.connect(ticket["url"]) as sock:
            await sock.send(json.dumps({"action": "subscribe", "workspace_id": ws_id}))
            await asyncio.wait_for(sock.recv(), 10)
            totals: list[float] = []
            posts: list[float] = []
            # where the time goes, from the execution's own timestamps (same machine, same clock)
            phases: dict[str, list[float]] = {"queued → started": [], "started → completed": [],
                                              "completed → pushed": [], "202 → queued record": []}
            for i in range(n + 5):  # the first few warm the worker; not counted
                t0 = time.perf_counter()
                resp = await http.post(f"/workspaces/{ws_id}/execute", json={"request": {"url": target}})
                eid = resp.json()["id"]
                if i >= 5:
                    posts.append((time.perf_counter() - t0) * 1000)
                while True:
                    msg = json.loads(await asyncio.wait_for(sock.recv(), 30))
                    if msg.get("type") == "execution.completed" and msg["execution"]["id"] == eid:
                        break
                pushed = time.time()
                if i >= 5:
                    totals.append((time.perf_counter() - t0) * 1000)
                    exe = msg["execution"]
                    created, started, completed = (_epoch(exe[k]) for k in ("created_at", "started_at", "completed_at"))
                    phases["queued → started"].append((started - created) * 1000)
                    phases["started → completed"].append((completed - started) * 1000)
                    phases["completed → pushed"].append((pushed - completed) * 1000)
        print(f"  (of which POST execute answering 202: p50 {statistics.median(posts):.2f} ms)")
        for name, values in phases.items():
            if values:
                print(f"  ({name}: p50 {statistics.median(values):.2f} ms; server timestamps, ms resolution)")
        return totals, direct


def _epoch(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--executions", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, EchoServer() as echo:
        proc, info = start_stack(Path(tmp))
        try:
            totals, direct = asyncio.run(run(info["api_url"], args.executions, f"{echo.url}/echo"))
        except BaseException:
            print((Path(tmp) / "devserver.log").read_text()[-3000:])
            raise
        finally:
            proc.send_signal(signal.SIGINT)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
    base = statistics.median(direct)
    added = [t - base for t in totals]
    print(f"local stack: POST execute → WebSocket execution.completed, {len(totals)} executions")
    print(f"  direct request (baseline)  p50 {base:7.2f} ms")
    print(f"  end to end                 p50 {pct(totals, 50):7.2f} ms   p95 {pct(totals, 95):7.2f} ms")
    print(f"  added by the pipeline      p50 {pct(added, 50):7.2f} ms   p95 {pct(added, 95):7.2f} ms")
    ok = pct(added, 50) <= 25
    print(f"  target p50 ≤ 25 ms  [{'PASS' if ok else 'FAIL'}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
