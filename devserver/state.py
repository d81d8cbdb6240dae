"""State that survives restarts: a JSON snapshot of DynamoDB items, S3 objects and KMS keys.

moto cannot persist by itself (see /work/shared/notes/stack-facts.md), so this component restores the snapshot on
start and saves it on stop and, while running, every few seconds when something changed. The snapshot is written
atomically, so a crash or kill -9 loses at most the last interval, never the whole file.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3

from devserver import aws_data, kms_keys, write_counter
from devserver.files import atomic_write
from devserver.settings import REGION

log = logging.getLogger("devserver")

FORMAT = "api-playground-devserver-state"
VERSION = 1

Snapshot = dict[str, Any]


class StateFileError(RuntimeError):
    """The state file exists but cannot be used; the message says how to recover."""


def read_snapshot(path: Path) -> Snapshot | None:
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StateFileError(f"cannot read {path}: {exc}. Move it away or run `make reset` to start empty.") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("version") != VERSION:
        raise StateFileError(
            f"{path} is not a version {VERSION} devserver state file. Move it away or run `make reset`."
        )
    return data


class StateComponent:
    """Restores state, creates the app's resources, and keeps the snapshot file up to date.

    Start order matters: KMS keys are restored first so `prepare` (ensure_resources) finds the saved key behind
    its alias; items and objects are restored after `prepare` created the table (with its GSI and TTL) and bucket.
    """

    name = "state"

    def __init__(self, path: Path, interval: float, prepare: Callable[[], object]) -> None:
        self._path = path
        self._interval = interval
        self._prepare = prepare
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()  # one capture/write at a time: autosave thread vs. final save
        self._last_digest: str | None = None
        self._last_generation = -1
        self._last_listing: list[tuple[str, str, str]] | None = None
        self._dynamodb: Any = None
        self._s3: Any = None
        self._s3_dumper: aws_data.S3Dumper | None = None
        self._resources: dict[str, str] = {}

    # --- component -------------------------------------------------------------------------------------------

    def start(self) -> None:
        snapshot = read_snapshot(self._path)
        # Clients are created now, after moto set AWS_ENDPOINT_URL; a private session because sessions are not
        # thread-safe and the autosave thread shares these clients only with the final save (under self._lock).
        session = boto3.session.Session(region_name=REGION)
        self._dynamodb = session.client("dynamodb")
        self._s3 = session.client("s3")
        self._s3_dumper = aws_data.S3Dumper(self._s3)

        keys = 0
        if snapshot is not None:
            keys = kms_keys.restore_keys(snapshot["kms"]["keys"])
        prepared = self._prepare()
        if isinstance(prepared, dict):
            self._resources = {str(k): str(v) for k, v in prepared.items()}
        if snapshot is not None:
            items = aws_data.load_tables(self._dynamodb, snapshot["dynamodb"]["tables"])
            objects = aws_data.load_buckets(self._s3, snapshot["s3"]["buckets"])
            log.info("state: restored %d items, %d objects, %d KMS keys from %s", items, objects, keys, self._path)
            # Consider the restored state saved, so an idle restart does not rewrite the file.
            self._last_digest = _digest(self._capture())
            self._last_generation = write_counter.generation()
            self._last_listing = self._s3_dumper.listing()
        else:
            log.info("state: no saved state at %s, starting empty", self._path)

        self._thread = threading.Thread(target=self._autosave, name="devserver-autosave", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        if self.save():
            log.info("state: saved to %s", self._path)

    def endpoints(self) -> dict[str, str]:
        # What `prepare` reports (ensure_resources: table, bucket, kms_key), so tools need not re-derive names.
        return {**self._resources, "state_file": str(self._path)}

    # --- saving ----------------------------------------------------------------------------------------------

    def save(self) -> bool:
        """Write the snapshot if it differs from the last one written; answer whether it wrote."""
        assert self._s3_dumper is not None, "start() first"
        with self._lock:
            # Cheap checks first: no write served in process since the last capture and the same S3 listing (a
            # browser's presigned upload bypasses the counter) mean nothing changed.
            generation = write_counter.generation()
            listing = self._s3_dumper.listing()
            if generation == self._last_generation and listing == self._last_listing:
                return False
            snapshot = self._capture()
            self._last_generation, self._last_listing = generation, listing
            digest = _digest(snapshot)
            if digest == self._last_digest:
                return False
            document = {"format": FORMAT, "version": VERSION, "saved_at": time.time(), **snapshot}
            atomic_write(self._path, json.dumps(document, separators=(",", ":")).encode("utf-8"))
            self._last_digest = digest
            return True

    def _capture(self) -> Snapshot:
        assert self._s3_dumper is not None, "start() first"
        return {
            "dynamodb": {"tables": aws_data.dump_tables_in_process(REGION)},
            "s3": {"buckets": self._s3_dumper.dump()},
            "kms": {"keys": kms_keys.export_keys()},
        }

    def _autosave(self) -> None:
        # Saves once writes have paused for an interval, or after five intervals of steady writing: a burst of
        # sends (a collection run, a benchmark) is not slowed down by a capture every interval, and at most five
        # intervals of work are at risk if the process is killed (a clean stop always saves).
        seen, changed_at, saved_at = write_counter.generation(), time.monotonic(), time.monotonic()
        while not self._stop.wait(self._interval / 4):
            now, generation = time.monotonic(), write_counter.generation()
            if generation != seen:
                seen, changed_at = generation, now
            quiet = now - changed_at >= self._interval
            overdue = now - saved_at >= 5 * self._interval
            if not (quiet or overdue) or now - saved_at < self._interval:
                continue
            saved_at = now
            try:
                self.save()
            except Exception:
                # Keep the dev server up: a failed save (say, a full disk) is retried next interval, and the
                # traceback tells the developer why the state file is going stale.
                log.exception("state: autosave failed; retrying in %.0f s", self._interval)


def _digest(snapshot: Snapshot) -> str:
    return hashlib.sha256(json.dumps(snapshot, sort_keys=True, separators=(",", ":")).encode("utf-8")).hexdigest()
