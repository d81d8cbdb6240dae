"""The request's settings in the snippets, proven by running them: a snippet follows redirects exactly when the
request does (or says why it cannot), a request that turns TLS verification off reaches a server with a
self-signed certificate (or its snippet says how, and the client indeed refuses that server), and a changed time
limit makes the client give up on a server that does not answer."""

from __future__ import annotations

from pathlib import Path

import pytest

import chalicelib.codegen as cg
from tests.codegen import summary
from tests.codegen.cases import REDIRECT_HOP, Case, settings_cases
from tests.codegen.proof import Result, run_all
from tests.codegen.runtimes import RUNTIMES

HOP = REDIRECT_HOP


def _cases() -> list[Case]:
    return settings_cases()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Result]:
    root: Path = tmp_path_factory.mktemp("codegen-settings")
    # raw-http11 is a message, not a client: the runner writes it to a plain socket, so it has no TLS case
    cases = _cases()
    results = run_all([c for c in cases if not c.tls], root / "plain")
    results.update(run_all([c for c in cases if c.tls], root / "tls",
                           targets=[t for t in RUNTIMES if t != "raw-http11"]))
    return results


def _codes(target: str) -> set[str]:
    return {lim.code for lim in cg.TARGETS[target].limitations}


def _targets(result: Result) -> list[bytes]:
    assert not result.error, result.error
    return [r.target for r in result.captured]


@pytest.mark.parametrize("target", list(RUNTIMES))
def test_a_snippet_follows_redirects_as_the_request_does(runs: dict[tuple[str, str], Result], target: str) -> None:
    followed = runs[(target, "follows-redirects")]
    first = HOP.encode()
    declared = cg.NO_REDIRECTS in _codes(target)
    stayed = runs[(target, "does-not-follow")]
    want = [first] if declared else [first, b"/landed?from=redirect"]
    ok = _targets(followed) == want and _targets(stayed) == [first]
    summary.SETTINGS[("redirects", target)] = ("as declared" if declared else "as the request asks") if ok else "wrong"
    assert _targets(followed) == want, followed.report()
    assert _targets(stayed) == [first], stayed.report()


@pytest.mark.parametrize("target", [t for t in RUNTIMES if t != "raw-http11"])
def test_a_snippet_with_tls_verification_off_reaches_a_self_signed_server(runs: dict[tuple[str, str], Result],
                                                                          target: str) -> None:
    summary.SETTINGS[("TLS verification off", target)] = "wrong"  # until every case below holds
    for case, path in (("tls-unverified", b"/secure"), ("all-settings-changed", b"/all"),
                       ("no-redirects-no-tls-check", b"/none")):
        result = runs[(target, case)]
        if cg.TLS_OFF_AS_NOTE in _codes(target):
            # the snippet only says how: the client, as written, still checks the certificate and never sends
            assert "TLS verification is off" in result.snippet
            assert _targets(result) == [], result.report()
        else:
            assert _targets(result) == [path], result.report()
            assert result.outcome is not None and result.outcome.returncode == 0, result.report()
    summary.SETTINGS[("TLS verification off", target)] = ("as declared" if cg.TLS_OFF_AS_NOTE in _codes(target)
                                                         else "as the request asks")


@pytest.mark.parametrize("target", [t for t in RUNTIMES if t != "raw-http11"])
def test_a_snippet_gives_up_at_the_requests_time_limit(runs: dict[tuple[str, str], Result], target: str) -> None:
    # The server answers after 6 s; the request allows 1 s. A client that waited would take 6 s and exit 0; the bound
    # is loose (JVM start-up while five other snippets run on two cores).
    result = runs[(target, "times-out")]
    summary.SETTINGS[("time limit", target)] = "wrong"
    assert _targets(result) == [b"/__slow/6000"], result.report()
    assert result.outcome is not None and result.outcome.returncode != 0, result.report()
    assert result.seconds < 5.5, f"{target} waited {result.seconds:.1f} s\n{result.report()}"
    summary.SETTINGS[("time limit", target)] = "as the request asks"
