"""Create the AWS resources the app needs, idempotently: for the local stack (moto) and for tests.

In a real deployment these come from `infra/` (CloudFormation merged into Chalice's template); this module mirrors
that template so the local stack has the same table, GSI, TTL, bucket and KMS key.
"""

from __future__ import annotations

import json
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
    # The page PUTs files to presigned URLs and fetches large results from them: another origin than the app's.
    s3.put_bucket_cors(Bucket=cfg.bucket_name, CORSConfiguration={"CORSRules": [blob_cors_rule(["*"])]})

    kms = boto3.client("kms", region_name=cfg.region)
    key_id = _ensure_kms_key(kms, cfg.kms_key_id)
    queue_url = _ensure_queues(boto3.client("sqs", region_name=cfg.region), cfg.executions_queue)
    return {"table": cfg.table_name, "bucket": cfg.bucket_name, "kms_key": key_id, "queue": queue_url}


def blob_cors_rule(origins: list[str]) -> dict[str, Any]:
    """What browsers may do with presigned blob URLs (infra/resources.json has the same rule, tested)."""
    return {"AllowedOrigins": origins, "AllowedMethods": ["GET", "PUT", "HEAD"], "AllowedHeaders": ["content-type"],
            "ExposeHeaders": ["ETag"], "MaxAgeSeconds": 3000}


def _ensure_queues(sqs: Any, name: str) -> str:
    """The executions queue and its dead-letter queue: a message that fails 3 times lands in `<name>-dlq`."""
    dlq_url = sqs.create_queue(QueueName=f"{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    redrive = json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "3"})
    url = sqs.create_queue(QueueName=name, Attributes={"VisibilityTimeout": "60", "RedrivePolicy": redrive})
    return str(url["QueueUrl"])


def _ensure_kms_key(kms: Any, name: str) -> str:
    if not name.startswith("alias/"):
        return name
    try:
        return str(kms.describe_key(KeyId=name)["KeyMetadata"]["KeyId"])
    except ClientError:
        key_id = str(kms.create_key(Description="API Playground secret variables")["KeyMetadata"]["KeyId"])
        kms.create_alias(AliasName=name, TargetKeyId=key_id)
        return key_id
