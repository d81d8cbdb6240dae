"""Egress policy: hostile URLs are refused in hosted mode; local and team modes open exactly what they should.

No test here opens a socket or makes a DNS query: names go through a fake resolver, and the transport-level run
uses a tripwire network backend that records (and refuses) any connection attempt.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import httpcore
import httpx
import pytest

from chalicelib.executor.egress import (
    EgressBlocked,
    EgressPolicy,
    Resolution,
    Tier,
    check_address,
    check_url,
    classify,
    make_transport,
    parse_ip_literal,
    resolve_checked,
    same_origin,
)

PUBLIC_V4 = "93.184.215.14"
PUBLIC_V6 = "2606:2800:21f:cb07:6820:80da:af6b:8b2c"

HOSTED = EgressPolicy()
LOCAL = EgressPolicy.from_settings("local", "", "")


class FakeResolver:
    """getaddrinfo-shaped answers from a table; records every name it was asked for."""

    def __init__(self, answers: dict[str, list[str]] | None = None) -> None:
        self.answers = answers or {}
        self.calls: list[str] = []

    def __call__(self, host: str, port: int, family: int = 0, type: int = 0, proto: int = 0,
                 flags: int = 0) -> list[tuple[int, int, int, str, tuple[Any, ...]]]:
        self.calls.append(host)
        if host not in self.answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        out: list[tuple[int, int, int, str, tuple[Any, ...]]] = []
        for a in self.answers[host]:
            if ipaddress.ip_address(a).version == 4:
                out.append((socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port)))
            else:
                out.append((socket.AF_INET6, socket.SOCK_STREAM, 6, "", (a, port, 0, 0)))
        return out


NAMES = FakeResolver({
    "public.example": [PUBLIC_V4],
    "dual.example": [PUBLIC_V4, PUBLIC_V6],
    "example.com": [PUBLIC_V4],
    "api.internal": ["10.0.0.5"],
    "mixed.example": [PUBLIC_V4, "10.0.0.5"],
    "mixed6.example": [PUBLIC_V6, "fd00::1"],
    "loopback.example": ["127.0.0.1"],
    "mapped.example": ["::ffff:127.0.0.1"],
    "metadata.example": ["169.254.169.254"],
    "ula.example": ["fd12:3456::1"],
    "localhost": ["127.0.0.1", "::1"],
    "api.corp.example": ["10.9.9.9"],
    "meta.corp.example": ["169.254.169.254"],
    "x.svc.example": ["192.168.3.3"],
    "svc.example": ["10.0.0.1"],
    "evilsvc.example": ["10.0.0.1"],
    "broadcast.corp.example": ["255.255.255.255"],
    "loop.corp.example": ["127.0.0.1"],
    "ll.corp.example": ["169.254.10.10"],
})


def check(url: str, policy: EgressPolicy, resolver: FakeResolver = NAMES) -> Resolution:
    """What the transport does for one hop, without connecting: the URL check, then resolve-and-check."""
    parsed = check_url(url, policy)
    port = parsed.port or {"http": 80, "https": 443}[parsed.scheme]
    return resolve_checked(parsed.raw_host.decode("ascii"), port, policy, resolver)


HOSTILE = [
    # loopback in every spelling the URL parser or getaddrinfo accepts
    pytest.param("http://127.0.0.1/", id="loopback"),
    pytest.param("http://127.255.255.254:8080/", id="loopback-high"),
    pytest.param("http://127.1/", id="loopback-short"),
    pytest.param("http://2130706433/", id="loopback-integer"),
    pytest.param("http://0x7f000001/", id="loopback-hex"),
    pytest.param("http://0x7f.0x0.0x0.0x1/", id="loopback-hex-dotted"),
    pytest.param("http://0177.0.0.1/", id="loopback-octal"),
    pytest.param("http://0177.1/", id="loopback-octal-short"),
    pytest.param("http://0x7f.1/", id="loopback-hex-short"),
    pytest.param("http://127.0.0.1./", id="loopback-trailing-dot"),
    pytest.param("http://0/", id="zero"),
    pytest.param("http://0.0.0.0/", id="unspecified"),
    pytest.param("http://0.1.2.3/", id="this-network"),
    pytest.param("http://[::]/", id="v6-unspecified"),
    pytest.param("http://[::1]/", id="v6-loopback"),
    pytest.param("http://[::ffff:127.0.0.1]/", id="v4-mapped"),
    pytest.param("http://[::ffff:7f00:1]/", id="v4-mapped-hex"),
    pytest.param("http://[::127.0.0.1]/", id="v4-compatible"),
    pytest.param("http://[::ffff:0:7f00:1]/", id="v4-translated"),
    pytest.param("http://[64:ff9b::7f00:1]/", id="nat64-loopback"),
    pytest.param("http://[64:ff9b:1::7f00:1]/", id="nat64-local-use"),
    pytest.param("http://[2002:7f00:1::]/", id="6to4-loopback"),
    pytest.param("http://[2001:0:7f00:1::]/", id="teredo-loopback"),
    pytest.param("http://[2001:0:5db8:d70e::a247:28f1]/", id="teredo-public"),
    # the cloud metadata service
    pytest.param("http://169.254.169.254/latest/meta-data/", id="metadata"),
    pytest.param("http://2852039166/", id="metadata-integer"),
    pytest.param("http://0xa9fea9fe/", id="metadata-hex"),
    pytest.param("http://0251.0376.0251.0376/", id="metadata-octal"),
    pytest.param("http://[fd00:ec2::254]/", id="metadata-v6"),
    pytest.param("http://[::ffff:169.254.169.254]/", id="metadata-mapped"),
    pytest.param("http://[64:ff9b::a9fe:a9fe]/", id="metadata-nat64"),
    pytest.param("http://[2002:a9fe:a9fe::]/", id="metadata-6to4"),
    pytest.param("http://169.254.170.2/v2/credentials", id="ecs-credentials"),
    # private, link-local, CGNAT, special ranges
    pytest.param("http://10.0.0.1/", id="rfc1918-10"),
    pytest.param("http://172.16.0.1/", id="rfc1918-172"),
    pytest.param("http://172.31.255.254/", id="rfc1918-172-top"),
    pytest.param("http://192.168.1.1/", id="rfc1918-192"),
    pytest.param("http://100.64.0.1/", id="cgnat"),
    pytest.param("http://169.254.1.1/", id="link-local"),
    pytest.param("http://[fe80::1]/", id="v6-link-local"),
    pytest.param("http://[fe80::1%25eth0]/", id="v6-link-local-zone"),
    pytest.param("http://[fc00::1]/", id="v6-ula-fc"),
    pytest.param("http://[fd12:3456::1]/", id="v6-ula-fd"),
    pytest.param("http://[fec0::1]/", id="v6-site-local"),
    pytest.param("http://224.0.0.1/", id="multicast"),
    pytest.param("http://[ff02::1]/", id="v6-multicast"),
    pytest.param("http://240.0.0.1/", id="reserved"),
    pytest.param("http://255.255.255.255/", id="broadcast"),
    pytest.param("http://198.18.0.1/", id="benchmarking"),
    pytest.param("http://192.0.2.1/", id="documentation"),
    pytest.param("http://203.0.113.9/", id="documentation-3"),
    pytest.param("http://[2001:db8::1]/", id="v6-documentation"),
    pytest.param("http://[100::1]/", id="v6-discard"),
    # schemes
    pytest.param("file:///etc/passwd", id="scheme-file"),
    pytest.param("gopher://127.0.0.1:70/_x", id="scheme-gopher"),
    pytest.param("ftp://example.com/", id="scheme-ftp"),
    pytest.param("data:text/plain,hello", id="scheme-data"),
    pytest.param("dict://example.com:11211/stat", id="scheme-dict"),
    pytest.param("javascript:alert(1)", id="scheme-javascript"),
    pytest.param("//example.com/", id="scheme-missing"),
    pytest.param("http:///path", id="no-host"),
    # names
    pytest.param("http://localhost/", id="localhost"),
    pytest.param("http://localhost./", id="localhost-dot"),
    pytest.param("http://LOCALHOST:8080/", id="localhost-upper"),
    pytest.param("http://api.localhost/", id="dot-localhost"),
    pytest.param("http://api.internal/", id="name-private"),
    pytest.param("http://mixed.example/", id="name-public-and-private"),
    pytest.param("http://mixed6.example/", id="name-public-and-ula"),
    pytest.param("http://loopback.example/", id="name-loopback"),
    pytest.param("http://mapped.example/", id="name-v4-mapped"),
    pytest.param("http://metadata.example/", id="name-metadata"),
    pytest.param("http://ula.example/", id="name-ula"),
    # userinfo: what httpx connects to is what is checked
    pytest.param("http://example.com@127.0.0.1/", id="userinfo-at-loopback"),
    pytest.param("http://93.184.215.14:80@10.0.0.1/", id="userinfo-port-at-private"),
]


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_url_is_refused_in_hosted_mode(url: str) -> None:
    with pytest.raises(EgressBlocked) as info:
        check(url, HOSTED)
    assert info.value.code == "EGRESS_BLOCKED"
    assert info.value.message and "Traceback" not in str(info.value)


class Tripwire(httpcore.NetworkBackend):
    """Stands in for the socket layer: records any connection attempt and refuses it."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        self.calls.append((host, port))
        raise httpcore.ConnectError(f"tripwire: no connection to {host} in unit tests")


@pytest.mark.parametrize("url", HOSTILE)
def test_hostile_url_is_refused_by_the_transport_without_connecting(url: str) -> None:
    tripwire = Tripwire()
    with httpx.Client(transport=make_transport(HOSTED, resolver=NAMES, network_backend=tripwire)) as client:
        if url.startswith("http://0177.0.0.1") or url.startswith("http://0251."):
            # httpx refuses dotted octal outright, so this URL never reaches any transport (check_url explains it).
            with pytest.raises(httpx.InvalidURL):
                client.get(url)
        else:
            with pytest.raises(EgressBlocked):
                client.get(url)
    assert tripwire.calls == []


def test_message_names_host_address_and_reason() -> None:
    with pytest.raises(EgressBlocked) as info:
        check("http://api.internal/v1", HOSTED)
    assert str(info.value) == "api.internal resolves to 10.0.0.5, a private address; this deployment does not allow it"
    assert (info.value.host, info.value.address) == ("api.internal", "10.0.0.5")
    with pytest.raises(EgressBlocked, match=r"^0x7f000001 means 127\.0\.0\.1, a loopback address"):
        check("http://0x7f000001/", HOSTED)
    with pytest.raises(EgressBlocked, match=r"^2002:a9fe:a9fe:: is a 6to4 address embedding 169\.254\.169\.254, "
                                            r"the cloud metadata service"):
        check("http://[2002:a9fe:a9fe::]/", HOSTED)
    with pytest.raises(EgressBlocked, match=r"^mixed\.example resolves to 10\.0\.0\.5"):
        check("http://mixed.example/", HOSTED)
    with pytest.raises(EgressBlocked, match=r"^file: URLs cannot be sent"):
        check("file:///etc/passwd", HOSTED)


def test_localhost_is_refused_by_name_before_any_lookup() -> None:
    resolver = FakeResolver({"localhost": ["127.0.0.1"]})
    with pytest.raises(EgressBlocked, match="loopback name"):
        check("http://localhost/", HOSTED, resolver)
    assert resolver.calls == []


@pytest.mark.parametrize("url, looked_up", [
    pytest.param("http://public.example/", "public.example", id="name"),
    pytest.param("https://dual.example/", "dual.example", id="name-v4-and-v6"),
    pytest.param("http://8.8.8.8/", None, id="literal-v4"),
    pytest.param("http://[2606:4700::1111]/", None, id="literal-v6"),
    pytest.param("http://[2002:5db8:d70e::]/", None, id="6to4-of-public"),
    pytest.param("http://[64:ff9b::5db8:d70e]/", None, id="nat64-of-public"),
    pytest.param("http://[::ffff:93.184.215.14]/", None, id="mapped-public"),
    pytest.param("http://127.0.0.1\\@example.com/", "example.com", id="backslash-userinfo-is-example.com"),
    pytest.param("http://example.com#@127.0.0.1/", "example.com", id="fragment-at-is-example.com"),
])
def test_public_destinations_pass_in_hosted_mode(url: str, looked_up: str | None) -> None:
    resolver = FakeResolver(NAMES.answers)
    resolution = check(url, HOSTED, resolver)
    assert resolver.calls == ([looked_up] if looked_up else [])
    assert resolution.literal is (looked_up is None)
    assert all(not a.is_private for a in resolution.addresses)


def test_resolution_keeps_every_checked_address_in_order() -> None:
    resolution = check("https://dual.example/", HOSTED)
    assert [str(a) for a in resolution.addresses] == [PUBLIC_V4, PUBLIC_V6]
    assert (resolution.host, resolution.port, resolution.literal) == ("dual.example", 443, False)
    assert resolution.dns_ms >= 0


@pytest.mark.parametrize("url", [
    pytest.param("http://127.0.0.1:8000/", id="loopback"),
    pytest.param("http://127.1:8000/", id="loopback-short"),
    pytest.param("http://[::1]/", id="v6-loopback"),
    pytest.param("http://localhost:3000/", id="localhost"),
    pytest.param("http://api.localhost/", id="dot-localhost-literal-check"),
    pytest.param("http://0.0.0.0:8000/", id="unspecified"),
    pytest.param("http://10.0.0.1/", id="rfc1918-10"),
    pytest.param("http://172.16.5.4/", id="rfc1918-172"),
    pytest.param("http://192.168.1.10/", id="rfc1918-192"),
    pytest.param("http://100.64.0.1/", id="cgnat"),
    pytest.param("http://169.254.1.1/", id="link-local"),
    pytest.param("http://[fe80::1]/", id="v6-link-local"),
    pytest.param("http://[fd12:3456::1]/", id="v6-ula"),
    pytest.param("http://198.18.0.1/", id="benchmarking-fake-ip"),
    pytest.param("http://api.internal/", id="name-private"),
    pytest.param("http://public.example/", id="public"),
])
def test_local_mode_allows_loopback_and_private(url: str) -> None:
    if "api.localhost" in url:
        check_url(url, LOCAL)  # the name rule lets it through; what it resolves to is checked at connect time
    else:
        check(url, LOCAL)


@pytest.mark.parametrize("url", [
    pytest.param("http://169.254.169.254/", id="metadata"),
    pytest.param("http://2852039166/", id="metadata-integer"),
    pytest.param("http://0xa9fea9fe/", id="metadata-hex"),
    pytest.param("http://[fd00:ec2::254]/", id="metadata-v6"),
    pytest.param("http://[::ffff:a9fe:a9fe]/", id="metadata-mapped"),
    pytest.param("http://[64:ff9b::a9fe:a9fe]/", id="metadata-nat64"),
    pytest.param("http://[2002:a9fe:a9fe::]/", id="metadata-6to4"),
    pytest.param("http://169.254.170.2/", id="ecs-credentials"),
    pytest.param("http://metadata.example/", id="name-metadata"),
    pytest.param("http://224.0.0.1/", id="multicast"),
    pytest.param("http://255.255.255.255/", id="broadcast"),
    pytest.param("file:///etc/passwd", id="scheme-file"),
])
def test_local_mode_still_refuses_metadata_and_unroutable(url: str) -> None:
    with pytest.raises(EgressBlocked) as info:
        check(url, LOCAL)
    assert "local mode" in str(info.value) or "exact address" in str(info.value) or "URLs cannot" in str(info.value)


def test_metadata_is_allowed_only_when_its_exact_address_is_listed() -> None:
    exact = EgressPolicy.from_settings("local", "169.254.169.254/32", "")
    check("http://169.254.169.254/latest/meta-data/", exact)
    check("http://metadata.example/", exact)
    broad = EgressPolicy.from_settings("team", "169.254.0.0/16, fd00::/8", "")
    check("http://169.254.1.1/", broad)
    check("http://[fd00::5]/", broad)
    for url in ("http://169.254.169.254/", "http://[fd00:ec2::254]/"):
        with pytest.raises(EgressBlocked, match="exact address"):
            check(url, broad)


TEAM = EgressPolicy.from_settings("team", "10.1.0.0/16", "api.corp.example, *.svc.example, meta.corp.example, "
                                                         "broadcast.corp.example, loop.corp.example, ll.corp.example")


@pytest.mark.parametrize("url", [
    pytest.param("http://10.1.2.3/", id="cidr"),
    pytest.param("http://[::ffff:10.1.0.5]/", id="cidr-mapped"),
    pytest.param("http://api.corp.example/", id="host-exact"),
    pytest.param("http://API.Corp.Example./", id="host-case-and-dot"),
    pytest.param("http://x.svc.example/", id="host-wildcard"),
    pytest.param("http://public.example/", id="public"),
])
def test_team_mode_allows_its_lists(url: str) -> None:
    resolver = FakeResolver({**NAMES.answers, "api.corp.example.": ["10.9.9.9"]})
    check(url, TEAM, resolver)


@pytest.mark.parametrize("url", [
    pytest.param("http://10.2.0.1/", id="outside-cidr"),
    pytest.param("http://127.0.0.1/", id="loopback"),
    pytest.param("http://api.internal/", id="unlisted-name"),
    pytest.param("http://svc.example/", id="wildcard-not-apex"),
    pytest.param("http://evilsvc.example/", id="wildcard-not-suffix-string"),
    pytest.param("http://meta.corp.example/", id="listed-name-to-metadata"),
    pytest.param("http://broadcast.corp.example/", id="listed-name-to-broadcast"),
    pytest.param("http://loop.corp.example/", id="listed-name-to-loopback"),
    pytest.param("http://ll.corp.example/", id="listed-name-to-link-local"),
    pytest.param("http://localhost/", id="localhost"),
    pytest.param("http://169.254.169.254/", id="metadata"),
])
def test_team_mode_refuses_everything_else(url: str) -> None:
    with pytest.raises(EgressBlocked):
        check(url, TEAM)


def test_host_allow_list_opens_private_addresses_only() -> None:
    with pytest.raises(EgressBlocked) as info:
        check("http://loop.corp.example/", TEAM)
    assert str(info.value) == ("loop.corp.example resolves to 127.0.0.1, a loopback address; the host allow-list opens "
                               "private addresses only; this one needs the CIDR allow-list")
    opened = EgressPolicy.from_settings("team", "127.0.0.0/8", "loop.corp.example")
    check("http://loop.corp.example/", opened)


def test_from_settings_modes() -> None:
    assert EgressPolicy.from_settings("hosted", "", "") == EgressPolicy()
    assert EgressPolicy.from_settings(" Local ", "", "").allow_private_networks is True
    team = EgressPolicy.from_settings("team", "10.1.0.0/16,\n 192.168.7.7 fd00:1::/64", "*.Corp.Example., bücher.example")
    assert [str(n) for n in team.allow_cidrs] == ["10.1.0.0/16", "192.168.7.7/32", "fd00:1::/64"]
    assert team.allow_hosts == ("*.corp.example", "xn--bcher-kva.example")
    assert (team.mode, LOCAL.mode, HOSTED.mode) == ("team", "local", "hosted")
    assert EgressPolicy(allow_hosts=("API.example.",)).allow_hosts == ("api.example",)


@pytest.mark.parametrize("mode, cidrs, hosts, message", [
    pytest.param("", "", "", "egress mode must be one of", id="empty-mode"),
    pytest.param("public", "", "", "egress mode must be one of", id="unknown-mode"),
    pytest.param("hosted", "10.0.0.0/8", "", "use mode 'team'", id="hosted-with-cidrs"),
    pytest.param("hosted", "", "api.corp", "use mode 'team'", id="hosted-with-hosts"),
    pytest.param("team", "10.1.0.1/16", "", "did you mean 10.1.0.0/16", id="cidr-host-bits"),
    pytest.param("team", "10.1.0.0/33", "", "not a valid network", id="cidr-prefix"),
    pytest.param("team", "banana", "", "not a valid network", id="cidr-garbage"),
    pytest.param("team", "0.0.0.0/0", "", "every address", id="cidr-everything"),
    pytest.param("team", "", "*", "every host", id="host-star"),
    pytest.param("team", "", "api.*.corp", r"leading '\*\.'", id="host-inner-wildcard"),
    pytest.param("team", "", "10.0.0.5", "CIDR allow-list", id="host-is-address"),
    pytest.param("team", "", "api corp/x", "not a valid host name", id="host-garbage"),
])
def test_bad_settings_raise_value_error(mode: str, cidrs: str, hosts: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        EgressPolicy.from_settings(mode, cidrs, hosts)


@pytest.mark.parametrize("host, expected", [
    ("127.1", "127.0.0.1"), ("0", "0.0.0.0"), ("2130706433", "127.0.0.1"), ("0x7f000001", "127.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"), ("0x7f.1", "127.0.0.1"), ("127.0.0.1.", "127.0.0.1"), ("4294967295", "255.255.255.255"),
    ("10.0.258", "10.0.1.2"), ("[::1]", "::1"), ("::ffff:7f00:1", "::ffff:7f00:1"),
    ("4294967296", None), ("1.2.3.4.5", None), ("08.0.0.1", None), ("256.1", None), ("1.16777216", None),
    ("1e100.net", None), ("example.com", None), ("0x", "0.0.0.0"), ("1_0", None), (" 1", None),
])
def test_parse_ip_literal(host: str, expected: str | None) -> None:
    parsed = parse_ip_literal(host)
    assert (str(parsed) if parsed is not None else None) == expected


@pytest.mark.parametrize("address, tier", [
    ("93.184.215.14", Tier.PUBLIC), ("2606:4700::1111", Tier.PUBLIC), ("127.0.0.1", Tier.LOCAL),
    ("0.0.0.0", Tier.LOCAL), ("::", Tier.LOCAL), ("169.254.1.1", Tier.LOCAL), ("fe80::1", Tier.LOCAL),
    ("10.255.0.1", Tier.PRIVATE), ("100.127.255.254", Tier.PRIVATE), ("198.19.0.1", Tier.PRIVATE),
    ("fd12::1", Tier.PRIVATE), ("fec0::1", Tier.PRIVATE), ("2001:2::1", Tier.PRIVATE),
    ("169.254.169.254", Tier.METADATA),
    ("fd00:ec2::254", Tier.METADATA), ("239.255.255.250", Tier.UNROUTABLE), ("192.0.0.1", Tier.UNROUTABLE),
    ("192.88.99.1", Tier.UNROUTABLE), ("3fff::1", Tier.UNROUTABLE), ("5f00::1", Tier.UNROUTABLE),
    ("4000::1", Tier.UNROUTABLE), ("2001::1", Tier.UNROUTABLE),
])
def test_each_class_is_classified(address: str, tier: Tier) -> None:
    # The last finding is the address itself; embedded IPv4 findings (if any) come first.
    assert classify(ipaddress.ip_address(address))[-1].tier is tier


def test_embedded_ipv4_is_checked_in_every_v6_form() -> None:
    for v6 in ("::ffff:10.0.0.1", "::10.0.0.1", "::ffff:0:10.0.0.1", "64:ff9b::10.0.0.1", "64:ff9b:1::10.0.0.1",
               "2002:a00:1::", "2001:0:a00:1::"):
        addresses = [str(f.address) for f in classify(ipaddress.ip_address(v6))]
        assert "10.0.0.1" in addresses, v6
        with pytest.raises(EgressBlocked):
            check_address(ipaddress.ip_address(v6), HOSTED)


def test_dns_failure_is_not_an_egress_error() -> None:
    with pytest.raises(socket.gaierror):
        check("http://nowhere.example/", HOSTED)
    with pytest.raises(socket.gaierror):
        resolve_checked("empty.example", 80, HOSTED, FakeResolver({"empty.example": []}))


@pytest.mark.parametrize("a, b, same", [
    ("https://api.example.com/a", "https://api.example.com:443/b?x=1", True),
    ("http://API.example.com/", "http://api.example.com:80/", True),
    ("http://[::1]:8080/", "http://[0:0::1]:8080/x", True),
    ("https://api.example.com/", "http://api.example.com/", False),
    ("https://api.example.com/", "https://api.example.com:8443/", False),
    ("https://api.example.com/", "https://evil.example.com/", False),
    ("https://example.com/", "https://sub.example.com/", False),
    ("https://user@example.com/", "https://example.com/", True),
    ("http:///x", "http:///x", False),
])
def test_same_origin(a: str, b: str, same: bool) -> None:
    assert same_origin(a, b) is same
    assert same_origin(httpx.URL(a), b) is same
