"""Test set-up: one in-process moto server for the session, the app's resources created in it, and `api`, a
client that calls the Chalice app through chalice.test (the same handler code Lambda runs).

The environment is set before anything imports chalicelib.storage (PynamoDB reads it at class definition).
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.update({
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SECURITY_TOKEN": "testing",
    "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1",
    "PLAYGROUND_TABLE": "playground-test", "PLAYGROUND_BUCKET": "playground-test-blobs",
    "PLAYGROUND_KMS_KEY": "alias/playground-test", "PLAYGROUND_JWT_SECRET": "test-secret-" + "x" * 40,
    # Fast Argon2id for tests (the production profile is exercised in test_passwords.py).
    "PLAYGROUND_ARGON2_TIME_COST": "1", "PLAYGROUND_ARGON2_MEMORY_COST": "1024",
    "PLAYGROUND_ARGON2_PARALLELISM": "1",
    "PLAYGROUND_LOGIN_MAX_PER_IP": "100000",
    "PLAYGROUND_EXECUTIONS_PER_USER_MINUTE": "100000",
    "PLAYGROUND_EXECUTIONS_PER_WORKSPACE_MINUTE": "100000",
    "PLAYGROUND_OPERATOR_EMAILS": "ops@example.com",
})

import logging  # noqa: E402

from devserver.moto_server import BrowserMotoServer  # noqa: E402  (moto's server, answering CORS preflights as S3)

logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's request log drowns real failures

_server = BrowserMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
_server.start()
_host, _port = _server.get_host_and_port()
os.environ["AWS_ENDPOINT_URL"] = f"http://{_host}:{_port}"

from chalicelib.storage.bootstrap import ensure_resources  # noqa: E402

ensure_resources()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _server.stop()


class Api:
    """Calls the app as a user would (JSON over HTTP), remembering a bearer token when given one."""

    def __init__(self, client: Any, token: str | None = None) -> None:
        self.client = client
        self.token = token
        self.user: dict[str, Any] = {}
        self.refresh_token: str | None = None

    def call(self, method: str, path: str, body: Any = None, *, headers: dict[str, str] | None = None,
             raw: bytes | str | None = None) -> tuple[int, Any]:
        hdrs = {"Content-Type": "application/json"}
        if self.token:
            hdrs["Authorization"] = f"Bearer {self.token}"
        hdrs.update(headers or {})
        payload = raw if raw is not None else (json.dumps(body) if body is not None else b"")
        resp = getattr(self.client.http, method.lower())(path, headers=hdrs, body=payload)
        text = resp.body.decode() if isinstance(resp.body, bytes) else resp.body
        return resp.status_code, (json.loads(text) if text else None)

    def ok(self, method: str, path: str, body: Any = None, expect: int | None = None, **kw: Any) -> Any:
        status, data = self.call(method, path, body, **kw)
        wanted = expect or {"POST": (200, 201), "DELETE": (200, 204)}.get(method.upper(), (200,))
        wanted = (wanted,) if isinstance(wanted, int) else wanted
        assert status in wanted, f"{method} {path} → {status} {data}"
        return data

    def as_user(self, token: str | None) -> Api:
        return Api(self.client, token)


@pytest.fixture(scope="session")
def chalice_client() -> Iterator[Any]:
    from chalice.test import Client

    from app import app

    with Client(app, stage_name="dev") as client:
        yield client


@pytest.fixture
def anon(chalice_client: Any) -> Api:
    return Api(chalice_client)


def new_email(tag: str = "user") -> str:
    return f"{tag}-{uuid.uuid4().hex[:10]}@example.com"


def signup(anon: Api, email: str | None = None, password: str = "correct horse battery", name: str = "") -> Api:
    email = email or new_email()
    data = anon.ok("POST", "/auth/register", {"email": email, "password": password, "name": name or email})
    api = anon.as_user(data["access_token"])
    api.user = data["user"]
    api.refresh_token = data["refresh_token"]
    return api


@pytest.fixture
def alice(anon: Api) -> Api:
    return signup(anon, new_email("alice"))


@pytest.fixture
def bob(anon: Api) -> Api:
    return signup(anon, new_email("bob"))


def drain(chalice_client: Any) -> list[dict[str, Any]]:
    """Deliver what is queued to the SQS handler, as Lambda's event source mapping would; answer its replies."""
    import boto3

    from chalicelib import config

    sqs = boto3.client("sqs", region_name="us-east-1")
    url = sqs.get_queue_url(QueueName=config.settings().executions_queue)["QueueUrl"]
    replies = []
    while True:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=0).get("Messages", [])
        if not got:
            return replies
        event = chalice_client.events.generate_sqs_event([m["Body"] for m in got],
                                                        queue_name=config.settings().executions_queue)
        reply = chalice_client.lambda_.invoke("run_executions", event).payload
        replies.append(reply)
        for m in got:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
