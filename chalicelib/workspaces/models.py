"""Inputs of the workspaces API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chalicelib.accounts.models import normalise_email


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _name(v: str) -> str:
    v = v.strip()
    if not v:
        raise ValueError("a name cannot be blank")
    return v


class WorkspaceIn(_In):
    name: str = Field(..., min_length=1, max_length=100)
    description: str = Field("", max_length=2_000)

    _n = field_validator("name")(lambda cls, v: _name(v))


class WorkspacePatch(_In):
    name: str | None = Field(None, min_length=1, max_length=100)
    description: str | None = Field(None, max_length=2_000)
    history_retention_days: int | None = Field(None, ge=1, le=365)


class TransferIn(_In):
    user_id: str = Field(..., max_length=64)


class MemberPatch(_In):
    role: Literal["viewer", "editor", "admin", "owner"]


class InvitationIn(_In):
    email: str = Field(..., max_length=254)
    role: Literal["viewer", "editor", "admin"] = "editor"

    _e = field_validator("email")(lambda cls, v: normalise_email(v))


class InvitationTokenIn(_In):
    token: str = Field(..., min_length=10, max_length=200)
