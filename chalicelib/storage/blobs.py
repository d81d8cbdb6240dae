"""The Blobs port over S3: large execution results (and, later, uploaded files and exports)."""

from __future__ import annotations

import os
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.config import settings
from chalicelib.errors import NotFound, StorageUnavailable


class S3Blobs:
    def __init__(self, bucket: str | None = None, client: Any = None) -> None:
        cfg = settings()
        self.bucket = bucket or cfg.bucket_name
        self._client = client or boto3.client("s3", region_name=cfg.region)
        # URLs handed to browsers must name an endpoint they can reach: S3's own in AWS; the local stack's moto
        # server when it serves AWS calls in-process (PLAYGROUND_PUBLIC_S3_ENDPOINT, set by the devserver only).
        public = os.environ.get("PLAYGROUND_PUBLIC_S3_ENDPOINT")
        self._signer = boto3.client("s3", region_name=cfg.region, endpoint_url=public) if public and not client \
            else self._client

    def put(self, key: str, content: bytes, content_type: str = "application/octet-stream") -> None:
        try:
            self._client.put_object(Bucket=self.bucket, Key=key, Body=content, ContentType=content_type)
        except (ClientError, BotoCoreError) as exc:
            raise StorageUnavailable("Blob storage is unavailable; try again.") from exc

    def get(self, key: str) -> bytes:
        try:
            return bytes(self._client.get_object(Bucket=self.bucket, Key=key)["Body"].read())
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise NotFound("The stored file is gone.") from None
            raise StorageUnavailable("Blob storage is unavailable; try again.") from exc
        except BotoCoreError as exc:
            raise StorageUnavailable("Blob storage is unavailable; try again.") from exc

    def presign(self, key: str, expires: int = 900) -> str:
        return str(self._signer.generate_presigned_url(
            "get_object", Params={"Bucket": self.bucket, "Key": key}, ExpiresIn=expires))

    def presign_upload(self, key: str, content_type: str, expires: int = 900) -> str:
        """A URL the browser PUTs the file to directly (the API never carries file bytes)."""
        return str(self._signer.generate_presigned_url(
            "put_object", Params={"Bucket": self.bucket, "Key": key, "ContentType": content_type},
            ExpiresIn=expires))
