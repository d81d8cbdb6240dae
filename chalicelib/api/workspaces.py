"""Routes: workspaces, members, invitations."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.http import PAGINATION, Call, Router
from chalicelib.workspaces import service as workspaces
from chalicelib.workspaces.models import (
    InvitationIn,
    InvitationTokenIn,
    MemberPatch,
    TransferIn,
    WorkspaceIn,
    WorkspacePatch,
)

bp = Blueprint(__name__)
r = Router(bp, "workspaces")


@r.get("/workspaces", summary="Workspaces I belong to", query=PAGINATION)
def list_workspaces(c: Call) -> dict:
    return workspaces.list_mine(c.store, c.who, c.limit, c.cursor)


@r.post("/workspaces", summary="Create a workspace (I own it)", body=WorkspaceIn, status=201)
def create_workspace(c: Call, body: WorkspaceIn) -> dict:
    return workspaces.create(c.store, c.who, body)


@r.get("/workspaces/{ws}", summary="A workspace", errors=(404,))
def get_workspace(c: Call, ws: str) -> dict:
    return workspaces.get(c.store, ws, c.membership)


@r.patch("/workspaces/{ws}", summary="Rename or configure a workspace (admin)", body=WorkspacePatch,
         errors=(403, 404))
def update_workspace(c: Call, ws: str, body: WorkspacePatch) -> dict:
    return workspaces.update(c.store, ws, c.membership, body)


@r.delete("/workspaces/{ws}", summary="Delete a workspace and everything in it (owner)", status=204,
          errors=(403, 404))
def delete_workspace(c: Call, ws: str) -> None:
    workspaces.delete(c.store, ws, c.membership)


@r.post("/workspaces/{ws}/transfer", summary="Transfer ownership to a member (owner)", body=TransferIn,
        errors=(403, 404))
def transfer_workspace(c: Call, ws: str, body: TransferIn) -> dict:
    return workspaces.transfer(c.store, c.who, ws, c.membership, body)


@r.get("/workspaces/{ws}/members", summary="Members and their roles", query=PAGINATION, errors=(404,))
def list_members(c: Call, ws: str) -> dict:
    return workspaces.list_members(c.store, ws, c.membership, c.limit, c.cursor)


@r.patch("/workspaces/{ws}/members/{user_id}", summary="Change a member's role (admin; owner for owners)",
         body=MemberPatch, errors=(403, 404, 409))
def change_member_role(c: Call, ws: str, user_id: str, body: MemberPatch) -> dict:
    return workspaces.change_role(c.store, c.who, ws, c.membership, user_id, body)


@r.delete("/workspaces/{ws}/members/{user_id}", summary="Remove a member, or leave (yourself)", status=204,
          errors=(403, 404, 409))
def remove_member(c: Call, ws: str, user_id: str) -> None:
    workspaces.remove_member(c.store, c.who, ws, c.membership, user_id)


@r.get("/workspaces/{ws}/invitations", summary="Invitations of a workspace (admin)", query=PAGINATION,
       errors=(403, 404))
def list_invitations(c: Call, ws: str) -> dict:
    return workspaces.list_invitations(c.store, ws, c.membership, c.limit, c.cursor)


@r.post("/workspaces/{ws}/invitations", summary="Invite by email (admin); the token is shown once",
        body=InvitationIn, status=201, errors=(403, 404))
def invite(c: Call, ws: str, body: InvitationIn) -> dict:
    return workspaces.invite(c.store, c.who, ws, c.membership, body)


@r.delete("/workspaces/{ws}/invitations/{invitation_id}", summary="Revoke an invitation (admin)", status=204,
          errors=(403, 404, 409))
def revoke_invitation(c: Call, ws: str, invitation_id: str) -> None:
    workspaces.revoke_invitation(c.store, ws, c.membership, invitation_id)


@r.post("/invitations/accept", summary="Accept an invitation sent to my email", body=InvitationTokenIn,
        errors=(404, 409))
def accept_invitation(c: Call, body: InvitationTokenIn) -> dict:
    return workspaces.accept(c.store, c.who, body.token)


@r.post("/invitations/decline", summary="Decline an invitation sent to my email", body=InvitationTokenIn,
        status=204, errors=(404, 409))
def decline_invitation(c: Call, body: InvitationTokenIn) -> None:
    workspaces.decline(c.store, c.who, body.token)
