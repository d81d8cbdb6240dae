"""Runs every runnable target's snippet for every case against its own capture server, in a bounded pool."""

from __future__ import annotations

import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import chalicelib.codegen as cg
from tests.codegen.capture import Captured, CaptureServer
from tests.codegen.cases import Case, rebase
from tests.codegen.expect import Expected, compare, expected
from tests.codegen.runtimes import RUNTIMES, Outcome, Runtime, run

#: two cores: four workers keep both busy while others wait on sockets and process start-up
WORKERS = 6


@dataclass
class Result:
    target: str
    case: str
    snippet: str = ""
    expected: Expected | None = None
    outcome: Outcome | None = None
    captured: list[Captured] = field(default_factory=list)
    server_errors: list[str] = field(default_factory=list)
    #: set when the run could not happen at all (runtime missing, build failed)
    error: str = ""
    seconds: float = 0.0

    @property
    def problems(self) -> list[str]:
        if self.error:
            return [self.error]
        assert self.expected is not None
        problems = compare(self.expected, self.captured, cg.TARGETS[self.target])
        problems += [f"capture server: {e}" for e in self.server_errors]
        if not self.expected.rejected and self.outcome and self.outcome.returncode != 0:
            problems.append(f"the snippet exited with {self.outcome.returncode}")
        if self.expected.rejected and self.outcome and self.outcome.returncode == 0:
            problems.append("the client was expected to refuse the request (non-zero exit), but exited 0")
        return problems

    def report(self) -> str:
        out = [f"{self.target} × {self.case}:", *("  " + p for p in self.problems), "--- snippet ---", self.snippet]
        if self.outcome:
            out += ["--- stdout ---", self.outcome.stdout[-3000:], "--- stderr ---", self.outcome.stderr[-3000:]]
        return "\n".join(out)


class _Prepared:
    """One case of one target, written to its directory with its own capture server listening."""

    def __init__(self, rt: Runtime, case: Case, root: Path) -> None:
        self.result = Result(rt.target, case.name)
        self.server = CaptureServer(tls=case.tls)
        req = rebase(case.request, self.server.base)
        self.result.expected = expected(req, cg.TARGETS[rt.target])
        self.result.snippet = cg.generate(req, rt.target, include_secrets=True)
        self.dir = root / case.name
        self.dir.mkdir(parents=True)
        (self.dir / rt.filename).write_text(self.result.snippet, encoding="utf-8")
        (self.dir / "port").write_text(str(self.server.port))
        for name, content in rt.extra_files.items():
            (self.dir / name).parent.mkdir(parents=True, exist_ok=True)
            (self.dir / name).write_text(content)

    def run(self, rt: Runtime) -> Result:
        start = time.monotonic()
        self.result.outcome = run(rt.command(self.dir), self.dir)
        self.result.seconds = time.monotonic() - start
        return self.finish()

    def finish(self) -> Result:
        # The server records a request before it answers, so by the time the client has exited it is there.
        self.server.close()
        self.result.captured = list(self.server.requests)
        self.result.server_errors = list(self.server.errors)
        return self.result


def _one(rt: Runtime, case: Case, root: Path) -> Result:
    try:
        rt.check()
    except AssertionError as exc:
        return Result(rt.target, case.name, error=str(exc))
    return _Prepared(rt, case, root).run(rt)


def _batch(rt: Runtime, cases: list[Case], root: Path) -> list[Result]:
    try:
        rt.check()
    except AssertionError as exc:
        return [Result(rt.target, c.name, error=str(exc)) for c in cases]
    prepared = [_Prepared(rt, c, root) for c in cases]
    assert rt.build is not None
    try:
        rt.build(root, [p.dir for p in prepared])
    except AssertionError as exc:
        for p in prepared:
            p.finish().error = f"build failed: {exc}"
        return [p.result for p in prepared]
    return [p.run(rt) for p in prepared]


def run_all(cases: list[Case], root: Path, targets: list[str] | None = None) -> dict[tuple[str, str], Result]:
    names = targets or list(RUNTIMES)
    results: dict[tuple[str, str], Result] = {}
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        # The compiled targets first: their builds are the longest single steps.
        batches: list[Future[list[Result]]] = [pool.submit(_batch, RUNTIMES[n], cases, root / n) for n in names
                                               if RUNTIMES[n].build is not None]
        singles: list[Future[Result]] = [pool.submit(_one, RUNTIMES[n], c, root / n) for n in names
                                         if RUNTIMES[n].build is None for c in cases]
        for fb in batches:
            for r in fb.result():
                results[(r.target, r.case)] = r
        for fs in singles:
            r = fs.result()
            results[(r.target, r.case)] = r
    return results
