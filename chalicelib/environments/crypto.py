"""Envelope encryption of secret variable values: AES-256-GCM under a data key that KMS wraps.

The data key is generated with the encryption context {workspace, environment}: KMS decrypts it only with that
same context, so a stored environment copied into another workspace (or under another id) cannot be read. Each
value's GCM tag also covers `ws|env|key`, so a ciphertext moved to another variable fails too.
"""

from __future__ import annotations

import base64
import os

from chalicelib.errors import AppError


class SecretUnreadable(AppError):
    status = 500
    code = "SECRET_UNREADABLE"


def context(ws: str, env_id: str) -> dict[str, str]:
    return {"workspace": ws, "environment": env_id}


def _aad(ws: str, env_id: str, key: str) -> bytes:
    return f"{ws}|{env_id}|{key}".encode()


def seal(data_key: bytes, ws: str, env_id: str, key: str, value: str) -> str:
    return encrypt(data_key, value, _aad(ws, env_id, key))


def unseal(data_key: bytes, ws: str, env_id: str, key: str, blob: str) -> str:
    return decrypt(data_key, blob, _aad(ws, env_id, key))


def encrypt(data_key: bytes, value: str, aad: bytes) -> str:
    """AES-256-GCM under `data_key`, the tag covering `aad` too: base64 of nonce + ciphertext + tag."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # lazy: only secret reads and writes need it

    nonce = os.urandom(12)
    sealed = AESGCM(data_key).encrypt(nonce, value.encode(), aad)
    return base64.b64encode(nonce + sealed).decode()


def decrypt(data_key: bytes, blob: str, aad: bytes) -> str:
    """The inverse of `encrypt`; a wrong key, a changed ciphertext or other `aad` raise SecretUnreadable."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        raw = base64.b64decode(blob, validate=True)
        return AESGCM(data_key).decrypt(raw[:12], raw[12:], aad).decode()
    except (InvalidTag, ValueError):
        raise SecretUnreadable("A secret value cannot be decrypted here.") from None
