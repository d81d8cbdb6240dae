"""Routes: sending requests (queued, run by the executor Lambda), polling an execution, and history."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib import deps
from chalicelib.api.http import PAGINATION, Call, QueryParam, Router
from chalicelib.executions import service as executions
from chalicelib.executions.models import ExecuteIn, ExecuteSavedIn, FileIn, RestoreIn

bp = Blueprint(__name__)
r = Router(bp, "executions")
HISTORY_FILTERS = PAGINATION + (
    QueryParam("method", "string", "only this method"),
    QueryParam("status", "integer", "a status (404) or a class (4 = every 4xx; 0 = failed before a response)"),
    QueryParam("q", "string", "text in the URL or name"),
)


@r.post("/workspaces/{ws}/requests/{request_id}/execute", summary="Send a saved request (202; result pushed)",
        body=ExecuteSavedIn, status=202, errors=(404, 429))
def execute_saved(c: Call, ws: str, request_id: str, body: ExecuteSavedIn) -> dict:
    return executions.execute_saved(c.store, deps.queue(), c.who, ws, c.membership, request_id, body)


@r.post("/workspaces/{ws}/execute", summary="Send an unsaved request from the builder (202; result pushed)",
        body=ExecuteIn, status=202, errors=(404, 429))
def execute_unsaved(c: Call, ws: str, body: ExecuteIn) -> dict:
    return executions.execute_unsaved(c.store, deps.queue(), c.who, ws, c.membership, body)


@r.post("/workspaces/{ws}/files", summary="Register a file for a multipart or binary body; PUT it to `upload_url`",
        body=FileIn, status=201, errors=(403, 404))
def create_file(c: Call, ws: str, body: FileIn) -> dict:
    return executions.create_file(c.store, deps.blobs(), c.who, ws, c.membership, body)


@r.get("/executions/{execution_id}", summary="An execution and its result (for clients that poll)", errors=(404,))
def get_execution(c: Call, execution_id: str) -> dict:
    return executions.get(c.store, deps.blobs(), c.who, execution_id)


@r.post("/executions/{execution_id}/cancel", summary="Cancel a queued execution or stop a running one",
        errors=(404, 409))
def cancel_execution(c: Call, execution_id: str) -> dict:
    return executions.cancel(c.store, c.who, execution_id)


@r.get("/workspaces/{ws}/history", summary="My history in a workspace, newest first", query=HISTORY_FILTERS,
       errors=(404,))
def list_history(c: Call, ws: str) -> dict:
    return executions.list_history(c.store, c.who, ws, c.membership, limit=c.limit, cursor=c.cursor,
                                   method=c.query("method"), status=c.integer("status", maximum=999),
                                   q=c.query("q"))


@r.get("/workspaces/{ws}/history/{execution_id}", summary="One history entry, with its request", errors=(404,))
def get_history(c: Call, ws: str, execution_id: str) -> dict:
    return executions.get_history(c.store, c.who, ws, c.membership, execution_id)


@r.delete("/workspaces/{ws}/history/{execution_id}", summary="Delete one history entry", errors=(404,))
def delete_history_entry(c: Call, ws: str, execution_id: str) -> dict:
    return executions.delete_history(c.store, c.who, ws, c.membership, execution_id)


@r.delete("/workspaces/{ws}/history", summary="Delete all my history in a workspace", errors=(404,))
def clear_history(c: Call, ws: str) -> dict:
    return executions.delete_history(c.store, c.who, ws, c.membership, None)


@r.post("/workspaces/{ws}/history/{execution_id}/restore", summary="Save a history entry as a request",
        body=RestoreIn, status=201, errors=(403, 404), shares=("tree",))
def restore_history(c: Call, ws: str, execution_id: str, body: RestoreIn) -> dict:
    return executions.restore_history(c.store, c.who, ws, c.membership, execution_id, body)
