"""Prints the per-target proof summary at the end of the run (the table the codegen tests exist for)."""

from __future__ import annotations

import pytest

from tests.codegen import summary


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for line in summary.lines():
        terminalreporter.write_line(line)
