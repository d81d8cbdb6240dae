"""Why auth could not be applied. Both end the execution before anything is sent, as an `ExecutionError`."""

from __future__ import annotations

from ..model import ExecutionError


class AuthError(Exception):
    """Base of auth failures. `message` is shown to the user as is, so it never carries a credential."""

    code = "AUTH_ERROR"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code

    def to_execution_error(self) -> ExecutionError:
        return ExecutionError(code=self.code, message=self.message)


class AuthNotSupported(AuthError):
    """A type (or grant) Postman names and we store and round-trip, but do not send yet."""

    code = "AUTH_NOT_SUPPORTED"


class AuthFailed(AuthError):
    """The attributes are unusable (bad key, bad JSON) or the token endpoint refused or broke."""

    code = "AUTH_FAILED"


def scrub(text: str, secrets: set[str] | frozenset[str]) -> str:
    """Replace every secret in `text`: messages quote servers and libraries, which may echo what we sent them."""
    # longest first, so a secret that contains another one is replaced whole
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, "***")
    return text
