"""The built web app (frontend/dist), served by the API's own local server so the page and the API share one origin.

A GET is the page's when it names a file of the build (/assets/..., /favicon.svg) or when a browser navigates
(Accept: text/html) to a path the API has no GET route for (/login, /w/ws_123/history, /invitations/accept); the
single-page app routes those itself. Everything else reaches the API unchanged, so /openapi.json, /health and
every fetch behave exactly as in Lambda.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from chalice.local import RouteMatcher

_NOT_BUILT = b"""<!doctype html><meta charset="utf-8"><title>API Playground</title>
<body style="font:15px system-ui;margin:15vh auto;max-width:560px;color:#333">
<h1>The web app is not built</h1><p>Run <code>make dev</code>, which builds <code>frontend/</code> before it
starts, or <code>npm --prefix frontend run build</code>. The API itself is up.</p></body>"""


@dataclass(frozen=True)
class StaticResponse:
    status: int
    content_type: str
    body: bytes
    cache_control: str


class WebApp:
    def __init__(self, dist: Path, get_routes: list[str]) -> None:
        self.dist = dist.resolve()
        self._api = RouteMatcher(get_routes)

    def _api_has_get(self, path: str) -> bool:
        try:
            self._api.match_route(path)
        except ValueError:
            return False
        return True

    def _file(self, path: str) -> Path | None:
        rel = unquote(path).lstrip("/")
        if not rel:
            return None
        candidate = (self.dist / rel).resolve()
        # resolve() then a prefix check: "../" and symlinks cannot leave dist/
        if candidate.is_file() and candidate.is_relative_to(self.dist):
            return candidate
        return None

    def respond(self, method: str, raw_path: str, accept: str) -> StaticResponse | None:
        """The page's answer to this request, or None when it belongs to the API."""
        if method not in ("GET", "HEAD"):
            return None
        path = urlsplit(raw_path).path
        file = self._file(path) if path.startswith("/assets/") or path.count("/") == 1 else None
        if file is not None and not self._api_has_get(path):
            kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
            # hashed names under assets/ never change; anything else is revalidated
            cache = "public, max-age=31536000, immutable" if path.startswith("/assets/") else "no-cache"
            return StaticResponse(200, kind, file.read_bytes(), cache)
        if path.startswith("/assets/"):
            return StaticResponse(404, "text/plain; charset=utf-8", b"not found", "no-cache")
        if "text/html" in accept and (path == "/" or not self._api_has_get(path)):
            index = self.dist / "index.html"
            body = index.read_bytes() if index.is_file() else _NOT_BUILT
            return StaticResponse(200, "text/html; charset=utf-8", body, "no-cache")
        return None
