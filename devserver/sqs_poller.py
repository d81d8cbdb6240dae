"""A local stand-in for Lambda's SQS event source mapping: long-poll each queue the app listens on (moto) and
call its `@app.on_sqs_message` handler with SQS-shaped Lambda events.

Chalice's local server does not poll queues. This component does what the mapping does on AWS, with partial batch
responses (ReportBatchItemFailures) turned on:

- receive up to `batch_size` messages (long poll, all attributes, so ApproximateReceiveCount is there);
- invoke the handler with `{"Records": [...]}` shaped as Lambda builds them;
- if it returns `{"batchItemFailures": [{"itemIdentifier": messageId}, ...]}`, delete every other record; a return
  of None, `{}` or an empty list means all succeeded; an invalid answer (an unknown or empty itemIdentifier, or not
  a JSON object) or an exception fails the whole batch, exactly as Lambda treats it;
- failed records are left alone: they reappear after the queue's visibility timeout, and moto moves a record that
  was received maxReceiveCount times to the dead-letter queue named by the queue's RedrivePolicy.

One thread receives per queue; batches run on a few worker threads (Lambda starts 5 concurrent batches per
mapping, or the handler's maximum_concurrency), so a slow execution does not hold up the next one. Only the receiver
calls ReceiveMessage: moto's takes no lock, and concurrent receivers could be handed one message twice.
"""

from __future__ import annotations

import base64
import concurrent.futures
import logging
import threading
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.exceptions import BotoCoreError, ClientError
from chalice.app import SQSEventConfig

from devserver.lambda_runtime import LambdaRuntime
from devserver.settings import REGION

log = logging.getLogger("devserver")

#: Seconds per ReceiveMessage long poll: also the most that stopping waits for an idle receiver.
WAIT_SECONDS = 1
#: Lambda's initial concurrency for an SQS mapping, used when the handler sets no maximum_concurrency.
DEFAULT_CONCURRENCY = 5
#: SQS refuses more than 10 per ReceiveMessage / DeleteMessageBatch.
_SQS_MAX_BATCH = 10
#: Pause after a failed receive (moto restarting, a queue deleted by a test) before trying again.
_RETRY_PAUSE_S = 2.0
#: Stopping waits this long for batches already running (they are the app's executions) before abandoning them.
_STOP_TIMEOUT_S = 30.0

JsonDict = dict[str, Any]


@dataclass
class _Mapping:
    """One event source mapping: a queue and the handler it triggers."""

    queue_name: str
    handler: str
    batch_size: int
    concurrency: int
    queue_url: str = ""
    queue_arn: str = ""
    slots: threading.BoundedSemaphore = field(init=False)

    def __post_init__(self) -> None:
        # A batch is received only when a worker is free, as Lambda does: otherwise messages would sit received
        # (invisible) while waiting for a thread, burning their visibility timeout.
        self.slots = threading.BoundedSemaphore(self.concurrency)


def lambda_record(message: JsonDict, queue_arn: str, region: str = REGION) -> JsonDict:
    """One SQS ReceiveMessage result as a Lambda SQS event record."""
    record: JsonDict = {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": dict(message.get("Attributes", {})),
        "messageAttributes": {
            name: _lambda_attribute(value) for name, value in message.get("MessageAttributes", {}).items()
        },
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }
    if "MD5OfMessageAttributes" in message:
        record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
    return record


def _lambda_attribute(value: JsonDict) -> JsonDict:
    # SQS answers {"StringValue"|"BinaryValue", "DataType"}; Lambda hands the handler camelCase keys, binary values
    # base64-encoded, and always both list fields.
    attribute: JsonDict = {
        "stringListValues": list(value.get("StringListValues", [])),
        "binaryListValues": [base64.b64encode(b).decode("ascii") for b in value.get("BinaryListValues", [])],
        "dataType": value.get("DataType", "String"),
    }
    if "StringValue" in value:
        attribute["stringValue"] = value["StringValue"]
    if "BinaryValue" in value:
        attribute["binaryValue"] = base64.b64encode(value["BinaryValue"]).decode("ascii")
    return attribute


def failed_message_ids(result: Any, message_ids: list[str]) -> set[str]:
    """The records to leave on the queue, from a handler's answer, by Lambda's ReportBatchItemFailures rules."""
    everything = set(message_ids)
    if result is None:
        return set()
    if not isinstance(result, dict):
        log.warning("sqs: the handler answered %s, not a batch response object; the whole batch fails",
                    type(result).__name__)
        return everything
    failures = result.get("batchItemFailures")
    if failures is None:
        return set()
    if not isinstance(failures, list):
        log.warning("sqs: batchItemFailures is not a list; the whole batch fails")
        return everything
    failed: set[str] = set()
    for failure in failures:
        identifier = failure.get("itemIdentifier") if isinstance(failure, dict) else None
        if not isinstance(identifier, str) or identifier not in everything:
            log.warning("sqs: batchItemFailures names %r, not a message of this batch; the whole batch fails",
                        identifier)
            return everything
        failed.add(identifier)
    return failed


class SqsPollerComponent:
    name = "sqs"

    def __init__(self, runtime: LambdaRuntime, wait_seconds: int = WAIT_SECONDS) -> None:
        self._runtime = runtime
        self._wait_seconds = wait_seconds
        self._stop = threading.Event()
        self._mappings: list[_Mapping] = []
        self._receivers: list[threading.Thread] = []
        self._workers: concurrent.futures.ThreadPoolExecutor | None = None
        self._running: set[concurrent.futures.Future[None]] = set()
        self._running_lock = threading.Lock()
        # Any: boto3 without the service stubs types clients as BaseClient, which has no SQS methods.
        self._sqs: Any = None

    # --- component -------------------------------------------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._mappings = [self._mapping(source) for source in self._runtime.sqs_sources()]
        if not self._mappings:
            log.info("sqs: the app has no SQS handlers; poller not started")
            return
        # Created here, after moto set AWS_ENDPOINT_URL; clients are thread-safe to call, not to create.
        self._sqs = boto3.session.Session(region_name=REGION).client("sqs")
        self._workers = concurrent.futures.ThreadPoolExecutor(
            sum(m.concurrency for m in self._mappings), thread_name_prefix="sqs-lambda"
        )
        for mapping in self._mappings:
            self._resolve(mapping, warn=True)
            thread = threading.Thread(target=self._receive_loop, args=(mapping,), name=f"sqs-{mapping.queue_name}",
                                      daemon=True)
            thread.start()
            self._receivers.append(thread)

    def stop(self) -> None:
        self._stop.set()
        for thread in self._receivers:
            thread.join()  # at most one long poll (WAIT_SECONDS) away
        self._receivers = []
        if self._workers is not None:
            with self._running_lock:
                running = set(self._running)
            _, still_running = concurrent.futures.wait(running, timeout=_STOP_TIMEOUT_S)
            if still_running:
                log.warning("sqs: %d batches still running after %.0f s; not waiting (their messages will be retried)",
                            len(still_running), _STOP_TIMEOUT_S)
            self._workers.shutdown(wait=False, cancel_futures=True)
            self._workers = None

    def endpoints(self) -> dict[str, str]:
        if not self._mappings:
            return {}
        return {"sqs_poller": ", ".join(f"{m.queue_name} -> {m.handler}" for m in self._mappings)}

    # --- polling ---------------------------------------------------------------------------------------------

    def _mapping(self, source: SQSEventConfig) -> _Mapping:
        # `queue_arn=` names a queue by ARN; its name is the ARN's last part.
        queue_name = source.queue or str(source.queue_arn).rsplit(":", 1)[-1]
        return _Mapping(
            queue_name=queue_name,
            handler=source.name,
            batch_size=max(1, min(int(source.batch_size), _SQS_MAX_BATCH)),
            concurrency=max(1, int(source.maximum_concurrency or DEFAULT_CONCURRENCY)),
        )

    def _resolve(self, mapping: _Mapping, warn: bool) -> bool:
        """Find the queue's URL and ARN; answer whether it exists (the app's ensure_resources creates it)."""
        if mapping.queue_url:
            return True
        try:
            url = str(self._sqs.get_queue_url(QueueName=mapping.queue_name)["QueueUrl"])
            attributes = self._sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
        except (BotoCoreError, ClientError) as exc:
            if warn:
                log.warning("sqs: queue %s is not available (%s); %s waits for it", mapping.queue_name, exc,
                            mapping.handler)
            return False
        mapping.queue_url, mapping.queue_arn = url, str(attributes["QueueArn"])
        return True

    def _receive_loop(self, mapping: _Mapping) -> None:
        while not self._stop.is_set():
            try:
                self._poll_once(mapping)
            except Exception:
                # Keep polling: a dead receiver would silently stop every execution until a restart.
                log.exception("sqs: polling %s failed; retrying in %.0f s", mapping.queue_name, _RETRY_PAUSE_S)
                self._stop.wait(_RETRY_PAUSE_S)

    def _poll_once(self, mapping: _Mapping) -> None:
        if not self._resolve(mapping, warn=False):
            self._stop.wait(_RETRY_PAUSE_S)
            return
        # Wait for a free worker before receiving (see _Mapping.slots), re-checking stop every long-poll period.
        if not mapping.slots.acquire(timeout=self._wait_seconds):
            return
        submitted = False
        try:
            messages = self._receive(mapping)
            if messages:
                assert self._workers is not None
                future = self._workers.submit(self._run_batch, mapping, messages)
                submitted = True
                with self._running_lock:
                    self._running.add(future)
                future.add_done_callback(self._batch_done)
        finally:
            if not submitted:
                mapping.slots.release()  # otherwise _run_batch releases it when the batch is done

    def _batch_done(self, future: concurrent.futures.Future[None]) -> None:
        with self._running_lock:
            self._running.discard(future)

    def _receive(self, mapping: _Mapping) -> list[JsonDict]:
        try:
            response = self._sqs.receive_message(
                QueueUrl=mapping.queue_url,
                MaxNumberOfMessages=mapping.batch_size,
                WaitTimeSeconds=self._wait_seconds,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
        except (BotoCoreError, ClientError) as exc:
            if not self._stop.is_set():
                log.warning("sqs: receiving from %s failed (%s); retrying in %.0f s", mapping.queue_name, exc,
                            _RETRY_PAUSE_S)
                mapping.queue_url = ""  # the queue may have been recreated under a new URL
                self._stop.wait(_RETRY_PAUSE_S)
            return []
        return list(response.get("Messages", []))

    def _run_batch(self, mapping: _Mapping, messages: list[JsonDict]) -> None:
        try:
            self._invoke_and_settle(mapping, messages)
        finally:
            mapping.slots.release()

    def _invoke_and_settle(self, mapping: _Mapping, messages: list[JsonDict]) -> None:
        event = {"Records": [lambda_record(m, mapping.queue_arn) for m in messages]}
        ids = [str(m["MessageId"]) for m in messages]
        try:
            result = self._runtime.invoke(mapping.handler, event)
        except Exception:
            # A failed invocation: Lambda deletes nothing and every record comes back after the visibility timeout.
            log.exception("sqs: %s raised; all %d messages will be retried", mapping.handler, len(messages))
            return
        failed = failed_message_ids(result, ids)
        done = [m for m in messages if m["MessageId"] not in failed]
        if done:
            self._delete(mapping, done)
        log.info("sqs: %s: %d messages, %d failed", mapping.handler, len(messages), len(failed))

    def _delete(self, mapping: _Mapping, messages: list[JsonDict]) -> None:
        entries = [{"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)]
        try:
            response = self._sqs.delete_message_batch(QueueUrl=mapping.queue_url, Entries=entries)
        except (BotoCoreError, ClientError) as exc:
            log.warning("sqs: deleting %d processed messages failed (%s); they will run again", len(entries), exc)
            return
        for failure in response.get("Failed", []):
            log.warning("sqs: deleting a processed message failed (%s); it will run again", failure.get("Message"))
