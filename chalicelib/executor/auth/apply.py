"""apply_auth: one entry point that turns a resolved auth into changes to a prepared request."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from ..model import PreparedRequest
from .awsv4 import sign_aws_v4
from .cache import TokenCache
from .chain import attributes
from .errors import AuthNotSupported
from .jwt_bearer import apply_jwt
from .oauth2 import apply_oauth2
from .simple import apply_apikey, apply_basic, apply_bearer, digest_auth

#: what the UI calls each type, for messages
LABELS = {"oauth1": "OAuth 1.0", "hawk": "Hawk", "ntlm": "NTLM", "akamai": "Akamai EdgeGrid",
          "edgegrid": "Akamai EdgeGrid", "asap": "ASAP (Atlassian)"}
#: types Postman names that we store and round-trip but cannot send yet
NOT_SENT_YET = frozenset(LABELS)


def apply_auth(req: PreparedRequest, auth: Mapping[str, Any] | None, *, client: httpx.Client | None,
               token_cache: TokenCache, cache_key: str, now: Callable[[], float] = time.time) -> httpx.Auth | None:
    """Apply a resolved auth (see `resolve_inherited`) to `req`, in place.

    Contract for the caller:
    - call it LAST, once the URL, every header and the body are final: `awsv4` signs all of them here, and the
      other types replace the header or query parameter they own (as Postman does), so they must come after the
      user's own headers too;
    - the attribute values must already have their {{variables}} resolved;
    - send `req.url` exactly as it is after this call (awsv4 rewrites it to the normalised form it signed);
    - a returned `httpx.Auth` (digest only) goes to `client.send(request, auth=...)`: httpx answers the server's
      challenge, so the Authorization header sent is only known from the response's `request`;
    - `client` is used for OAuth 2.0 token requests only (pass the one that enforces the egress policy), and
      `cache_key` names where that token is cached (e.g. the workspace and the item the auth was inherited from).

    Every value derived from a credential goes into a header marked secret or into the URL, and into `req.secrets`.
    Raises AuthNotSupported for types stored but not sent yet, AuthFailed for unusable attributes or a failed
    token request; neither message contains a credential.
    """
    kind = str((auth or {}).get("type") or "noauth")
    attrs = attributes(auth)
    if kind == "noauth":
        return None
    if kind == "inherit":
        # a programming error, not a user's: the chain has to be resolved before this point
        raise ValueError("apply_auth needs a resolved auth; pass the chain through resolve_inherited first")
    if kind == "basic":
        apply_basic(req, attrs)
    elif kind == "bearer":
        apply_bearer(req, attrs)
    elif kind == "apikey":
        apply_apikey(req, attrs)
    elif kind == "jwt":
        apply_jwt(req, attrs)
    elif kind == "oauth2":
        apply_oauth2(req, attrs, client=client, token_cache=token_cache, cache_key=cache_key, now=now)
    elif kind == "awsv4":
        sign_aws_v4(req, attrs, now)
    elif kind == "digest":
        return digest_auth(req, attrs)
    elif kind in NOT_SENT_YET:
        raise AuthNotSupported(f"{LABELS[kind]} authentication is stored but not sent yet. Choose another type "
                               "to send this request.")
    else:
        raise AuthNotSupported(f"{kind!r} is not an authentication type we know; it is not sent.")
    return None
