"""The Keyring port over AWS KMS: data keys for envelope encryption, bound to an encryption context."""

from __future__ import annotations

from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.config import settings
from chalicelib.errors import AppError, StorageUnavailable


class KeyringError(AppError):
    status = 500
    code = "SECRET_UNREADABLE"


class KmsKeyring:
    def __init__(self, key_id: str | None = None, client: Any = None) -> None:
        cfg = settings()
        self.key_id = key_id or cfg.kms_key_id
        self._client = client or boto3.client("kms", region_name=cfg.region)

    def generate_data_key(self, context: dict[str, str]) -> tuple[bytes, bytes]:
        try:
            out = self._client.generate_data_key(KeyId=self.key_id, KeySpec="AES_256", EncryptionContext=context)
        except (ClientError, BotoCoreError) as exc:
            raise StorageUnavailable("The key service is unavailable; try again.") from exc
        return out["Plaintext"], out["CiphertextBlob"]

    def decrypt(self, blob: bytes, context: dict[str, str]) -> bytes:
        try:
            return bytes(self._client.decrypt(CiphertextBlob=blob, EncryptionContext=context)["Plaintext"])
        except ClientError as exc:
            # A wrong context (a ciphertext copied to another workspace) lands here: refuse, say nothing more.
            raise KeyringError("A secret value cannot be decrypted here.") from exc
        except BotoCoreError as exc:
            raise StorageUnavailable("The key service is unavailable; try again.") from exc
