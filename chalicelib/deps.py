"""The composition root: which adapter serves each port. Built lazily, so `import app` stays cheap (PynamoDB,
boto3 and KMS are imported by the first request that needs them, not by the Lambda's cold start).

Tests hand in other adapters with `override()`; nothing is patched.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from chalicelib.ports import Blobs, Keyring, Queue, Store

_overrides: dict[str, Any] = {}
_built: dict[str, Any] = {}


def _port(name: str, build: Callable[[], Any]) -> Any:
    if name in _overrides:
        return _overrides[name]
    if name not in _built:
        _built[name] = build()
    return _built[name]


def store() -> Store:
    def build() -> Store:
        from chalicelib.storage import table

        return table  # type: ignore[return-value]  # the module implements the Store protocol

    return _port("store", build)  # type: ignore[no-any-return]


def keyring() -> Keyring:
    def build() -> Keyring:
        from chalicelib.storage.kms import KmsKeyring

        return KmsKeyring()

    return _port("keyring", build)  # type: ignore[no-any-return]


def queue() -> Queue:
    def build() -> Queue:
        from chalicelib.storage.queue import SqsQueue

        return SqsQueue()

    return _port("queue", build)  # type: ignore[no-any-return]


def blobs() -> Blobs:
    def build() -> Blobs:
        from chalicelib.storage.blobs import S3Blobs

        return S3Blobs()

    return _port("blobs", build)  # type: ignore[no-any-return]


def transport_for(verify: bool, http2: bool) -> Any:
    """The egress-enforcing httpx transport (one per TLS/HTTP-2 setting, reused so connections stay warm)."""
    if "transport_for" in _overrides:
        return _overrides["transport_for"](verify, http2)
    key = f"transport:{verify}:{http2}"
    if key not in _built:
        from chalicelib.config import settings
        from chalicelib.executor.egress import EgressPolicy, make_transport

        cfg = settings()
        policy = EgressPolicy.from_settings(cfg.egress_mode, cfg.egress_allow_cidrs, cfg.egress_allow_hosts)
        _built[key] = make_transport(policy, verify=verify, http2=http2)
    return _built[key]


def override(**ports: Any) -> None:
    _overrides.update(ports)


def reset() -> None:
    _overrides.clear()
    _built.clear()
