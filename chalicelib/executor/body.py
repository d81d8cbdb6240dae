"""Request bodies: every mode of the request document to bytes, with the default Content-Type of its mode.

Multipart is encoded here rather than by httpx because httpx puts every data field before every file; Postman keeps
the rows in the order the user gave them, and so do we.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote_plus

#: file_ref → (content, filename, content type); the blob store (S3) behind it is a port
BlobReader = Callable[[str], tuple[bytes, str, str]]
Resolve = Callable[[str], str]

DEFAULT_CONTENT_TYPE = {
    "json": "application/json",
    "text": "text/plain",
    "xml": "application/xml",
    "urlencoded": "application/x-www-form-urlencoded",
    "graphql": "application/json",
    "binary": "application/octet-stream",
}


class BodyError(Exception):
    code = "INVALID_BODY"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class EncodedBody:
    content: bytes
    content_type: str | None


def _enabled(rows: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [r for r in rows or [] if r.get("enabled", True)]


def _missing_blob(ref: str) -> tuple[bytes, str, str]:
    raise BodyError(f"The file {ref} is not available.")


def encode(body: dict[str, Any] | None, resolve: Resolve, blobs: BlobReader = _missing_blob) -> EncodedBody:
    body = body or {}
    mode = body.get("mode") or "none"
    if mode == "none":
        return EncodedBody(b"", None)
    if mode in ("json", "text", "xml"):
        return EncodedBody(resolve(body.get("raw") or "").encode(), DEFAULT_CONTENT_TYPE[mode])
    if mode == "urlencoded":
        pairs = [f"{quote_plus(resolve(r.get('key', '')))}={quote_plus(resolve(r.get('value', '')))}"
                 for r in _enabled(body.get("urlencoded"))]
        return EncodedBody("&".join(pairs).encode(), DEFAULT_CONTENT_TYPE[mode])
    if mode == "formdata":
        return _multipart(_enabled(body.get("formdata")), resolve, blobs)
    if mode == "binary":
        binary = body.get("binary") or {}
        if not binary.get("file_ref"):
            return EncodedBody(b"", binary.get("content_type") or DEFAULT_CONTENT_TYPE[mode])
        content, _, ctype = blobs(binary["file_ref"])
        return EncodedBody(content, binary.get("content_type") or ctype or DEFAULT_CONTENT_TYPE[mode])
    if mode == "graphql":
        return _graphql(body.get("graphql") or {}, resolve)
    raise BodyError(f"Unknown body mode {mode!r}.")


def _graphql(gql: dict[str, Any], resolve: Resolve) -> EncodedBody:
    payload: dict[str, Any] = {"query": resolve(gql.get("query") or "")}
    raw_vars = resolve(gql.get("variables") or "").strip()
    if raw_vars:
        try:
            payload["variables"] = json.loads(raw_vars)
        except ValueError as exc:
            raise BodyError(f"The GraphQL variables are not valid JSON: {exc}.") from None
    if gql.get("operation_name"):
        payload["operationName"] = resolve(gql["operation_name"])
    return EncodedBody(json.dumps(payload, ensure_ascii=False).encode(), DEFAULT_CONTENT_TYPE["graphql"])


def _quote(value: str) -> str:
    # RFC 7578: names and filenames in quotes; escape what would end the quoted string or the header line.
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _multipart(rows: list[dict[str, Any]], resolve: Resolve, blobs: BlobReader) -> EncodedBody:
    boundary = "----PlaygroundBoundary" + secrets.token_hex(12)
    out = bytearray()
    for row in rows:
        name = _quote(resolve(row.get("key", "")))
        out += f"--{boundary}\r\n".encode()
        if row.get("type") == "file":
            if not row.get("file_ref"):
                raise BodyError(f"The file field {row.get('key', '')!r} has no file.")
            content, stored_name, stored_type = blobs(row["file_ref"])
            filename = _quote(row.get("filename") or stored_name or "file")
            ctype = row.get("content_type") or stored_type or "application/octet-stream"
            out += f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'.encode()
            out += f"Content-Type: {ctype}\r\n\r\n".encode()
            out += content
        else:
            out += f'Content-Disposition: form-data; name="{name}"\r\n'.encode()
            if row.get("content_type"):
                out += f"Content-Type: {row['content_type']}\r\n".encode()
            out += b"\r\n" + resolve(row.get("value", "")).encode()
        out += b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return EncodedBody(bytes(out), f"multipart/form-data; boundary={boundary}")
