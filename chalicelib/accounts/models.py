"""Inputs of the accounts API (they validate requests and generate the OpenAPI document)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,255}\.[^@\s]{1,63}$")


def normalise_email(value: str) -> str:
    value = value.strip().lower()
    if not _EMAIL.match(value) or len(value) > 254:
        raise ValueError("not a valid email address")
    return value


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RegisterIn(_In):
    email: str = Field(..., max_length=254)
    password: str = Field(..., min_length=8, max_length=256)
    name: str = Field("", max_length=200)

    _email = field_validator("email")(lambda cls, v: normalise_email(v))


class LoginIn(_In):
    email: str = Field(..., max_length=254)
    password: str = Field(..., min_length=1, max_length=256)

    _email = field_validator("email")(lambda cls, v: normalise_email(v))


class RefreshIn(_In):
    refresh_token: str = Field(..., min_length=10, max_length=4096)


class LogoutIn(_In):
    refresh_token: str | None = Field(None, max_length=200)


class ProfilePatch(_In):
    name: str = Field(..., max_length=200)


class PasswordChangeIn(_In):
    current_password: str = Field(..., min_length=1, max_length=256)
    new_password: str = Field(..., min_length=8, max_length=256)


class ApiKeyIn(_In):
    name: str = Field(..., min_length=1, max_length=100)
