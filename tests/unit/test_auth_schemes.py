"""chalicelib.executor.auth: inheritance, and every scheme we send, checked against the libraries and RFC examples.

No network: OAuth token endpoints are httpx.MockTransport handlers; digest runs against a real local http.server.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import secrets
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import botocore.auth
import httpx
import jwt
import pytest
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from chalicelib.executor.auth import (
    AuthFailed,
    AuthNotSupported,
    MemoryTokenCache,
    apply_auth,
    attributes,
    resolve_inherited,
    sign_aws_v4,
)
from chalicelib.executor.model import Header, PreparedRequest
from tests.oauth_fakes import TokenServer


def auth(kind: str, **attrs: Any) -> dict[str, Any]:
    return {"type": kind, "attributes": [{"key": k, "value": v, "type": "string"} for k, v in attrs.items()]}


class Clock:
    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self.t = start

    def __call__(self) -> float:
        return self.t


def apply(req: PreparedRequest, a: dict[str, Any], *, client: httpx.Client | None = None,
          cache: MemoryTokenCache | None = None, clock: Callable[[], float] | None = None) -> httpx.Auth | None:
    clock = clock or Clock()
    cache = MemoryTokenCache(clock) if cache is None else cache
    return apply_auth(req, a, client=client, token_cache=cache, cache_key="ws1:col1", now=clock)


def header(req: PreparedRequest, name: str) -> Header:
    found = [h for h in req.headers if h.name.lower() == name.lower()]
    assert len(found) == 1, req.headers
    return found[0]


# --- inheritance -----------------------------------------------------------------------------------------------

def test_inherit_and_missing_defer_to_the_next_level() -> None:
    basic = auth("basic", username="u", password="p")
    found, index = resolve_inherited([None, {"type": "inherit", "attributes": []}, {}, basic])
    assert (found, index) == (basic, 3)
    found["attributes"][0]["value"] = "changed"
    assert basic["attributes"][0]["value"] == "u", "the stored document is not touched"


def test_noauth_stops_the_search() -> None:
    found, index = resolve_inherited([auth("inherit"), auth("noauth"), auth("bearer", token="t")])
    assert (found["type"], index) == ("noauth", 1)


def test_the_innermost_concrete_type_wins() -> None:
    chain = [auth("inherit"), auth("apikey", key="k", value="v"), auth("bearer", token="t")]
    assert resolve_inherited(chain) == (chain[1], 1)
    assert resolve_inherited([auth("jwt")])[1] == 0


def test_nothing_set_anywhere_is_noauth_from_nowhere() -> None:
    assert resolve_inherited([None, auth("inherit")]) == ({"type": "noauth", "attributes": []}, None)
    assert resolve_inherited([]) == ({"type": "noauth", "attributes": []}, None)


def test_attributes_reads_our_shape_and_postmans() -> None:
    ours = {"type": "basic", "attributes": [{"key": "username", "value": "a"}, {"key": "password", "value": 1},
                                            {"key": "username", "value": "b"}, {"value": "no key"}]}
    assert attributes(ours) == {"username": "b", "password": 1}
    assert attributes({"type": "bearer", "bearer": [{"key": "token", "value": "t", "type": "string"}]}) == {"token": "t"}
    assert attributes({"type": "basic", "basic": {"username": "v2.0"}}) == {"username": "v2.0"}
    assert attributes(None) == {} and attributes({"type": "noauth"}) == {}


def test_noauth_changes_nothing_and_inherit_must_be_resolved_first() -> None:
    req = PreparedRequest("GET", "https://api.test/x", [Header("Authorization", "mine")])
    assert apply(req, auth("noauth")) is None and req.headers == [Header("Authorization", "mine")]
    with pytest.raises(ValueError):
        apply(req, auth("inherit"))


# --- basic, bearer, apikey -------------------------------------------------------------------------------------

def test_basic_header_exact_bytes() -> None:
    req = PreparedRequest("GET", "https://api.test/", [Header("authorization", "stale"), Header("X-A", "1")])
    assert apply(req, auth("basic", username="Aladdin", password="open sesame")) is None
    # RFC 7617 section 2's example, byte for byte; the stale header is replaced, not doubled
    assert req.headers[0] == Header("X-A", "1")
    assert header(req, "Authorization") == Header("Authorization", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", True)
    assert "open sesame" in req.secrets and "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==" in req.secrets


def test_basic_is_utf8() -> None:
    req = PreparedRequest("GET", "https://api.test/")
    apply(req, auth("basic", username="test", password="123\u00a3"))
    assert header(req, "Authorization").value == "Basic dGVzdDoxMjPCow=="  # RFC 7617 section 2.1's example


def test_bearer() -> None:
    req = PreparedRequest("GET", "https://api.test/")
    apply(req, auth("bearer", token="tok-123"))
    assert header(req, "Authorization") == Header("Authorization", "Bearer tok-123", True)
    assert "tok-123" in req.secrets
    empty = PreparedRequest("GET", "https://api.test/")
    apply(empty, auth("bearer", token=""))
    assert empty.headers == []


def test_apikey_in_header() -> None:
    req = PreparedRequest("GET", "https://api.test/", [Header("x-api-key", "old"), Header("Accept", "*/*")])
    apply(req, auth("apikey", key="X-API-Key", value="k-secret", **{"in": "header"}))
    assert req.headers == [Header("Accept", "*/*"), Header("X-API-Key", "k-secret", True)]
    assert "k-secret" in req.secrets


def test_apikey_in_query_keeps_the_query_and_its_duplicates() -> None:
    req = PreparedRequest("GET", "https://api.test/p?a=1&a=2&q=x%20y&api_key=stale#frag")
    apply(req, auth("apikey", key="api_key", value="s3 cr/et", **{"in": "query"}))
    assert req.url == "https://api.test/p?a=1&a=2&q=x%20y&api_key=s3%20cr%2Fet#frag"
    assert req.headers == []
    assert {"s3 cr/et", "s3%20cr%2Fet"} <= req.secrets
    bare = PreparedRequest("GET", "https://api.test/p")
    apply(bare, auth("apikey", key="k", value="v", **{"in": "query"}))
    assert bare.url == "https://api.test/p?k=v"


def test_apikey_without_a_name_fails_and_empty_does_nothing() -> None:
    req = PreparedRequest("GET", "https://api.test/")
    apply(req, auth("apikey", key="", value=""))
    assert req.headers == [] and req.url == "https://api.test/"
    with pytest.raises(AuthFailed) as err:
        apply(req, auth("apikey", key="", value="hunter2"))
    assert err.value.code == "AUTH_FAILED" and "hunter2" not in err.value.message


# --- JWT -------------------------------------------------------------------------------------------------------

def bearer_token(req: PreparedRequest, prefix: str = "Bearer") -> str:
    value = header(req, "Authorization").value
    assert value.startswith(prefix + " ")
    return value[len(prefix) + 1:]


def test_jwt_hs256_verifies_and_carries_the_payload() -> None:
    req = PreparedRequest("GET", "https://api.test/")
    apply(req, auth("jwt", algorithm="HS256", secret="a-shared-secret-of-32-bytes-len!",
                    payload='{"sub": "ada", "admin": true, "exp": 4102444800}', header='{"kid": "k1", "alg": "none"}'))
    token = bearer_token(req)
    assert jwt.decode(token, "a-shared-secret-of-32-bytes-len!", algorithms=["HS256"]) == {
        "sub": "ada", "admin": True, "exp": 4102444800}
    assert jwt.get_unverified_header(token) == {"alg": "HS256", "kid": "k1", "typ": "JWT"}
    assert header(req, "Authorization").secret and token in req.secrets
    assert "a-shared-secret-of-32-bytes-len!" in req.secrets


def test_jwt_hs512_base64_secret_in_query_param() -> None:
    raw = secrets.token_bytes(64)
    req = PreparedRequest("GET", "https://api.test/x?a=1")
    apply(req, auth("jwt", algorithm="HS512", secret=base64.b64encode(raw).decode(), isSecretBase64Encoded=True,
                    payload={"n": 1}, addTokenTo="queryParam", queryParamKey="jwt"))
    query = parse_qs(urlsplit(req.url).query)
    assert query["a"] == ["1"]
    assert jwt.decode(query["jwt"][0], raw, algorithms=["HS512"]) == {"n": 1}
    assert query["jwt"][0] in req.secrets


def test_jwt_custom_header_prefix_and_default_payload() -> None:
    req = PreparedRequest("GET", "https://api.test/")
    apply(req, auth("jwt", algorithm="HS384", secret="s" * 48, headerPrefix="JWT", payload=""))
    assert jwt.decode(bearer_token(req, "JWT"), "s" * 48, algorithms=["HS384"]) == {}


def test_jwt_rs256_with_a_generated_key() -> None:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption()).decode()
    req = PreparedRequest("GET", "https://api.test/")
    apply(req, auth("jwt", algorithm="RS256", privateKey=pem, payload='{"iss": "me"}'))
    assert jwt.decode(bearer_token(req), key.public_key(), algorithms=["RS256"]) == {"iss": "me"}
    assert pem.strip() in req.secrets


def test_jwt_es256_encrypted_key_in_secret_with_escaped_newlines() -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.BestAvailableEncryption(b"pass")).decode()
    req = PreparedRequest("GET", "https://api.test/")
    apply(req, auth("jwt", algorithm="ES256", secret=pem.replace("\n", "\\n"), passphrase="pass", payload="{}"))
    assert jwt.decode(bearer_token(req), key.public_key(), algorithms=["ES256"]) == {}


@pytest.mark.parametrize("attrs, expected", [
    ({"algorithm": "RS256", "privateKey": "-----BEGIN PRIVATE KEY-----\nTOPSECRETJUNK\n-----END PRIVATE KEY-----"},
     "not a valid PEM private key"),
    ({"algorithm": "HS256", "secret": ""}, "needs a secret"),
    ({"algorithm": "HS256", "secret": "TOPSECRETJUNK", "payload": "{nope"}, "payload is not valid JSON"),
    ({"algorithm": "HS256", "secret": "TOPSECRETJUNK", "payload": "[1]"}, "must be a JSON object"),
    ({"algorithm": "HS256", "secret": "TOPSECRETJUNK", "payload": '{"iss": 5}'},
     "Could not sign the JWT: Issuer (iss) must be a string"),
    ({"algorithm": "HS256", "secret": "TOPSECRETJUNK", "header": '{"kid": 5}'}, "Key ID header parameter"),
    ({"algorithm": "HS256", "secret": "TOPSECRETJUNK!", "isSecretBase64Encoded": True}, "not valid base64"),
    ({"algorithm": "none", "secret": "TOPSECRETJUNK"}, "is not one of"),
])
def test_jwt_bad_attributes_fail_clearly_without_the_secret(attrs: dict[str, Any], expected: str) -> None:
    with pytest.raises(AuthFailed) as err:
        apply(PreparedRequest("GET", "https://api.test/"), auth("jwt", **attrs))
    assert expected in err.value.message and "TOPSECRETJUNK" not in err.value.message


def test_jwt_key_of_the_wrong_kind() -> None:
    pem = ec.generate_private_key(ec.SECP384R1()).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode()
    for algorithm, expected in [("RS256", "RSA private key"), ("ES256", "P-256")]:
        with pytest.raises(AuthFailed, match=expected):
            apply(PreparedRequest("GET", "https://api.test/"), auth("jwt", algorithm=algorithm, privateKey=pem))
    with pytest.raises(AuthFailed, match="set the passphrase"):
        encrypted = ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"pw")).decode()
        apply(PreparedRequest("GET", "https://api.test/"), auth("jwt", algorithm="ES256", privateKey=encrypted))


# --- OAuth 2.0 -------------------------------------------------------------------------------------------------

def token(access: str, **extra: Any) -> httpx.Response:
    return httpx.Response(200, json={"access_token": access, "token_type": "Bearer", **extra})


CC = {"grant_type": "client_credentials", "accessTokenUrl": "https://id.test/oauth/token?tenant=t1",
      "clientId": "my-client", "clientSecret": "cs-TOPSECRET", "scope": "read write",
      "client_authentication": "header"}


def test_oauth2_client_credentials_form_basic_header_and_cache() -> None:
    server = TokenServer(token("at-1", expires_in=3600, refresh_token="rt-1"))
    clock, req = Clock(), PreparedRequest("GET", "https://api.test/orders")
    cache = MemoryTokenCache(clock)
    apply(req, auth("oauth2", **CC), client=server.client, cache=cache, clock=clock)

    sent = server.requests[0]
    assert (sent.method, str(sent.url)) == ("POST", "https://id.test/oauth/token?tenant=t1")
    assert sent.headers["content-type"] == "application/x-www-form-urlencoded"
    assert sent.headers["authorization"] == "Basic " + base64.b64encode(b"my-client:cs-TOPSECRET").decode()
    assert server.form() == {"grant_type": "client_credentials", "scope": "read write"}
    assert header(req, "Authorization") == Header("Authorization", "Bearer at-1", True)
    assert {"at-1", "cs-TOPSECRET"} <= req.secrets

    clock.t += 3000  # still fresh: no token request
    again = PreparedRequest("GET", "https://api.test/orders")
    apply(again, auth("oauth2", **CC), client=server.client, cache=cache, clock=clock)
    assert len(server.requests) == 1 and header(again, "Authorization").value == "Bearer at-1"
    assert "at-1" in again.secrets


def test_oauth2_expired_token_is_refreshed_with_the_refresh_token() -> None:
    server = TokenServer(token("at-1", expires_in=3600, refresh_token="rt-1"), token("at-2", expires_in=3600))
    clock = Clock()
    cache = MemoryTokenCache(clock)
    apply(PreparedRequest("GET", "https://api.test/"), auth("oauth2", **CC), client=server.client, cache=cache,
          clock=clock)
    clock.t += 3600 - 20  # inside the skew: treated as expired
    req = PreparedRequest("GET", "https://api.test/")
    apply(req, auth("oauth2", **CC), client=server.client, cache=cache, clock=clock)
    assert server.form() == {"grant_type": "refresh_token", "refresh_token": "rt-1"}
    assert server.requests[-1].headers["authorization"].startswith("Basic ")
    assert header(req, "Authorization").value == "Bearer at-2"
    # the server did not rotate the refresh token: the old one is kept for next time
    assert cache.get("ws1:col1")["refresh_token"] == "rt-1"  # type: ignore[index]


def test_oauth2_failed_refresh_falls_back_to_the_grant() -> None:
    server = TokenServer(token("at-1", expires_in=60, refresh_token="rt-1"),
                         httpx.Response(400, json={"error": "invalid_grant"}), token("at-3", expires_in=60))
    clock = Clock()
    cache = MemoryTokenCache(clock)
    apply(PreparedRequest("GET", "https://api.test/"), auth("oauth2", **CC), client=server.client, cache=cache,
          clock=clock)
    clock.t += 61
    req = PreparedRequest("GET", "https://api.test/")
    apply(req, auth("oauth2", **CC), client=server.client, cache=cache, clock=clock)
    assert [server.form(i)["grant_type"] for i in range(3)] == ["client_credentials", "refresh_token",
                                                                "client_credentials"]
    assert header(req, "Authorization").value == "Bearer at-3"


def test_oauth2_without_a_refresh_token_fetches_anew_and_config_changes_miss_the_cache() -> None:
    server = TokenServer(token("at-1", expires_in="120"), token("at-2"), token("at-3"))
    clock = Clock()
    cache = MemoryTokenCache(clock)
    for _ in range(2):
        apply(PreparedRequest("GET", "https://api.test/"), auth("oauth2", **CC), client=server.client, cache=cache,
              clock=clock)
    assert len(server.requests) == 1
    clock.t += 120
    apply(PreparedRequest("GET", "https://api.test/"), auth("oauth2", **CC), client=server.client, cache=cache,
          clock=clock)
    assert server.form(1)["grant_type"] == "client_credentials"
    apply(PreparedRequest("GET", "https://api.test/"), auth("oauth2", **{**CC, "scope": "admin"}),
          client=server.client, cache=cache, clock=clock)
    assert len(server.requests) == 3 and server.form()["scope"] == "admin"


def test_oauth2_password_grant_client_in_body_token_in_query() -> None:
    server = TokenServer(token("at-p", expires_in=300))
    req = PreparedRequest("GET", "https://api.test/me?x=1")
    apply(req, auth("oauth2", grant_type="password_credentials", accessTokenUrl="https://id.test/token",
                    clientId="cid", clientSecret="csec", username="ada", password="pw-TOPSECRET",
                    client_authentication="body", addTokenTo="queryParams",
                    tokenRequestParams=[{"key": "audience", "value": "https://api.test", "send_as": "request_body"},
                                        {"key": "X-Tenant", "value": "t", "send_as": "request_header"},
                                        {"key": "off", "value": "x", "enabled": False}]),
          client=server.client)
    assert server.form() == {"grant_type": "password", "username": "ada", "password": "pw-TOPSECRET",
                             "client_id": "cid", "client_secret": "csec", "audience": "https://api.test"}
    assert "authorization" not in server.requests[0].headers and server.requests[0].headers["x-tenant"] == "t"
    assert req.url == "https://api.test/me?x=1&access_token=at-p"
    assert req.headers == [] and {"at-p", "pw-TOPSECRET"} <= req.secrets


def test_oauth2_explicit_access_token_is_used_as_is() -> None:
    req = PreparedRequest("GET", "https://api.test/")
    apply(req, auth("oauth2", accessToken="pasted", grant_type="authorization_code", headerPrefix="Token"))
    assert header(req, "Authorization") == Header("Authorization", "Token pasted", True)


@pytest.mark.parametrize("answer, expected", [
    (httpx.Response(400, json={"error": "invalid_client", "error_description": "secret cs-TOPSECRET is wrong"}),
     "refused the token request (HTTP 400 Bad Request): invalid_client (secret *** is wrong)"),
    (httpx.Response(401, text="<html>nope</html>"), "(HTTP 401 Unauthorized)."),
    (httpx.Response(200, text="access_token=abc", headers={"content-type": "text/plain"}),
     "answered HTTP 200 but not with a JSON object (text/plain)"),
    (httpx.Response(200, json={"token_type": "bearer"}), "answered without an access_token"),
    (httpx.Response(307, headers={"location": "https://elsewhere.test/token?k=v"}),
     "redirected (HTTP 307) to https://elsewhere.test/token; use the final URL instead"),
])
def test_oauth2_token_endpoint_errors(answer: httpx.Response, expected: str) -> None:
    server = TokenServer(answer)
    with pytest.raises(AuthFailed) as err:
        apply(PreparedRequest("GET", "https://api.test/"), auth("oauth2", **CC), client=server.client)
    assert err.value.code == "AUTH_FAILED"
    assert err.value.message.startswith("The OAuth 2.0 token endpoint https://id.test/oauth/token ")
    assert expected in err.value.message and "TOPSECRET" not in err.value.message


def test_oauth2_unreachable_endpoint_and_missing_settings() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("Connection refused")

    client = httpx.Client(transport=httpx.MockTransport(refuse))
    with pytest.raises(AuthFailed, match="Could not reach the OAuth 2.0 token endpoint https://id.test/oauth/token: "
                                         "Connection refused"):
        apply(PreparedRequest("GET", "https://api.test/"), auth("oauth2", **CC), client=client)
    with pytest.raises(AuthFailed, match="Access Token URL"):
        apply(PreparedRequest("GET", "https://api.test/"), auth("oauth2", grant_type="client_credentials"))
    with pytest.raises(AuthFailed, match="no HTTP client"):
        apply(PreparedRequest("GET", "https://api.test/"), auth("oauth2", **CC), client=None)


@pytest.mark.parametrize("grant", ["authorization_code", "authorization_code_with_pkce", "implicit", None])
def test_oauth2_browser_grants_are_not_supported(grant: str | None) -> None:
    attrs = {"accessTokenUrl": "https://id.test/token"} | ({"grant_type": grant} if grant else {})
    with pytest.raises(AuthNotSupported) as err:
        apply(PreparedRequest("GET", "https://api.test/"), auth("oauth2", **attrs))
    assert err.value.code == "AUTH_NOT_SUPPORTED" and "stored but not sent yet" in err.value.message


def test_memory_token_cache_expires() -> None:
    clock = Clock()
    cache = MemoryTokenCache(clock)
    cache.put("k", {"a": 1}, 10)
    got = cache.get("k")
    assert got == {"a": 1}
    got["a"] = 2
    assert cache.get("k") == {"a": 1}
    clock.t += 10
    assert cache.get("k") is None


# --- digest, end to end ----------------------------------------------------------------------------------------

REALM, USER, PASSWORD = "test@example.org", "Mufasa", "Circle of Life"


def _md5(text: str) -> str:
    return hashlib.md5(text.encode()).hexdigest()


class DigestHandler(BaseHTTPRequestHandler):
    """RFC 7616 server side, MD5 and qop=auth: challenge, then check the client's response."""

    nonce = secrets.token_hex(16)
    opaque = secrets.token_hex(8)

    def do_GET(self) -> None:
        given = self.headers.get("Authorization", "")
        if given.startswith("Digest ") and self._valid(given[len("Digest "):]):
            self._answer(200, b"welcome")
            return
        self._answer(401, b"", {"WWW-Authenticate": f'Digest realm="{REALM}", qop="auth", algorithm=MD5, '
                                                    f'nonce="{self.nonce}", opaque="{self.opaque}"'})

    def _valid(self, value: str) -> bool:
        fields = {}
        for part in value.split(","):
            name, _, v = part.strip().partition("=")
            fields[name] = v.strip('"')
        ha1 = _md5(f"{fields['username']}:{REALM}:{PASSWORD}")
        ha2 = _md5(f"{self.command}:{fields['uri']}")
        expected = _md5(f"{ha1}:{self.nonce}:{fields['nc']}:{fields['cnonce']}:auth:{ha2}")
        return (fields["username"] == USER and fields["uri"] == self.path and fields["qop"] == "auth"
                and fields["opaque"] == self.opaque and fields["response"] == expected)

    def _answer(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
        pass


@pytest.fixture
def digest_server() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), DigestHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("password, status", [(PASSWORD, 200), ("wrong", 401)])
def test_digest_against_a_local_server(digest_server: str, password: str, status: int) -> None:
    req = PreparedRequest("GET", f"{digest_server}/dir/index.html?x=1")
    digest = apply(req, auth("digest", username=USER, password=password, realm="ignored", nonce="stale"))
    assert isinstance(digest, httpx.DigestAuth) and req.headers == [] and password in req.secrets
    with httpx.Client() as client:
        response = client.send(client.build_request(req.method, req.url, headers=[(h.name, h.value)
                                                                                 for h in req.headers]), auth=digest)
    assert response.status_code == status
    if status == 200:
        assert response.text == "welcome" and response.request.headers["authorization"].startswith("Digest ")


# --- AWS Signature v4 ------------------------------------------------------------------------------------------

AKID, SECRET = "AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
FIXED = datetime.datetime(2015, 8, 30, 12, 36, tzinfo=datetime.UTC)


def botocore_signature(method: str, url: str, headers: list[tuple[str, str]], body: bytes, service: str,
                       region: str, token: str | None = None) -> AWSRequest:
    """What botocore itself produces for the same inputs at the same instant."""
    aws = AWSRequest(method=method, url=url, data=body)
    for name, value in headers:
        aws.headers[name] = value
    signer_class = botocore.auth.S3SigV4Auth if service == "s3" else botocore.auth.SigV4Auth
    with mock.patch("botocore.auth.get_current_datetime", return_value=FIXED.replace(tzinfo=None)):
        signer_class(Credentials(AKID, SECRET, token), service, region).add_auth(aws)
    return aws


def test_awsv4_matches_aws_published_example() -> None:
    # AWS's SigV4 test suite, "get-vanilla": an independent check that the pinned clock is the one signed with
    req = PreparedRequest("GET", "https://example.amazonaws.com/")
    apply(req, auth("awsv4", accessKey=AKID, secretKey=SECRET, region="us-east-1", service="service"),
          clock=FIXED.timestamp)
    assert header(req, "X-Amz-Date") == Header("X-Amz-Date", "20150830T123600Z", False)
    assert header(req, "Authorization") == Header(
        "Authorization", "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
        "SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        True)
    assert SECRET in req.secrets


def test_awsv4_post_with_body_query_and_session_token_equals_botocore() -> None:
    body = b'{"TableName": "t"}'
    url = "https://dynamodb.eu-west-1.amazonaws.com/path/?b=2&a=1&a=0&flag"
    user_headers = [("Content-Type", "application/x-amz-json-1.0"), ("X-Amz-Target", "DynamoDB_20120810.Scan"),
                    ("X-Dup", "1"), ("X-Dup", "2")]
    req = PreparedRequest("POST", url, [Header(n, v) for n, v in user_headers], body)
    sign_aws_v4(req, {"accessKey": AKID, "secretKey": SECRET, "region": "eu-west-1", "service": "dynamodb",
                      "sessionToken": "session-TOPSECRET"}, FIXED.timestamp)
    expected = botocore_signature("POST", url, user_headers, body, "dynamodb", "eu-west-1", "session-TOPSECRET")

    assert header(req, "Authorization").value == expected.headers["Authorization"]
    credential = header(req, "Authorization").value.split("Credential=")[1].split(",")[0]
    assert credential == "AKIDEXAMPLE/20150830/eu-west-1/dynamodb/aws4_request"
    assert "x-amz-security-token" in header(req, "Authorization").value  # the token is signed too
    assert header(req, "X-Amz-Security-Token") == Header("X-Amz-Security-Token", "session-TOPSECRET", True)
    assert header(req, "X-Amz-Date").value == "20150830T123600Z"
    # the user's headers keep their order, duplicates and (non-)secrecy; the new ones follow
    assert [(h.name, h.value, h.secret) for h in req.headers[:4]] == [(n, v, False) for n, v in user_headers]
    assert req.body == body and {SECRET, "session-TOPSECRET"} <= req.secrets


def test_awsv4_s3_sets_the_content_hash_and_strictly_encodes_the_query() -> None:
    body = b"hello"
    req = PreparedRequest("PUT", "https://bucket.s3.us-east-2.amazonaws.com/a key.txt?tagging=k:v", body=body)
    apply(req, auth("awsv4", accessKey=AKID, secretKey=SECRET, region="us-east-2", service="s3"),
          clock=FIXED.timestamp)
    # the URL now reads as httpx sends it; the query is signed as AWS canonicalises it (":" as %3A)
    assert req.url == "https://bucket.s3.us-east-2.amazonaws.com/a%20key.txt?tagging=k:v"
    assert header(req, "X-Amz-Content-SHA256").value == hashlib.sha256(body).hexdigest()
    expected = botocore_signature("PUT", "https://bucket.s3.us-east-2.amazonaws.com/a%20key.txt?tagging=k%3Av", [],
                                  body, "s3", "us-east-2")
    assert header(req, "Authorization").value == expected.headers["Authorization"]
    assert "/20150830/us-east-2/s3/aws4_request" in expected.headers["Authorization"]


def test_awsv4_defaults_and_failures() -> None:
    req = PreparedRequest("GET", "https://abc.execute-api.us-east-1.amazonaws.com/prod/")
    apply(req, auth("awsv4", accessKey=AKID, secretKey=SECRET), clock=FIXED.timestamp)
    assert "/20150830/us-east-1/execute-api/aws4_request" in header(req, "Authorization").value
    with pytest.raises(AuthFailed, match="access key and a secret key"):
        apply(req, auth("awsv4", accessKey=AKID))
    with pytest.raises(AuthNotSupported, match="presigned URL"):
        apply(req, auth("awsv4", accessKey=AKID, secretKey=SECRET, addAuthDataToQuery=True))


# --- types stored but not sent ---------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["oauth1", "hawk", "ntlm", "akamai", "edgegrid", "asap", "kerberos"])
def test_unsupported_types_raise(kind: str) -> None:
    req = PreparedRequest("GET", "https://api.test/")
    with pytest.raises(AuthNotSupported) as err:
        apply(req, auth(kind, password="TOPSECRET"))
    assert err.value.code == "AUTH_NOT_SUPPORTED" and "TOPSECRET" not in err.value.message
    assert err.value.to_execution_error().code == "AUTH_NOT_SUPPORTED"
    assert req.headers == [] and req.url == "https://api.test/"
    if kind != "kerberos":
        assert "stored but not sent yet" in err.value.message

