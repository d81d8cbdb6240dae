"""Routes: environments and workspace globals."""

from __future__ import annotations

from chalice.app import Blueprint

from chalicelib.api.http import PAGINATION, Call, QueryParam, Router
from chalicelib.environments import service as environments
from chalicelib.environments.models import EnvironmentIn, EnvironmentUpdate, GlobalsUpdate

bp = Blueprint(__name__)
r = Router(bp, "environments")
REVEAL = (QueryParam("reveal", "boolean", "decrypt secret values (editor or above)"),)


@r.get("/workspaces/{ws}/environments", summary="Environments (secret values masked)", query=PAGINATION,
       errors=(404,))
def list_environments(c: Call, ws: str) -> dict:
    return environments.list_environments(c.store, ws, c.membership, c.limit, c.cursor)


@r.post("/workspaces/{ws}/environments", summary="Create an environment", body=EnvironmentIn, status=201,
        errors=(403, 404), shares=("environments",))
def create_environment(c: Call, ws: str, body: EnvironmentIn) -> dict:
    return environments.create(c.store, c.keyring, c.who, ws, c.membership, body)


@r.get("/workspaces/{ws}/environments/{env_id}", summary="An environment", query=REVEAL, errors=(403, 404))
def get_environment(c: Call, ws: str, env_id: str) -> dict:
    return environments.get(c.store, c.keyring, ws, c.membership, env_id, c.flag("reveal"))


@r.put("/workspaces/{ws}/environments/{env_id}",
       summary="Save an environment (a secret row with `value: null` keeps its stored value)",
       body=EnvironmentUpdate, errors=(403, 404, 409), shares=("environments",))
def update_environment(c: Call, ws: str, env_id: str, body: EnvironmentUpdate) -> dict:
    return environments.update(c.store, c.keyring, c.who, ws, c.membership, env_id, body)


@r.delete("/workspaces/{ws}/environments/{env_id}", summary="Delete an environment", status=204,
          errors=(403, 404), shares=("environments",))
def delete_environment(c: Call, ws: str, env_id: str) -> None:
    environments.delete(c.store, ws, c.membership, env_id)


@r.get("/workspaces/{ws}/globals", summary="Workspace globals", query=REVEAL, errors=(403, 404))
def get_globals(c: Call, ws: str) -> dict:
    return environments.get_globals(c.store, c.keyring, ws, c.membership, c.flag("reveal"))


@r.put("/workspaces/{ws}/globals", summary="Save workspace globals", body=GlobalsUpdate, errors=(403, 404, 409),
       shares=("environments",))
def put_globals(c: Call, ws: str, body: GlobalsUpdate) -> dict:
    return environments.put_globals(c.store, c.keyring, c.who, ws, c.membership, body)
