"""The proof: every runnable target's snippet, for every case, run for real against a capture server; what arrived
must be the prepared request (changed only by the target's declared limitations)."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.codegen import summary
from tests.codegen.cases import Case, all_cases
from tests.codegen.proof import Result, run_all
from tests.codegen.runtimes import RUNTIMES

CASES = all_cases()


@pytest.fixture(scope="session")
def proof(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Result]:
    root: Path = tmp_path_factory.mktemp("codegen-proof")
    results = run_all(CASES, root)
    summary.RESULTS.update(results)
    return results


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("target", list(RUNTIMES))
def test_snippet_sends_the_prepared_request(proof: dict[tuple[str, str], Result], target: str, case: Case) -> None:
    result = proof[(target, case.name)]
    assert not result.problems, result.report()
    if result.expected is not None and result.expected.body_as_note:
        # raw-http11's documented stand-in for a binary body: the exact bytes, as base64, in the text.
        assert base64.b64encode(case.request.body).decode() in result.snippet
