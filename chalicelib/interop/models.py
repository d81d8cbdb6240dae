"""Inputs of the import, export and code generation APIs."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from chalicelib.schema.common import KeyValue, Strict
from chalicelib.schema.documents import RequestDoc

ImportFormat = Literal["postman", "postman_environment", "openapi", "swagger", "curl", "fetch", "har", "insomnia"]


class ImportIn(Strict):
    #: the file's text (JSON, YAML or a cURL command line); larger files: upload with /files and name `file_ref`
    content: str | None = Field(None, max_length=340_000)
    file_ref: str | None = Field(None, max_length=64)
    #: omitted: detected from the content
    format: ImportFormat | None = None
    #: import under this folder instead of as new collections
    parent_id: str | None = Field(None, max_length=64)

    @model_validator(mode="after")
    def _one_source(self) -> ImportIn:
        if (self.content is None) == (self.file_ref is None):
            raise ValueError("give either `content` or `file_ref`")
        return self


class ExportIn(Strict):
    #: har: my latest history entries in this workspace (what was sent and what came back)
    format: Literal["postman", "openapi", "workspace", "har"]
    collection_id: str | None = Field(None, max_length=64)


class CurlIn(Strict):
    #: a curl command line as a browser's "Copy as cURL" gives it (bash or cmd), or its "Copy as fetch" call
    command: str = Field(..., min_length=1, max_length=300_000)


class CodegenIn(Strict):
    request: RequestDoc
    target: str = Field(..., min_length=1, max_length=40)
    workspace_id: str | None = Field(None, max_length=64)
    parent_id: str | None = Field(None, max_length=64)
    environment_id: str | None = Field(None, max_length=64)
    #: resolve {{variables}} from the environment and folders (True) or leave them as placeholders (False)
    resolve_variables: bool = True
    #: inline secret values instead of placeholders
    include_secrets: bool = False
    variables: list[KeyValue] = Field(default_factory=list, max_length=200)
