"""The per-target table: how many cases went over the wire byte-for-byte, how many matched only through a declared
limitation, how many failed."""

from __future__ import annotations

from tests.codegen.proof import Result

#: filled by the run fixture; read by conftest at the end of the session
RESULTS: dict[tuple[str, str], Result] = {}
SYNTAX: dict[str, tuple[int, int, str]] = {}
#: (setting, target) → "as the request asks" | "as declared" | "wrong": filled by test_settings
SETTINGS: dict[tuple[str, str], str] = {}


def lines() -> list[str]:
    if not RESULTS and not SYNTAX and not SETTINGS:
        return []
    out = [""]
    if RESULTS:
        out += ["codegen proof: each snippet run against a capture server on 127.0.0.1 (exact: byte-for-byte; limited:",
                "as the request changed by the target's declared limitations)", ""]
        out.append(f"{'target':22} {'cases':>5} {'exact':>6} {'limited':>8} {'failed':>7} {'fixtures exact':>15}  "
                   "limitations applied")
    targets = sorted({t for t, _ in RESULTS}, key=lambda t: list(_order()).index(t) if t in _order() else 99)
    for target in targets:
        rows = [r for (t, _), r in RESULTS.items() if t == target]
        failed = [r for r in rows if r.problems]
        ok = [r for r in rows if not r.problems]
        exact = [r for r in ok if r.expected is not None and not r.expected.applied]
        applied = sorted({code for r in ok if r.expected for code in r.expected.applied})
        # httpsnippet's own fixture requests (the cases named har-*), apart from our harder ones
        fixtures = [(case, r) for (t, case), r in RESULTS.items() if t == target and case.startswith("har-")]
        fixtures_exact = sum(1 for _, r in fixtures if any(r is e for e in exact))
        out.append(f"{target:22} {len(rows):>5} {len(exact):>6} {len(ok) - len(exact):>8} {len(failed):>7} "
                   f"{f'{fixtures_exact}/{len(fixtures)}':>15}  " + ", ".join(applied))
    if SETTINGS:
        out += ["", "settings proof (redirects, TLS verification off, time limit), runnable targets:"]
        for setting in sorted({s for s, _ in SETTINGS}):
            verdicts = [v for (s, _), v in SETTINGS.items() if s == setting]
            out.append(f"  {setting:22} {verdicts.count('as the request asks'):>3} as the request asks, "
                       f"{verdicts.count('as declared'):>2} as the target declares, {verdicts.count('wrong'):>2} wrong")
    if SYNTAX:
        out += ["", f"{'target':22} {'parsed':>6} {'errors':>7}  checked with"]
        for target, (good, bad, tool) in SYNTAX.items():
            out.append(f"{target:22} {good:>6} {bad:>7}  {tool}")
    return out


def _order() -> list[str]:
    import chalicelib.codegen as cg

    return list(cg.TARGETS)
