"""Prepare: a stored request document plus its context (folder chain, environment, globals) → a PreparedRequest.

Order matters and is fixed: variables are resolved everywhere first, then the URL (path variables, query), the
headers (inherited ones first, the request's own win), the body and its default Content-Type, and auth last
(AWS Signature V4 signs the final URL, headers and body).
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import httpx

from chalicelib.executor import body as bodies
from chalicelib.executor.auth import TokenCache, apply_auth, resolve_inherited
from chalicelib.executor.model import Header, PreparedRequest
from chalicelib.executor.variables import Resolution, Scopes, resolve, resolve_rows

_PATH_VAR = re.compile(r"(?<=/):([A-Za-z_][A-Za-z0-9_.-]*)")
#: what stays as typed in a query row, as Postman sends it: existing %XX escapes and `+` are the user's encoding and
#: are never encoded again; spaces, `&`, `=` (in values: kept), `#` and non-ASCII are percent-encoded
_QUERY_SAFE = "!$'()*,;:@/?[]{}|~-._%+"


@dataclass
class Folder:
    """One level of the request's folder chain (a folder or the collection), with what it passes down."""

    name: str
    auth: Mapping[str, Any] | None = None
    headers: Sequence[Mapping[str, Any]] = ()
    variables: Sequence[Mapping[str, Any]] = ()


@dataclass
class Context:
    #: innermost folder first, the collection last
    folders: Sequence[Folder] = ()
    environment: Sequence[Mapping[str, Any]] = ()
    environment_name: str = ""
    globals_: Sequence[Mapping[str, Any]] = ()
    #: one-off values that win over every scope
    overrides: Sequence[Mapping[str, Any]] = ()
    blobs: bodies.BlobReader | None = None
    #: False leaves {{$guid}} and friends as written (code snippets keep them as placeholders)
    dynamic: bool = True


@dataclass
class Prepared:
    request: PreparedRequest
    report: Resolution = field(default_factory=Resolution)
    #: set for digest auth: httpx answers the server's challenge on the same hop
    auth: httpx.Auth | None = None
    #: where the auth came from: None for the request itself, else the index in the folder chain
    auth_source: int | None = None


def scopes_for(ctx: Context) -> Scopes:
    chain = list(ctx.folders)
    inner, collection = (chain[:-1], chain[-1]) if chain else ([], None)
    return Scopes.build(
        request=list(ctx.overrides),
        folders=[(f.name, list(f.variables)) for f in inner],
        collection=list(collection.variables) if collection else [],
        collection_name=collection.name if collection else "",
        environment=list(ctx.environment),
        environment_name=ctx.environment_name,
        globals_=list(ctx.globals_),
    )


def _build_url(raw_url: str, doc: Mapping[str, Any], scopes: Scopes, report: Resolution, dynamic: bool = True) -> str:
    res = resolve(raw_url.strip(), scopes, dynamic=dynamic)
    report.merge(res)
    url = res.text.partition("#")[0]  # a fragment never goes on the wire
    if url and "://" not in url.split("?", 1)[0] and not url.startswith("{{"):
        # as Postman does for a URL typed without a scheme; an unresolved `{{base}}` in front holds its own
        url = "http://" + url
    path, sep, query = url.partition("?")
    values, path_report = resolve_rows(doc.get("path_variables") or [], scopes, dynamic=dynamic)
    report.merge(path_report)
    by_name = {r.key: r.value for r in values}
    path = _PATH_VAR.sub(lambda m: quote(by_name[m.group(1)], safe="") if m.group(1) in by_name else m.group(0),
                         path)
    rows = doc.get("params") or []
    if rows:
        # The params table is authoritative once it has rows (the UI keeps it and the URL in step). A row with an
        # empty value is sent as a bare key (`?debug`), as Postman does.
        resolved, q_report = resolve_rows(rows, scopes, dynamic=dynamic)
        report.merge(q_report)
        query = "&".join(quote(r.key, safe=_QUERY_SAFE) + (f"={quote(r.value, safe=_QUERY_SAFE + '=')}"
                                                                   if r.value else "")
                         for r in resolved)
        sep = "?" if query else ""
    return path + sep + query


def _headers(doc: Mapping[str, Any], ctx: Context, scopes: Scopes, report: Resolution) -> list[Header]:
    own, own_report = resolve_rows(doc.get("headers") or [], scopes, dynamic=ctx.dynamic)
    report.merge(own_report)
    own_names = {r.key.lower() for r in own}
    inherited: list[Header] = []
    for folder in reversed(list(ctx.folders)):  # collection first, innermost folder last
        rows, folder_report = resolve_rows(folder.headers, scopes, dynamic=ctx.dynamic)
        report.merge(folder_report)
        for r in rows:
            if r.key.lower() not in own_names:
                inherited = [h for h in inherited if h.name.lower() != r.key.lower()] + [Header(r.key, r.value, r.secret)]
    return inherited + [Header(r.key, r.value, r.secret) for r in own if r.key]


def _resolve_auth(auth: Mapping[str, Any], scopes: Scopes, report: Resolution, dynamic: bool) -> dict[str, Any]:
    attrs = []
    for a in auth.get("attributes") or []:
        value = a.get("value")
        if isinstance(value, str):
            res = resolve(value, scopes, dynamic=dynamic)
            report.merge(res)
            value = res.text
        attrs.append({**a, "value": value})
    return {"type": auth.get("type"), "attributes": attrs}


def prepare(doc: Mapping[str, Any], ctx: Context, *, client: httpx.Client | None, token_cache: TokenCache,
            cache_key: str, now: Callable[[], float] = time.time) -> Prepared:
    """Build the request to send. Raises BodyError / AuthError (each with `code` and `message`) for what cannot
    be sent; unresolved variables are reported, not fatal (Postman sends them as typed)."""
    scopes = scopes_for(ctx)
    report = Resolution()
    settings = doc.get("settings") or {}
    url = _build_url(str(doc.get("url") or ""), doc, scopes, report, ctx.dynamic)
    req = PreparedRequest(method=str(doc.get("method") or "GET"), url=url,
                          follow_redirects=bool(settings.get("follow_redirects", True)),
                          max_redirects=int(settings.get("max_redirects", 10)),
                          timeout_ms=int(settings.get("timeout_ms", 30_000)),
                          verify_tls=bool(settings.get("verify_tls", True)), http2=bool(settings.get("http2", False)))
    req.headers = _headers(doc, ctx, scopes, report)

    def resolve_text(text: str) -> str:
        res = resolve(text, scopes, dynamic=ctx.dynamic)
        report.merge(res)
        return res.text

    encoded = bodies.encode(doc.get("body"), resolve_text, ctx.blobs or bodies._missing_blob)
    req.body = encoded.content
    if encoded.content_type and req.header("content-type") is None:
        req.set_header("Content-Type", encoded.content_type)
    req.secrets |= report.secrets
    for h in req.headers:
        if any(s and s in h.value for s in report.secrets):
            h.secret = True
    chain = [doc.get("auth"), *[f.auth for f in ctx.folders]]
    auth, source = resolve_inherited(chain)
    resolved_auth = _resolve_auth(auth, scopes, report, ctx.dynamic)
    httpx_auth = apply_auth(req, resolved_auth, client=client, token_cache=token_cache, cache_key=cache_key, now=now)
    req.secrets |= report.secrets
    return Prepared(req, report, httpx_auth, None if not source else source - 1)
