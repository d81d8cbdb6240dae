"""The composition root: which adapter serves each port. Built lazily, so `import app` stays cheap (PynamoDB,
boto3 and KMS are imported by the first request that needs them, not by the Lambda's cold start).

Tests hand in other adapters with `override()`; nothing is patched.
"""

from __future__ import annotations

from typing import Any

from chalicelib.ports import Blobs, Keyring, Queue, Store

_overrides: dict[str, Any] = {}
_built: dict[str, Any] = {}


def store() -> Store:
    if "store" in _overrides:
        return _overrides["store"]  # type: ignore[no-any-return]
    if "store" not in _built:
        from chalicelib.storage import table

        _built["store"] = table
    return _built["store"]  # type: ignore[no-any-return]


def keyring() -> Keyring:
    if "keyring" in _overrides:
        return _overrides["keyring"]  # type: ignore[no-any-return]
    if "keyring" not in _built:
        from chalicelib.storage.kms import KmsKeyring

        _built["keyring"] = KmsKeyring()
    return _built["keyring"]  # type: ignore[no-any-return]


def queue() -> Queue:
    if "queue" in _overrides:
        return _overrides["queue"]  # type: ignore[no-any-return]
    if "queue" not in _built:
        from chalicelib.storage.queue import SqsQueue

        _built["queue"] = SqsQueue()
    return _built["queue"]  # type: ignore[no-any-return]


def blobs() -> Blobs:
    if "blobs" in _overrides:
        return _overrides["blobs"]  # type: ignore[no-any-return]
    if "blobs" not in _built:
        from chalicelib.storage.blobs import S3Blobs

        _built["blobs"] = S3Blobs()
    return _built["blobs"]  # type: ignore[no-any-return]


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
