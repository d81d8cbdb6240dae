"""The composition root: which adapter serves each port. Built lazily, so `import app` stays cheap (PynamoDB,
boto3 and KMS are imported by the first request that needs them, not by the Lambda's cold start).

Tests hand in other adapters with `override()`; nothing is patched.
"""

from __future__ import annotations

from typing import Any

from chalicelib.ports import Keyring, Store

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


def override(**ports: Any) -> None:
    _overrides.update(ports)


def reset() -> None:
    _overrides.clear()
    _built.clear()
