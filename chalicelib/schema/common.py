"""Pieces shared by stored documents: key/value rows, variables, auth, body, settings.

Shapes follow Postman's collection format where it has one (auth attribute lists, body modes, disabled rows), so
importers and exporters map one to one and nothing is lost on a round trip.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: RFC 9110 token: any method a server may accept, custom ones (PURGE, PROPFIND, ...) too
METHOD_PATTERN = r"^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,32}$"

Text = str


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_max_length=200_000)


class KeyValue(Strict):
    """One row of params, headers, path variables or urlencoded fields. Order and duplicates are kept."""

    key: str = Field("", max_length=8_192)
    value: str = Field("", max_length=200_000)
    enabled: bool = True
    description: str = Field("", max_length=10_000)


class FormField(Strict):
    key: str = Field("", max_length=8_192)
    type: Literal["text", "file"] = "text"
    value: str = Field("", max_length=200_000)
    #: a stored blob's id (S3) for file fields; uploads come with the execution work
    file_ref: str | None = Field(None, max_length=512)
    filename: str | None = Field(None, max_length=1_024)
    content_type: str | None = Field(None, max_length=255)
    enabled: bool = True
    description: str = Field("", max_length=10_000)


class BinaryBody(Strict):
    file_ref: str | None = Field(None, max_length=512)
    filename: str | None = Field(None, max_length=1_024)
    content_type: str | None = Field(None, max_length=255)


class GraphQLBody(Strict):
    query: str = Field("", max_length=200_000)
    #: kept as text, exactly as typed (it may hold {{variables}} that make it valid JSON only once resolved)
    variables: str = Field("", max_length=200_000)
    operation_name: str | None = Field(None, max_length=1_024)


BodyMode = Literal["none", "json", "text", "xml", "urlencoded", "formdata", "binary", "graphql"]


class Body(Strict):
    mode: BodyMode = "none"
    #: the text of json / text / xml bodies
    raw: str = Field("", max_length=300_000)
    urlencoded: list[KeyValue] = Field(default_factory=list, max_length=1_000)
    formdata: list[FormField] = Field(default_factory=list, max_length=1_000)
    binary: BinaryBody | None = None
    graphql: GraphQLBody | None = None


#: every auth type Postman's collection format names, plus `inherit` (take the parent's) and `noauth`
AuthType = Literal["inherit", "noauth", "basic", "bearer", "apikey", "digest", "oauth1", "oauth2", "hawk", "awsv4",
                   "ntlm", "akamai", "edgegrid", "jwt", "asap"]


class AuthAttribute(Strict):
    key: str = Field(..., min_length=1, max_length=256)
    value: Any = None
    type: str = Field("string", max_length=32)


class Auth(Strict):
    """Postman's shape, flattened: `{"type": "basic", "attributes": [{"key": "username", ...}]}`.

    Every type is stored and round-trips unchanged, even those the executor does not send yet.
    """

    type: AuthType = "inherit"
    attributes: list[AuthAttribute] = Field(default_factory=list, max_length=100)


class RequestSettings(Strict):
    follow_redirects: bool = True
    max_redirects: int = Field(10, ge=0, le=50)
    timeout_ms: int = Field(30_000, ge=1, le=300_000)
    verify_tls: bool = True
    http2: bool = False


class Variable(Strict):
    """A collection or folder variable (not secret: those live in environments)."""

    key: str = Field(..., min_length=1, max_length=1_024)
    value: str = Field("", max_length=100_000)
    enabled: bool = True
    description: str = Field("", max_length=10_000)

    @field_validator("key")
    @classmethod
    def _no_braces(cls, v: str) -> str:
        if "{" in v or "}" in v:
            raise ValueError("a variable name cannot contain braces")
        return v
