"""Password hashing with Argon2id (argon2-cffi), parameters from config."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from chalicelib.config import settings


@lru_cache(maxsize=1)
def _hasher() -> Any:
    from argon2 import PasswordHasher, Type  # lazy: only logins and sign-ups pay its import

    cfg = settings()
    return PasswordHasher(time_cost=cfg.argon2_time_cost, memory_cost=cfg.argon2_memory_cost,
                          parallelism=cfg.argon2_parallelism, type=Type.ID)


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def verify_password(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return bool(_hasher().check_needs_rehash(stored))


# A hash to verify against when the account does not exist, so a login's timing does not tell whether it does.
@lru_cache(maxsize=1)
def dummy_hash() -> str:
    return hash_password("not-a-real-password")
