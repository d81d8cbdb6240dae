"""The demo account, created through the public API like any user (so it is stored exactly as a real one)."""

from __future__ import annotations

import logging

import httpx

from devserver.settings import DEMO_EMAIL, DEMO_NAME, DEMO_PASSWORD

log = logging.getLogger("devserver")


def seed_demo_account(api_url: str) -> bool:
    """Register the demo user; answer whether it exists afterwards.

    Failures are logged, not raised: the stack is still useful without the demo account (for instance while the
    auth routes are being written), and the banner says it is missing.
    """
    try:
        response = httpx.post(
            f"{api_url}/auth/register",
            json={"email": DEMO_EMAIL, "password": DEMO_PASSWORD, "name": DEMO_NAME},
            timeout=30.0,
        )
    except httpx.HTTPError as exc:
        log.warning("demo account: POST /auth/register failed: %s", exc)
        return False
    if response.status_code == 201:
        log.info("demo account: created %s", DEMO_EMAIL)
        return True
    if response.status_code == 409:
        return True  # registered on an earlier start
    log.warning("demo account: POST /auth/register answered %d: %s", response.status_code, response.text[:300])
    return False
