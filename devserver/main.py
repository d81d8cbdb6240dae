"""Entry point: build the stack, start it, print where it is, and stop it cleanly on Ctrl-C or SIGTERM."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import sys
import threading
import time
from types import FrameType
from typing import IO

from devserver.api import ApiStartError, ChaliceApiComponent, load_stage_config
from devserver.components import Stack
from devserver.files import atomic_write
from devserver.lambda_runtime import LambdaRuntime
from devserver.moto_server import MotoComponent, isolate_aws_environment
from devserver.seed import seed_demo_account
from devserver.settings import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    DevSettings,
    SettingsError,
    load_or_create_secret,
)
from devserver.sqs_poller import SqsPollerComponent
from devserver.state import StateComponent, StateFileError
from devserver.websocket_gateway import WebsocketGatewayComponent, WebsocketStartError

log = logging.getLogger("devserver")


def _ensure_resources() -> object:
    # Imported here, not at module top: chalicelib.storage reads its settings when first imported, which must
    # happen after the environment (stage variables, AWS_ENDPOINT_URL) is complete.
    from chalicelib.storage.bootstrap import ensure_resources

    return ensure_resources()


def _lock_state_dir(settings: DevSettings) -> IO[str] | None:
    """Hold an exclusive lock for this process's lifetime: two stacks sharing one state dir would overwrite each
    other's snapshot. Answer None if another devserver holds it. (The lock is released when the process exits.)"""
    handle = open(settings.lock_file, "a+", encoding="utf-8")  # held open until exit: the lock lives with it
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    # SIGTERM (kill, CI) takes the same path as Ctrl-C, so shutdown saves state either way.
    raise KeyboardInterrupt


def _ignore_during_shutdown(signum: int, frame: FrameType | None) -> None:
    # A second Ctrl-C must not abort the final snapshot halfway; stopping takes a moment at most.
    print("devserver: still stopping (saving state)…", file=sys.stderr, flush=True)


def _banner(endpoints: dict[str, str], settings: DevSettings, demo_ready: bool) -> str:
    demo = f"{DEMO_EMAIL} / {DEMO_PASSWORD}" if demo_ready else "not available (see the warning above)"
    lines = [
        "",
        "  API Playground local stack is running",
        "",
        f"  Open           {endpoints.get('api_url', '?')}/   (the web app and the API, one origin)",
        f"  WebSocket      {endpoints.get('ws_url', 'not running (the app has no WebSocket handlers)')}",
        f"  SQS poller     {endpoints.get('sqs_poller', 'not running (the app has no SQS handlers)')}",
        f"  moto (AWS)     {endpoints.get('moto_endpoint', '?')}",
        f"  demo login     {demo}",
        f"  state dir      {settings.state_dir}   (reset: stop, then `make reset`)",
        "",
        "  Ctrl-C stops it and saves state.",
        "",
    ]
    return "\n".join(lines)


def main() -> int:
    # INFO for our own messages only: botocore, pynamodb and httpx are chatty at INFO.
    logging.basicConfig(level=logging.WARNING, format="devserver: %(message)s", stream=sys.stderr)
    log.setLevel(logging.INFO)
    try:
        settings = DevSettings.from_env()
    except SettingsError as exc:
        log.error("%s", exc)
        return 2

    settings.state_dir.mkdir(parents=True, exist_ok=True)
    lock = _lock_state_dir(settings)
    if lock is None:
        log.error("another devserver is using %s; stop it first (see %s)", settings.state_dir, settings.info_file)
        return 1
    settings.info_file.unlink(missing_ok=True)  # left behind by a devserver that was killed

    # The environment is complete before anything imports chalicelib or creates an AWS client.
    if str(settings.project_dir) not in sys.path:
        sys.path.insert(0, str(settings.project_dir))
    isolate_aws_environment()
    os.environ.setdefault("PLAYGROUND_JWT_SECRET", load_or_create_secret(settings.secret_file))
    # Locally the demo user is an operator, so the admin screens can be tried without extra setup.
    os.environ.setdefault("PLAYGROUND_OPERATOR_EMAILS", DEMO_EMAIL)
    # On a developer's own machine the APIs under development live on loopback and private networks: allow them
    # (the cloud metadata address stays refused). Deployed stages keep the hosted default.
    os.environ.setdefault("PLAYGROUND_EGRESS_MODE", "local")
    chalice_config = load_stage_config(settings.project_dir)

    api = ChaliceApiComponent(chalice_config, settings.host, settings.port, settings.web_dir)
    # The gateway and the poller call the app's other handlers the way Lambda does. They load the app through the
    # same Chalice config as the API (one import of app.py, after the environment is complete), so they come after
    # it; the poller comes last so it stops first, before the gateway its pushes go through.
    runtime = LambdaRuntime.from_config(chalice_config)
    stack = Stack(
        [
            MotoComponent(settings.host),
            StateComponent(settings.state_file, settings.snapshot_interval, prepare=_ensure_resources),
            api,
            WebsocketGatewayComponent(runtime, settings.host, settings.ws_port),
            SqsPollerComponent(runtime),
        ]
    )

    # Explicit for SIGINT too: a shell starts background jobs with SIGINT ignored, and Python then leaves it so.
    signal.signal(signal.SIGINT, _raise_interrupt)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        stack.start()
        demo_ready = seed_demo_account(api.url)
        endpoints = stack.endpoints()
        info = {**endpoints, "pid": os.getpid(), "state_dir": str(settings.state_dir), "started_at": time.time()}
        # Written last, so a tool that sees this file can use the API and the demo account at once.
        atomic_write(settings.info_file, (json.dumps(info, indent=2) + "\n").encode("utf-8"), mode=0o644)
        print(_banner(endpoints, settings, demo_ready), flush=True)
        threading.Event().wait()  # until Ctrl-C / SIGTERM raises KeyboardInterrupt here
    except KeyboardInterrupt:
        log.info("stopping")
    except (ApiStartError, WebsocketStartError, StateFileError) as exc:
        log.error("%s", exc)
        return 1
    finally:
        signal.signal(signal.SIGINT, _ignore_during_shutdown)
        signal.signal(signal.SIGTERM, _ignore_during_shutdown)
        settings.info_file.unlink(missing_ok=True)
        stack.stop()
        lock.close()
    log.info("stopped")
    return 0


