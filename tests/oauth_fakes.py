"""A fake OAuth 2.0 token endpoint for the auth and token-cache tests."""

from __future__ import annotations

from urllib.parse import parse_qsl

import httpx


class TokenServer:
    """A token endpoint as an httpx.MockTransport: records each request, answers from a queue."""

    def __init__(self, *answers: httpx.Response) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.client = httpx.Client(transport=httpx.MockTransport(self.handle))

    def handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.answers.pop(0)

    def form(self, i: int = -1) -> dict[str, str]:
        return dict(parse_qsl(self.requests[i].content.decode(), keep_blank_values=True))
