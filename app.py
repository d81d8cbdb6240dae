"""API Playground: the Chalice app. Routes live in blueprints under chalicelib/api; the SQS and WebSocket handlers
below delegate in a line or two. Nothing heavy is imported here: each handler imports what it needs when it runs.
"""

from typing import Any

from chalice.app import Chalice, SQSEvent, WebsocketEvent

from chalicelib.api import (
    accounts,
    admin,
    collections,
    environments,
    executions,
    interop,
    meta,
    realtime,
    workspaces,
)
from chalicelib.api.http import unify_errors
from chalicelib.config import settings

app = Chalice(app_name="api-playground")
app.experimental_feature_flags.update(["WEBSOCKETS"])
app.register_middleware(unify_errors, "http")

for blueprint in (meta.bp, accounts.bp, workspaces.bp, collections.bp, environments.bp, executions.bp, realtime.bp,
                  interop.bp, admin.bp):
    app.register_blueprint(blueprint)


@app.on_sqs_message(queue=settings().executions_queue, batch_size=10)
def run_executions(event: SQSEvent) -> dict[str, Any]:
    from chalicelib.workers.executions import handle_batch

    return handle_batch([(r.to_dict()["messageId"], r.body) for r in event], app.websocket_api)


@app.on_ws_connect()
def ws_connect(event: WebsocketEvent) -> dict[str, Any]:
    from chalicelib.realtime.handlers import connect

    return connect(event.connection_id, event.to_dict())


@app.on_ws_message()
def ws_message(event: WebsocketEvent) -> None:
    from chalicelib.realtime.handlers import message

    message(event.connection_id, event.body, app.websocket_api)


@app.on_ws_disconnect()
def ws_disconnect(event: WebsocketEvent) -> None:
    from chalicelib.realtime.handlers import disconnect

    disconnect(event.connection_id)
