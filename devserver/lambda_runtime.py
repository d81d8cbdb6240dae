"""The app's non-HTTP handlers, called the way Lambda calls them: a raw event dict and a context object.

Chalice's local server only routes HTTP. The WebSocket gateway and the SQS poller build the events API Gateway and
SQS would send and call the same wrapped handlers Lambda calls (`app.handler_map`, what `app.<name>` is), so the
app's event parsing, middleware and return values run exactly as deployed.

One `LambdaRuntime` is shared by the components after the API: it loads the app through the same Chalice `Config`
the API component uses, so `app.py` is imported once, after the environment is complete.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from chalice.app import Chalice, SQSEventConfig
from chalice.config import Config
from chalice.local import LambdaContext

#: Lambda's defaults when .chalice/config.json names none (Chalice deploys with these too).
_DEFAULT_TIMEOUT_S = 60
_DEFAULT_MEMORY_MB = 128


class LambdaRuntime:
    def __init__(
        self,
        load_app: Callable[[], Chalice],
        stage: str,
        api_gateway_stage: str,
        timeout_s: int = _DEFAULT_TIMEOUT_S,
        memory_mb: int = _DEFAULT_MEMORY_MB,
    ) -> None:
        self._load_app = load_app
        self._app: Chalice | None = None
        self._lock = threading.Lock()
        self.stage = stage
        #: The WebSocket API's stage: Chalice deploys it under the REST API's stage name.
        self.api_gateway_stage = api_gateway_stage
        self.timeout_s = timeout_s
        self.memory_mb = memory_mb

    @classmethod
    def from_config(cls, config: Config) -> LambdaRuntime:
        # config.chalice_app imports app.py on first use and caches it: the API component and this runtime share
        # that one import (it must not happen before moto's endpoint is in the environment).
        return cls(
            lambda: config.chalice_app,
            stage=config.chalice_stage,
            api_gateway_stage=config.api_gateway_stage or "api",
            timeout_s=config.lambda_timeout or _DEFAULT_TIMEOUT_S,
            memory_mb=config.lambda_memory_size or _DEFAULT_MEMORY_MB,
        )

    @property
    def app(self) -> Chalice:
        with self._lock:
            if self._app is None:
                self._app = self._load_app()
            return self._app

    def websocket_handler(self, route_key: str) -> str | None:
        """The handler name for `$connect`, `$default` or `$disconnect`, or None if the app has no such route."""
        config = self.app.websocket_handlers.get(route_key)
        return None if config is None else str(config.name)

    def sqs_sources(self) -> list[SQSEventConfig]:
        """Every `@app.on_sqs_message`: the event source mappings a deployment would create."""
        return [source for source in self.app.event_sources if isinstance(source, SQSEventConfig)]

    def invoke(self, name: str, event: dict[str, Any]) -> Any:
        """Call handler `name` as Lambda would: exceptions propagate, like a failed invocation."""
        handler = self.app.handler_map[name]
        context = LambdaContext(
            function_name=f"{self.app.app_name}-{self.stage}-{name}",
            memory_size=self.memory_mb,
            max_runtime_ms=self.timeout_s * 1000,
        )
        return handler(event, context)
