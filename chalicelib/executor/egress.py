"""Egress control for the request sender: which addresses a user's request may reach, enforced at connect time.

The product sends whatever URL a user types from our servers, so a request must never reach our own network, the
cloud metadata service or loopback (on Lambda, loopback hosts the Runtime API and extensions). Checking the URL alone
is not enough: a host name can resolve to a private address, or answer a public address to the check and a private one
to the connection (DNS rebinding). So the check lives in the network backend httpcore connects through:

    connect_tcp(host, port) → resolve ONCE → check EVERY address → connect to a checked address (no second lookup)

TLS is unaffected by connecting to an IP: httpcore still calls start_tls with the original host name, so SNI and
certificate verification use the name the user typed.

Modes (see EgressPolicy.from_settings):
- hosted: only public addresses.
- team:   hosted + the deployment's CIDR and host-name allow-lists (a team's own copy reaching its private APIs).
- local:  a developer's machine: loopback and private ranges allowed; the cloud metadata addresses stay refused.

Redirects are followed by the executor, one request per hop through this transport, so every hop is checked here.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol, TypeAlias
from urllib.parse import urlsplit

import httpcore
import httpx

IPAddress: TypeAlias = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork: TypeAlias = ipaddress.IPv4Network | ipaddress.IPv6Network
#: the shape of httpcore's `trace` request extension: (event name, info)
TraceCallback: TypeAlias = Callable[[str, dict[str, Any]], None]

ALLOWED_SCHEMES = ("http", "https")
DEFAULT_PORTS = {"http": 80, "https": 443}


class Resolver(Protocol):
    """What `socket.getaddrinfo` is; tests inject a fake one. Only AF_INET/AF_INET6 results are used."""

    def __call__(
        self, host: str, port: int, family: int = 0, type: int = 0, proto: int = 0, flags: int = 0
    ) -> Sequence[tuple[int, int, int, str, tuple[Any, ...]]]: ...


class EgressBlocked(Exception):
    """A request the policy refuses. The message is meant for the user: it names the host and the reason."""

    code = "EGRESS_BLOCKED"

    def __init__(self, message: str, *, host: str = "", address: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.host = host
        self.address = address

    def __str__(self) -> str:
        return self.message


# --------------------------------------------------------------------------------------------------------------------
# Address classification
# --------------------------------------------------------------------------------------------------------------------


class Tier(Enum):
    """How far an address is from "public". The policy decides per tier (see EgressPolicy.allows)."""

    PUBLIC = "public"
    #: a private network: RFC 1918, ULA, CGNAT, benchmarking... (opened by local mode and by the host allow-list)
    PRIVATE = "private"
    #: this machine or its link: loopback, unspecified, link-local (opened by local mode only, not by the host
    #: allow-list: a listed name whose DNS someone can edit must not lead to the Lambda Runtime API on loopback or to
    #: the cloud's link-local services)
    LOCAL = "local"
    #: not a unicast destination anyone should send HTTP to (multicast, broadcast, reserved, documentation...)
    UNROUTABLE = "unroutable"
    #: cloud credential endpoints: refused in every mode unless the exact address is in the CIDR allow-list
    METADATA = "metadata"


def _nets(*items: tuple[str, Tier, str]) -> tuple[tuple[IPNetwork, Tier, str], ...]:
    return tuple((ipaddress.ip_network(net), tier, phrase) for net, tier, phrase in items)


# First match wins, so the specific entries come before the ranges that contain them. We do not rely on
# ipaddress.is_global alone: Python 3.11 calls fec0::/10, ::ffff:0:0:0/96, 64:ff9b:1::/48 and 3fff::/20 "global".
_IPV4_TABLE = _nets(
    ("169.254.169.254/32", Tier.METADATA, "the cloud metadata service"),
    ("169.254.170.2/32", Tier.METADATA, "the ECS task-credentials endpoint"),
    ("169.254.170.23/32", Tier.METADATA, "the EKS Pod Identity credentials endpoint"),
    ("100.100.100.200/32", Tier.METADATA, "the Alibaba Cloud metadata service"),
    ("192.0.0.192/32", Tier.METADATA, "the Oracle Cloud metadata service"),
    # 0.0.0.0 means "this host" to Linux's connect(), i.e. loopback: local mode may use it (dev servers print it).
    ("0.0.0.0/32", Tier.LOCAL, "the unspecified address (this host)"),
    ("0.0.0.0/8", Tier.UNROUTABLE, "a 'this network' address (0.0.0.0/8)"),
    ("10.0.0.0/8", Tier.PRIVATE, "a private address"),
    ("100.64.0.0/10", Tier.PRIVATE, "a carrier-grade NAT address (100.64.0.0/10)"),
    ("127.0.0.0/8", Tier.LOCAL, "a loopback address"),
    ("169.254.0.0/16", Tier.LOCAL, "a link-local address"),
    ("172.16.0.0/12", Tier.PRIVATE, "a private address"),
    ("192.0.0.0/24", Tier.UNROUTABLE, "an IETF protocol-assignment address (192.0.0.0/24)"),
    ("192.0.2.0/24", Tier.UNROUTABLE, "a documentation address"),
    ("192.88.99.0/24", Tier.UNROUTABLE, "a deprecated 6to4 relay address"),
    ("192.168.0.0/16", Tier.PRIVATE, "a private address"),
    # Benchmarking, but also the "fake IP" range of developer VPN/proxy tools, hence allowed in local mode.
    ("198.18.0.0/15", Tier.PRIVATE, "a benchmarking address (198.18.0.0/15)"),
    ("198.51.100.0/24", Tier.UNROUTABLE, "a documentation address"),
    ("203.0.113.0/24", Tier.UNROUTABLE, "a documentation address"),
    ("224.0.0.0/4", Tier.UNROUTABLE, "a multicast address"),
    ("255.255.255.255/32", Tier.UNROUTABLE, "the broadcast address"),
    ("240.0.0.0/4", Tier.UNROUTABLE, "a reserved address (240.0.0.0/4)"),
)

_IPV6_TABLE = _nets(
    ("fd00:ec2::254/128", Tier.METADATA, "the cloud metadata service"),
    ("fd00:ec2::23/128", Tier.METADATA, "the EKS Pod Identity credentials endpoint"),
    ("::/128", Tier.LOCAL, "the unspecified address (this host)"),
    ("::1/128", Tier.LOCAL, "a loopback address"),
    # NAT64 lies inside ::/8, so it comes first.
    ("64:ff9b::/96", Tier.PUBLIC, "a NAT64 address"),
    ("64:ff9b:1::/48", Tier.PRIVATE, "a local-use NAT64 address"),
    ("::ffff:0:0:0/96", Tier.UNROUTABLE, "an IPv4-translated address"),
    ("::/96", Tier.UNROUTABLE, "a deprecated IPv4-compatible address"),
    ("::/8", Tier.UNROUTABLE, "a reserved address (::/8)"),
    ("100::/64", Tier.UNROUTABLE, "a discard-only address"),
    # Teredo needs a relay and no API is served from it; its embedded IPv4 addresses are checked first for a clearer
    # message, and the address is refused either way.
    ("2001::/32", Tier.UNROUTABLE, "a Teredo tunnel address"),
    ("2001:2::/48", Tier.PRIVATE, "a benchmarking address (2001:2::/48)"),
    ("2001:db8::/32", Tier.UNROUTABLE, "a documentation address"),
    ("2002::/16", Tier.PUBLIC, "a 6to4 address"),
    ("3fff::/20", Tier.UNROUTABLE, "a documentation address"),
    ("5f00::/16", Tier.UNROUTABLE, "a segment-routing address (5f00::/16)"),
    ("fc00::/7", Tier.PRIVATE, "a unique-local (private) address"),
    ("fe80::/10", Tier.LOCAL, "a link-local address"),
    ("fec0::/10", Tier.PRIVATE, "a site-local address"),
    ("ff00::/8", Tier.UNROUTABLE, "a multicast address"),
)

_GLOBAL_UNICAST_V6 = ipaddress.IPv6Network("2000::/3")
_V6_COMPATIBLE = ipaddress.IPv6Network("::/96")
_V6_TRANSLATED = ipaddress.IPv6Network("::ffff:0:0:0/96")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.IPv6Network("64:ff9b:1::/48")
_SIX_TO_FOUR = ipaddress.IPv6Network("2002::/16")
_TEREDO = ipaddress.IPv6Network("2001::/32")


@dataclass(frozen=True)
class Finding:
    """One address to judge: the address itself, or an IPv4 address embedded in an IPv6 one."""

    address: IPAddress
    tier: Tier
    #: completes "<address> is …", e.g. "a loopback address" or "a NAT64 address embedding 127.0.0.1, a loopback …"
    phrase: str


def _classify_plain(ip: IPAddress) -> tuple[Tier, str]:
    table = _IPV4_TABLE if ip.version == 4 else _IPV6_TABLE
    for net, tier, phrase in table:
        if ip in net:
            return tier, phrase
    # Backstops for whatever the tables miss (new IANA special-purpose blocks): anything Python does not call
    # global, and for IPv6 anything outside the global-unicast block 2000::/3, is not a destination.
    if not ip.is_global:
        return Tier.UNROUTABLE, "a non-public (reserved) address"
    if ip.version == 6 and ip not in _GLOBAL_UNICAST_V6:
        return Tier.UNROUTABLE, "a reserved (unassigned) IPv6 address"
    return Tier.PUBLIC, "a public address"


def _v4(value: int) -> ipaddress.IPv4Address:
    return ipaddress.IPv4Address(value & 0xFFFFFFFF)


def _embedded_v4(ip: ipaddress.IPv6Address) -> list[tuple[str, ipaddress.IPv4Address]]:
    """The IPv4 addresses an IPv6 address carries, with the name of the form (each may lead to that IPv4 host)."""
    n = int(ip)
    found: list[tuple[str, ipaddress.IPv4Address]] = []
    if ip in _V6_TRANSLATED:
        found.append(("an IPv4-translated", _v4(n)))
    elif ip in _V6_COMPATIBLE and n > 1:  # :: and ::1 are themselves, not IPv4 forms
        found.append(("an IPv4-compatible", _v4(n)))
    elif ip in _NAT64:
        found.append(("a NAT64", _v4(n)))
    elif ip in _NAT64_LOCAL:
        # Operators put the IPv4 address in the last 32 bits (a /96 inside the /48), or per RFC 6052 for a /48
        # prefix: 16 bits, the reserved "u" octet (bits 64-71), then 16 bits. Check both readings.
        found.append(("a local-use NAT64", _v4(n)))
        found.append(("a local-use NAT64", _v4((((n >> 64) & 0xFFFF) << 16) | ((n >> 40) & 0xFFFF))))
    elif ip in _SIX_TO_FOUR:
        found.append(("a 6to4", _v4(n >> 80)))
    elif ip in _TEREDO:
        teredo = ip.teredo  # (server, client): both are hosts the tunnel leads to
        if teredo is not None:
            found.extend([("a Teredo", teredo[0]), ("a Teredo", teredo[1])])
    return found


def classify(ip: IPAddress) -> list[Finding]:
    """Everything to judge about one address. Embedded IPv4 forms come first: they make the clearer message."""
    if ip.version == 6 and ip.ipv4_mapped is not None:
        # ::ffff:a.b.c.d is not an IPv6 destination at all: the kernel connects to a.b.c.d over IPv4.
        v4 = ip.ipv4_mapped
        tier, phrase = _classify_plain(v4)
        return [Finding(v4, tier, f"an IPv4-mapped address for {v4}, {phrase}")]
    findings: list[Finding] = []
    if ip.version == 6:
        for form, v4 in _embedded_v4(ip):
            tier, phrase = _classify_plain(v4)
            findings.append(Finding(v4, tier, f"{form} address embedding {v4}, {phrase}"))
    tier, phrase = _classify_plain(ip)
    findings.append(Finding(ip, tier, phrase))
    return findings


# --------------------------------------------------------------------------------------------------------------------
# Policy
# --------------------------------------------------------------------------------------------------------------------

_HOST_PATTERN = re.compile(r"^(\*\.)?([a-z0-9_]([a-z0-9_-]*[a-z0-9_])?\.)*[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?$")
MODES = ("hosted", "local", "team")


def _normalise_host(host: str) -> str:
    return host.lower().rstrip(".")


def _normalise_host_pattern(item: str) -> str:
    """Lower-case, IDNA-encoded (as httpx sends it), no trailing dot; ValueError with a clear message otherwise."""
    raw = item.strip()
    wildcard = raw.startswith("*.")
    name = raw[2:] if wildcard else raw
    if not name or name in ("*", "."):
        raise ValueError(f"egress host allow-list: {item!r} would allow every host; use local mode instead")
    if "*" in name:
        raise ValueError(f"egress host allow-list: {item!r}: a wildcard is only allowed as a leading '*.'")
    if re.search(r"[/\\?#@:\[\]%\s]", name):
        # Would be read by the URL parser as a path, port, userinfo...: not a host name, whatever httpx makes of it.
        raise ValueError(f"egress host allow-list: {item!r} is not a valid host name")
    if parse_ip_literal(name) is not None:
        raise ValueError(f"egress host allow-list: {item!r} is an address; list it in the CIDR allow-list instead")
    try:
        encoded = httpx.URL(f"http://{name}/").raw_host.decode("ascii")
    except (httpx.InvalidURL, UnicodeError) as exc:
        raise ValueError(f"egress host allow-list: {item!r} is not a valid host name ({exc})") from None
    pattern = ("*." if wildcard else "") + _normalise_host(encoded)
    if not _HOST_PATTERN.match(pattern):
        raise ValueError(f"egress host allow-list: {item!r} is not a valid host name or '*.suffix' pattern")
    return pattern


def _parse_cidr(item: str) -> IPNetwork:
    try:
        net = ipaddress.ip_network(item.strip(), strict=True)
    except ValueError as exc:
        hint = ""
        try:
            hint = f"; did you mean {ipaddress.ip_network(item.strip(), strict=False)}?"
        except ValueError:
            pass
        raise ValueError(f"egress CIDR allow-list: {item!r} is not a valid network ({exc}){hint}") from None
    if net.prefixlen == 0:
        raise ValueError(f"egress CIDR allow-list: {item!r} would allow every address; use local mode instead")
    return net


def _split_list(value: str) -> list[str]:
    return [part for part in re.split(r"[,\s]+", value or "") if part]


@dataclass(frozen=True)
class EgressPolicy:
    """What the sender may reach. The default (all empty/False) is hosted mode: public addresses only."""

    #: local mode: loopback, private, link-local, CGNAT... (Tier.LOCAL and PRIVATE) are allowed; never metadata
    allow_private_networks: bool = False
    #: always allowed, in every mode. The metadata addresses only count when listed on their own (a /32 or /128):
    #: allowing fd00::/8 or 169.254.0.0/16 for your own devices must not quietly open the credential endpoints.
    allow_cidrs: tuple[IPNetwork, ...] = ()
    #: exact names or "*.suffix" (which matches names under suffix, not suffix itself); their resolved addresses may
    #: be private (Tier.PRIVATE), but not loopback/link-local, metadata or unroutable: those need allow_cidrs
    allow_hosts: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        # Normalise so that direct construction (tests, the dev stack) gets the same matching as from_settings.
        cidrs = tuple(c if isinstance(c, ipaddress.IPv4Network | ipaddress.IPv6Network) else _parse_cidr(str(c))
                      for c in self.allow_cidrs)
        object.__setattr__(self, "allow_cidrs", cidrs)
        object.__setattr__(self, "allow_hosts", tuple(_normalise_host_pattern(h) for h in self.allow_hosts))

    @classmethod
    def from_settings(cls, mode: str, cidrs: str = "", hosts: str = "") -> EgressPolicy:
        """Parse deployment settings: mode "hosted" | "team" | "local", comma-separated CIDRs and host names."""
        normalised = (mode or "").strip().lower()
        if normalised not in MODES:
            raise ValueError(f"egress mode must be one of {', '.join(MODES)}; got {mode!r}")
        cidr_items, host_items = _split_list(cidrs), _split_list(hosts)
        if normalised == "hosted" and (cidr_items or host_items):
            # Silently ignoring an allow-list would leave someone debugging why their API is unreachable.
            raise ValueError("egress mode 'hosted' allows public addresses only; "
                             "use mode 'team' to apply the CIDR and host allow-lists")
        return cls(
            allow_private_networks=normalised == "local",
            allow_cidrs=tuple(_parse_cidr(c) for c in cidr_items),
            allow_hosts=tuple(_normalise_host_pattern(h) for h in host_items),
        )

    @property
    def mode(self) -> str:
        if self.allow_private_networks:
            return "local"
        return "team" if self.allow_cidrs or self.allow_hosts else "hosted"

    def host_allowed(self, host: str) -> bool:
        """Whether host (as httpx sends it: IDNA, any case, maybe a trailing dot) is on the host allow-list."""
        name = _normalise_host(host)
        for pattern in self.allow_hosts:
            if pattern.startswith("*."):
                if name.endswith(pattern[1:]):
                    return True
            elif name == pattern:
                return True
        return False

    def _listed(self, finding: Finding) -> bool:
        for net in self.allow_cidrs:
            if finding.address in net and (finding.tier is not Tier.METADATA or net.num_addresses == 1):
                return True
        return False

    def allows(self, finding: Finding, *, host_allowed: bool = False) -> bool:
        if self._listed(finding):
            return True
        if finding.tier is Tier.PUBLIC:
            return True
        if finding.tier is Tier.PRIVATE:
            return self.allow_private_networks or host_allowed
        if finding.tier is Tier.LOCAL:
            return self.allow_private_networks
        return False  # METADATA and UNROUTABLE: only the CIDR allow-list opens them

    def refusal_tail(self, finding: Finding, *, host_allowed: bool = False) -> str:
        if finding.tier is Tier.METADATA:
            return "it is refused unless that exact address is in the CIDR allow-list"
        if host_allowed and finding.tier is Tier.LOCAL:
            return "the host allow-list opens private addresses only; this one needs the CIDR allow-list"
        if self.allow_private_networks:
            return "it is refused even in local mode unless it is in the CIDR allow-list"
        return "this deployment does not allow it"


# --------------------------------------------------------------------------------------------------------------------
# Checks
# --------------------------------------------------------------------------------------------------------------------

_DEC = re.compile(r"^(0|[1-9][0-9]*)$")
_OCT = re.compile(r"^0[0-7]+$")
_HEX = re.compile(r"^0[xX][0-9a-fA-F]*$")


def _parse_legacy_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """inet_aton / WHATWG numeric hosts: 127.1, 0, 2130706433, 0x7f000001, 0177.0.0.1, 0x7f.1, "127.0.0.1."

    httpx passes these to the connection as host *names*, and getaddrinfo would then read them as addresses. We read
    them the same way, so they are checked (and connected to) as the address they mean, never sent to a resolver.
    """
    if host.endswith("."):
        host = host[:-1]
    parts = host.split(".")
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        if len(part) > 40:  # far beyond any valid number; also keeps int() away from its digit limit
            return None
        if _HEX.match(part):
            numbers.append(int(part[2:] or "0", 16))
        elif _OCT.match(part):
            numbers.append(int(part, 8))
        elif _DEC.match(part):
            numbers.append(int(part, 10))
        else:
            return None
    *head, last = numbers
    if any(n > 255 for n in head) or last >= 256 ** (5 - len(numbers)):
        return None
    value = 0
    for n in head:
        value = value * 256 + n
    value = (value << (8 * (5 - len(numbers)))) + last
    return ipaddress.IPv4Address(value)


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a URL host denotes by itself (no resolver), or None for a name."""
    h = host[1:-1] if host.startswith("[") and host.endswith("]") else host
    if ":" in h:
        try:
            return ipaddress.IPv6Address(h.replace("%25", "%"))  # httpx keeps the zone's "%25" escape
        except ValueError:
            return None
    try:
        return ipaddress.IPv4Address(h)
    except ValueError:
        return _parse_legacy_ipv4(h)


def _is_localhost_name(host: str) -> bool:
    name = _normalise_host(host)
    return name == "localhost" or name.endswith(".localhost")


def _is_legacy_spelling(host: str) -> bool:
    """127.1, 0x7f000001…: numeric forms that are not standard notation, so the message spells out what they mean."""
    try:
        ipaddress.ip_address(host.strip("[]").replace("%25", "%"))
    except ValueError:
        return True
    return False


def check_address(ip: IPAddress, policy: EgressPolicy, *, host: str | None = None, resolved: bool = False,
                  host_allowed: bool = False) -> None:
    """Raise EgressBlocked unless the policy allows connecting to ip. host/resolved only shape the message."""
    for finding in classify(ip):
        if policy.allows(finding, host_allowed=host_allowed):
            continue
        if resolved and host:
            subject = f"{host} resolves to {ip}, "
        elif host and _is_legacy_spelling(host):
            subject = f"{host} means {ip}, "
        else:
            subject = f"{host or ip} is "
        raise EgressBlocked(f"{subject}{finding.phrase}; {policy.refusal_tail(finding, host_allowed=host_allowed)}",
                            host=host or str(ip), address=str(ip))


def _check_name(host: str, policy: EgressPolicy) -> bool:
    """Rules for a host name before any lookup. Returns whether the name is on the host allow-list."""
    if not host:
        raise EgressBlocked("the URL has no host", host=host)
    allowed = policy.host_allowed(host)
    # RFC 6761: these names are loopback whatever DNS says; refuse them by name as well as by address.
    if _is_localhost_name(host) and not (policy.allow_private_networks or allowed):
        raise EgressBlocked(f"{host} is a loopback name; this deployment does not allow it", host=host)
    return allowed


def _explain_invalid(url: str, policy: EgressPolicy) -> None:
    """httpx refuses some numeric hosts (0177.0.0.1) outright; if that host means a refused address, say so."""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return
    ip = parse_ip_literal(host)
    if ip is not None:
        check_address(ip, policy, host=host)


def check_url(url: str | httpx.URL, policy: EgressPolicy) -> httpx.URL:
    """Everything that can be checked without a lookup: scheme, host present, localhost names, literal addresses.

    The URL is parsed by httpx.URL, exactly as the sender parses it, so the host checked here is the host httpcore
    connects to ("http://a.com@127.0.0.1/" is 127.0.0.1; "http://127.0.0.1\\@a.com/" is a.com).
    Host names are checked after resolution, at connect time, by the transport.
    """
    if isinstance(url, httpx.URL):
        parsed = url
    else:
        try:
            parsed = httpx.URL(url)
        except httpx.InvalidURL:
            _explain_invalid(url, policy)
            raise
    scheme = parsed.scheme
    if scheme not in ALLOWED_SCHEMES:
        shown = f"{scheme}:" if scheme else "scheme-less"
        raise EgressBlocked(f"{shown} URLs cannot be sent; only http and https are allowed",
                            host=parsed.host)
    host = parsed.raw_host.decode("ascii")
    ip = parse_ip_literal(host)
    if ip is not None:
        check_address(ip, policy, host=host)
    else:
        _check_name(host, policy)
    return parsed


@dataclass(frozen=True)
class Resolution:
    """The checked addresses for one host, in resolver order: the only addresses a connection may use."""

    host: str
    port: int
    addresses: tuple[IPAddress, ...]
    dns_ms: float
    #: the host was an address (no resolver call, dns_ms 0)
    literal: bool


class Cancelled(Exception):
    """The user cancelled the send (POST /executions/{id}/cancel) while it was connecting or waiting to read."""


#: the running send's cancel event (see `cancellable`): a lookup or a read in progress gives up within
#: CANCEL_POLL seconds of it being set, even when the server has not answered at all
_CANCEL: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar("egress_cancel", default=None)
CANCEL_POLL = 0.1
#: getaddrinfo has no timeout of its own and blocks for as long as the system resolver likes (30 s and more when
#: a DNS server is down), so lookups run here and the caller waits only as long as its connect timeout allows. A
#: lookup abandoned that way finishes in the background; a few stuck ones only make later lookups queue.
_LOOKUPS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="egress-dns")


@contextlib.contextmanager
def cancellable(event: threading.Event | None) -> Iterator[None]:
    """Within this block, lookups and reads on the egress transport stop (raising Cancelled) once `event` is set."""
    token = _CANCEL.set(event)
    try:
        yield
    finally:
        _CANCEL.reset(token)


def _lookup(resolver: Resolver, host: str, port: int, timeout: float | None) -> list[Any]:
    cancel = _CANCEL.get()
    if timeout is None and cancel is None:
        return list(resolver(host, port, type=socket.SOCK_STREAM))
    future = _LOOKUPS.submit(resolver, host, port, type=socket.SOCK_STREAM)
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        wait = CANCEL_POLL if cancel is not None else None
        if deadline is not None:
            left = deadline - time.monotonic()
            wait = left if wait is None else min(wait, left)
            if left <= 0:
                future.cancel()
                raise httpcore.ConnectTimeout(f"looking up {host} took longer than {timeout:g} s")
        try:
            return list(future.result(timeout=wait))
        except FutureTimeout:
            if cancel is not None and cancel.is_set():
                future.cancel()
                raise Cancelled() from None


def resolve_checked(host: str, port: int, policy: EgressPolicy, resolver: Resolver | None = None,
                    timeout: float | None = None) -> Resolution:
    """Resolve host once and check every address: a name with any refused address is refused as a whole.

    Resolver errors (socket.gaierror) propagate unchanged; an empty answer raises socket.gaierror(EAI_NONAME).
    A lookup longer than `timeout` seconds raises httpcore.ConnectTimeout; a cancel (see `cancellable`) Cancelled.
    """
    ip = parse_ip_literal(host)
    if ip is not None:
        check_address(ip, policy, host=host)
        return Resolution(host, port, (ip,), 0.0, True)
    host_allowed = _check_name(host, policy)
    start = time.perf_counter()
    infos = _lookup(resolver or socket.getaddrinfo, host, port, timeout)
    dns_ms = (time.perf_counter() - start) * 1000.0
    addresses: list[IPAddress] = []
    for family, _type, _proto, _canon, sockaddr in infos:
        if family not in (socket.AF_INET, socket.AF_INET6):
            continue
        try:
            address = ipaddress.ip_address(sockaddr[0])
        except ValueError:
            raise EgressBlocked(f"{host} resolves to {sockaddr[0]!r}, which is not an address we can check",
                                host=host) from None
        if address.version == 6 and len(sockaddr) >= 4 and sockaddr[3] and address.scope_id is None:
            address = ipaddress.IPv6Address(f"{address}%{sockaddr[3]}")  # keep the zone a link-local needs
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise socket.gaierror(socket.EAI_NONAME, f"{host} has no IPv4 or IPv6 address")
    for address in addresses:
        check_address(address, policy, host=host, resolved=True, host_allowed=host_allowed)
    return Resolution(host, port, tuple(addresses), dns_ms, False)


def same_origin(url_a: str | httpx.URL, url_b: str | httpx.URL) -> bool:
    """Same scheme, host and port (default ports filled in): whether a redirect stays on the same origin.

    The executor drops secret and auth headers when a redirect leaves the origin. Unparseable URLs are never the
    same origin, so the cautious path (dropping) is taken.
    """
    try:
        a = url_a if isinstance(url_a, httpx.URL) else httpx.URL(url_a)
        b = url_b if isinstance(url_b, httpx.URL) else httpx.URL(url_b)
    except httpx.InvalidURL:
        return False

    def key(u: httpx.URL) -> tuple[str, str, int | None]:
        host = u.raw_host.decode("ascii").lower()
        ip = parse_ip_literal(host) if ":" in host else None  # [::1] and [0:0::1] are one host
        return u.scheme, str(ip) if ip is not None else host, u.port or DEFAULT_PORTS.get(u.scheme)

    return bool(a.raw_host) and key(a) == key(b)


# --------------------------------------------------------------------------------------------------------------------
# Transport: the checks enforced where the socket is opened
# --------------------------------------------------------------------------------------------------------------------

#: the current request's `trace` extension, so the backend (which httpcore calls without the request) can report DNS
#: into the same callback that receives httpcore's connect_tcp / start_tls events. Set by EgressTransport for the
#: duration of handle_request; connect_tcp runs synchronously inside it, in the same context.
_REQUEST_TRACE: contextvars.ContextVar[TraceCallback | None] = contextvars.ContextVar("egress_request_trace",
                                                                                    default=None)


@dataclass(frozen=True)
class Pin:
    """Where a connection went: the name asked for, the checked address connected to, and the lookup time."""

    host: str
    address: str
    port: int
    dns_ms: float


class PinnedStream(httpcore.NetworkStream):
    """A stream that remembers its Pin (get_extra_info("egress_pin") / ("dns_ms")), across start_tls too."""

    def __init__(self, stream: httpcore.NetworkStream, pin: Pin) -> None:
        self._stream = stream
        self.pin = pin

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        cancel = _CANCEL.get()
        if cancel is None:
            return self._stream.read(max_bytes, timeout)
        # Wait in short slices, so a cancel reaches a server that is silent (no headers yet, or a stalled body).
        # A timed-out recv took nothing from the socket (or the TLS layer's buffer), so the next slice continues.
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            if cancel.is_set():
                raise Cancelled()
            wait = CANCEL_POLL
            if deadline is not None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise httpcore.ReadTimeout("timed out")
                wait = min(wait, left)
            try:
                return self._stream.read(max_bytes, wait)
            except httpcore.ReadTimeout:
                continue

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, timeout)

    def close(self) -> None:
        self._stream.close()

    def start_tls(self, ssl_context: ssl.SSLContext, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        # server_hostname is the URL's host (httpcore passes the origin, not the IP we connected to): SNI and the
        # certificate check are against the name the user typed.
        return PinnedStream(self._stream.start_tls(ssl_context, server_hostname, timeout), self.pin)

    def get_extra_info(self, info: str) -> Any:
        if info == "egress_pin":
            return self.pin
        if info == "dns_ms":
            return self.pin.dns_ms
        return self._stream.get_extra_info(info)


class ResolutionFailed(httpcore.ConnectError):
    """The lookup failed (no such name, resolver down). Reaches the caller as httpx.ConnectError whose __cause__ is
    this exception: httpcore's pool re-raises with `from None`, so the socket.gaierror is kept as .error instead."""

    def __init__(self, host: str, error: OSError) -> None:
        super().__init__(f"could not resolve {host}: {error}")
        self.host = host
        self.error = error


class EgressBackend(httpcore.NetworkBackend):
    """httpcore network backend: resolve once, check every address, connect only to a checked address.

    The inner backend (httpcore's SyncBackend by default) is only ever given an IP literal, so it cannot look the
    name up again: a DNS answer that changes between check and connect (rebinding) has nothing to change.
    """

    def __init__(self, policy: EgressPolicy, *, resolver: Resolver | None = None, trace: TraceCallback | None = None,
                 inner: httpcore.NetworkBackend | None = None) -> None:
        self.policy = policy
        self._resolver: Resolver = resolver or socket.getaddrinfo
        self._trace = trace
        self._inner = inner or httpcore.SyncBackend()

    def _emit(self, event: str, info: dict[str, Any]) -> None:
        for callback in (self._trace, _REQUEST_TRACE.get()):
            if callback is not None:
                callback(event, info)

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        try:
            resolution = resolve_checked(host, port, self.policy, self._resolver, timeout)
        except EgressBlocked as exc:
            self._emit("egress.blocked", {"host": host, "port": port, "reason": exc.message})
            raise
        except OSError as exc:
            self._emit("egress.dns.failed", {"host": host, "port": port, "exception": exc})
            raise ResolutionFailed(host, exc) from exc
        self._emit("egress.dns.complete", {
            "host": host, "port": port, "addresses": [str(a) for a in resolution.addresses],
            "dns_ms": resolution.dns_ms, "literal": resolution.literal,
        })
        # Try each checked address in order, as socket.create_connection would, within one overall connect timeout.
        deadline = None if timeout is None else time.monotonic() + timeout
        last_exc: Exception | None = None
        for address in resolution.addresses:
            remaining = None if deadline is None else max(deadline - time.monotonic(), 0.0)
            if remaining == 0.0 and last_exc is not None:
                break
            try:
                stream = self._inner.connect_tcp(str(address), port, timeout=remaining, local_address=local_address,
                                                 socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last_exc = exc
                continue
            return PinnedStream(stream, Pin(host, str(address), port, resolution.dns_ms))
        assert last_exc is not None  # resolution.addresses is never empty
        raise last_exc

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None) -> httpcore.NetworkStream:
        raise EgressBlocked("Unix sockets cannot be used by the sender", host=path)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class EgressTransport(httpx.HTTPTransport):
    """httpx's own HTTPTransport (same request/response mapping and exception mapping), on a pool whose network
    backend is an EgressBackend. URL-level checks run first, so a refused scheme or literal address never reaches
    the pool."""

    def __init__(self, policy: EgressPolicy, *, verify: bool | ssl.SSLContext = True, http2: bool = False,
                 resolver: Resolver | None = None, trace: TraceCallback | None = None,
                 network_backend: httpcore.NetworkBackend | None = None, limits: httpx.Limits | None = None) -> None:
        if http2:
            try:
                import h2  # noqa: F401
            except ImportError:
                # Fail when the transport is built, not mid-request when a server first negotiates h2.
                raise ImportError("http2=True needs the 'h2' package (pip install h2); it is not installed") from None
        # trust_env=False: no SSL_CERT_FILE/SSL_CERT_DIR from the environment. Proxies are never configured here: a
        # proxy would do its own lookup of the host and bypass the pinning.
        ssl_context = verify if isinstance(verify, ssl.SSLContext) else httpx.create_ssl_context(verify=verify,
                                                                                                trust_env=False)
        limits = limits or httpx.Limits(max_connections=100, max_keepalive_connections=20, keepalive_expiry=5.0)
        super().__init__(verify=ssl_context, trust_env=False, http2=http2, limits=limits)
        self.policy = policy
        self.backend = EgressBackend(policy, resolver=resolver, trace=trace, inner=network_backend)
        # Replace the pool HTTPTransport built with the same one on our backend (handle_request uses self._pool).
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            http1=True,
            http2=http2,
            network_backend=self.backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        check_url(request.url, self.policy)
        token = _REQUEST_TRACE.set(request.extensions.get("trace"))
        try:
            return super().handle_request(request)
        finally:
            _REQUEST_TRACE.reset(token)


def make_transport(policy: EgressPolicy, *, verify: bool | ssl.SSLContext = True, http2: bool = False,
                   resolver: Resolver | None = None, trace: TraceCallback | None = None,
                   network_backend: httpcore.NetworkBackend | None = None) -> EgressTransport:
    """The transport the sender must use for every hop: httpx.Client(transport=make_transport(...)).

    verify: True (certifi CAs), False, or an ssl.SSLContext. resolver: getaddrinfo-compatible (default the system's).
    trace: called with ("egress.dns.complete", {host, port, addresses, dns_ms, literal}), "egress.dns.failed" and
    "egress.blocked" for every new connection; the same events also go to the request's own `trace` extension.
    network_backend: the backend connections are finally made with (default httpcore.SyncBackend; tests only).
    """
    return EgressTransport(policy, verify=verify, http2=http2, resolver=resolver, trace=trace,
                           network_backend=network_backend)
