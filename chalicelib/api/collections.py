"""Routes: the tree, folders (collections are top-level folders), requests and their snapshots."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.http import PAGINATION, Call, Router
from chalicelib.collections import service as collections
from chalicelib.collections.models import (
    FolderIn,
    FolderPatch,
    MoveIn,
    RequestIn,
    RequestUpdate,
    SnapshotRestoreIn,
)
from chalicelib.errors import NotFound

bp = Blueprint(__name__)
r = Router(bp, "collections")
FOLDERS = ("collection", "folder")


def _version(raw: str) -> int:
    if not raw.isdigit() or not 0 < int(raw) < 10**9:
        raise NotFound("No such snapshot.")
    return int(raw)


@r.get("/workspaces/{ws}/tree", summary="The whole tree: collections, folders and request summaries",
       errors=(404,))
def get_tree(c: Call, ws: str) -> dict:
    return collections.tree(c.store, ws, c.membership)


@r.post("/workspaces/{ws}/folders", summary="Create a collection (no parent) or a folder", body=FolderIn,
        status=201, errors=(403, 404), shares=("tree",))
def create_folder(c: Call, ws: str, body: FolderIn) -> dict:
    return collections.create_folder(c.store, c.who, ws, c.membership, body)


@r.get("/workspaces/{ws}/folders/{folder_id}", summary="A collection or folder", errors=(404,))
def get_folder(c: Call, ws: str, folder_id: str) -> dict:
    return collections.get_folder(c.store, ws, c.membership, folder_id)


@r.patch("/workspaces/{ws}/folders/{folder_id}", summary="Rename or edit a collection or folder",
         body=FolderPatch, errors=(403, 404), shares=("tree",))
def update_folder(c: Call, ws: str, folder_id: str, body: FolderPatch) -> dict:
    return collections.update_folder(c.store, c.who, ws, c.membership, folder_id, body)


@r.delete("/workspaces/{ws}/folders/{folder_id}", summary="Delete a folder and everything in it",
          errors=(403, 404), shares=("tree",))
def delete_folder(c: Call, ws: str, folder_id: str) -> dict:
    return collections.delete_folder(c.store, ws, c.membership, folder_id)


@r.post("/workspaces/{ws}/folders/{folder_id}/move", summary="Move or reorder a folder", body=MoveIn,
        errors=(403, 404, 409), shares=("tree",))
def move_folder(c: Call, ws: str, folder_id: str, body: MoveIn) -> dict:
    return collections.move(c.store, c.who, ws, c.membership, folder_id, body, FOLDERS)


@r.post("/workspaces/{ws}/folders/{folder_id}/duplicate", summary="Copy a folder with everything in it",
        status=201, errors=(403, 404), shares=("tree",))
def duplicate_folder(c: Call, ws: str, folder_id: str) -> dict:
    return collections.duplicate_folder(c.store, c.who, ws, c.membership, folder_id)


@r.post("/workspaces/{ws}/requests", summary="Create a request in a collection or folder", body=RequestIn,
        status=201, errors=(403, 404), shares=("tree",))
def create_request(c: Call, ws: str, body: RequestIn) -> dict:
    return collections.create_request(c.store, c.who, ws, c.membership, body)


@r.get("/workspaces/{ws}/requests/{request_id}", summary="A request", errors=(404,))
def get_request(c: Call, ws: str, request_id: str) -> dict:
    return collections.get_request(c.store, ws, c.membership, request_id)


@r.put("/workspaces/{ws}/requests/{request_id}", summary="Save a request (409 when `version` is stale)",
       body=RequestUpdate, errors=(403, 404, 409), shares=("tree",))
def update_request(c: Call, ws: str, request_id: str, body: RequestUpdate) -> dict:
    return collections.update_request(c.store, c.who, ws, c.membership, request_id, body)


@r.delete("/workspaces/{ws}/requests/{request_id}", summary="Delete a request", status=204, errors=(403, 404),
          shares=("tree",))
def delete_request(c: Call, ws: str, request_id: str) -> None:
    collections.delete_request(c.store, ws, c.membership, request_id)


@r.post("/workspaces/{ws}/requests/{request_id}/duplicate", summary="Copy a request next to it", status=201,
        errors=(403, 404), shares=("tree",))
def duplicate_request(c: Call, ws: str, request_id: str) -> dict:
    return collections.duplicate_request(c.store, c.who, ws, c.membership, request_id)


@r.post("/workspaces/{ws}/requests/{request_id}/move", summary="Move or reorder a request", body=MoveIn,
        errors=(403, 404), shares=("tree",))
def move_request(c: Call, ws: str, request_id: str, body: MoveIn) -> dict:
    return collections.move(c.store, c.who, ws, c.membership, request_id, body, ("request",))


@r.get("/workspaces/{ws}/requests/{request_id}/snapshots", summary="Saved versions of a request, newest first",
       query=PAGINATION, errors=(404,))
def list_snapshots(c: Call, ws: str, request_id: str) -> dict:
    return collections.list_snapshots(c.store, ws, c.membership, request_id, c.limit, c.cursor)


@r.get("/workspaces/{ws}/requests/{request_id}/snapshots/{version}", summary="One saved version",
       errors=(404,))
def get_snapshot(c: Call, ws: str, request_id: str, version: str) -> dict:
    return collections.get_snapshot(c.store, ws, c.membership, request_id, _version(version))


@r.post("/workspaces/{ws}/requests/{request_id}/snapshots/{version}/restore",
        summary="Restore a saved version (saved as a new version)", body=SnapshotRestoreIn, errors=(403, 404, 409),
        shares=("tree",))
def restore_snapshot(c: Call, ws: str, request_id: str, version: str, body: SnapshotRestoreIn) -> dict:
    return collections.restore_snapshot(c.store, c.who, ws, c.membership, request_id, _version(version),
                                        body.version)
