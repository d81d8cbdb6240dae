"""The shape every importer produces and every exporter consumes: a tree of our own documents.

`FolderNode.doc` is a `FolderDoc` dump, `RequestNode.doc` a `RequestDoc` dump (chalicelib/schema/documents.py), so
what an importer builds is exactly what the store keeps, and `export(import(x))` is a real round trip.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RequestNode:
    doc: dict[str, Any]


@dataclass
class FolderNode:
    doc: dict[str, Any]
    children: list[FolderNode | RequestNode] = field(default_factory=list)


@dataclass
class EnvironmentData:
    name: str
    #: rows of {key, value, enabled, secret}
    variables: list[dict[str, Any]] = field(default_factory=list)
    #: "environment" or "globals"
    kind: str = "environment"


@dataclass
class Bundle:
    """An import's result: collections (top-level folders) and environments, with what the importer noticed."""

    source: str  # "postman" | "postman_environment" | "openapi" | "swagger" | "curl" | "har" | "insomnia"
    collections: list[FolderNode] = field(default_factory=list)
    environments: list[EnvironmentData] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


class ImportError_(ValueError):
    """Input we refuse, with where it failed: `location` like "line 3, column 7" or "item[2].request.url"."""

    code = "IMPORT_FAILED"

    def __init__(self, message: str, *, location: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.location = location


#: the largest import accepted (bytes); stated in errors
MAX_IMPORT_BYTES = 20 * 1024 * 1024
