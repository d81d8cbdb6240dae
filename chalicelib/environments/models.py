"""Inputs of the environments API."""

from __future__ import annotations

from pydantic import Field

from chalicelib.schema.common import Strict
from chalicelib.schema.documents import EnvVariable


class EnvironmentIn(Strict):
    name: str = Field(..., min_length=1, max_length=200)
    variables: list[EnvVariable] = Field(default_factory=list, max_length=1_000)


class EnvironmentUpdate(EnvironmentIn):
    #: the version this edit started from (optional; when given, a stale one answers 409)
    version: int | None = Field(None, ge=1)


class GlobalsUpdate(Strict):
    variables: list[EnvVariable] = Field(default_factory=list, max_length=1_000)
    version: int | None = Field(None, ge=0)
