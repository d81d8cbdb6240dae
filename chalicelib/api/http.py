"""The HTTP boundary shared by every blueprint: authentication, body parsing and validation, the one error shape,
and the route registry the OpenAPI document is generated from.

A route is declared once with the model that validates its body; `openapi.py` reads the same declarations, so the
document cannot drift from what the API accepts.
"""

from __future__ import annotations

import json
import logging
import re
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from chalice.app import Blueprint, Response
from pydantic import BaseModel, ValidationError

from chalicelib import deps
from chalicelib.accounts.service import Principal, authenticate
from chalicelib.common.ids import is_id
from chalicelib.config import settings
from chalicelib.errors import AppError, BadRequest, PayloadTooLarge, ValidationFailed
from chalicelib.ports import Keyring, Store
from chalicelib.realtime import service as realtime

log = logging.getLogger("playground.api")

MAX_LIMIT = 100
DEFAULT_LIMIT = 50


@dataclass(frozen=True)
class QueryParam:
    name: str
    type: str = "string"  # "string" | "integer" | "boolean"
    description: str = ""


PAGINATION = (QueryParam("limit", "integer", f"page size, 1 to {MAX_LIMIT} (default {DEFAULT_LIMIT})"),
              QueryParam("cursor", "string", "the `next_cursor` of the previous page"))


@dataclass
class RouteSpec:
    path: str
    method: str
    handler: str
    summary: str
    tags: tuple[str, ...]
    body: type[BaseModel] | None
    status: int
    auth: bool
    query: tuple[QueryParam, ...] = ()
    errors: tuple[int, ...] = field(default_factory=tuple)
    #: what a success changes for every member ("tree", "environments"): announced to the workspace's sockets
    shares: tuple[str, ...] = ()


ROUTES: list[RouteSpec] = []


class Call:
    """What a handler gets: the caller, their membership of the workspace in the path, the ports, the query."""

    def __init__(self, request: Any, who: Principal | None, membership: dict[str, Any] | None) -> None:
        self.request = request
        self.who_or_none = who
        self.membership = membership

    @property
    def who(self) -> Principal:
        assert self.who_or_none is not None
        return self.who_or_none

    @property
    def store(self) -> Store:
        return deps.store()

    @property
    def keyring(self) -> Keyring:
        return deps.keyring()

    @property
    def client_ip(self) -> str:
        identity = (self.request.context or {}).get("identity") or {}
        return str(identity.get("sourceIp") or "unknown")

    def query(self, name: str) -> str | None:
        params = self.request.query_params or {}
        value = params.get(name)
        return str(value) if value is not None else None

    def flag(self, name: str) -> bool:
        value = (self.query(name) or "").lower()
        if value in ("", "0", "false", "no"):
            return False
        if value in ("1", "true", "yes"):
            return True
        raise ValidationFailed("Invalid query parameter.", details={"fields": [
            {"field": name, "message": "must be true or false"}]})

    def integer(self, name: str, *, minimum: int = 0, maximum: int | None = None) -> int | None:
        raw = self.query(name)
        if raw is None or raw == "":
            return None
        try:
            value = int(raw)
        except ValueError:
            value = minimum - 1
        if value < minimum or (maximum is not None and value > maximum):
            bound = f" to {maximum}" if maximum is not None else " or more"
            raise ValidationFailed("Invalid query parameter.", details={"fields": [
                {"field": name, "message": f"must be a whole number from {minimum}{bound}"}]})
        return value

    @property
    def limit(self) -> int:
        return self.integer("limit", minimum=1, maximum=MAX_LIMIT) or DEFAULT_LIMIT

    @property
    def cursor(self) -> str | None:
        cursor = self.query("cursor")
        if cursor is not None and len(cursor) > 2048:
            raise BadRequest("The cursor is not valid for this list.", details={"cursor": "invalid"})
        return cursor or None


def error_response(exc: AppError) -> Response:
    body = {"error": {"code": exc.code, "message": exc.message, "details": exc.details}}
    return Response(body=body, status_code=exc.status,
                    headers={"Content-Type": "application/json", **exc.headers})


_CHALICE_CODES = {405: "METHOD_NOT_ALLOWED", 415: "UNSUPPORTED_MEDIA_TYPE", 400: "BAD_REQUEST", 500: "INTERNAL"}


def unify_errors(event: Any, get_response: Callable[[Any], Response]) -> Response:
    """Chalice middleware: the few errors Chalice answers itself before our views run (405, 415) come out in the
    one error shape too. (API Gateway's own answers are mapped by the GatewayResponses in infra/.)"""
    response = get_response(event)
    body = response.body
    if response.status_code >= 400 and isinstance(body, dict) and set(body) == {"Code", "Message"}:
        code = _CHALICE_CODES.get(response.status_code, str(body["Code"]))
        response.body = {"error": {"code": code, "message": str(body["Message"]), "details": {}}}
    return response


def _validation_details(exc: ValidationError) -> dict[str, Any]:
    fields = []
    for err in exc.errors(include_url=False, include_input=False):
        loc = ".".join(str(p) for p in err["loc"]) or "body"
        fields.append({"field": loc, "message": err["msg"], "type": err["type"]})
    return {"fields": fields}


def _parse_body(request: Any, model: type[BaseModel]) -> BaseModel:
    raw: bytes = request.raw_body or b""
    if len(raw) > settings().max_body_bytes:
        raise PayloadTooLarge(f"The body is larger than {settings().max_body_bytes} bytes.",
                              details={"limit": settings().max_body_bytes, "size": len(raw)})
    try:
        data = json.loads(raw) if raw.strip() else {}
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest("The body is not valid JSON.", code="INVALID_JSON",
                         details={"position": getattr(exc, "pos", None)}) from None
    if not isinstance(data, dict):
        raise ValidationFailed("The body must be a JSON object.", details={"fields": [
            {"field": "body", "message": "must be an object", "type": "dict_type"}]})
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValidationFailed("Some fields are invalid.", details=_validation_details(exc)) from None


def _to_response(result: Any, status: int) -> Response:
    if result is None:
        return Response(body="", status_code=204 if status in (200, 204) else status)
    if isinstance(result, Response):
        return result
    return Response(body=result, status_code=status, headers={"Content-Type": "application/json"})


#: what a page calls itself in X-Client-Id (a random id per open tab), so it can skip the events of its own changes
_CLIENT_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


def _client_id(request: Any) -> str | None:
    value = (request.headers or {}).get("x-client-id") or ""
    return value if _CLIENT_ID.fullmatch(value) else None  # anything else is ignored: it only names a page


class Router:
    """Declares routes on a Chalice blueprint and records them for the OpenAPI document."""

    def __init__(self, blueprint: Blueprint, tag: str) -> None:
        self.bp = blueprint
        self.tag = tag

    def route(self, method: str, path: str, *, summary: str, body: type[BaseModel] | None = None,
              status: int = 200, auth: bool = True, query: tuple[QueryParam, ...] = (),
              errors: tuple[int, ...] = (), shares: tuple[str, ...] = ()
              ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        def register(fn: Callable[..., Any]) -> Callable[..., Any]:
            if any(s.handler == fn.__name__ for s in ROUTES):
                raise ValueError(f"two routes are named {fn.__name__}: OpenAPI operation ids must be unique")
            if shares and "{ws}" not in path:
                raise ValueError(f"{fn.__name__} shares {shares!r} but its path names no workspace")
            spec = RouteSpec(path=path, method=method, handler=fn.__name__, summary=summary, tags=(self.tag,),
                             body=body, status=status, auth=auth, query=query, errors=errors, shares=shares)
            ROUTES.append(spec)

            def view(**params: str) -> Response:
                return self._handle(spec, fn, params)

            view.__name__ = fn.__name__
            view.__doc__ = fn.__doc__
            self.bp.route(path, methods=[method], content_types=["application/json", "text/plain"])(view)
            return fn

        return register

    def get(self, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("PUT", path, **kw)

    def patch(self, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("PATCH", path, **kw)

    def delete(self, path: str, **kw: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        return self.route("DELETE", path, **kw)

    def _handle(self, spec: RouteSpec, fn: Callable[..., Any], params: dict[str, str]) -> Response:
        request = self.bp.current_request
        try:
            who, membership = None, None
            if spec.auth:
                ws = params.get("ws")
                headers: Any = request.headers or {}
                who, membership = authenticate(deps.store(), headers.get("authorization"),
                                               headers.get("x-api-key"), ws if ws and is_id(ws, "ws") else None)
            call = Call(request, who, membership)
            kwargs: dict[str, Any] = dict(params)
            if spec.body is not None:
                kwargs["body"] = _parse_body(request, spec.body)
            result = fn(call, **kwargs)
            if spec.shares and who is not None:
                # the request or folder the change was about, so an open page can refresh just that
                about = {k: v for k, v in params.items() if k in ("request_id", "folder_id")}
                realtime.share(deps.queue(), params["ws"], spec.shares, who, about, origin=_client_id(request))
            return _to_response(result, spec.status)
        except AppError as exc:
            return error_response(exc)
        except Exception:  # noqa: BLE001 - the boundary: log it, answer the one error shape, leak nothing
            log.error("unhandled error in %s %s\n%s", spec.method, spec.path, traceback.format_exc())
            return error_response(AppError("Something went wrong on our side; it has been logged."))
