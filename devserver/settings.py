"""The devserver's own settings, read from the environment once at start-up."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from devserver.files import atomic_write

#: The repository root: the Chalice project (app.py, .chalice/) lives here.
REPO_ROOT = Path(__file__).resolve().parent.parent

#: The demo account created on every start (a 409 "exists" is expected after the first).
DEMO_EMAIL = "demo@playground.local"
DEMO_PASSWORD = "playground-demo"
DEMO_NAME = "Demo User"

#: The Chalice stage served locally; its environment variables in .chalice/config.json apply.
STAGE = "dev"
REGION = "us-east-1"


class SettingsError(ValueError):
    """A devserver environment variable has an unusable value."""


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be an integer, got {raw!r}") from None


def _port_env(name: str, default: int) -> int:
    port = _int_env(name, default)
    if not 0 <= port <= 65535:
        raise SettingsError(f"{name} must be 0..65535, got {port}")
    return port


def _float_env(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number, got {raw!r}") from None


@dataclass(frozen=True)
class DevSettings:
    project_dir: Path
    state_dir: Path
    host: str
    port: int
    ws_port: int
    snapshot_interval: float
    #: the built web app (`npm run build` in frontend/), served at the API's own URL
    web_dir: Path

    @classmethod
    def from_env(cls) -> DevSettings:
        project_dir = Path(os.environ.get("PLAYGROUND_PROJECT_DIR") or REPO_ROOT).resolve()
        state_dir = Path(os.environ.get("PLAYGROUND_STATE_DIR") or REPO_ROOT / ".playground").resolve()
        port = _port_env("PLAYGROUND_PORT", 8000)
        # Beside the API by default (8000 → 8001), so two stacks on different API ports do not fight over one
        # WebSocket port; and any free port when the API asked for one (tests run several stacks side by side).
        ws_port = _port_env("PLAYGROUND_WS_PORT", port + 1 if 0 < port < 65535 else 0)
        interval = _float_env("PLAYGROUND_SNAPSHOT_INTERVAL", 2.0)
        if interval <= 0:
            raise SettingsError(f"PLAYGROUND_SNAPSHOT_INTERVAL must be positive, got {interval}")
        return cls(
            project_dir=project_dir,
            state_dir=state_dir,
            host=os.environ.get("PLAYGROUND_HOST") or "127.0.0.1",
            port=port,
            ws_port=ws_port,
            snapshot_interval=interval,
            web_dir=Path(os.environ.get("PLAYGROUND_WEB_DIR") or project_dir / "frontend" / "dist").resolve(),
        )

    @property
    def state_file(self) -> Path:
        return self.state_dir / "state.json"

    @property
    def secret_file(self) -> Path:
        return self.state_dir / "secret"

    @property
    def info_file(self) -> Path:
        return self.state_dir / "devserver.json"

    @property
    def lock_file(self) -> Path:
        return self.state_dir / "lock"


def load_or_create_secret(path: Path) -> str:
    """The dev JWT secret: generated on first start and kept, so tokens stay valid across restarts."""
    if path.exists():
        secret = path.read_text(encoding="utf-8").strip()
        if secret:
            return secret
    secret = secrets.token_urlsafe(48)
    atomic_write(path, (secret + "\n").encode("utf-8"))
    return secret
