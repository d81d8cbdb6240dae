"""The deployment's egress policy in words, for the settings page: people should know why a request to
localhost works on their laptop and is refused on the hosted service before they hit the refusal."""

from __future__ import annotations

from typing import Any

from chalicelib.config import settings
from chalicelib.executor.egress import EgressPolicy

_SUMMARY = {
    "hosted": "Requests go to public internet addresses only. Loopback, private networks, link-local and cloud "
              "metadata addresses are refused, also when a name resolves to them or a redirect points there.",
    "local": "This copy runs on your own machine: requests may reach localhost and private networks, where the "
             "APIs you are developing live. Cloud metadata addresses are still refused.",
    "team": "Requests go to public addresses and to the private ranges and hosts this team deployment lists. "
            "Everything else private, and cloud metadata addresses, are refused.",
}


def describe() -> dict[str, Any]:
    cfg = settings()
    policy = EgressPolicy.from_settings(cfg.egress_mode, cfg.egress_allow_cidrs, cfg.egress_allow_hosts)
    mode = cfg.egress_mode.strip().lower()
    return {
        "mode": mode,
        "summary": _SUMMARY.get(mode, ""),
        "allow_private_networks": policy.allow_private_networks,
        "allow_cidrs": [str(n) for n in policy.allow_cidrs],
        "allow_hosts": list(policy.allow_hosts),
        "always_refused": ["cloud metadata (169.254.169.254, fd00:ec2::254 and the like) unless listed exactly",
                           "unroutable and reserved addresses"],
        "checked": "every address a name resolves to, each redirect hop, and the address actually connected to",
    }
