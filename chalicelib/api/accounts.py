"""Routes: sign-up, sessions, profile, API keys."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.accounts import service as accounts
from chalicelib.accounts.models import (
    ApiKeyIn,
    LoginIn,
    LogoutIn,
    PasswordChangeIn,
    ProfilePatch,
    RefreshIn,
    RegisterIn,
)
from chalicelib.api.http import PAGINATION, Call, Router
from chalicelib.workspaces import service as workspaces

bp = Blueprint(__name__)
r = Router(bp, "accounts")


@r.post("/auth/register", summary="Create an account and sign in", body=RegisterIn, status=201, auth=False,
        errors=(409,))
def register(c: Call, body: RegisterIn) -> dict:
    return accounts.register(c.store, body, c.client_ip)


@r.post("/auth/login", summary="Sign in", body=LoginIn, auth=False, errors=(401, 403, 429))
def login(c: Call, body: LoginIn) -> dict:
    return accounts.login(c.store, body, c.client_ip)


@r.post("/auth/refresh", summary="Trade a refresh token for new tokens (rotates it)", body=RefreshIn, auth=False,
        errors=(401,))
def refresh(c: Call, body: RefreshIn) -> dict:
    return accounts.refresh(c.store, body.refresh_token)


@r.post("/auth/logout", summary="End this session", body=LogoutIn, status=204)
def logout(c: Call, body: LogoutIn) -> None:
    accounts.logout(c.store, c.who)


@r.get("/me", summary="Who I am")
def me(c: Call) -> dict:
    return accounts.me(c.who)


@r.patch("/me", summary="Update my profile", body=ProfilePatch)
def update_me(c: Call, body: ProfilePatch) -> dict:
    return accounts.update_profile(c.store, c.who, body)


@r.post("/me/password", summary="Change my password (ends my other sessions)", body=PasswordChangeIn,
        errors=(403,))
def change_password(c: Call, body: PasswordChangeIn) -> dict:
    return accounts.change_password(c.store, c.who, body)


@r.get("/me/api-keys", summary="My API keys", query=PAGINATION)
def list_api_keys(c: Call) -> dict:
    return accounts.list_api_keys(c.store, c.who, c.limit, c.cursor)


@r.post("/me/api-keys", summary="Create an API key (its secret is shown once)", body=ApiKeyIn, status=201)
def create_api_key(c: Call, body: ApiKeyIn) -> dict:
    return accounts.create_api_key(c.store, c.who, body)


@r.delete("/me/api-keys/{key_id}", summary="Revoke an API key", status=204, errors=(404,))
def revoke_api_key(c: Call, key_id: str) -> None:
    accounts.revoke_api_key(c.store, c.who, key_id)


@r.get("/me/invitations", summary="Pending invitations to my email", query=PAGINATION)
def my_invitations(c: Call) -> dict:
    return workspaces.my_invitations(c.store, c.who, c.limit, c.cursor)
