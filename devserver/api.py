"""The Chalice app, served by Chalice's own local server (what `chalice local` runs) in a thread."""

from __future__ import annotations

import functools
import os
import threading
from pathlib import Path

from chalice.cli.factory import CLIFactory
from chalice.config import Config
from chalice.local import ChaliceRequestHandler, LocalDevServer, create_local_server

from devserver.settings import STAGE
from devserver.web import WebApp


class _NoDelayHandler(ChaliceRequestHandler):
    # Chalice's handler speaks HTTP/1.1 keep-alive; without TCP_NODELAY each response stalls ~40 ms (Nagle plus
    # delayed ACK), which makes the UI and benchmarks look ten times slower than the code is.
    disable_nagle_algorithm = True
    web: WebApp | None = None

    def _generic_handle(self) -> None:
        page = self.web.respond(self.command, self.path, self.headers.get("Accept", "")) if self.web else None
        if page is None:
            super()._generic_handle()
            return
        length = int(self.headers.get("content-length", "0") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(page.status)
        self.send_header("Content-Type", page.content_type)
        self.send_header("Content-Length", str(len(page.body)))
        self.send_header("Cache-Control", page.cache_control)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(page.body)

    # Chalice binds every do_* to its own _generic_handle at class creation; point them at ours.
    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = do_PATCH = do_OPTIONS = _generic_handle


class ApiStartError(RuntimeError):
    pass


def load_stage_config(project_dir: Path, stage: str = STAGE) -> Config:
    """The stage's Chalice config, with its environment variables applied to os.environ now.

    Chalice applies them only when it imports app.py; applying them first means moto's resources, the snapshot and
    the app all agree on table and bucket names (the stage config wins over the shell, as it does in Lambda).
    """
    factory = CLIFactory(str(project_dir), environ=os.environ)
    config = factory.create_config_obj(chalice_stage_name=stage)
    os.environ.update(config.environment_variables)
    return config


class ChaliceApiComponent:
    name = "api"

    def __init__(self, config: Config, host: str, port: int, web_dir: Path) -> None:
        self._config = config
        self._web_dir = web_dir
        self._host = host
        self._port = port
        self._server: LocalDevServer | None = None
        self._thread: threading.Thread | None = None
        self.url = ""

    def start(self) -> None:
        app = self._config.chalice_app  # imports app.py
        try:
            server = create_local_server(app, self._config, self._host, self._port)
        except OSError as exc:
            raise ApiStartError(
                f"cannot listen on {self._host}:{self._port} ({exc.strerror}); "
                "set PLAYGROUND_PORT to another port, or 0 for any free one"
            ) from exc
        get_routes = [path for path, methods in app.routes.items() if "GET" in methods]
        handler = type("_Handler", (_NoDelayHandler,), {"web": WebApp(self._web_dir, get_routes)})
        server.server.RequestHandlerClass = functools.partial(handler, app_object=app, config=self._config)
        host, port = server.server.server_address[:2]
        self.url = f"http://{host!s}:{port}"
        self._server = server
        # server.server.serve_forever rather than LocalDevServer.serve_forever, which prints the requested port
        # (":0" when PLAYGROUND_PORT=0) instead of the real one.
        self._thread = threading.Thread(target=server.server.serve_forever, name="chalice-local", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()  # waits for serve_forever to return; in-flight requests are daemon threads
            self._server.server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def endpoints(self) -> dict[str, str]:
        return {"api_url": self.url} if self.url else {}
