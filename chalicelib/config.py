"""Every setting, read from the environment in one place, with its documented default.

Chalice's stage config (`.chalice/config.json`) and the local stack both set these as environment variables, so
the same names work in Lambda, in `make dev` and in tests. Read lazily through `settings()` so tests can change the
environment and call `reload()`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw not in (None, "") else default


def _list(name: str) -> tuple[str, ...]:
    raw = os.environ.get(name, "")
    return tuple(part.strip().lower() for part in raw.split(",") if part.strip())


@dataclass(frozen=True)
class Settings:
    #: DynamoDB table holding every item (single-table design).
    table_name: str = "playground"
    #: S3 bucket for blobs (uploaded files, large results, exports).
    bucket_name: str = "playground-blobs"
    #: KMS key (id, ARN or alias) that wraps the data keys of secret environment variables.
    kms_key_id: str = "alias/playground"
    #: AWS region; also the region of moto in the local stack.
    region: str = "us-east-1"
    #: HMAC key for access tokens and cursors. MUST be set in every deployed stage.
    jwt_secret: str = "dev-only-insecure-secret-change-me-0123456789"
    #: Access token lifetime in seconds (the issue caps it at 15 minutes).
    access_token_ttl: int = 900
    #: Refresh token lifetime in seconds (30 days).
    refresh_token_ttl: int = 30 * 24 * 3600
    #: Invitation lifetime in seconds (7 days).
    invitation_ttl: int = 7 * 24 * 3600
    #: Login attempts allowed per account, and per client IP, within `login_window` seconds.
    login_max_per_account: int = 10
    login_max_per_ip: int = 50
    login_window: int = 900
    #: Argon2id cost parameters (argon2-cffi's RFC 9106 low-memory profile by default).
    argon2_time_cost: int = 3
    argon2_memory_cost: int = 65536
    argon2_parallelism: int = 4
    #: Emails that are operators (superusers) — the admin API is theirs.
    operator_emails: tuple[str, ...] = field(default_factory=tuple)
    #: Largest JSON body the API accepts, in bytes (DynamoDB items stop at 400 KB).
    max_body_bytes: int = 350_000
    #: SQS queue of executions (its dead-letter queue is `<name>-dlq`).
    executions_queue: str = "playground-executions"
    #: Where the sender may connect: "hosted" (public internet only), "local" (also loopback and private networks:
    #: a developer's own machine) or "team" (hosted plus the allow-lists below).
    egress_mode: str = "hosted"
    egress_allow_cidrs: str = ""
    egress_allow_hosts: str = ""
    #: Response bodies kept per execution (bytes); the rest is dropped and the result flagged truncated.
    max_response_bytes: int = 10 * 1024 * 1024
    #: Executions allowed per user, and per workspace, per minute.
    executions_per_user_minute: int = 120
    executions_per_workspace_minute: int = 600
    #: Stage name, for logs and the OpenAPI document.
    stage: str = "dev"


def _load() -> Settings:
    return Settings(
        table_name=os.environ.get("PLAYGROUND_TABLE", Settings.table_name),
        bucket_name=os.environ.get("PLAYGROUND_BUCKET", Settings.bucket_name),
        kms_key_id=os.environ.get("PLAYGROUND_KMS_KEY", Settings.kms_key_id),
        region=os.environ.get("AWS_DEFAULT_REGION") or os.environ.get("AWS_REGION") or Settings.region,
        jwt_secret=os.environ.get("PLAYGROUND_JWT_SECRET", Settings.jwt_secret),
        access_token_ttl=min(_int("PLAYGROUND_ACCESS_TTL", Settings.access_token_ttl), 900),
        refresh_token_ttl=_int("PLAYGROUND_REFRESH_TTL", Settings.refresh_token_ttl),
        invitation_ttl=_int("PLAYGROUND_INVITATION_TTL", Settings.invitation_ttl),
        login_max_per_account=_int("PLAYGROUND_LOGIN_MAX_PER_ACCOUNT", Settings.login_max_per_account),
        login_max_per_ip=_int("PLAYGROUND_LOGIN_MAX_PER_IP", Settings.login_max_per_ip),
        login_window=_int("PLAYGROUND_LOGIN_WINDOW", Settings.login_window),
        argon2_time_cost=_int("PLAYGROUND_ARGON2_TIME_COST", Settings.argon2_time_cost),
        argon2_memory_cost=_int("PLAYGROUND_ARGON2_MEMORY_COST", Settings.argon2_memory_cost),
        argon2_parallelism=_int("PLAYGROUND_ARGON2_PARALLELISM", Settings.argon2_parallelism),
        operator_emails=_list("PLAYGROUND_OPERATOR_EMAILS"),
        max_body_bytes=_int("PLAYGROUND_MAX_BODY_BYTES", Settings.max_body_bytes),
        executions_queue=os.environ.get("PLAYGROUND_EXECUTIONS_QUEUE", Settings.executions_queue),
        egress_mode=os.environ.get("PLAYGROUND_EGRESS_MODE", Settings.egress_mode),
        egress_allow_cidrs=os.environ.get("PLAYGROUND_EGRESS_ALLOW_CIDRS", ""),
        egress_allow_hosts=os.environ.get("PLAYGROUND_EGRESS_ALLOW_HOSTS", ""),
        max_response_bytes=_int("PLAYGROUND_MAX_RESPONSE_BYTES", Settings.max_response_bytes),
        executions_per_user_minute=_int("PLAYGROUND_EXECUTIONS_PER_USER_MINUTE", Settings.executions_per_user_minute),
        executions_per_workspace_minute=_int("PLAYGROUND_EXECUTIONS_PER_WORKSPACE_MINUTE",
                                             Settings.executions_per_workspace_minute),
        stage=os.environ.get("PLAYGROUND_STAGE", Settings.stage),
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    return _load()


def reload() -> Settings:
    settings.cache_clear()
    return settings()
