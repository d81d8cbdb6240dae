"""Routes: imports, exports (S3 jobs) and code generation."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib import deps
from chalicelib.api.http import Call, Router
from chalicelib.errors import BadRequest
from chalicelib.interop import codegen_service, service
from chalicelib.interop.models import CodegenIn, CurlIn, ExportIn, ImportIn

bp = Blueprint(__name__)
r = Router(bp, "interop")


@r.post("/workspaces/{ws}/imports", summary="Import Postman, OpenAPI, cURL, fetch, HAR or Insomnia (all or nothing)",
        body=ImportIn, status=201, errors=(403, 404, 413), shares=("tree", "environments"))
def import_file(c: Call, ws: str, body: ImportIn) -> dict:
    if body.file_ref:
        from chalicelib.executions.service import file_reader

        try:
            content = file_reader(c.store, deps.blobs(), ws)(body.file_ref)[0]
        except Exception as exc:  # noqa: BLE001 - the file is missing or was never uploaded
            raise BadRequest(str(getattr(exc, "message", exc)), details={"file_ref": "not uploaded"}) from None
    else:
        content = (body.content or "").encode()
    return service.import_into(c.store, c.keyring, c.who, ws, c.membership, content, body.format, body.parent_id)


@r.post("/workspaces/{ws}/exports", summary="Export as Postman v2.1, OpenAPI 3.1 or a workspace backup (a job)",
        body=ExportIn, status=202, errors=(404,))
def create_export(c: Call, ws: str, body: ExportIn) -> dict:
    return service.create_export(c.store, deps.queue(), c.who, ws, c.membership, body.format, body.collection_id)


@r.get("/workspaces/{ws}/exports/{export_id}", summary="An export: status and a presigned download URL",
       errors=(404,))
def get_export(c: Call, ws: str, export_id: str) -> dict:
    return service.get_export(c.store, deps.blobs(), c.who, ws, c.membership, export_id)


@r.post("/convert/curl", summary="A request document from a cURL command line (nothing is saved)", body=CurlIn,
        errors=(400,))
def convert_curl(c: Call, body: CurlIn) -> dict:
    return service.request_from(body.command, "curl")


@r.post("/convert/fetch", summary="A request document from a browser's \"Copy as fetch\" (nothing is saved)",
        body=CurlIn, errors=(400,))
def convert_fetch(c: Call, body: CurlIn) -> dict:
    return service.request_from(body.command, "fetch")


@r.post("/codegen", summary="A code snippet that sends the request exactly", body=CodegenIn, errors=(403, 404))
def codegen(c: Call, body: CodegenIn) -> dict:
    membership = codegen_service.membership_for(c.store, c.who, body.workspace_id)
    return codegen_service.snippet(c.store, c.keyring, c.who, membership, body)


@r.get("/codegen/targets", summary="The languages and libraries snippets are generated for")
def codegen_targets(c: Call) -> dict:
    return codegen_service.targets()
