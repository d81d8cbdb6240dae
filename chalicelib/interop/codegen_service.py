"""Code snippets of a request: prepared exactly as the executor would send it, then rendered for a target."""

from __future__ import annotations

from typing import Any

from chalicelib.accounts.service import Principal
from chalicelib.environments import service as environments
from chalicelib.errors import BadRequest
from chalicelib.interop.models import CodegenIn
from chalicelib.ports import Keyring, Store
from chalicelib.storage import keys
from chalicelib.workspaces.roles import require


def snippet(store: Store, keyring: Keyring, who: Principal, membership: dict[str, Any] | None,
            body: CodegenIn) -> dict[str, Any]:
    # The executor (httpx, botocore's signer, the dynamic variables) loads on the first snippet, not at cold start.
    from chalicelib.codegen import TARGETS, generate_with_notes
    from chalicelib.executions.runner import _folders
    from chalicelib.executor.auth import AuthError, MemoryTokenCache
    from chalicelib.executor.body import BodyError
    from chalicelib.executor.prepare import Context, prepare

    if body.target not in TARGETS:
        raise BadRequest(f"Unknown target {body.target!r}.", code="VALIDATION_ERROR",
                         details={"target": f"one of {', '.join(sorted(TARGETS))}"})
    ctx = Context(overrides=[v.model_dump() for v in body.variables], dynamic=body.resolve_variables)
    if body.workspace_id and body.resolve_variables:
        # Variables come from the workspace: the caller must be able to read it (secrets need an editor).
        require(membership, "editor" if body.include_secrets else "viewer")
        name, env_rows, global_rows = environments.for_execution(store, keyring, body.workspace_id,
                                                                 body.environment_id)
        ctx = Context(folders=_folders(store, body.workspace_id, body.parent_id), environment=env_rows,
                      environment_name=name, globals_=global_rows, overrides=ctx.overrides)
    try:
        prepared = prepare(body.request.model_dump(), ctx, client=None, token_cache=MemoryTokenCache(),
                           cache_key="codegen")
    except (AuthError, BodyError) as exc:
        raise BadRequest(str(getattr(exc, "message", exc)), code=str(getattr(exc, "code", "INVALID_REQUEST"))) \
            from None
    code, notes = generate_with_notes(prepared.request, body.target, include_secrets=body.include_secrets)
    # `limitations`: what this client may do differently from the app for this very request
    return {"target": body.target, "code": code, "unresolved_variables": prepared.report.unresolved,
            "limitations": [{"code": lim.code, "text": lim.text} for lim in notes]}


def targets() -> dict[str, Any]:
    from chalicelib.codegen import TARGETS

    return {"items": [
        {"id": t.name, "label": t.label, "language": t.language,
         "limitations": [{"code": lim.code, "text": lim.text} for lim in t.limitations]}
        for t in TARGETS.values()
    ]}


def membership_for(store: Store, who: Principal, ws: str | None) -> dict[str, Any] | None:
    rec = store.get(*keys.member(ws, who.uid)) if ws else None
    return rec.data if rec else None
