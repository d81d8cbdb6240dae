"""Executor overhead: the executor core (prepare → egress-pinned transport → send, with timings, caps and redaction)
against a plain httpx.Client keep-alive loop, the same 200 requests to the same local server, in one process.

    .venv/bin/python bench/executor_bench.py [--requests 200] [--rounds 5]

Prints each side's median per-request time over the rounds and the ratio (target ≤ 1.5×). Talks to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import httpx  # noqa: E402

from chalicelib.executions.runner import execute  # noqa: E402
from chalicelib.executor.auth import MemoryTokenCache  # noqa: E402
from chalicelib.executor.egress import EgressPolicy, check_url, make_transport  # noqa: E402
from chalicelib.executor.prepare import Context  # noqa: E402
from tests.echo_server import EchoServer  # noqa: E402


def plain(url: str, n: int) -> float:
    # The same request the executor sends: the same query, duplicate header, bearer token and default headers.
    headers = [("X-Dup", "1"), ("X-Dup", "2"), ("Authorization", "Bearer secret-token")]
    with httpx.Client(headers={"User-Agent": "APIPlayground/1.0", "Accept": "*/*",
                               "Accept-Encoding": "gzip, deflate", "Cache-Control": "no-cache"}) as client:
        client.get(url).read()  # warm the connection, as the other side is warmed
        start = time.perf_counter()
        for i in range(n):
            r = client.get(url, params={"i": i}, headers=headers)
            r.read()
        return time.perf_counter() - start


def core(url: str, n: int) -> float:
    policy = EgressPolicy.from_settings("local")
    transport = make_transport(policy)
    cache = MemoryTokenCache()
    env = [{"key": "base", "value": url}, {"key": "token", "value": "secret-token", "secret": True}]
    ctx = Context(environment=env, environment_name="bench")
    doc = {"method": "GET", "url": "{{base}}", "params": [{"key": "i", "value": "{{$randomInt}}"}],
           "headers": [{"key": "X-Dup", "value": "1"}, {"key": "X-Dup", "value": "2"}],
           "auth": {"type": "bearer", "attributes": [{"key": "token", "value": "{{token}}"}]},
           "settings": {"timeout_ms": 5000}}
    execute(doc, ctx, transport, token_cache=cache, cache_key="b", max_body=10 << 20)  # warm
    start = time.perf_counter()
    for _ in range(n):
        result, _ = execute(doc, ctx, transport, token_cache=cache, cache_key="b", max_body=10 << 20,
                            check_url=lambda u: check_url(u, policy))
        assert result.ok and result.status == 200, result.error
    elapsed = time.perf_counter() - start
    transport.close()
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--rounds", type=int, default=5)
    args = ap.parse_args()
    with EchoServer() as server:
        url = f"{server.url}/echo"
        plain_runs, core_runs = [], []
        for _ in range(args.rounds):  # interleaved, so machine noise hits both sides alike
            plain_runs.append(plain(url, args.requests))
            core_runs.append(core(url, args.requests))
    p, c = statistics.median(plain_runs), statistics.median(core_runs)
    n = args.requests
    print(f"executor core vs plain httpx, {n} requests × {args.rounds} rounds to a local server (medians)")
    print(f"  plain httpx.Client keep-alive loop  {p * 1000:8.1f} ms  ({p / n * 1000:.3f} ms/request)")
    print(f"  executor core (prepare+egress+send) {c * 1000:8.1f} ms  ({c / n * 1000:.3f} ms/request)")
    ratio = c / p
    print(f"  ratio {ratio:.2f}×  target ≤ 1.5×  [{'PASS' if ratio <= 1.5 else 'FAIL'}]")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
