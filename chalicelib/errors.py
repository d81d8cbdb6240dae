"""The one error tree of the API boundary.

Services raise these; `chalicelib.api.http` turns each into `{"error": {"code", "message", "details"}}` with its
status. Storage turns AWS errors into these too, so nothing from botocore leaks out of a response.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    status = 500
    code = "INTERNAL"

    def __init__(self, message: str, *, details: Any = None, code: str | None = None,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details if details is not None else {}
        self.headers = headers or {}
        if code:
            self.code = code


class ValidationFailed(AppError):
    status = 400
    code = "VALIDATION_ERROR"


class BadRequest(AppError):
    status = 400
    code = "BAD_REQUEST"


class Unauthorized(AppError):
    status = 401
    code = "UNAUTHORIZED"


class Forbidden(AppError):
    status = 403
    code = "FORBIDDEN"


class NotFound(AppError):
    status = 404
    code = "NOT_FOUND"


class Conflict(AppError):
    status = 409
    code = "CONFLICT"


class PayloadTooLarge(AppError):
    status = 413
    code = "PAYLOAD_TOO_LARGE"


class RateLimited(AppError):
    status = 429
    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message, details={"retry_after": retry_after},
                         headers={"Retry-After": str(max(1, retry_after))})


class StorageUnavailable(AppError):
    status = 503
    code = "STORAGE_UNAVAILABLE"
