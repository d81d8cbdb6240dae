"""Targets with no runtime on these machines (PowerShell, C#, Rust, Swift, Kotlin, Dart): every case's snippet must
parse (tree-sitter grammars from PyPI), and every string literal in it must decode — by the language's own escape
rules, strictly, refusing anything that would interpolate — so that the URL, each header and the body appear in the
snippet exactly. A quote or `$` escaped wrongly shows up here as a parse error or as a value that is not there."""

from __future__ import annotations

import base64
import json
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

import chalicelib.codegen as cg
from chalicelib.codegen.base import to_wire
from tests.codegen import summary
from tests.codegen.cases import Case, all_cases, rebase, settings_cases
from tests.codegen.runtimes import INSTALL_HINT, TOOLS_VENV, RuntimeMissing

CASES = all_cases() + settings_cases()
#: target → tree-sitter language
UNRUN = {"powershell": "powershell", "csharp-httpclient": "csharp", "rust-reqwest": "rust",
         "swift-urlsession": "swift", "kotlin-okhttp": "kotlin", "dart-http": "dart"}
BASE = "http://127.0.0.1:8080"
#: a value with an unescaped quote, the mistake these tests exist to catch
BROKEN = {
    "powershell": "$h = @{ 'X' = 'it's' }\n",
    "csharp": 'request.Headers.TryAddWithoutValidation("X", "it"s");\n',
    "rust": 'fn main() { let x = f("it"s"); }\n',
    "swift": 'request.addValue("it"s", forHTTPHeaderField: "X")\n',
    "kotlin": 'fun main() { f("it"s") }\n',
    "dart": "void main() { f('it's'); }\n",
}
#: targets whose snippet itself joins a repeated header (a dictionary in the code); the others pass each value and
#: leave the joining to the client
SNIPPET_JOINS = {"powershell", "dart-http"}


def dropped_body(method: str, target: str) -> bool:
    return method in ("GET", "HEAD") and any(lim.code == cg.NO_BODY_ON_GET for lim in cg.TARGETS[target].limitations)


class Interpolation(ValueError):
    pass


def _escapes(body: str, simple: dict[str, str], *, unicode: Callable[[str, int], tuple[str, int]] | None,
             interpolates: Callable[[str, int], bool] = lambda s, i: False, escape_char: str = "\\") -> str:
    out = []
    i = 0
    while i < len(body):
        c = body[i]
        if interpolates(body, i):
            raise Interpolation(f"unescaped interpolation at {body[i:i + 10]!r}")
        if c == escape_char:
            nxt = body[i + 1]
            if nxt in simple:
                out.append(simple[nxt])
                i += 2
            elif nxt in "uU" and unicode is not None:
                text, i = unicode(body, i)
                out.append(text)
            else:
                raise ValueError(f"unknown escape {body[i:i + 2]!r}")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _u4(body: str, i: int) -> tuple[str, int]:
    units = []
    while body[i:i + 2] == "\\u" and len(units) < 2:
        units.append(int(body[i + 2:i + 6], 16))
        i += 6
        if not 0xD800 <= units[0] <= 0xDBFF:
            break
    return b"".join(u.to_bytes(2, "big") for u in units).decode("utf-16-be"), i


def _braced(body: str, i: int) -> tuple[str, int]:
    m = re.match(r".u\{([0-9a-fA-F]+)\}", body[i:])
    if not m:
        raise ValueError(f"bad unicode escape {body[i:i + 10]!r}")
    return chr(int(m.group(1), 16)), i + m.end()


def _dollar(body: str, i: int) -> bool:
    return body[i] == "$" and i + 1 < len(body) and (body[i + 1].isalpha() or body[i + 1] in "_{")


def _ps_dollar(body: str, i: int) -> bool:
    return body[i] == "$" and i + 1 < len(body) and (body[i + 1].isalnum() or body[i + 1] in "_{(:?^$")


def decode(language: str, literal: str) -> str:
    if language == "powershell":
        if literal[0] in "'\u2018\u2019\u201a\u201b":
            inner = literal[1:-1]
            return re.sub("(['\u2018\u2019\u201a\u201b])\\1", r"\1", inner)
        ps_simple = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t",
                     "v": "\v", "`": "`", "$": "$", '"': '"', "\u201c": "\u201c", "\u201d": "\u201d",
                     "\u201e": "\u201e", "'": "'"}
        return _escapes(literal[1:-1], ps_simple, unicode=_braced, interpolates=_ps_dollar, escape_char="`")
    inner = literal[1:-1]
    common = {"\\": "\\", '"': '"', "'": "'", "n": "\n", "r": "\r", "t": "\t"}
    if language == "csharp":
        return _escapes(inner, {**common, "0": "\0", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}, unicode=_u4)
    if language == "rust":
        return _escapes(inner, {**common, "0": "\0"}, unicode=_braced)
    if language == "swift":
        return _escapes(inner, {**common, "0": "\0"}, unicode=_braced,
                        interpolates=lambda s, i: s[i:i + 2] == "\\(")
    if language == "kotlin":
        return _escapes(inner, {**common, "$": "$", "b": "\b"}, unicode=_u4, interpolates=_dollar)
    if language == "dart":
        return _escapes(inner, {**common, "$": "$", "b": "\b", "f": "\f", "v": "\v"}, unicode=_braced,
                        interpolates=_dollar)
    raise AssertionError(language)


def _expected_strings(case: Case, target: str) -> list[str]:
    wire = to_wire(rebase(case.request, BASE), include_secrets=True)
    headers = wire.grouped_headers() if target in SNIPPET_JOINS else list(wire.headers)
    want = [wire.url] + [v for _, v in headers if v] + [n for n, _ in headers]
    if target == "powershell":  # Content-Type goes to -ContentType, by value: its name is not in the snippet
        want = [w for w in want if w.lower() != "content-type"]
    if wire.body and wire.text is not None and not dropped_body(wire.method, target):
        want.append(wire.text)
    return want


@pytest.fixture(scope="session")
def parsed() -> dict[tuple[str, str], dict[str, list[str]]]:
    python = TOOLS_VENV / "bin" / "python"
    if not python.exists():
        raise RuntimeMissing(f"tree-sitter's venv is not installed ({INSTALL_HINT})")
    keys = [(t, c.name) for t in UNRUN for c in CASES]
    by_name = {c.name: c for c in CASES}
    items = [{"language": UNRUN[t], "code": cg.generate(rebase(by_name[n].request, BASE), t, include_secrets=True)}
             for t, n in keys]
    # One deliberately mis-quoted snippet per language: the checker must see it, or a pass would prove nothing.
    items += [{"language": lang, "code": BROKEN[lang]} for lang in UNRUN.values()]
    proc = subprocess.run([str(python), str(Path(__file__).with_name("syntax_check.py"))], input=json.dumps(items),
                          capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, f"tree-sitter check failed ({INSTALL_HINT}?):\n{proc.stderr[-3000:]}"
    answers = json.loads(proc.stdout)
    results = dict(zip(keys, answers[:len(keys)], strict=True))
    for lang, broken in zip(UNRUN.values(), answers[len(keys):], strict=True):
        results[("broken", lang)] = broken
    for t in UNRUN:
        bad = sum(1 for (tt, _), r in results.items() if tt == t and r["errors"])
        summary.SYNTAX[t] = (len(CASES) - bad, bad, f"tree-sitter-{UNRUN[t]} + literal decoding")
    return results


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
@pytest.mark.parametrize("target", list(UNRUN))
def test_snippet_parses_and_holds_the_exact_values(parsed: dict[tuple[str, str], dict[str, list[str]]], target: str,
                                                   case: Case) -> None:
    result = parsed[(target, case.name)]
    snippet = cg.generate(rebase(case.request, BASE), target, include_secrets=True)
    assert not result["errors"], "\n".join(result["errors"]) + "\n--- snippet ---\n" + snippet
    decoded = [decode(UNRUN[target], s) for s in result["strings"]]
    missing = [w for w in _expected_strings(case, target) if w not in decoded]
    assert not missing, f"not found as a literal: {missing!r}\n--- snippet ---\n{snippet}"
    wire = to_wire(case.request, include_secrets=True)
    if wire.body and wire.text is None and not dropped_body(wire.method, target):
        # A binary body is base64 split over several literals: together they must spell it exactly.
        assert base64.b64encode(case.request.body).decode() in "".join(decoded), snippet


@pytest.mark.parametrize("language", sorted(set(UNRUN.values())))
def test_the_parser_sees_a_broken_snippet(parsed: dict[tuple[str, str], dict[str, list[str]]], language: str) -> None:
    assert parsed[("broken", language)]["errors"]


@pytest.mark.parametrize("language,literal,value", [
    ("kotlin", '"\\$HOME"', "$HOME"), ("dart", "'it\\'s'", "it's"), ("powershell", "'it''s'", "it's"),
    ("powershell", '"a`$b`r`n"', "a$b\r\n"), ("swift", '"\\u{1f600}"', "😀"), ("csharp", '"\\ud83d\\ude00"', "😀"),
])
def test_the_decoders_follow_the_languages(language: str, literal: str, value: str) -> None:
    assert decode(language, literal) == value


@pytest.mark.parametrize("language,literal", [("kotlin", '"$HOME"'), ("dart", "'${x}'"), ("swift", '"\\(x)"'),
                                              ("powershell", '"$HOME"'), ("powershell", '"$(id)"')])
def test_the_decoders_refuse_interpolation(language: str, literal: str) -> None:
    with pytest.raises(Interpolation):
        decode(language, literal)
