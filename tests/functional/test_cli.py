"""The `playground` command line, run as a user runs it (a subprocess), for snippets and import previews."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFORMANCE = ROOT.parent / "shared" / "conformance"


def playground(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chalicelib.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=60)


def test_codegen_from_a_request_file_keeps_duplicates_and_escapes(tmp_path: Path) -> None:
    request = {"method": "POST", "url": "https://{{host}}/items",
               "headers": [{"key": "X-Dup", "value": "1"}, {"key": "X-Dup", "value": "2"}],
               "body": {"mode": "json", "raw": "{\"k\": \"it's $HOME\"}"}}
    (tmp_path / "req.json").write_text(json.dumps(request))
    env = {"name": "e", "values": [{"key": "host", "value": "api.example.com", "enabled": True}]}
    (tmp_path / "env.json").write_text(json.dumps(env))
    done = playground("codegen", "-t", "curl", str(tmp_path / "req.json"), "--env", str(tmp_path / "env.json"))
    assert done.returncode == 0, done.stderr
    assert "https://api.example.com/items" in done.stdout
    assert done.stdout.count("X-Dup") == 2 and "it'\\''s $HOME" in done.stdout
    unresolved = playground("codegen", "-t", "python-httpx", str(tmp_path / "req.json"))
    assert "{{host}}" in unresolved.stdout and "unresolved variables: host" in unresolved.stderr


def test_codegen_from_curl_and_bad_input() -> None:
    done = playground("codegen", "-t", "go-nethttp", "--curl", "curl -X PUT https://x.test/a -d 'z=1'")
    assert done.returncode == 0 and 'http.NewRequest("PUT"' in done.stdout
    assert playground("codegen", "--list").stdout.count("\n") >= 23
    bad = playground("codegen", "-t", "nope", "--curl", "curl https://x.test")
    assert bad.returncode == 2 and "unknown target" in bad.stderr
    broken = playground("codegen", "--curl", "curl 'unterminated")
    assert broken.returncode == 1 and broken.stderr.startswith("playground: ") and "Traceback" not in broken.stderr


def test_import_preview_of_an_openapi_spec() -> None:
    spec = CONFORMANCE / "openapi" / "valid_openapi" / "petstore.json"
    assert spec.exists(), f"conformance material missing at {spec}"
    done = playground("import", str(spec))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("format: openapi") and "{{baseUrl}}/pets/:petId" in done.stdout
