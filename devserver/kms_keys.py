"""Save and restore moto's KMS keys, material included, by reaching into moto's in-process backend.

Why: secret environment variables are encrypted with data keys wrapped by the app's KMS key. moto keeps keys only
in memory and its ciphertexts name the key id, so after a restart a new key (new id, new material) could not
decrypt anything saved before. The KMS API has no way to export key material, so this reads and writes moto's
`Key` objects directly — possible only because moto runs in this process (see `moto_server`).

This depends on moto internals (`moto.kms.models.Key`: `id`, `arn`, `key_material`, `private_key.private_key`,
`aliases`); moto is pinned in requirements-dev.txt and tests/functional/test_devserver.py checks the round trip.
"""

from __future__ import annotations

import base64
import logging
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import load_pem_private_key
from moto.backends import get_backend

log = logging.getLogger("devserver")

JsonDict = dict[str, Any]


def _export_private_key(key: Any) -> str | None:
    """PEM of an asymmetric key's private half (moto makes one for every key, even symmetric ones)."""
    inner = getattr(getattr(key, "private_key", None), "private_key", None)
    if inner is None:
        return None
    pem: bytes = inner.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption(),
    )
    return pem.decode("ascii")


def export_keys() -> list[JsonDict]:
    """Every KMS key in every account and region moto has touched, with what it needs to decrypt and sign."""
    kms = get_backend("kms")
    keys: list[JsonDict] = []
    # list(...) because moto creates region backends lazily, possibly from a request thread.
    for account_id in list(kms.keys()):
        regions = kms[account_id]
        for region in list(regions.keys()):
            backend = regions[region]
            for key in list(backend.keys.values()):
                keys.append(
                    {
                        "account_id": account_id,
                        "region": region,
                        "id": key.id,
                        "description": key.description,
                        "key_usage": key.key_usage,
                        "key_spec": key.key_spec,
                        "policy": key.policy,
                        "enabled": key.enabled,
                        "key_state": key.key_state,
                        "creation_date": key.creation_date,
                        "key_rotation_status": key.key_rotation_status,
                        "key_material": base64.b64encode(key.key_material).decode("ascii"),
                        "private_key": _export_private_key(key),
                        "aliases": sorted(key.aliases),
                        "tags": backend.tagger.list_tags_for_resource(key.id).get("Tags", []),
                    }
                )
    return keys


def restore_keys(saved: list[JsonDict]) -> int:
    """Recreate saved keys with their original ids and material; answer how many were restored.

    Run before `ensure_resources()`, so that it finds the alias (alias/playground) already pointing at the old key
    instead of creating a fresh key that nothing saved was encrypted with.
    """
    kms = get_backend("kms")
    restored = 0
    for data in saved:
        backend = kms[data["account_id"]][data["region"]]
        if data["id"] in backend.keys:
            continue
        # create_key builds a complete Key (ARN, grants, rotation list, ...); then its identity and material are
        # replaced with the saved ones.
        key = backend.create_key(data["policy"], data["key_usage"], data["key_spec"], data["description"], None)
        del backend.keys[key.id]
        key.arn = key.arn.rsplit("/", 1)[0] + "/" + data["id"]
        key.id = data["id"]
        key.key_material = base64.b64decode(data["key_material"])
        if data["private_key"] and hasattr(key.private_key, "private_key"):
            key.private_key.private_key = load_pem_private_key(data["private_key"].encode("ascii"), password=None)
        key.enabled = data["enabled"]
        key.key_state = data["key_state"]
        key.creation_date = data["creation_date"]
        key.key_rotation_status = data["key_rotation_status"]
        backend.keys[key.id] = key
        if data["tags"]:
            backend.tagger.tag_resource(key.id, data["tags"])
        for alias in data["aliases"]:
            if backend.alias_exists(alias):
                log.warning("state: KMS alias %s already exists; not pointing it at restored key %s", alias, key.id)
            else:
                backend.create_alias(key.id, alias)
        restored += 1
    return restored
