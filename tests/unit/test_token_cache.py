"""OAuth 2.0 tokens cached across containers: the table (moto) behind each container's memory, sealed under KMS.

Each "container" is a StoredTokenCache with a fresh MemoryTokenCache over the same table and keyring, driven
through apply_auth as the executor drives it; the token endpoint is an httpx.MockTransport.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
import httpx
import pytest

from chalicelib.config import settings
from chalicelib.environments.crypto import SecretUnreadable
from chalicelib.executions.token_cache import StoredTokenCache
from chalicelib.executor.auth import MemoryTokenCache, apply_auth
from chalicelib.executor.model import PreparedRequest
from chalicelib.ports import Keyring, Store
from chalicelib.storage import keys, table
from chalicelib.storage.kms import KmsKeyring
from tests.oauth_fakes import TokenServer


class Clock:
    def __init__(self) -> None:
        self.t = time.time()

    def __call__(self) -> float:
        return self.t


class Counting:
    """Wraps a port and counts the calls made through it."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.calls = inner, 0

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self.inner, name)

        def call(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            return attr(*args, **kwargs)

        return call


def token(access: str, **extra: Any) -> httpx.Response:
    return httpx.Response(200, json={"access_token": access, "token_type": "Bearer", **extra})


OAUTH = {"type": "oauth2", "attributes": [
    {"key": k, "value": v} for k, v in {"grant_type": "client_credentials", "accessTokenUrl": "https://id.test/token",
                                        "clientId": "my-client", "clientSecret": "cs-TOPSECRET",
                                        "scope": "read"}.items()]}


@pytest.fixture(scope="module")
def keyring() -> KmsKeyring:
    return KmsKeyring()


@pytest.fixture
def ws() -> str:
    return f"ws_{uuid.uuid4().hex[:16]}"


def container(ws: str, keyring: Keyring, clock: Clock, store: Store | None = None) -> StoredTokenCache:
    """A fresh Lambda container: empty memory, the shared table and keyring."""
    return StoredTokenCache(store or table, keyring, ws, memory=MemoryTokenCache(clock), now=clock)  # type: ignore[arg-type]


def send(cache: StoredTokenCache, server: TokenServer, clock: Clock, name: str = "-") -> str:
    req = PreparedRequest("GET", "https://api.test/orders")
    apply_auth(req, OAUTH, client=server.client, token_cache=cache, cache_key=f"{cache.ws}:{name}", now=clock)
    (auth,) = [h.value for h in req.headers if h.name == "Authorization"]
    return auth


def raw_item(pk: str, sk: str) -> dict[str, Any]:
    """The item exactly as DynamoDB holds it."""
    client = boto3.client("dynamodb", region_name="us-east-1")
    item: dict[str, Any] = client.get_item(TableName=settings().table_name,
                                           Key={"pk": {"S": pk}, "sk": {"S": sk}})["Item"]
    return item


def test_a_token_fetched_in_one_container_is_reused_by_another(ws: str, keyring: KmsKeyring) -> None:
    clock = Clock()
    server = TokenServer(token("at-1", expires_in=3600, refresh_token="rt-1"))
    assert send(container(ws, keyring, clock), server, clock) == "Bearer at-1"
    clock.t += 60
    other = container(ws, keyring, clock)
    assert send(other, server, clock) == "Bearer at-1"
    assert len(server.requests) == 1, "the second container asked the token endpoint again"

    # Warm now: the container's memory answers, with no DynamoDB or KMS call.
    store, counted = Counting(table), Counting(keyring)
    warm = StoredTokenCache(store, counted, ws, memory=other.memory, now=clock)  # type: ignore[arg-type]
    assert send(warm, server, clock) == "Bearer at-1"
    assert (store.calls, counted.calls, len(server.requests)) == (0, 0, 1)


def test_the_stored_item_is_sealed_and_dynamodb_deletes_it_when_it_lapses(ws: str, keyring: KmsKeyring) -> None:
    clock = Clock()
    server = TokenServer(token("at-SECRET-1", expires_in=3600, refresh_token="rt-SECRET-1"))
    send(container(ws, keyring, clock), server, clock)
    pk, sk = keys.oauth_token(ws, "-")
    item = raw_item(pk, sk)
    raw = json.dumps(item)
    assert "at-SECRET" not in raw and "rt-SECRET" not in raw and "cs-TOPSECRET" not in raw
    assert "expires_at" not in raw and "fingerprint" not in raw
    assert item["kind"] == {"S": "oauth_token"}
    assert set(json.loads(item["data"]["S"])) == {"v", "dek", "enc"}
    # kept as long as the refresh token is useful (a day when the server does not say)
    assert item["ttl"] == {"N": str(int(clock.t + 86_400))}

    # Without a refresh token, only as long as the access token (less the renewal margin).
    server.answers.append(token("at-2", expires_in=600))
    send(container(ws, keyring, clock), server, clock, name="env_short")
    assert raw_item(*keys.oauth_token(ws, "env_short"))["ttl"] == {"N": str(int(clock.t + 570))}


def test_expiry_is_honoured_and_the_stored_refresh_token_is_used(ws: str, keyring: KmsKeyring) -> None:
    clock = Clock()
    server = TokenServer(token("at-1", expires_in=600), token("at-2", expires_in=3600, refresh_token="rt-2"),
                         token("at-3", expires_in=3600))
    send(container(ws, keyring, clock), server, clock)
    # The item outlives its ttl until DynamoDB gets round to deleting it: a lapsed item is not a token.
    clock.t += 600
    assert container(ws, keyring, clock).get(f"{ws}:-") is None
    assert send(container(ws, keyring, clock), server, clock) == "Bearer at-2"
    assert server.form()["grant_type"] == "client_credentials"
    # The access token lapses; another container refreshes it with the refresh token the table kept.
    clock.t += 3600
    assert send(container(ws, keyring, clock), server, clock) == "Bearer at-3"
    assert server.form() == {"grant_type": "refresh_token", "refresh_token": "rt-2"}
    assert len(server.requests) == 3


def test_a_lapsed_token_in_memory_gives_way_to_a_newer_one_in_the_table(ws: str, keyring: KmsKeyring) -> None:
    clock = Clock()
    server = TokenServer(token("at-1", expires_in=3600, refresh_token="rt-1"), token("at-2", expires_in=3600))
    first = container(ws, keyring, clock)
    assert send(first, server, clock) == "Bearer at-1"
    clock.t += 3600
    assert send(container(ws, keyring, clock), server, clock) == "Bearer at-2"  # a refresh elsewhere
    assert send(first, server, clock) == "Bearer at-2"  # not a second refresh with rt-1
    assert len(server.requests) == 2


def test_an_item_copied_elsewhere_does_not_decrypt_and_a_new_token_is_fetched(
        ws: str, keyring: KmsKeyring, caplog: pytest.LogCaptureFixture) -> None:
    clock = Clock()
    server = TokenServer(token("at-1", expires_in=3600, refresh_token="rt-1"), token("at-other", expires_in=3600),
                         token("at-env", expires_in=3600))
    send(container(ws, keyring, clock), server, clock)
    stolen = table.get(*keys.oauth_token(ws, "-"))
    assert stolen is not None
    other = f"ws_{uuid.uuid4().hex[:16]}"
    # An insider copies the item, as is, into another workspace (KMS refuses the context) ...
    stolen.pk, stolen.sk = keys.oauth_token(other, "-")
    table.put(stolen)
    # ... and to another environment of the same workspace (the GCM tag covers the item's key).
    stolen.pk, stolen.sk = keys.oauth_token(ws, "env_copy")
    table.put(stolen)
    with caplog.at_level(logging.WARNING, logger="playground.executions"):
        assert container(other, keyring, clock).get(f"{other}:-") is None
        assert send(container(other, keyring, clock), server, clock) == "Bearer at-other"
        assert send(container(ws, keyring, clock), server, clock, name="env_copy") == "Bearer at-env"
    assert len(server.requests) == 3
    assert "unreadable" in caplog.text
    assert "at-1" not in caplog.text and "rt-1" not in caplog.text
    # The original still decrypts.
    assert send(container(ws, keyring, clock), server, clock) == "Bearer at-1"


class BrokenKeyring:
    def generate_data_key(self, context: dict[str, str]) -> tuple[bytes, bytes]:
        raise SecretUnreadable("no key service here")

    def decrypt(self, blob: bytes, context: dict[str, str]) -> bytes:
        raise SecretUnreadable("A secret value cannot be decrypted here.")


def test_a_failing_cache_never_fails_the_request(ws: str, keyring: KmsKeyring) -> None:
    clock = Clock()
    server = TokenServer(token("at-1", expires_in=3600), token("at-2", expires_in=3600),
                         token("at-3", expires_in=3600))
    send(container(ws, keyring, clock), server, clock)
    # Reading: the key service refuses → not cached, a new token.
    assert send(container(ws, BrokenKeyring(), clock), server, clock) == "Bearer at-2"
    # Writing: the token is used all the same, and the container's memory still has it.
    broken = container(ws, BrokenKeyring(), clock)
    assert send(broken, server, clock, name="env_b") == "Bearer at-3"
    assert table.get(*keys.oauth_token(ws, "env_b")) is None
    assert send(broken, server, clock, name="env_b") == "Bearer at-3"
    assert len(server.requests) == 3


def test_keys_of_another_workspace_are_refused(ws: str, keyring: KmsKeyring) -> None:
    cache = container(ws, keyring, Clock())
    for key in ("ws_other:-", f"{ws}:", "-", f"x{ws}:-"):
        with pytest.raises(ValueError):
            cache.get(key)
        with pytest.raises(ValueError):
            cache.put(key, {"access_token": "t"}, 60)


@pytest.fixture(autouse=True)
def _no_leftover_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    yield
    assert "TOPSECRET" not in caplog.text
