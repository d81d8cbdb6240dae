"""The executor Lambda's SQS batch: one record failing does not fail the others (partial batch response)."""

from __future__ import annotations

import json
import logging
import traceback
from typing import Any

from chalicelib import deps
from chalicelib.executions import runner
from chalicelib.realtime import service as realtime
from chalicelib.storage.push import WebsocketNotifier

log = logging.getLogger("playground.worker")


def handle_batch(records: list[tuple[str, str]], websocket_api: Any) -> dict[str, Any]:
    notifier = WebsocketNotifier(websocket_api)
    failures = []
    for message_id, body in records:
        try:
            message = json.loads(body)
            if message.get("kind") == "broadcast":
                realtime.deliver_shared(deps.store(), notifier, message)
            elif message.get("kind") == "export":
                from chalicelib.interop.service import run_export

                run_export(deps.store(), deps.blobs(), notifier, str(message["ws"]), str(message["export_id"]))
            else:
                runner.run(deps.store(), deps.keyring(), deps.blobs(), notifier, str(message["execution_id"]),
                           deps.transport_for, hint=message)
        except Exception:  # noqa: BLE001 - retried by SQS, then the dead-letter queue
            log.error("execution message %s failed\n%s", message_id, traceback.format_exc())
            failures.append({"itemIdentifier": message_id})
    return {"batchItemFailures": failures}
