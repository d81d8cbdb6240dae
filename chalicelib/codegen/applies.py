"""Which of a target's limitations touch one request: what the snippet dialog tells the user about *this* snippet.

Each code has a cheap test on the wire facts. A test may say yes where the client would, in the end, send the same
bytes (say, a header the client sets by default that is already in the client's own place): the answer is what the
user should know may differ, never less. tests/codegen checks it against the proof's exact oracle on every case.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from chalicelib.codegen import codes as c
from chalicelib.codegen.base import Limitation, Target, Wire

_BACKSLASH_BEFORE_SEPARATOR = re.compile(r"\\[:=@;]")


def _query(w: Wire) -> str:
    return w.parts[3].partition("?")[2]


def _names(w: Wire) -> list[str]:
    return [n.lower() for n, _ in w.headers]


def _unsorted(w: Wire) -> bool:
    grouped = [n for n, _ in w.header_groups()]
    return len(grouped) > 1 and [n.lower() for n in grouped] != sorted(n.lower() for n in grouped) \
        or w.has_duplicates()


def _content_before_others(w: Wire) -> bool:
    names = _names(w)
    seen_content = False
    for n in names:
        if n.startswith("content-"):
            seen_content = True
        elif seen_content:
            return True
    return False


def _defaults_set(w: Wire, t: Target) -> bool:
    own = {h.lower() for h in t.own_place}
    return any(n in own for n in _names(w))


_TESTS: dict[str, Callable[[Wire, Target], bool]] = {
    c.JOINS_DUPLICATES: lambda w, t: w.has_duplicates(),
    c.GROUPS_DUPLICATES: lambda w, t: w.has_duplicates(),
    c.KEEPS_LAST_DUPLICATE: lambda w, t: w.has_duplicates(),
    c.JOINS_COOKIES: lambda w, t: _names(w).count("cookie") > 1,
    c.COOKIES_LAST: lambda w, t: "cookie" in _names(w) and len(w.headers) > 1,
    c.SORTS_HEADERS: lambda w, t: _unsorted(w),
    c.DEFAULTS_KEEP_PLACE: _defaults_set,
    c.CONTENT_HEADERS_LAST: lambda w, t: _content_before_others(w),
    c.NON_ASCII_HEADER_QMARK: lambda w, t: any(not v.isascii() for _, v in w.headers),
    c.NON_ASCII_HEADER_REJECTED: lambda w, t: any(not v.isascii() for _, v in w.headers),
    c.NON_LATIN1_HEADER_REJECTED: lambda w, t: any(ord(ch) > 0xFF for _, v in w.headers for ch in v),
    c.ADDS_FORM_CONTENT_TYPE: lambda w, t: not w.has_header("content-type") and bool(w.body),
    c.NO_BODY_ON_GET: lambda w, t: w.method in ("GET", "HEAD") and bool(w.body),
    c.ENCODES_BRACKETS: lambda w, t: "[" in _query(w) or "]" in _query(w),
    c.ENCODES_APOSTROPHE: lambda w, t: "'" in _query(w),
    c.DROPS_BACKSLASH: lambda w, t: any(_BACKSLASH_BEFORE_SEPARATOR.search(v) for _, v in w.headers),
    c.BINARY_AS_NOTE: lambda w, t: bool(w.body) and w.text is None,
    c.UNVERIFIED: lambda w, t: True,
    c.NO_REDIRECTS: lambda w, t: w.follow_redirects,
    c.ALWAYS_FOLLOWS: lambda w, t: not w.follow_redirects,
    c.TLS_OFF_AS_NOTE: lambda w, t: not w.verify_tls,
}


def applicable(w: Wire, target: Target) -> list[Limitation]:
    """The target's limitations that may change this request, in the target's order."""
    return [lim for lim in target.limitations if _TESTS[lim.code](w, target)]
