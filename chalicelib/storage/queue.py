"""The Queue port over SQS: executions are queued here and run by the executor Lambda."""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError

from chalicelib.config import settings
from chalicelib.errors import StorageUnavailable


class SqsQueue:
    def __init__(self, name: str | None = None, client: Any = None) -> None:
        cfg = settings()
        self._client = client or boto3.client("sqs", region_name=cfg.region)
        self._name = name or cfg.executions_queue
        self._url: str | None = None

    def _queue_url(self) -> str:
        if self._url is None:
            self._url = str(self._client.get_queue_url(QueueName=self._name)["QueueUrl"])
        return self._url

    def send(self, message: dict[str, Any]) -> None:
        try:
            self._client.send_message(QueueUrl=self._queue_url(), MessageBody=json.dumps(message))
        except (ClientError, BotoCoreError) as exc:
            raise StorageUnavailable("The execution queue is unavailable; try again.") from exc
