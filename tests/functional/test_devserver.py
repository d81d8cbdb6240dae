"""End to end: `python -m devserver` serves the API, seeds the demo account and keeps state across a restart.

Runs the real thing as a subprocess (moto in-process, Chalice's local server) on a free port with a throwaway
state dir, talks to it over HTTP, stops it with SIGINT as Ctrl-C would, and starts it again on the same state.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0

USER = {"email": "restart-check@example.test", "password": "correct horse battery staple", "name": "Restart Check"}
DEMO = {"email": "demo@playground.local", "password": "playground-demo"}
KMS_CONTEXT = {"purpose": "devserver-restart-test"}


class Devserver:
    """One run of `python -m devserver`; its output goes to a file so a full pipe can never block it."""

    def __init__(self, state_dir: Path, log_path: Path) -> None:
        self.state_dir = state_dir
        self.log_path = log_path
        env = {
            **os.environ,
            "PLAYGROUND_PORT": "0",
            "PLAYGROUND_STATE_DIR": str(state_dir),
            "PYTHONUNBUFFERED": "1",
        }
        self._log = open(log_path, "ab")  # closed in close(), once the process ended
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "devserver"],
            cwd=REPO_ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.info = self._wait_until_ready()

    @property
    def api(self) -> str:
        return str(self.info["api_url"])

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _wait_until_ready(self) -> dict[str, Any]:
        info_file = self.state_dir / "devserver.json"
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"devserver exited with {self.proc.returncode} while starting:\n{self.output()}")
            if info_file.exists():
                info: dict[str, Any] = json.loads(info_file.read_text(encoding="utf-8"))
                # A file left by the previous run names another pid; wait for this run's.
                if info.get("pid") == self.proc.pid:
                    response = httpx.get(f"{info['api_url']}/health", timeout=5.0)
                    assert response.status_code == 200, response.text
                    return info
            time.sleep(0.1)
        pytest.fail(f"devserver not ready after {START_TIMEOUT} s:\n{self.output()}")

    def interrupt(self) -> int:
        """Ctrl-C, then the exit code."""
        self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=STOP_TIMEOUT)
        finally:
            self.close()

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


@pytest.fixture
def runs() -> Iterator[list[Devserver]]:
    """Every Devserver a test starts is added here, and killed at the end if the test failed before stopping it."""
    started: list[Devserver] = []
    yield started
    for run in started:
        run.close()


def _kms(info: dict[str, Any]) -> Any:
    # Explicit endpoint and dummy credentials: this test must never reach real AWS, whatever the shell exports.
    return boto3.client(
        "kms",
        endpoint_url=info["moto_endpoint"],
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )


def test_state_survives_restart(tmp_path: Path, runs: list[Devserver]) -> None:
    state_dir = tmp_path / "state"
    log_path = tmp_path / "devserver.log"

    first = Devserver(state_dir, log_path)
    runs.append(first)
    register = httpx.post(f"{first.api}/auth/register", json=USER, timeout=10.0)
    assert register.status_code == 201, register.text
    # A data key wrapped by the app's KMS key, as secret variables are stored; it must still decrypt after restart.
    data_key = _kms(first.info).generate_data_key(
        KeyId=first.info["kms_key"], KeySpec="AES_256", EncryptionContext=KMS_CONTEXT
    )
    assert first.interrupt() == 0, first.output()
    assert not (state_dir / "devserver.json").exists(), "devserver.json must go when the server stops"

    second = Devserver(state_dir, log_path)
    runs.append(second)
    # The app's alias still names the same key, so new secrets and old ones use one key.
    assert second.info["kms_key"] == first.info["kms_key"]
    login = httpx.post(
        f"{second.api}/auth/login", json={"email": USER["email"], "password": USER["password"]}, timeout=10.0
    )
    assert login.status_code == 200, login.text
    assert login.json()["access_token"]
    demo = httpx.post(f"{second.api}/auth/login", json=DEMO, timeout=10.0)
    assert demo.status_code == 200, demo.text
    plaintext = _kms(second.info).decrypt(CiphertextBlob=data_key["CiphertextBlob"], EncryptionContext=KMS_CONTEXT)
    assert plaintext["Plaintext"] == data_key["Plaintext"]
    assert second.interrupt() == 0, second.output()
