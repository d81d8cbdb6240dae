"""Routes: health, the OpenAPI document and what this deployment lets the sender reach."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api import openapi
from chalicelib.api.http import Call, Router

bp = Blueprint(__name__)
r = Router(bp, "meta")


@r.get("/health", summary="Liveness", auth=False)
def health(c: Call) -> dict:
    return {"status": "ok"}


@r.get("/openapi.json", summary="This API's OpenAPI 3.1 document", auth=False)
def openapi_document(c: Call) -> dict:
    return openapi.document()


@r.get("/egress", summary="What the sender may reach from this deployment (its egress policy)")
def egress_policy(c: Call) -> dict:
    from chalicelib.executor.egress_info import describe

    return describe()
