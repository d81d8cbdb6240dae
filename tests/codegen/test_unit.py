"""The API, secrets, and the quoting helpers on their own (the run and syntax tests prove the snippets whole)."""

from __future__ import annotations

import ast
import json
import subprocess

import pytest

import chalicelib.codegen as cg
from chalicelib.codegen.base import wire_url
from chalicelib.codegen.javascript import js
from chalicelib.codegen.python import py
from chalicelib.codegen.shell import sh
from chalicelib.executor.model import Header, PreparedRequest
from tests.codegen.cases import NASTY

EXPECTED_TARGETS = [
    "curl", "wget", "httpie", "powershell", "python-requests", "python-httpx", "python-http.client", "js-fetch",
    "node-axios", "node-http", "go-nethttp", "java-httpclient", "java-okhttp", "csharp-httpclient", "php-curl",
    "php-guzzle", "ruby-nethttp", "rust-reqwest", "swift-urlsession", "kotlin-okhttp", "dart-http", "c-libcurl",
    "raw-http11",
]
TRICKY = [NASTY, "line\nbreak", "cr\r\nlf", "tab\tand\x01ctrl", "bang! !! !$", "'", '"', "\\", "ünï ☃ 😀 中文",
          "\u2028\u200b\u202e", "", "$'x'", "%00%", "-starts-with-dash", "a'b\"c\\d`e$f"]


def _secret_request() -> PreparedRequest:
    return PreparedRequest(
        "POST", "https://api.example.com/v1/items?api_key=k3y-s3cret&x=1",
        [Header("Authorization", "Bearer t0ken-s3cret", secret=True), Header("X-Basic", "Basic dXNlcjpwYXNz",
                                                                             secret=True),
         Header("Content-Type", "application/json"), Header("X-Label", "abc")],
        b'{"password": "pa55-s3cret"}', secrets={"t0ken-s3cret", "k3y-s3cret", "pa55-s3cret", "ab"})


def test_every_target_is_listed_with_a_label_and_a_language() -> None:
    assert list(cg.TARGETS) == EXPECTED_TARGETS
    for name, target in cg.TARGETS.items():
        assert target.name == name and target.label and target.language
        assert len({lim.code for lim in target.limitations}) == len(target.limitations)
        # the headers a client puts in its own place are declared exactly where that limitation is
        assert bool(target.own_place) == (cg.DEFAULTS_KEEP_PLACE in {lim.code for lim in target.limitations})


def test_an_unknown_target_is_refused() -> None:
    with pytest.raises(cg.UnknownTarget):
        cg.generate(PreparedRequest("GET", "http://x/"), "cobol")


@pytest.mark.parametrize("target", EXPECTED_TARGETS)
def test_secrets_become_placeholders_unless_asked_for(target: str) -> None:
    req = _secret_request()
    redacted = cg.generate(req, target)
    for value in ("t0ken-s3cret", "k3y-s3cret", "pa55-s3cret", "dXNlcjpwYXNz"):
        assert value not in redacted, f"{value} leaked into {target}"
    assert "<secret:Authorization>" in redacted
    assert "<secret:X-Basic>" in redacted  # marked secret: the whole value goes, though no known secret is in it
    assert "Bearer" in redacted  # only the secret part of a value is replaced
    full = cg.generate(req, target, include_secrets=True)
    assert "t0ken-s3cret" in full and "dXNlcjpwYXNz" in full
    assert "<secret>" in redacted  # in the URL and the body; "ab" is too short to count as a secret
    assert "X-Label" in redacted and "abc" in redacted


@pytest.mark.parametrize("target", EXPECTED_TARGETS)
def test_unresolved_placeholders_stay_readable(target: str) -> None:
    req = PreparedRequest("GET", "{{baseUrl}}/users/{{id}}?q={{query}}", [Header("X-Api-Key", "{{apiKey}}")])
    snippet = cg.generate(req, target)
    if target in ("python-http.client", "node-http", "raw-http11"):  # host and path apart: the placeholder is the host
        assert "{{baseUrl}}" in snippet and "/users/{{id}}" in snippet
    else:
        assert "{{baseUrl}}/users/{{id}}" in snippet
    assert "{{apiKey}}" in snippet


def test_the_url_is_encoded_once_for_every_target() -> None:
    assert wire_url("http://h/a b/ü?q=ü&x=a|b^c\"<>`{d}&y=%41&z=[1]'$") == \
        "http://h/a%20b/%C3%BC?q=%C3%BC&x=a%7Cb%5Ec%22%3C%3E%60%7Bd%7D&y=%41&z=[1]'$"
    assert wire_url("{{host}}/p?v={{v}}&w=é") == "{{host}}/p?v={{v}}&w=%C3%A9"
    assert wire_url("http://h/?a=%s&b=100%&c=%41%4") == "http://h/?a=%25s&b=100%25&c=%41%254"


def test_bash_words_say_exactly_what_they_hold() -> None:
    script = "\n".join(f"printf '%s\\0' {sh(t)}" for t in TRICKY)
    out = subprocess.run(["bash", "-c", script], capture_output=True, check=True).stdout
    assert out.split(b"\0")[:-1] == [t.encode() for t in TRICKY]


def test_python_literals_say_exactly_what_they_hold() -> None:
    assert [ast.literal_eval(py(t)) for t in TRICKY] == TRICKY


def test_javascript_literals_say_exactly_what_they_hold() -> None:
    script = "process.stdout.write(JSON.stringify([" + ",".join(js(t) for t in TRICKY) + "]))"
    out = subprocess.run(["node", "-e", script], capture_output=True, check=True, text=True).stdout
    assert json.loads(out) == TRICKY


@pytest.mark.parametrize("target", EXPECTED_TARGETS)
def test_the_notes_name_every_limitation_the_proof_saw_on_a_case(target: str) -> None:
    # The dialog's "for this request" notes (applies.py) against the proof's exact oracle: every limitation that
    # changed a case's wire bytes is named for that case; what is named is always the target's own.
    from chalicelib.codegen.base import to_wire
    from tests.codegen.cases import all_cases, settings_cases
    from tests.codegen.expect import expected

    spec = cg.TARGETS[target]
    named_somewhere: set[str] = set()
    for case in all_cases() + settings_cases():
        _, notes = cg.generate_with_notes(case.request, target, include_secrets=True)
        named = {lim.code for lim in notes}
        assert named <= {lim.code for lim in spec.limitations}
        assert set(expected(case.request, spec).applied) <= named, case.name
        named_somewhere |= named
        if not to_wire(case.request, include_secrets=True).has_duplicates():
            assert cg.JOINS_DUPLICATES not in named and cg.GROUPS_DUPLICATES not in named
    if spec.limitations:
        assert named_somewhere  # the cases touch every target somewhere


def test_a_plain_request_carries_no_notes_for_an_exact_client() -> None:
    _, notes = cg.generate_with_notes(PreparedRequest("GET", "http://x.test/a?b=1"), "python-requests")
    assert notes == []
    _, notes = cg.generate_with_notes(PreparedRequest("GET", "http://x.test/a", [Header("X-A", "1"),
                                                                                  Header("X-A", "2")]),
                                      "python-requests")
    assert [n.code for n in notes] == [cg.JOINS_DUPLICATES]


def test_a_url_led_by_an_unresolved_variable_gets_no_scheme_in_front() -> None:
    # `{{base}}/x` left as a placeholder stands for scheme and host: "http://{{base}}/x" would be wrong once filled
    from chalicelib.executor.auth import MemoryTokenCache
    from chalicelib.executor.prepare import Context, prepare

    doc = {"method": "GET", "url": "{{base}}/echo?a=1", "params": [], "headers": [], "body": {"mode": "none"},
           "auth": {"type": "noauth"}}
    prepared = prepare(doc, Context(dynamic=False), client=None, token_cache=MemoryTokenCache(), cache_key="t")
    assert prepared.request.url == "{{base}}/echo?a=1" and prepared.report.unresolved == ["base"]
    assert 'url = "{{base}}/echo?a=1"' in cg.generate(prepared.request, "python-requests")
    typed = prepare({**doc, "url": "example.test/x"}, Context(), client=None, token_cache=MemoryTokenCache(),
                    cache_key="t")
    assert typed.request.url == "http://example.test/x"  # a typed URL without a scheme still gets http://
