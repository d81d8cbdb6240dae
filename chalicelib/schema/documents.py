"""The current (latest) shape of each stored document. Change one only with a new version and its `up()` in migrate.py."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field, field_validator

from chalicelib.schema.common import (
    METHOD_PATTERN,
    Auth,
    Body,
    KeyValue,
    RequestSettings,
    Strict,
    Variable,
)


class RequestDoc(Strict):
    name: str = Field("Untitled request", min_length=1, max_length=200)
    method: str = Field("GET", pattern=METHOD_PATTERN)
    url: str = Field("", max_length=16_000)
    params: list[KeyValue] = Field(default_factory=list, max_length=1_000)
    path_variables: list[KeyValue] = Field(default_factory=list, max_length=200)
    headers: list[KeyValue] = Field(default_factory=list, max_length=1_000)
    body: Body = Field(default_factory=lambda: Body())
    auth: Auth = Field(default_factory=lambda: Auth())
    settings: RequestSettings = Field(default_factory=lambda: RequestSettings())
    description: str = Field("", max_length=100_000)
    #: Postman `event` objects (pre-request and test scripts), kept verbatim for the runner and for exports
    events: list[dict[str, Any]] = Field(default_factory=list, max_length=50)
    #: saved example responses (Postman `response` objects), kept verbatim
    examples: list[dict[str, Any]] = Field(default_factory=list, max_length=200)
    #: what an importer found that we do not model (e.g. Postman's protocolProfileBehavior), so an export gives
    #: it back unchanged
    extras: dict[str, Any] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("a name cannot be blank")
        return v


class FolderDoc(Strict):
    """A collection (no parent) or a folder: what its requests inherit."""

    name: str = Field(..., min_length=1, max_length=200)
    description: str = Field("", max_length=20_000)
    auth: Auth = Field(default_factory=lambda: Auth())
    headers: list[KeyValue] = Field(default_factory=list, max_length=200)
    variables: list[Variable] = Field(default_factory=list, max_length=500)
    #: Postman `event` objects of the folder or collection, kept verbatim
    events: list[dict[str, Any]] = Field(default_factory=list, max_length=50)
    #: unmodelled leftovers of an import (for a collection: Postman's `info` fields beyond name/description)
    extras: dict[str, Any] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("a name cannot be blank")
        return v


class EnvVariable(Strict):
    key: str = Field(..., min_length=1, max_length=1_024)
    #: None on a secret row means "keep the stored value" (a masked read sends no value back)
    value: str | None = Field("", max_length=100_000)
    enabled: bool = True
    secret: bool = False


class EnvironmentDoc(Strict):
    name: str = Field(..., min_length=1, max_length=200)
    variables: list[EnvVariable] = Field(default_factory=list, max_length=1_000)
    kind: Literal["environment", "globals"] = "environment"
