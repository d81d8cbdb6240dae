"""Postman's "JWT Bearer": sign a token from the attributes with pyjwt and send it in a header or the query."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from typing import Any

import jwt
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from ..model import PreparedRequest
from ._request import flag, remember, set_secret_header, set_secret_query_param, text
from .errors import AuthFailed

HMAC_ALGORITHMS = frozenset({"HS256", "HS384", "HS512"})
KEY_ALGORITHMS = frozenset({"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"})
#: the curve each ES algorithm is defined on (RFC 7518 3.4); pyjwt would reject another one with a vaguer message
EC_CURVES = {"ES256": ("secp256r1", "P-256"), "ES384": ("secp384r1", "P-384"), "ES512": ("secp521r1", "P-521")}


def apply_jwt(req: PreparedRequest, attrs: Mapping[str, Any]) -> None:
    algorithm = text(attrs, "algorithm", "HS256").strip().upper() or "HS256"
    if algorithm not in HMAC_ALGORITHMS | KEY_ALGORITHMS:
        raise AuthFailed(f"JWT algorithm {algorithm!r} is not one of {', '.join(sorted(HMAC_ALGORITHMS | KEY_ALGORITHMS))}.")
    payload = _json_object(attrs.get("payload"), "payload")
    # `alg` in the extra header would contradict the algorithm chosen; Postman treats the latter as the truth
    headers = {k: v for k, v in _json_object(attrs.get("header"), "header").items() if k != "alg"}
    key = _hmac_key(req, attrs, algorithm) if algorithm in HMAC_ALGORITHMS else _private_key(req, attrs, algorithm)
    try:
        token = jwt.encode(payload, key, algorithm=algorithm, headers=headers or None)
    except jwt.exceptions.InvalidKeyError as exc:
        raise AuthFailed(f"The JWT private key does not fit {algorithm} ({_key_hint(algorithm)}).") from exc
    except (jwt.PyJWTError, TypeError, ValueError) as exc:
        # e.g. a numeric "iss" or "kid"; pyjwt's text names the claim, never the key
        raise AuthFailed(f"Could not sign the JWT: {exc}") from exc

    if text(attrs, "addTokenTo", "header") == "queryParam":
        set_secret_query_param(req, text(attrs, "queryParamKey").strip() or "token", token)
    else:
        # an empty prefix means the default, as in Postman (its UI shows "Bearer" as the placeholder)
        prefix = text(attrs, "headerPrefix").strip() or "Bearer"
        set_secret_header(req, "Authorization", f"{prefix} {token}", token)


def _json_object(value: Any, what: str) -> dict[str, Any]:
    """The payload/header attribute: a JSON text (what the UI edits) or already an object (hand-written imports)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return {}
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except json.JSONDecodeError as exc:
            raise AuthFailed(f"The JWT {what} is not valid JSON (line {exc.lineno}, column {exc.colno}).") from exc
    if not isinstance(value, dict):
        raise AuthFailed(f"The JWT {what} must be a JSON object.")
    return value


def _hmac_key(req: PreparedRequest, attrs: Mapping[str, Any], algorithm: str) -> bytes:
    secret = text(attrs, "secret")
    if not secret:
        raise AuthFailed(f"JWT {algorithm} needs a secret.")
    remember(req, secret)
    if not flag(attrs, "isSecretBase64Encoded"):
        return secret.encode()
    try:
        return base64.b64decode(secret, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise AuthFailed("The JWT secret is marked base64-encoded but is not valid base64.") from exc


def _private_key(req: PreparedRequest, attrs: Mapping[str, Any],
                 algorithm: str) -> rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey:
    # Postman keeps the PEM in `privateKey`; a key typed into `secret` is accepted too
    pem = text(attrs, "privateKey").strip() or text(attrs, "secret").strip()
    passphrase = text(attrs, "passphrase")
    if not pem:
        raise AuthFailed(f"JWT {algorithm} needs a PEM private key.")
    remember(req, pem, passphrase)
    if "\n" not in pem and "\\n" in pem:
        # pasted from a JSON string or an environment variable, with the newlines still escaped
        pem = pem.replace("\\n", "\n")
    try:
        key = serialization.load_pem_private_key(pem.encode(), password=passphrase.encode() or None)
    except TypeError as exc:
        # cryptography's TypeError here is exactly "encrypted key without passphrase" or the reverse
        hint = "it is encrypted: set the passphrase" if not passphrase else "it is not encrypted: clear the passphrase"
        raise AuthFailed(f"The JWT private key could not be loaded ({hint}).") from exc
    except (ValueError, UnsupportedAlgorithm) as exc:
        raise AuthFailed("The JWT private key is not a valid PEM private key (or the passphrase is wrong).") from exc
    # checked here because pyjwt answers a key of the wrong kind with "Expecting a PEM-formatted key"
    if algorithm in EC_CURVES:
        if isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == EC_CURVES[algorithm][0]:
            return key
    elif isinstance(key, rsa.RSAPrivateKey):
        return key
    raise AuthFailed(f"The JWT private key does not fit {algorithm} ({_key_hint(algorithm)}).")


def _key_hint(algorithm: str) -> str:
    if algorithm.startswith(("RS", "PS")):
        return "it needs an RSA private key"
    return f"it needs an EC private key on {EC_CURVES[algorithm][1]}"
