"""AWS Signature Version 4, computed by botocore over the request exactly as it will be sent.

The signature covers the method, URL, every header present and a hash of the body, so it must be the last change
made to the request: anything added afterwards is either unsigned or (if it alters a signed part) breaks it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any, cast
from urllib.parse import unquote, urlsplit

import httpx
from botocore.auth import SIGV4_TIMESTAMP, S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from ..model import Header, PreparedRequest
from ._request import flag, remember, text
from .errors import AuthFailed, AuthNotSupported

#: Postman's defaults (its aws4 handler targets API Gateway unless told otherwise)
DEFAULT_SERVICE = "execute-api"
DEFAULT_REGION = "us-east-1"
#: headers that carry credentials (the session token) or are derived from them (the signature)
SECRET_HEADERS = frozenset({"authorization", "x-amz-security-token"})


class _ClockMixin:
    """Sign at our clock's time, not botocore's: tests pin it, and the executor's `now` is the one truth.

    botocore's add_auth stamps `context["timestamp"]` and then calls `_modify_request_before_signing` before reading
    it anywhere, so overriding that hook is the one place to set it; the test against AWS's published example
    signature fails loudly should botocore ever change that order.
    """

    timestamp: str

    def _modify_request_before_signing(self, request: AWSRequest) -> None:
        request.context["timestamp"] = self.timestamp
        super()._modify_request_before_signing(request)  # type: ignore[misc]


class _SigV4(_ClockMixin, SigV4Auth):
    pass


class _S3SigV4(_ClockMixin, S3SigV4Auth):
    """S3 signs the path as is (no normalisation) and requires x-amz-content-sha256."""


def sign_aws_v4(req: PreparedRequest, attrs: Mapping[str, Any], now: Callable[[], float]) -> None:
    """Sign `req` in place: Authorization, X-Amz-Date, X-Amz-Security-Token (with a session token) and, for S3,
    X-Amz-Content-SHA256 are set; every other header keeps its place, duplicates included.

    Call it after the URL, headers and body are final. The URL is rewritten into the normalised form httpx will put
    on the wire (percent-encoding, IDNA host), because that, not what was typed, is what AWS verifies.
    """
    if flag(attrs, "addAuthDataToQuery"):
        raise AuthNotSupported("AWS Signature with the signature in query parameters (a presigned URL) is stored "
                               "but not sent yet; turn off \"add auth data to query\" to sign with headers.")
    access_key, secret_key = text(attrs, "accessKey").strip(), text(attrs, "secretKey").strip()
    session_token = text(attrs, "sessionToken").strip()
    if not access_key or not secret_key:
        raise AuthFailed("AWS Signature needs an access key and a secret key.")
    remember(req, secret_key, session_token)
    service = text(attrs, "service").strip() or DEFAULT_SERVICE
    region = text(attrs, "region").strip() or DEFAULT_REGION

    try:
        req.url = str(httpx.URL(req.url))
    except httpx.InvalidURL as exc:
        raise AuthFailed(f"AWS Signature cannot sign an invalid URL: {exc}") from exc
    aws = AWSRequest(method=req.method.upper(), url=req.url, data=req.body)
    for h in req.headers:
        aws.headers[h.name] = h.value  # HTTPHeaders appends: duplicates are signed as AWS joins them, with commas
    # AWS canonicalises the query from decoded pairs, strictly re-encoded (RFC 3986 unreserved only); handing
    # botocore the decoded pairs makes it do the same, where from the URL it would take httpx's looser encoding
    query = urlsplit(req.url).query
    pairs = [(unquote(k), unquote(v)) for k, _, v in (p.partition("=") for p in query.split("&") if p)]
    aws.params = cast(dict[str, Any], pairs)  # a list keeps order and duplicates; botocore takes either (stubs: dict)

    signer_class = _S3SigV4 if service == "s3" else _SigV4
    signer = signer_class(Credentials(access_key, secret_key, session_token or None), service, region)
    signer.timestamp = datetime.datetime.fromtimestamp(now(), datetime.UTC).strftime(SIGV4_TIMESTAMP)
    signer.add_auth(aws)

    before = {(h.name.lower(), h.value): h.secret for h in req.headers}
    signed: list[Header] = []
    for name, value in aws.headers.items():
        if (name.lower(), value) in before:
            signed.append(Header(name, value, before[(name.lower(), value)]))
        else:
            secret = name.lower() in SECRET_HEADERS
            signed.append(Header(name, value, secret))
            if secret:
                remember(req, value)
    req.headers = signed
