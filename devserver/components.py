"""What the devserver runs: a list of components started in order and stopped in reverse.

Each piece of the local stack (moto, state persistence, the REST API, the WebSocket gateway and the SQS poller) is a
component, so adding one is a line in the list `main.main` builds and start-up/shutdown ordering stays in one place:
a component may rely on everything before it while it starts and while it stops.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Protocol

log = logging.getLogger("devserver")


class Component(Protocol):
    #: Short name for logs and the banner.
    name: str

    def start(self) -> None:
        """Start serving; return once ready (a background thread may keep running)."""

    def stop(self) -> None:
        """Stop and release resources. Called only after a successful `start`; must not raise for normal cases."""

    def endpoints(self) -> dict[str, str]:
        """Addresses to show in the banner and to write to devserver.json (empty if none)."""


class Stack:
    def __init__(self, components: Sequence[Component]) -> None:
        self._components = list(components)
        self._started: list[Component] = []

    def start(self) -> None:
        """Start every component; if one fails (or Ctrl-C arrives), stop those already started and re-raise."""
        try:
            for component in self._components:
                log.info("starting %s", component.name)
                component.start()
                self._started.append(component)
        except BaseException:
            self.stop()
            raise

    def stop(self) -> None:
        """Stop started components in reverse order.

        A failure in one is logged and the others still stop: leaving moto or a server thread running, or skipping
        the final state snapshot, because an unrelated component failed would be worse than continuing.
        """
        while self._started:
            component = self._started.pop()
            try:
                component.stop()
            except Exception:
                log.exception("stopping %s failed", component.name)

    def endpoints(self) -> dict[str, str]:
        merged: dict[str, str] = {}
        for component in self._components:
            merged.update(component.endpoints())
        return merged
