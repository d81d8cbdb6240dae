"""Access tokens (short JWTs) and the opaque tokens (refresh, API keys, invitations).

An access token is a JWT of type `at+jwt` with `typ: "access"`, HS256 pinned, `exp`/`iat`/`sub`/`sid` required.
Refresh tokens and API keys are opaque random strings with their own prefixes (`rt_`, `pk_`), never JWTs, so none
of them can pass for another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.common.ids import now
from chalicelib.config import settings
from chalicelib.errors import Unauthorized

ISSUER = "api-playground"
AUDIENCE = "api-playground"
ALGORITHM = "HS256"
REFRESH_PREFIX = "rt_"
API_KEY_PREFIX = "pk_"


@dataclass(frozen=True)
class AccessClaims:
    uid: str
    sid: str
    exp: int


def issue_access(uid: str, sid: str) -> tuple[str, int]:
    import jwt  # lazy: see the import-time budget in bench/api_bench.py

    cfg = settings()
    iat = int(now())
    exp = iat + cfg.access_token_ttl
    token = jwt.encode({"sub": uid, "sid": sid, "typ": "access", "iat": iat, "exp": exp, "iss": ISSUER,
                        "aud": AUDIENCE}, cfg.jwt_secret, algorithm=ALGORITHM, headers={"typ": "at+jwt"})
    return token, cfg.access_token_ttl


def decode_access(token: str) -> AccessClaims:
    import jwt

    try:
        header = jwt.get_unverified_header(token)
        if header.get("typ") != "at+jwt" or header.get("alg") != ALGORITHM:
            raise Unauthorized("The access token is not valid.", code="TOKEN_INVALID")
        claims: dict[str, Any] = jwt.decode(
            token, settings().jwt_secret, algorithms=[ALGORITHM], audience=AUDIENCE, issuer=ISSUER,
            options={"require": ["exp", "iat", "sub", "sid", "typ"]}, leeway=5)
    except jwt.ExpiredSignatureError:
        raise Unauthorized("The access token has expired.", code="TOKEN_EXPIRED") from None
    except jwt.PyJWTError:
        raise Unauthorized("The access token is not valid.", code="TOKEN_INVALID") from None
    if claims.get("typ") != "access" or not isinstance(claims.get("sub"), str):
        raise Unauthorized("The access token is not valid.", code="TOKEN_INVALID")
    if claims["iat"] > now() + 60:
        raise Unauthorized("The access token is not valid.", code="TOKEN_INVALID")
    return AccessClaims(uid=claims["sub"], sid=str(claims["sid"]), exp=int(claims["exp"]))


def looks_like_api_key(token: str) -> bool:
    return token.startswith(API_KEY_PREFIX)
