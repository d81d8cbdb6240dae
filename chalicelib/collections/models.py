"""Inputs of the collections API: folders (a folder without a parent is a collection) and requests."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from chalicelib.schema.common import Auth, KeyValue, Strict, Variable
from chalicelib.schema.documents import FolderDoc, RequestDoc


class FolderIn(FolderDoc):
    #: None creates a collection (a top-level folder)
    parent_id: str | None = Field(None, max_length=64)


class FolderPatch(Strict):
    name: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = Field(None, max_length=20_000)
    auth: Auth | None = None
    headers: list[KeyValue] | None = Field(None, max_length=200)
    variables: list[Variable] | None = Field(None, max_length=500)


class MoveIn(Strict):
    #: the new parent; None moves a folder to the top level (it becomes a collection). Requests need a parent.
    parent_id: str | None = Field(None, max_length=64)
    #: position among the new siblings, 0-based; omitted or past the end puts it last
    index: int | None = Field(None, ge=0, le=100_000)


class RequestIn(RequestDoc):
    parent_id: str = Field(..., max_length=64)


class RequestUpdate(RequestDoc):
    #: the version this edit started from; a stale one answers 409 with the current document
    version: int = Field(..., ge=1)
    # Read-only fields of a GET, accepted and ignored so a client can send back what it read (moves go through
    # /move, never through a save).
    id: str | None = Field(None, max_length=64, description="read-only, ignored")
    workspace_id: str | None = Field(None, max_length=64, description="read-only, ignored")
    parent_id: str | None = Field(None, max_length=64, description="read-only, ignored; use /move")
    created_at: str | None = Field(None, max_length=64, description="read-only, ignored")
    created_by: str | None = Field(None, max_length=64, description="read-only, ignored")
    updated_at: str | None = Field(None, max_length=64, description="read-only, ignored")
    updated_by: str | None = Field(None, max_length=64, description="read-only, ignored")

    READ_ONLY: ClassVar[set[str]] = {"version", "id", "workspace_id", "parent_id", "created_at", "created_by", "updated_at",
                 "updated_by"}


class SnapshotRestoreIn(Strict):
    version: int | None = Field(None, ge=1, description="the current version (optional optimistic check)")
