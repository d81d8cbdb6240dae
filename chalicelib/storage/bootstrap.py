"""Create the AWS resources the app needs, idempotently: for the local stack (moto) and for tests.

In a real deployment these come from `infra/` (CloudFormation merged into Chalice's template); this module mirrors
that template so the local stack has the same table, GSI, TTL, bucket and KMS key.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.exceptions import ClientError

from chalicelib.config import settings


def ensure_resources() -> dict[str, str]:
    """Answer the names and ids of what exists afterwards (table, bucket, kms key)."""
    cfg = settings()
    from chalicelib.storage.table import Item

    if not Item.exists():
        Item.create_table(wait=True, billing_mode="PAY_PER_REQUEST")
        Item.update_ttl(ignore_update_ttl_errors=True)

    s3 = boto3.client("s3", region_name=cfg.region)
    try:
        s3.head_bucket(Bucket=cfg.bucket_name)
    except ClientError:
        s3.create_bucket(Bucket=cfg.bucket_name)

    kms = boto3.client("kms", region_name=cfg.region)
    key_id = _ensure_kms_key(kms, cfg.kms_key_id)
    return {"table": cfg.table_name, "bucket": cfg.bucket_name, "kms_key": key_id}


def _ensure_kms_key(kms: Any, name: str) -> str:
    if not name.startswith("alias/"):
        return name
    try:
        return str(kms.describe_key(KeyId=name)["KeyMetadata"]["KeyId"])
    except ClientError:
        key_id = str(kms.create_key(Description="API Playground secret variables")["KeyMetadata"]["KeyId"])
        kms.create_alias(AliasName=name, TargetKeyId=key_id)
        return key_id
