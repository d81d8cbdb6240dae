"""moto, in this process, as the local AWS (DynamoDB, S3, KMS, later SQS)."""

from __future__ import annotations

import logging
import os
from typing import Any

from moto import mock_aws
from moto.server import ThreadedMotoServer

from devserver import moto_speedups, write_counter
from devserver.settings import REGION


class BrowserMotoServer(ThreadedMotoServer):
    """moto's HTTP server, answering a browser's CORS preflight for a presigned S3 URL the way S3 does.

    A page on the app's origin PUTs files to presigned URLs and GETs large results from them. Before a PUT with a
    Content-Type the browser sends OPTIONS; S3 answers it from the bucket's CORS rules without checking a signature,
    but moto checks the URL's signature against OPTIONS and refuses (403). The answer here is the bucket's rule
    (chalicelib.storage.bootstrap.blob_cors_rule); moto itself adds Access-Control-Allow-Origin to the real responses.
    """

    def _server_entry(self) -> None:
        from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app
        from werkzeug.serving import make_server

        app = _answer_preflight(DomainDispatcherApplication(create_backend_app))
        self._server = make_server(self._ip_address, self._port, app, True, request_handler=MotoRequestHandler)
        self._server_ready_event.set()
        self._server.serve_forever()


def _answer_preflight(app: Any) -> Any:
    from chalicelib.storage.bootstrap import blob_cors_rule

    rule = blob_cors_rule(["*"])

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        method = environ.get("HTTP_ACCESS_CONTROL_REQUEST_METHOD", "")
        if environ.get("REQUEST_METHOD") != "OPTIONS" or not environ.get("HTTP_ORIGIN") or not method:
            return app(environ, start_response)
        asked = [h.strip().lower() for h in environ.get("HTTP_ACCESS_CONTROL_REQUEST_HEADERS", "").split(",") if h.strip()]
        if method not in rule["AllowedMethods"] or any(h not in rule["AllowedHeaders"] for h in asked):
            start_response("403 Forbidden", [("Content-Type", "text/plain"), ("Content-Length", "26")])
            return [b"CORSResponse: not allowed"]
        start_response("200 OK", [
            ("Access-Control-Allow-Origin", environ["HTTP_ORIGIN"]),
            ("Access-Control-Allow-Methods", ", ".join(rule["AllowedMethods"])),
            ("Access-Control-Allow-Headers", ", ".join(rule["AllowedHeaders"])),
            ("Access-Control-Expose-Headers", ", ".join(rule["ExposeHeaders"])),
            ("Access-Control-Max-Age", str(rule["MaxAgeSeconds"])),
            ("Vary", "Origin"), ("Content-Length", "0"),
        ])
        return [b""]

    return wsgi


#: Credentials moto accepts; they only have to look real to botocore.
_DUMMY_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}

#: Variables that could send a call to real AWS, or to another endpoint than moto, despite AWS_ENDPOINT_URL.
_UNSAFE_VARIABLES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


def isolate_aws_environment() -> None:
    """Point every AWS SDK in this process away from real AWS before anything creates a client.

    Dummy credentials and region replace whatever the developer has exported, and their config and credentials
    files are hidden, because a profile there can carry its own credentials or endpoint URLs. Service-specific
    endpoint overrides (AWS_ENDPOINT_URL_DYNAMODB, ...) are dropped so that AWS_ENDPOINT_URL, set to moto once it
    runs, is the only endpoint.
    """
    for name in list(os.environ):
        if name in _UNSAFE_VARIABLES or name.startswith("AWS_ENDPOINT_URL"):
            del os.environ[name]
    os.environ.update(_DUMMY_CREDENTIALS)
    os.environ["AWS_DEFAULT_REGION"] = REGION
    os.environ["AWS_REGION"] = REGION
    os.environ["AWS_CONFIG_FILE"] = os.devnull
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.devnull
    # moto logs every request through werkzeug; the state snapshot alone polls several times per interval.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)


class MotoComponent:
    name = "moto"

    def __init__(self, host: str) -> None:
        self._host = host
        self._server: BrowserMotoServer | None = None
        self._mock: Any = None
        self.endpoint = ""

    def start(self) -> None:
        # Transactions in O(items), not O(table): see moto_speedups.
        moto_speedups.apply()
        # Lets the state snapshot skip its work when nothing was written (see write_counter).
        write_counter.install()
        # The stack's own AWS calls are served by moto in this process (no HTTP round trip: each call over moto's
        # HTTP server costs several ms); the server, sharing the same backends, is for what must come from outside:
        # presigned S3 URLs a browser uploads to or downloads from.
        self._mock = mock_aws()
        self._mock.start()
        # port=0: the OS picks a free port, so several stacks (and tests) can run side by side.
        self._server = BrowserMotoServer(ip_address=self._host, port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint = f"http://{host}:{port}"
        os.environ["PLAYGROUND_PUBLIC_S3_ENDPOINT"] = self.endpoint

    def stop(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None
        if self._mock is not None:
            self._mock.stop()
            self._mock = None

    def endpoints(self) -> dict[str, str]:
        return {"moto_endpoint": self.endpoint} if self.endpoint else {}
