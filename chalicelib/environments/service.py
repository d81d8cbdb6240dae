"""Environments and workspace globals, with secret values encrypted at rest and masked on every read.

A masked read needs no KMS call: it never decrypts. Saving a secret row with `value: null` keeps the stored value,
so a client that only ever saw masked values can save the environment back without losing anything.
"""

from __future__ import annotations

import base64
from typing import Any

from chalicelib.accounts.service import Principal
from chalicelib.common.ids import is_id, iso, new_id
from chalicelib.environments import crypto
from chalicelib.environments.models import EnvironmentIn, EnvironmentUpdate, GlobalsUpdate
from chalicelib.errors import BadRequest, Conflict, NotFound
from chalicelib.ports import Keyring, Store
from chalicelib.schema.documents import EnvVariable
from chalicelib.schema.migrate import stamp, upgrade
from chalicelib.storage import keys
from chalicelib.storage.records import Put, Record, TransactionConflict
from chalicelib.workspaces.roles import require

Membership = dict[str, Any] | None
GLOBALS = keys.GLOBALS_ID


class _DataKey:
    """The environment's data key, unwrapped through KMS only when a secret must be sealed or opened."""

    def __init__(self, keyring: Keyring, ws: str, env_id: str, wrapped: str | None) -> None:
        self.keyring, self.ctx, self.wrapped = keyring, crypto.context(ws, env_id), wrapped
        self._plain: bytes | None = None

    def get(self) -> bytes:
        if self._plain is None:
            if self.wrapped:
                self._plain = self.keyring.decrypt(base64.b64decode(self.wrapped), self.ctx)
            else:
                self._plain, blob = self.keyring.generate_data_key(self.ctx)
                self.wrapped = base64.b64encode(blob).decode()
        return self._plain


def _public(ws: str, rec: Record, dek: _DataKey | None) -> dict[str, Any]:
    data = upgrade("environment", rec.data)
    variables = []
    for v in data["variables"]:
        row = {"key": v["key"], "enabled": v["enabled"], "secret": v["secret"]}
        if not v["secret"]:
            row["value"] = v["value"]
        elif dek is not None:
            row["value"] = crypto.unseal(dek.get(), ws, data["id"], v["key"], v["enc"])
        else:
            row["value"] = None
            row["masked"] = True
        variables.append(row)
    return {"id": data["id"], "workspace_id": ws, "name": data["name"], "kind": data["kind"],
            "variables": variables, "version": rec.ver or 0, "updated_at": data.get("updated_at"),
            "updated_by": data.get("updated_by"), "revealed": dek is not None}


def _seal_rows(ws: str, env_id: str, incoming: list[EnvVariable], stored: list[dict[str, Any]],
               dek: _DataKey) -> list[dict[str, Any]]:
    # Stored secrets by key, in order, so duplicate keys keep their own values.
    kept: dict[str, list[dict[str, Any]]] = {}
    for old in stored:
        if old["secret"]:
            kept.setdefault(old["key"], []).append(old)
    rows = []
    for v in incoming:
        previous = kept.get(v.key, []).pop(0) if kept.get(v.key) else None
        value = v.value
        if value is None:
            if previous is None:
                if v.secret:
                    value = ""
                else:
                    raise BadRequest("A variable that is not secret needs a value.", code="VALIDATION_ERROR",
                                     details={"variables": f"{v.key}: value is required"})
            elif not v.secret:  # un-marking a secret whose value the client never saw: keep that value
                value = crypto.unseal(dek.get(), ws, env_id, v.key, previous["enc"])
        if v.secret:
            enc = previous["enc"] if value is None and previous else crypto.seal(dek.get(), ws, env_id, v.key,
                                                                                   value or "")
            rows.append({"key": v.key, "enabled": v.enabled, "secret": True, "enc": enc})
        else:
            rows.append({"key": v.key, "enabled": v.enabled, "secret": False, "value": value})
    return rows


def _write(store: Store, keyring: Keyring, who: Principal, ws: str, env_id: str, kind: str, name: str,
           variables: list[EnvVariable], existing: Record | None, expected: int | None) -> dict[str, Any]:
    stored = upgrade("environment", existing.data) if existing else {"variables": [], "dek": None}
    current_ver = existing.ver or 0 if existing else 0
    if expected is not None and expected != current_ver:
        raise Conflict("Someone saved this environment meanwhile; reload it.", code="VERSION_CONFLICT",
                       details={"current_version": current_ver})
    dek = _DataKey(keyring, ws, env_id, stored.get("dek"))
    rows = _seal_rows(ws, env_id, variables, stored["variables"], dek)
    data = stamp("environment", {"id": env_id, "name": name, "kind": kind, "variables": rows, "dek": dek.wrapped,
                                 "created_at": stored.get("created_at", iso()), "updated_at": iso(),
                                 "updated_by": who.uid})
    rec = Record(*keys.environment(ws, env_id), kind="environment", data=data, ver=current_ver + 1)
    try:
        if existing:
            store.transact([Put(rec, expect_ver=current_ver)])
        else:
            store.transact([Put(rec, must_not_exist=True)])
    except TransactionConflict:
        raise Conflict("Someone saved this environment meanwhile; reload it.", code="VERSION_CONFLICT") from None
    return _public(ws, rec, None)


def _load(store: Store, ws: str, env_id: str) -> Record:
    # Globals are reachable only through their own routes: an environment id is never "globals".
    rec = store.get(*keys.environment(ws, env_id)) if is_id(env_id, "env") else None
    if not rec or rec.data.get("kind") == "globals":
        raise NotFound("No such environment.")
    return rec


def list_environments(store: Store, ws: str, membership: Membership, limit: int,
                      cursor: str | None) -> dict[str, Any]:
    require(membership, "viewer")
    recs, nxt = store.query_page(keys.ws_partition(ws), prefix="ENV#", limit=limit, cursor=cursor)
    items = [_public(ws, r, None) for r in recs if r.data.get("kind") != "globals"]
    return {"items": items, "next_cursor": nxt}


def create(store: Store, keyring: Keyring, who: Principal, ws: str, membership: Membership,
           body: EnvironmentIn) -> dict[str, Any]:
    require(membership, "editor")
    if store.get(*keys.workspace(ws)) is None:
        raise NotFound("No such workspace.")
    return _write(store, keyring, who, ws, new_id("env"), "environment", body.name.strip(), body.variables,
                  None, None)


def get(store: Store, keyring: Keyring, ws: str, membership: Membership, env_id: str,
        reveal: bool) -> dict[str, Any]:
    require(membership, "editor" if reveal else "viewer")
    rec = _load(store, ws, env_id)
    return _public(ws, rec, _DataKey(keyring, ws, env_id, rec.data.get("dek")) if reveal else None)


def get_globals(store: Store, keyring: Keyring, ws: str, membership: Membership, reveal: bool) -> dict[str, Any]:
    require(membership, "editor" if reveal else "viewer")
    rec = store.get(*keys.environment(ws, GLOBALS))
    if rec is None:
        return {"id": GLOBALS, "workspace_id": ws, "name": "Globals", "kind": "globals", "variables": [],
                "version": 0, "updated_at": None, "updated_by": None, "revealed": reveal}
    return _public(ws, rec, _DataKey(keyring, ws, GLOBALS, rec.data.get("dek")) if reveal else None)


def update(store: Store, keyring: Keyring, who: Principal, ws: str, membership: Membership, env_id: str,
           body: EnvironmentUpdate) -> dict[str, Any]:
    require(membership, "editor")
    rec = _load(store, ws, env_id)
    return _write(store, keyring, who, ws, env_id, "environment", body.name.strip(), body.variables, rec,
                  body.version)


def put_globals(store: Store, keyring: Keyring, who: Principal, ws: str, membership: Membership,
                body: GlobalsUpdate) -> dict[str, Any]:
    require(membership, "editor")
    rec = store.get(*keys.environment(ws, GLOBALS))
    if rec is None and store.get(*keys.workspace(ws)) is None:
        raise NotFound("No such workspace.")
    return _write(store, keyring, who, ws, GLOBALS, "globals", "Globals", body.variables, rec, body.version)


def delete(store: Store, ws: str, membership: Membership, env_id: str) -> None:
    require(membership, "editor")
    rec = _load(store, ws, env_id)
    store.delete(rec.pk, rec.sk)


def execution_keys(ws: str, env_id: str | None) -> list[tuple[str, str]]:
    """What `for_execution` reads, so a caller can fetch it in the same BatchGetItem as its own items."""
    return [keys.environment(ws, GLOBALS)] + ([keys.environment(ws, env_id)] if env_id else [])


def for_execution(store: Store, keyring: Keyring, ws: str, env_id: str | None,
                  found: dict[tuple[str, str], Record] | None = None
                  ) -> tuple[str, list[dict[str, Any]], list[dict[str, Any]]]:
    """The environment's name, its rows and the globals' rows with secret values decrypted, for the executor only.
    One BatchGetItem (none when `found` holds `execution_keys` already); KMS only for documents with secrets."""
    if found is None:
        found = store.batch_get(execution_keys(ws, env_id))

    def rows(rec: Record | None, eid: str) -> list[dict[str, Any]]:
        if rec is None:
            return []
        data = upgrade("environment", rec.data)
        dek = _DataKey(keyring, ws, eid, data.get("dek"))
        return [{"key": v["key"], "enabled": v["enabled"], "secret": v["secret"],
                 "value": crypto.unseal(dek.get(), ws, eid, v["key"], v["enc"]) if v["secret"] else v["value"]}
                for v in data["variables"]]

    env = found.get(keys.environment(ws, env_id)) if env_id else None
    name = str(env.data.get("name", "")) if env else ""
    return name, rows(env, env_id or ""), rows(found.get(keys.environment(ws, GLOBALS)), GLOBALS)
