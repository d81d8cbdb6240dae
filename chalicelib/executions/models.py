"""Inputs of the execution and history APIs."""

from __future__ import annotations

from pydantic import Field

from chalicelib.schema.common import KeyValue, Strict
from chalicelib.schema.documents import RequestDoc


class ExecuteSavedIn(Strict):
    environment_id: str | None = Field(None, max_length=64)
    #: unsaved edits from the builder: the whole request as it stands on screen
    overrides: RequestDoc | None = None
    #: one-off values that win over every scope (Postman's "request" level)
    variables: list[KeyValue] = Field(default_factory=list, max_length=200)


class ExecuteIn(Strict):
    request: RequestDoc
    #: the folder the unsaved request would live in, so it inherits that folder's auth, headers and variables
    parent_id: str | None = Field(None, max_length=64)
    environment_id: str | None = Field(None, max_length=64)
    variables: list[KeyValue] = Field(default_factory=list, max_length=200)


class FileIn(Strict):
    filename: str = Field(..., min_length=1, max_length=255)
    content_type: str = Field("application/octet-stream", min_length=1, max_length=255)
    #: bytes; checked again when the file is read for a request
    size: int = Field(..., ge=0, le=50 * 1024 * 1024)


class RestoreIn(Strict):
    parent_id: str = Field(..., max_length=64)
    name: str | None = Field(None, min_length=1, max_length=200)
