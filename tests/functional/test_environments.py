"""Environments and globals through the HTTP API: secrets encrypted at rest (KMS envelope, bound to the
workspace), masked on every read, revealed only to editors, and never lost by a masked round trip."""

from __future__ import annotations

import json

import pytest

from chalicelib.storage import keys, table
from tests.conftest import Api


@pytest.fixture
def team(alice: Api, bob: Api) -> tuple[str, Api, Api]:
    """A workspace of alice's with bob as a viewer."""
    ws = alice.ok("POST", "/workspaces", {"name": "Env"})["id"]
    inv = alice.ok("POST", f"/workspaces/{ws}/invitations", {"email": bob.user["email"], "role": "viewer"})
    bob.ok("POST", "/invitations/accept", {"token": inv["token"]})
    return ws, alice, bob


VARS = [{"key": "host", "value": "api.example.com"},
        {"key": "token", "value": "s3cr3t-value-123", "secret": True},
        {"key": "token", "value": "second-secret", "secret": True, "enabled": False}]


def test_secret_values_are_encrypted_at_rest_and_masked(team: tuple[str, Api, Api]) -> None:
    ws, alice, bob = team
    env = alice.ok("POST", f"/workspaces/{ws}/environments", {"name": "Prod", "variables": VARS})
    assert env["variables"][0] == {"key": "host", "value": "api.example.com", "enabled": True, "secret": False}
    assert env["variables"][1] == {"key": "token", "value": None, "masked": True, "enabled": True, "secret": True}
    stored = table.get(*keys.environment(ws, env["id"]))
    assert stored is not None
    raw = json.dumps(stored.data)
    assert "s3cr3t-value-123" not in raw and "second-secret" not in raw and stored.data["dek"]
    # Every read masks: list, get, and the viewer's read.
    listed = alice.ok("GET", f"/workspaces/{ws}/environments")["items"]
    assert "s3cr3t" not in json.dumps(listed)
    assert "s3cr3t" not in json.dumps(bob.ok("GET", f"/workspaces/{ws}/environments/{env['id']}"))
    # Reveal: editors and above only.
    status, err = bob.call("GET", f"/workspaces/{ws}/environments/{env['id']}?reveal=true")
    assert status == 403 and err["error"]["code"] == "ROLE_TOO_LOW"
    shown = alice.ok("GET", f"/workspaces/{ws}/environments/{env['id']}?reveal=true")
    assert [v["value"] for v in shown["variables"]] == ["api.example.com", "s3cr3t-value-123", "second-secret"]
    assert alice.call("GET", f"/workspaces/{ws}/environments/{env['id']}?reveal=maybe")[0] == 400


def test_saving_a_masked_environment_back_keeps_every_secret(team: tuple[str, Api, Api]) -> None:
    ws, alice, _ = team
    env = alice.ok("POST", f"/workspaces/{ws}/environments", {"name": "Prod", "variables": VARS})
    masked = env["variables"]
    edited = [{k: v[k] for k in ("key", "value", "enabled", "secret")} for v in masked]
    edited[0]["value"] = "api2.example.com"
    edited.append({"key": "new", "value": "n", "secret": True})
    saved = alice.ok("PUT", f"/workspaces/{ws}/environments/{env['id']}",
                     {"name": "Production", "variables": edited, "version": env["version"]})
    assert saved["name"] == "Production" and saved["version"] == env["version"] + 1
    shown = alice.ok("GET", f"/workspaces/{ws}/environments/{env['id']}?reveal=1")
    assert [v["value"] for v in shown["variables"]] == ["api2.example.com", "s3cr3t-value-123", "second-secret",
                                                        "n"]
    # A stale version is refused and loses nothing.
    status, err = alice.call("PUT", f"/workspaces/{ws}/environments/{env['id']}",
                             {"name": "X", "variables": [], "version": env["version"]})
    assert status == 409 and err["error"]["code"] == "VERSION_CONFLICT"
    # Un-marking a secret without ever seeing it keeps its value, now in the clear.
    rows = [{"key": "token", "value": None, "secret": False}]
    alice.ok("PUT", f"/workspaces/{ws}/environments/{env['id']}", {"name": "P", "variables": rows})
    plain = alice.ok("GET", f"/workspaces/{ws}/environments/{env['id']}")
    assert plain["variables"] == [{"key": "token", "value": "s3cr3t-value-123", "enabled": True, "secret": False}]


def test_a_ciphertext_copied_to_another_workspace_does_not_decrypt(team: tuple[str, Api, Api],
                                                                    bob: Api) -> None:
    ws, alice, _ = team
    env = alice.ok("POST", f"/workspaces/{ws}/environments", {"name": "Prod", "variables": VARS})
    other = alice.ok("POST", "/workspaces", {"name": "Elsewhere"})["id"]
    stolen = table.get(*keys.environment(ws, env["id"]))
    assert stolen is not None
    # An insider copies the stored item, as is, into another workspace's partition.
    stolen.pk, stolen.sk = keys.environment(other, env["id"])
    table.put(stolen)
    copied = alice.ok("GET", f"/workspaces/{other}/environments/{env['id']}")
    assert copied["variables"][1]["masked"] is True
    status, err = alice.call("GET", f"/workspaces/{other}/environments/{env['id']}?reveal=true")
    assert status == 500 and err["error"]["code"] == "SECRET_UNREADABLE"
    assert "s3cr3t" not in json.dumps(err)
    # The original still decrypts.
    assert alice.ok("GET", f"/workspaces/{ws}/environments/{env['id']}?reveal=true")["variables"][1]["value"] == \
        "s3cr3t-value-123"


def test_globals_and_environment_crud(team: tuple[str, Api, Api]) -> None:
    ws, alice, bob = team
    empty = alice.ok("GET", f"/workspaces/{ws}/globals")
    assert empty["variables"] == [] and empty["version"] == 0
    g = alice.ok("PUT", f"/workspaces/{ws}/globals", {"variables": [{"key": "g", "value": "1"},
                                                                     {"key": "k", "value": "x", "secret": True}]})
    assert g["kind"] == "globals" and g["variables"][1]["masked"] is True
    assert bob.ok("GET", f"/workspaces/{ws}/globals")["variables"][0]["value"] == "1"
    assert bob.call("PUT", f"/workspaces/{ws}/globals", {"variables": []})[0] == 403
    assert alice.ok("GET", f"/workspaces/{ws}/globals?reveal=true")["variables"][1]["value"] == "x"
    # Globals are not listed among environments, and cannot be deleted.
    env = alice.ok("POST", f"/workspaces/{ws}/environments", {"name": "Dev"})
    assert [e["name"] for e in alice.ok("GET", f"/workspaces/{ws}/environments")["items"]] == ["Dev"]
    # Globals are reachable only through /globals: as an environment id, "globals" does not exist.
    for method, body in (("GET", None), ("PUT", {"name": "Hijack", "variables": []}), ("DELETE", None)):
        assert alice.call(method, f"/workspaces/{ws}/environments/globals", body)[0] == 404, method
    assert alice.ok("GET", f"/workspaces/{ws}/globals")["kind"] == "globals"
    assert alice.call("DELETE", f"/workspaces/{ws}/environments/{env['id']}")[0] == 204
    assert alice.call("GET", f"/workspaces/{ws}/environments/{env['id']}")[0] == 404


def test_a_masked_read_makes_no_kms_call(team: tuple[str, Api, Api]) -> None:
    from chalicelib import deps

    ws, alice, _ = team
    env = alice.ok("POST", f"/workspaces/{ws}/environments", {"name": "Prod", "variables": VARS})

    class NoKeyring:
        def generate_data_key(self, context: dict[str, str]) -> tuple[bytes, bytes]:
            raise AssertionError("masked reads must not call KMS")

        decrypt = generate_data_key  # type: ignore[assignment]

    deps.override(keyring=NoKeyring())
    try:
        assert alice.ok("GET", f"/workspaces/{ws}/environments/{env['id']}")["variables"][1]["masked"]
        assert alice.call("GET", f"/workspaces/{ws}/environments/{env['id']}?reveal=true")[0] == 500
    finally:
        deps.reset()
