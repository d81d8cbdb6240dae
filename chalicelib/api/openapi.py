"""The OpenAPI 3.1 document, generated from the route declarations and the pydantic models that validate them."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic.json_schema import models_json_schema

from chalicelib.api.http import ROUTES, RouteSpec
from chalicelib.config import settings

_STATUS_TEXT = {200: "OK", 201: "Created", 204: "No content", 400: "Invalid input", 401: "Not signed in",
                403: "Not allowed", 404: "Not found (also for another tenant's ids)", 409: "Conflict",
                413: "Body too large", 429: "Too many requests"}

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message", "details"], "properties": {
        "code": {"type": "string", "examples": ["VALIDATION_ERROR"]},
        "message": {"type": "string"},
        "details": {"description": "machine-readable specifics, e.g. `fields` for invalid input"},
    }}},
}


def _operation(spec: RouteSpec, schema_names: dict[type, str]) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
        for name in re.findall(r"{(\w+)}", spec.path)
    ]
    params += [{"name": q.name, "in": "query", "required": False, "description": q.description,
                "schema": {"type": q.type}} for q in spec.query]
    responses: dict[str, Any] = {str(spec.status): {"description": _STATUS_TEXT.get(spec.status, "OK")}}
    if spec.status != 204:
        responses[str(spec.status)]["content"] = {"application/json": {"schema": {"type": "object"}}}
    errors = set(spec.errors) | ({400} if spec.body or spec.query else set()) | ({401} if spec.auth else set())
    if spec.body:
        errors.add(413)
    for code in sorted(errors):
        responses[str(code)] = {"description": _STATUS_TEXT[code], "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    op: dict[str, Any] = {"operationId": spec.handler, "summary": spec.summary, "tags": list(spec.tags),
                          "parameters": params, "responses": responses}
    if spec.body is not None:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": {"$ref": f"#/components/schemas/{schema_names[spec.body]}"}}}}
    if not spec.auth:
        op["security"] = []
    return op


@lru_cache(maxsize=1)
def document() -> dict[str, Any]:
    models = sorted({s.body for s in ROUTES if s.body is not None}, key=lambda m: m.__name__)
    keyed, defs = models_json_schema([(m, "validation") for m in models],
                                     ref_template="#/components/schemas/{model}")
    names = {m: keyed[(m, "validation")]["$ref"].rsplit("/", 1)[-1] for m in models}
    paths: dict[str, dict[str, Any]] = {}
    for spec in ROUTES:
        paths.setdefault(spec.path, {})[spec.method.lower()] = _operation(spec, names)
    schemas = dict(defs.get("$defs", {}))
    schemas["Error"] = ERROR_SCHEMA
    return {
        "openapi": "3.1.0",
        "info": {"title": "API Playground", "version": "1.0.0",
                 "description": f"The API Playground backend ({settings().stage} stage). Every error is "
                                "`{\"error\": {\"code\", \"message\", \"details\"}}`."},
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT or API key (pk_…)"},
            "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"}}},
        "security": [{"bearer": []}, {"apiKey": []}],
    }
