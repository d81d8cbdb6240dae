"""The local stack behind `make dev`: moto, the Chalice app and state that survives restarts, in one process.

Run it from the repository root as `python -m devserver`. It is a development tool only and is never packaged
into a Lambda function (Chalice packages `app.py` and `chalicelib/`, nothing else).

Environment variables it reads (all optional):

- `PLAYGROUND_PORT`: port of the API (default 8000; 0 picks a free port).
- `PLAYGROUND_WS_PORT`: port of the WebSocket gateway (default: the API's port + 1, so 8001; a free port when
  `PLAYGROUND_PORT` is 0; 0 picks a free port). Clients connect to ws://<host>:<port>/api (the stage, as on AWS).
- `PLAYGROUND_HOST`: address the API, the WebSocket gateway and moto listen on (default 127.0.0.1).
- `PLAYGROUND_STATE_DIR`: where state, the dev JWT secret and `devserver.json` live (default `.playground/`).
- `PLAYGROUND_SNAPSHOT_INTERVAL`: seconds between checks for changes to save (default 2).
- `PLAYGROUND_PROJECT_DIR`: the Chalice project to serve (default: the repository root).

Variables it sets for the app, as a deployment would (after the WebSocket gateway started):

- `PLAYGROUND_WS_URL`: where clients connect (ws://127.0.0.1:8001/api).
- `PLAYGROUND_WS_DOMAIN`, `PLAYGROUND_WS_STAGE`: the push endpoint for handlers that never saw a WebSocket event
  (the SQS handler); the botocore hook answers the push whatever endpoint the app configures.
"""
