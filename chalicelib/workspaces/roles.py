"""Roles and what each may do. One table, read by every service, so the route matrix test has one truth.

viewer reads; editor also writes collections, requests and environments (and reveals secrets);
admin also manages members and invitations and renames the workspace; owner also deletes and transfers it.
"""

from __future__ import annotations

from typing import Any, Literal

from chalicelib.errors import Forbidden, NotFound

Role = Literal["viewer", "editor", "admin", "owner"]
RANK: dict[str, int] = {"viewer": 1, "editor": 2, "admin": 3, "owner": 4}


def require(membership: dict[str, Any] | None, minimum: Role) -> str:
    """Answer the caller's role, or refuse: 404 to non-members (a workspace you cannot see does not exist for
    you), 403 to members whose role is too low."""
    if not membership:
        raise NotFound("No such workspace.")
    role = str(membership["role"])
    if RANK[role] < RANK[minimum]:
        raise Forbidden(f"This needs the {minimum} role or higher; you are {role}.",
                        code="ROLE_TOO_LOW", details={"required": minimum, "role": role})
    return role
