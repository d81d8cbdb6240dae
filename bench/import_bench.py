"""Import benchmark: the largest real-world specs and an Insomnia v5 file through the importers, against parsing the
same text alone (the floor an importer cannot go under), measured in the same process.

    .venv/bin/python bench/import_bench.py             # 5 rounds each
    .venv/bin/python bench/import_bench.py --rounds 2
    .venv/bin/python bench/import_bench.py --strict    # exit 1 when a target FAILs (default: always 0)

Targets: Stripe's and GitHub's OpenAPI files (about 5 MB of YAML each, 400+ operations) import in under 15 s on
these 2-core machines; the import costs at most 10x the YAML parse.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from chalicelib.interop.insomnia import import_insomnia  # noqa: E402
from chalicelib.interop.openapi import import_spec  # noqa: E402

SPECS = ROOT.parent / "shared" / "conformance" / "openapi" / "realWorldExamples"
TARGET_SECONDS = 15.0
TARGET_RATIO = 10.0


def _best(fn: Callable[[], Any], rounds: int) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return min(times), statistics.median(times)


def _insomnia_v5(requests: int) -> bytes:
    lines = ["type: collection.insomnia.rest/5.0", "name: Big", "collection:"]
    for f in range(requests // 50):
        lines += [f"  - name: Folder {f}", f"    meta: {{id: fld_{f}, sortKey: {f}}}", "    children:"]
        for r in range(50):
            lines += [f"      - name: Request {f}-{r}", f"        meta: {{id: req_{f}_{r}}}", "        method: POST",
                      f"        url: \"{{{{ _.host }}}}/items/{r}?page={{{{ _.page }}}}\"",
                      "        headers: [{name: Accept, value: application/json}]",
                      "        body: {mimeType: application/json, text: '{\"a\": 1}'}"]
    return ("\n".join(lines) + "\n").encode()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    failed = False
    print(f"{'input':28} {'import best':>12} {'median':>8} {'parse only':>11} {'ratio':>6}  verdict")
    cases: list[tuple[str, bytes, Callable[[bytes], Any]]] = [
        (name, (SPECS / name).read_bytes(), import_spec) for name in ("stripe.yaml", "github.yaml")]
    cases.append(("insomnia v5, 2,000 requests", _insomnia_v5(2_000), import_insomnia))
    for name, data, importer in cases:
        best, median = _best(lambda: importer(data), args.rounds)  # noqa: B023 - called at once
        parse, _ = _best(lambda: yaml.load(data, Loader=loader), args.rounds)  # noqa: B023, S506 - a safe loader
        ratio = best / parse
        ok = best < TARGET_SECONDS and ratio <= TARGET_RATIO
        failed |= not ok
        print(f"{name:28} {best:>11.2f}s {median:>7.2f}s {parse:>10.2f}s {ratio:>5.1f}x  {'PASS' if ok else 'FAIL'}")
    print(f"targets: under {TARGET_SECONDS:.0f} s, at most {TARGET_RATIO:.0f}x the YAML parse")
    return 1 if failed and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
