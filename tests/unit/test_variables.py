"""`{{variable}}` resolution: precedence, rows, nesting, cycles, secrets, and Postman's dynamic variables."""

from __future__ import annotations

import ipaddress
import random
import re
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from chalicelib.executor import dynamic
from chalicelib.executor.variables import (
    MAX_DEPTH,
    Resolution,
    Scope,
    Scopes,
    Var,
    resolve,
    resolve_rows,
)
from chalicelib.schema.common import KeyValue


def row(key: str, value: Any, *, enabled: bool = True, secret: bool = False) -> dict[str, Any]:
    return {"key": key, "value": value, "enabled": enabled, "secret": secret}


def scopes(**values: str) -> Scopes:
    """One environment scope holding `values` (the level does not matter for most tests)."""
    return Scopes.build(environment=[row(k, v) for k, v in values.items()], environment_name="Test")


def within(seconds: float, fn: Callable[[], Resolution]) -> Resolution:
    """Run fn in a daemon thread so a hang fails the test instead of freezing the run."""
    box: list[Resolution] = []
    worker = threading.Thread(target=lambda: box.append(fn()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert box, f"did not finish within {seconds}s"
    return box[0]


# --- precedence -------------------------------------------------------------------------------------------------

LEVEL_KWARGS: dict[str, Callable[[str], dict[str, Any]]] = {
    "request": lambda v: {"request": [row("x", v)]},
    "folder": lambda v: {"folders": [("Users", [row("x", v)])]},
    "collection": lambda v: {"collection": [row("x", v)], "collection_name": "Pets"},
    "environment": lambda v: {"environment": [row("x", v)], "environment_name": "Prod"},
    "globals": lambda v: {"globals_": [row("x", v)]},
}
SOURCES = {"request": "request", "folder": "folder:Users", "collection": "collection:Pets",
           "environment": "environment:Prod", "globals": "globals"}


@pytest.mark.parametrize("high, low", [("request", "folder"), ("folder", "collection"),
                                       ("collection", "environment"), ("environment", "globals")])
def test_each_level_overrides_the_next(high: str, low: str) -> None:
    built = Scopes.build(**LEVEL_KWARGS[high]("from-" + high), **LEVEL_KWARGS[low]("from-" + low))
    assert resolve("{{x}}", built).text == "from-" + high
    assert built.lookup("x") == Var("from-" + high, False, SOURCES[high])
    # Without the higher level, the lower one is what shows through.
    assert resolve("{{x}}", Scopes.build(**LEVEL_KWARGS[low]("from-" + low))).text == "from-" + low


def test_full_chain_falls_through_level_by_level() -> None:
    levels = list(LEVEL_KWARGS)
    for i, level in enumerate(levels):
        kwargs: dict[str, Any] = {}
        for lower in levels[i:]:
            kwargs.update(LEVEL_KWARGS[lower](lower))
        assert resolve("{{x}}", Scopes.build(**kwargs)).text == level


def test_inner_folder_overrides_outer_folder_and_outer_still_fills_gaps() -> None:
    built = Scopes.build(folders=[("Inner", [row("x", "inner")]), ("Outer", [row("x", "outer"), row("y", "outer-y")])],
                         collection=[row("x", "coll")])
    assert resolve("{{x}} {{y}}", built).text == "inner outer-y"
    assert built.lookup("x") == Var("inner", False, "folder:Inner")
    assert built.lookup("y") == Var("outer-y", False, "folder:Outer")


def test_request_overrides_accept_a_plain_mapping() -> None:
    built = Scopes.build(request={"host": "override.test"}, environment=[row("host", "env.test")])
    assert resolve("https://{{host}}/", built).text == "https://override.test/"


def test_effective_view_shows_each_name_with_its_winning_value() -> None:
    built = Scopes.build(request=[row("a", "1")], collection=[row("a", "2"), row("b", "3")], globals_=[row("c", "4")])
    assert {k: v.value for k, v in built.effective().items()} == {"a": "1", "b": "3", "c": "4"}
    assert built.effective()["b"].source == "collection"


# --- rows: disabled, duplicates, odd values ---------------------------------------------------------------------

def test_disabled_rows_are_ignored_and_do_not_shadow_lower_scopes() -> None:
    built = Scopes.build(request=[row("x", "disabled", enabled=False)], globals_=[row("x", "global")])
    assert resolve("{{x}}", built).text == "global"
    only_disabled = Scopes.build(environment=[row("y", "nope", enabled=False)])
    result = resolve("{{y}}", only_disabled)
    assert result.text == "{{y}}" and result.unresolved == ["y"]


def test_later_duplicate_key_wins_within_a_scope() -> None:
    built = Scopes.build(environment=[row("x", "first"), row("x", "second")])
    assert resolve("{{x}}", built).text == "second"


def test_disabled_later_duplicate_falls_back_to_the_last_enabled_one() -> None:
    built = Scopes.build(environment=[row("x", "one"), row("x", "two"), row("x", "three", enabled=False)])
    assert resolve("{{x}}", built).text == "two"


def test_rows_without_key_or_with_none_value_are_skipped() -> None:
    built = Scopes.build(environment=[row("", "orphan"), row("token", None, secret=True)])
    result = resolve("{{}}|{{token}}", built)
    # A secret whose value was not supplied is reported, never sent as an empty string.
    assert result.text == "{{}}|{{token}}" and result.unresolved == ["token"]


def test_typed_values_print_like_postman() -> None:
    built = Scopes.build(environment=[row("n", 42), row("t", True), row("f", False), row("one", 1.0), row("half", 0.5)])
    assert resolve("{{n}} {{t}} {{f}} {{one}} {{half}}", built).text == "42 true false 1 0.5"


def test_pydantic_rows_work_like_mappings() -> None:
    built = Scopes([Scope.from_rows("collection", [KeyValue(key="a", value="1"), KeyValue(key="b", value="2",
                                                                                          enabled=False)])])
    assert resolve("{{a}}{{b}}", built).text == "1{{b}}"


# --- syntax -----------------------------------------------------------------------------------------------------

def test_unresolved_names_are_left_in_place_and_reported_once_in_order() -> None:
    result = resolve("{{b}}/{{known}}/{{a}}/{{b}}", scopes(known="k"))
    assert result.text == "{{b}}/k/{{a}}/{{b}}"
    assert result.unresolved == ["b", "a"]
    assert result.used == ["known"]


def test_spaces_inside_braces_are_part_of_the_name() -> None:
    result = resolve("{{ host }}", scopes(host="h"))
    assert result.text == "{{ host }}" and result.unresolved == [" host "]
    assert resolve("{{ host }}", Scopes.build(environment=[row(" host ", "spaced")])).text == "spaced"


def test_names_may_hold_almost_any_character_and_are_case_sensitive() -> None:
    built = scopes(**{"api-key.v2 (prod)/é": "ok", "Host": "upper"})
    assert resolve("{{api-key.v2 (prod)/é}}", built).text == "ok"
    result = resolve("{{host}}{{Host}}", built)
    assert result.text == "{{host}}upper" and result.unresolved == ["host"]


def test_unclosed_and_empty_braces_are_literal_text() -> None:
    built = scopes(a="A")
    result = resolve("{{a} {{ {{a {{}} }}{{a}}", built)
    assert result.text == "{{a} {{ {{a {{}} }}A"
    assert result.unresolved == []


def test_extra_braces_around_a_reference_stay_literal() -> None:
    assert resolve("{{{a}}}", scopes(a="A")).text == "{A}"
    assert resolve('{"k": {{a}}}', scopes(a="1")).text == '{"k": 1}'


def test_text_without_references_is_returned_unchanged() -> None:
    text = "plain text with { single } braces and }} closers"
    result = resolve(text, scopes(a="A"))
    assert result.text == text and result.unresolved == [] and result.used == [] and result.secrets == set()


# --- nesting, cycles, depth -------------------------------------------------------------------------------------

def test_nested_references_two_and_three_levels() -> None:
    built = scopes(base="{{scheme}}://{{host}}", scheme="https", host="{{sub}}.example.com", sub="api")
    result = resolve("{{base}}/v1", built)
    assert result.text == "https://api.example.com/v1"
    assert result.used == ["base", "scheme", "host", "sub"]


def test_nested_reference_resolves_across_scopes_with_full_precedence() -> None:
    # The environment's value refers to a name that the request overrides: the override applies inside it too.
    built = Scopes.build(request=[row("ver", "v2")], environment=[row("path", "/api/{{ver}}"), row("ver", "v1")])
    assert resolve("{{path}}", built).text == "/api/v2"


def test_each_occurrence_is_expanded_afresh() -> None:
    result = resolve("{{id}} {{id}}", scopes(id="{{$guid}}"))
    first, second = result.text.split(" ")
    assert uuid.UUID(first) != uuid.UUID(second)


def test_two_variable_cycle_is_reported_and_left_as_is() -> None:
    result = within(5, lambda: resolve("x={{a}}", scopes(a="{{b}}", b="{{a}}")))
    assert result.text == "x={{a}}"
    assert result.unresolved == ["a", "b"]
    assert result.used == []


def test_self_reference_is_reported_and_left_as_is() -> None:
    result = within(5, lambda: resolve("{{a}}!", scopes(a="again {{a}}")))
    assert result.text == "{{a}}!" and result.unresolved == ["a"]


def test_cycle_entered_from_the_middle_reports_the_loop_from_there() -> None:
    result = within(5, lambda: resolve("{{b}}", scopes(a="{{b}}", b="{{c}}", c="{{a}}")))
    assert result.text == "{{b}}" and result.unresolved == ["b", "c", "a"]


def test_a_value_that_leads_into_a_cycle_still_resolves_around_it() -> None:
    built = scopes(outer="pre-{{a}}-{{ok}}", a="{{b}}", b="{{a}}", ok="fine")
    result = within(5, lambda: resolve("{{outer}}", built))
    assert result.text == "pre-{{a}}-fine"
    assert result.unresolved == ["a", "b"]
    assert result.used == ["outer", "ok"]


def test_depth_limit_leaves_the_too_deep_reference_literal() -> None:
    n = MAX_DEPTH + 3
    chain = {f"v{i}": f"{i}-{{{{v{i + 1}}}}}" for i in range(n)} | {f"v{n}": "end"}
    result = within(5, lambda: resolve("{{v0}}", scopes(**chain)))
    expected_prefix = "".join(f"{i}-" for i in range(MAX_DEPTH))
    assert result.text == expected_prefix + f"{{{{v{MAX_DEPTH}}}}}"
    assert result.unresolved == [f"v{MAX_DEPTH}"]


def test_a_chain_exactly_at_the_depth_limit_resolves() -> None:
    chain = {f"v{i}": f"{{{{v{i + 1}}}}}" for i in range(MAX_DEPTH - 1)} | {f"v{MAX_DEPTH - 1}": "bottom"}
    result = resolve("{{v0}}", scopes(**chain))
    assert result.text == "bottom" and result.unresolved == []


def test_depth_limit_is_adjustable() -> None:
    result = resolve("{{a}}", scopes(a="{{b}}", b="{{c}}", c="C"), max_depth=2)
    assert result.text == "{{c}}" and result.unresolved == ["c"]


def test_long_dynamic_values_count_against_the_budget() -> None:
    fanout = {f"p{i}": ("{{" + f"p{i + 1}" + "}}") * 10 for i in range(6)} | {"p6": "{{$randomLoremParagraphs}}"}
    result = within(30, lambda: resolve("{{p0}}", scopes(**fanout), rng=random.Random(0)))
    assert "$randomLoremParagraphs" in result.unresolved
    assert len(result.text) < 20_000_000


def test_exponential_expansion_is_cut_off_by_the_budget() -> None:
    # "Billion laughs": ten levels that each repeat the next ten times would be 10**10 references.
    laughs = {f"l{i}": ("{{" + f"l{i + 1}" + "}}") * 10 for i in range(9)} | {"l9": "lol"}
    started = time.monotonic()
    result = within(30, lambda: resolve("{{l0}}", scopes(**laughs)))
    assert time.monotonic() - started < 30
    assert result.unresolved, "the cut-off must be reported"
    assert len(result.text) < 2_000_000


# --- secrets ----------------------------------------------------------------------------------------------------

def test_secret_value_used_directly_is_reported() -> None:
    built = Scopes.build(environment=[row("token", "s3cr3t", secret=True), row("user", "bob")])
    result = resolve("Bearer {{token}} for {{user}}", built)
    assert result.text == "Bearer s3cr3t for bob"
    assert result.secrets == {"s3cr3t"} and result.tainted


def test_secret_reached_through_nesting_taints_the_result() -> None:
    built = Scopes.build(collection=[row("auth", "Bearer {{token}}")],
                         environment=[row("token", "deep-secret", secret=True)])
    result = resolve("{{auth}}", built)
    assert result.text == "Bearer deep-secret" and result.secrets == {"deep-secret"}


def test_secret_whose_value_nests_a_plain_variable_reports_the_expanded_value() -> None:
    built = Scopes.build(environment=[row("cred", "{{user}}:pw", secret=True), row("user", "bob")])
    result = resolve("{{cred}}", built)
    assert result.text == "bob:pw" and result.secrets == {"bob:pw"}


def test_no_secret_no_taint_and_empty_secrets_are_not_reported() -> None:
    built = Scopes.build(environment=[row("a", "plain"), row("empty", "", secret=True)])
    result = resolve("{{a}}{{empty}}", built)
    assert result.text == "plain" and result.secrets == set() and not result.tainted


def test_secrets_met_inside_an_aborted_cycle_are_still_reported() -> None:
    # Over-redaction is harmless; a missed secret is not.
    built = Scopes.build(environment=[row("a", "{{s}}{{b}}"), row("b", "{{a}}"), row("s", "hidden", secret=True)])
    result = within(5, lambda: resolve("{{a}}", built))
    assert result.text == "{{a}}" and "hidden" in result.secrets


# --- resolve_rows -----------------------------------------------------------------------------------------------

def test_resolve_rows_resolves_keys_and_values_skips_disabled_and_merges_reports() -> None:
    built = Scopes.build(environment=[row("hname", "X-Api-Key"), row("key", "k-123", secret=True), row("v", "1")])
    rows = [row("{{hname}}", "{{key}}"), row("Accept", "{{missing}}"), row("Off", "{{v}}", enabled=False),
            row("X-Ver", "{{v}}"), row("X-Ver", "{{other}}")]
    out, report = resolve_rows(rows, built)
    assert [(r.key, r.value, r.secret) for r in out] == [
        ("X-Api-Key", "k-123", True), ("Accept", "{{missing}}", False), ("X-Ver", "1", False),
        ("X-Ver", "{{other}}", False),
    ]
    assert report.unresolved == ["missing", "other"]
    assert report.secrets == {"k-123"}
    assert report.used == ["hname", "key", "v"]


def test_resolve_rows_accepts_pydantic_rows_and_reports_merge_with_other_pieces() -> None:
    built = scopes(host="h.test", q="42")
    url = resolve("https://{{host}}/{{nope}}", built)
    out, params = resolve_rows([KeyValue(key="q", value="{{q}}"), KeyValue(key="x", value="y", enabled=False)], built)
    assert [(r.key, r.value) for r in out] == [("q", "42")]
    merged = Resolution().merge(url).merge(params)
    assert merged.used == ["host", "q"] and merged.unresolved == ["nope"]


# --- dynamic variables in resolution ----------------------------------------------------------------------------

def test_two_guids_in_one_text_differ() -> None:
    result = resolve("{{$guid}}/{{$guid}}", Scopes())
    a, b = result.text.split("/")
    assert a != b
    assert uuid.UUID(a).version == 4 and uuid.UUID(b).version == 4
    assert result.used == ["$guid"] and result.unresolved == []


def test_unknown_dynamic_name_is_unresolved() -> None:
    result = resolve("{{$randomNope}}", Scopes())
    assert result.text == "{{$randomNope}}" and result.unresolved == ["$randomNope"]


def test_dynamic_can_be_turned_off() -> None:
    result = resolve("{{$guid}}", Scopes(), dynamic=False)
    assert result.text == "{{$guid}}" and result.unresolved == ["$guid"]


def test_a_user_variable_shadows_a_dynamic_one() -> None:
    assert resolve("{{$guid}}", scopes(**{"$guid": "mine"})).text == "mine"


def test_seeded_random_gives_repeatable_values() -> None:
    text = "{{$guid}} {{$randomInt}} {{$randomEmail}} {{$randomFullName}}"
    one = resolve(text, Scopes(), rng=random.Random(7)).text
    two = resolve(text, Scopes(), rng=random.Random(7)).text
    other = resolve(text, Scopes(), rng=random.Random(8)).text
    assert one == two != other


# --- dynamic variables: every format ----------------------------------------------------------------------------

UUID4 = r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"
JS_DATE = (r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d\d \d{4} "
           r"\d\d:\d\d:\d\d GMT\+0000 \(Coordinated Universal Time\)")
WORD = r"[A-Za-z0-9][A-Za-z0-9/ -]*"  # a word or short phrase: letters, digits, hyphens, "24/7"
CAP_NAME = r"[A-Z][a-z]+"
USER = r"[A-Z][a-z]+(\d{1,2}|[._][A-Z][a-z]+\d{0,2})"
DOMAIN = r"[a-z]+\.(com|biz|info|name|net|org)"
LOREM_SENTENCE = r"[A-Z][a-z]*( [a-z]+)*\."
FILE = r"[a-z0-9_]+\.[a-z0-9]+"
IMAGE = r"http://placeimg\.com/640/480"

FORMATS: dict[str, str] = {
    "$guid": UUID4,
    "$timestamp": r"\d{10}",
    "$isoTimestamp": r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z",
    "$randomInt": r"0|[1-9]\d{0,3}",
    "$randomUUID": UUID4,
    "$randomAlphaNumeric": r"[a-z0-9]",
    "$randomBoolean": r"true|false",
    "$randomWord": WORD,
    "$randomWords": rf"{WORD}( {WORD})+",
    "$randomColor": r"[a-z]+( [a-z]+)?",
    "$randomHexColor": r"#[0-9a-f]{6}",
    "$randomAbbreviation": r"[A-Z][A-Z0-9]{1,4}",
    "$randomIP": r"(\d{1,3}\.){3}\d{1,3}",
    "$randomIPV6": r"([0-9a-f]{4}:){7}[0-9a-f]{4}",
    "$randomMACAddress": r"([0-9a-f]{2}:){5}[0-9a-f]{2}",
    "$randomPassword": r"[A-Za-z0-9]{15}",
    "$randomLocale": r"[a-z]{2}",
    "$randomUserAgent": r"Mozilla/5\.0 \([^)]+\) .+",
    "$randomProtocol": r"https?",
    "$randomSemver": r"\d\.\d\.\d",
    "$randomEmail": rf"{USER}@(gmail|yahoo|hotmail)\.com",
    "$randomExampleEmail": rf"{USER}@example\.(com|net|org)",
    "$randomUserName": USER,
    "$randomUrl": rf"https?://{DOMAIN}",
    "$randomDomainName": DOMAIN,
    "$randomDomainSuffix": r"com|biz|info|name|net|org",
    "$randomDomainWord": r"[a-z]+",
    "$randomFirstName": CAP_NAME,
    "$randomLastName": CAP_NAME,
    "$randomFullName": r"((Mr\.|Mrs\.|Ms\.|Miss|Dr\.) )?[A-Z][a-z]+ [A-Z][a-z]+( (Jr\.|Sr\.|I|II|III|IV|V|MD|DDS|PhD|DVM))?",
    "$randomNamePrefix": r"Mr\.|Mrs\.|Ms\.|Miss|Dr\.",
    "$randomNameSuffix": r"Jr\.|Sr\.|I|II|III|IV|V|MD|DDS|PhD|DVM",
    "$randomJobArea": CAP_NAME,
    "$randomJobDescriptor": CAP_NAME,
    "$randomJobType": CAP_NAME,
    "$randomJobTitle": rf"{CAP_NAME} {CAP_NAME} {CAP_NAME}",
    "$randomCity": r"[A-Z][a-z]+( [A-Z][a-z]+)?",
    "$randomStreetName": rf"{CAP_NAME} {CAP_NAME}",
    "$randomStreetAddress": rf"[1-9]\d{{0,4}} {CAP_NAME} {CAP_NAME}",
    "$randomCountry": r"[A-Z][a-z]+( [A-Za-z]+)*",
    "$randomCountryCode": r"[A-Z]{2}",
    "$randomLatitude": r"-?\d{1,2}\.\d{4}",
    "$randomLongitude": r"-?\d{1,3}\.\d{4}",
    "$randomPhoneNumber": r"[2-9]\d\d-[2-9]\d\d-\d{4}",
    "$randomPhoneNumberExt": r"[1-9]\d?-[2-9]\d\d-[2-9]\d\d-\d{4}",
    "$randomDepartment": CAP_NAME,
    "$randomProduct": CAP_NAME,
    "$randomProductAdjective": CAP_NAME,
    "$randomProductMaterial": CAP_NAME,
    "$randomProductName": rf"{CAP_NAME} {CAP_NAME} {CAP_NAME}",
    "$randomCompanyName": (rf"{CAP_NAME} (Inc|and Sons|LLC|Group)|{CAP_NAME} - {CAP_NAME}"
                           rf"|{CAP_NAME}, {CAP_NAME} and {CAP_NAME}"),
    "$randomCompanySuffix": r"Inc|and Sons|LLC|Group",
    "$randomCatchPhrase": r"[A-Z][A-Za-z-]+ [a-z0-9/ -]+ [a-z -]+",
    "$randomCatchPhraseAdjective": r"[A-Z][A-Za-z-]+",
    "$randomCatchPhraseDescriptor": r"[a-z0-9/][a-z0-9/ -]*",
    "$randomCatchPhraseNoun": r"[a-z][a-z -]*",
    "$randomBs": r"[a-z-]+ [A-Za-z0-9-]+ [A-Za-z -]+",
    "$randomBsAdjective": r"[A-Za-z0-9][A-Za-z0-9-]*",
    "$randomBsBuzz": r"[a-z][a-z-]*",
    "$randomBsNoun": r"[A-Za-z][A-Za-z -]*",
    "$randomDatabaseColumn": r"[a-z]+([A-Z][a-z]+)?",
    "$randomDatabaseType": r"[a-z]+",
    "$randomDatabaseCollation": r"[a-z0-9]+_[a-z_]+",
    "$randomDatabaseEngine": r"[A-Za-z]+",
    "$randomDatePast": JS_DATE,
    "$randomDateFuture": JS_DATE,
    "$randomDateRecent": JS_DATE,
    "$randomMonth": r"January|February|March|April|May|June|July|August|September|October|November|December",
    "$randomWeekday": r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday",
    "$randomBankAccount": r"\d{8}",
    "$randomBankAccountName": r"[A-Z][a-z]+( [A-Z][a-z]+)? Account",
    "$randomBankAccountIban": r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}",
    "$randomBankAccountBic": r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}([A-Z0-9]{3})?",
    "$randomCreditCardMask": r"\d{4}",
    "$randomPrice": r"\d{1,4}\.\d{2}",
    "$randomTransactionType": r"deposit|withdrawal|payment|invoice",
    "$randomCurrencyCode": r"[A-Z]{3}",
    "$randomCurrencyName": r"[A-Z][A-Za-z ]+",
    "$randomCurrencySymbol": r"\S{1,3}",
    "$randomBitcoin": r"[13][1-9A-HJ-NP-Za-km-z]{24,33}",
    "$randomAdjective": r"[a-z0-9][a-z0-9 -]*",
    "$randomNoun": r"[a-z][a-z ]*",
    "$randomVerb": r"[a-z][a-z ]*",
    "$randomIngverb": r"[a-z]+ing( up)?",
    "$randomPhrase": r"[A-Z][^{}]+!",
    "$randomAvatarImage": r"https://cdn\.fakercloud\.com/avatars/[a-z0-9._]+_128\.jpg",
    "$randomImageUrl": IMAGE,
    "$randomAbstractImage": IMAGE + "/abstract",
    "$randomAnimalsImage": IMAGE + "/animals",
    "$randomBusinessImage": IMAGE + "/business",
    "$randomCatsImage": IMAGE + "/cats",
    "$randomCityImage": IMAGE + "/city",
    "$randomFoodImage": IMAGE + "/food",
    "$randomNightlifeImage": IMAGE + "/nightlife",
    "$randomFashionImage": IMAGE + "/fashion",
    "$randomPeopleImage": IMAGE + "/people",
    "$randomNatureImage": IMAGE + "/nature",
    "$randomSportsImage": IMAGE + "/sports",
    "$randomTransportImage": IMAGE + "/transport",
    "$randomImageDataUri": r"data:image/svg\+xml;charset=UTF-8,%3Csvg[A-Za-z0-9%._~!'()*-]+",
    "$randomLoremWord": r"[a-z]+",
    "$randomLoremWords": r"[a-z]+ [a-z]+ [a-z]+",
    "$randomLoremSentence": LOREM_SENTENCE,
    "$randomLoremSentences": rf"{LOREM_SENTENCE}( {LOREM_SENTENCE}){{1,5}}",
    "$randomLoremSlug": r"[a-z]+-[a-z]+-[a-z]+",
    "$randomLoremParagraph": rf"{LOREM_SENTENCE}( {LOREM_SENTENCE}){{2,5}}",
    "$randomLoremParagraphs": r"[^\n\r]+\n \r[^\n\r]+\n \r[^\n\r]+",
    "$randomLoremText": r"[A-Za-z][A-Za-z .\n\r-]*",
    "$randomLoremLines": rf"{LOREM_SENTENCE}(\n{LOREM_SENTENCE}){{0,4}}",
    "$randomFileName": FILE,
    "$randomCommonFileName": r"[a-z0-9_]+\.(pdf|mpga|wav|png|jpeg|gif|mp4|mpeg|html)",
    "$randomFilePath": rf"(/[A-Za-z0-9_.+-]+)+/{FILE}",
    "$randomDirectoryPath": r"(/[A-Za-z0-9_.+-]+)+",
    "$randomFileExt": r"[a-z0-9]+",
    "$randomCommonFileExt": r"pdf|mpga|wav|png|jpeg|gif|mp4|mpeg|html",
    "$randomFileType": r"application|audio|font|image|message|model|multipart|text|video",
    "$randomCommonFileType": r"video|audio|image|text|application",
    "$randomMimeType": r"[a-z]+/[a-z0-9.+-]+",
}


def _js_date(value: str) -> datetime:
    return datetime.strptime(value[:24], "%a %b %d %Y %H:%M:%S").replace(tzinfo=UTC)


def _iban_ok(value: str) -> bool:
    return int("".join(str(int(c, 36)) for c in value[4:] + value[:4])) % 97 == 1


#: checks beyond the shape, where the shape alone would let a wrong value through
EXTRA: dict[str, Callable[[str], bool]] = {
    "$guid": lambda v: uuid.UUID(v).version == 4,
    "$randomUUID": lambda v: uuid.UUID(v).version == 4,
    "$timestamp": lambda v: abs(int(v) - time.time()) < 5,
    "$isoTimestamp": lambda v: abs(datetime.fromisoformat(v.replace("Z", "+00:00")) - datetime.now(UTC))
    < timedelta(seconds=5),
    "$randomInt": lambda v: 0 <= int(v) <= 1000,
    "$randomIP": lambda v: isinstance(ipaddress.ip_address(v), ipaddress.IPv4Address),
    "$randomIPV6": lambda v: isinstance(ipaddress.ip_address(v), ipaddress.IPv6Address),
    "$randomLatitude": lambda v: -90 <= float(v) <= 90,
    "$randomLongitude": lambda v: -180 <= float(v) <= 180,
    "$randomPrice": lambda v: 0 <= float(v) <= 1000,
    "$randomEmail": lambda v: v.count("@") == 1,
    "$randomExampleEmail": lambda v: v.count("@") == 1,
    "$randomBankAccountIban": _iban_ok,
    "$randomDatePast": lambda v: datetime.now(UTC) - timedelta(days=366) <= _js_date(v) <= datetime.now(UTC),
    "$randomDateFuture": lambda v: datetime.now(UTC) - timedelta(seconds=1) <= _js_date(v)
    <= datetime.now(UTC) + timedelta(days=366),
    "$randomDateRecent": lambda v: datetime.now(UTC) - timedelta(days=1, seconds=1) <= _js_date(v)
    <= datetime.now(UTC),
}


def test_every_dynamic_variable_has_a_format_check() -> None:
    assert set(FORMATS) == set(dynamic.names()) == set(dynamic.DYNAMIC)


def test_at_least_thirty_dynamic_variables_including_the_core_five() -> None:
    names = dynamic.names()
    assert len(names) >= 30
    assert {"$guid", "$timestamp", "$isoTimestamp", "$randomInt", "$randomUUID"} <= set(names)
    assert names == sorted(names) and all(n.startswith("$") for n in names)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_dynamic_variable_format(name: str) -> None:
    pattern = re.compile(FORMATS[name])
    # Seeded generators cover many branches repeatably; the system generator is what production uses.
    values = [dynamic.generate(name, random.Random(seed)) for seed in range(40)] + [dynamic.DYNAMIC[name]()]
    for value in values:
        assert value is not None
        assert pattern.fullmatch(value), f"{name} gave {value!r}"
        assert name not in EXTRA or EXTRA[name](value), f"{name} gave {value!r}"
        # Resolution relies on generated values never holding a reference of their own.
        assert "{{" not in value


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_dynamic_variable_resolves_through_braces(name: str) -> None:
    result = resolve("{{" + name + "}}", Scopes(), rng=random.Random(1))
    assert result.unresolved == [] and result.used == [name]
    assert re.fullmatch(FORMATS[name], result.text)


def test_random_variables_actually_vary() -> None:
    for name in ("$randomInt", "$randomEmail", "$randomPassword", "$randomIP", "$randomFullName", "$randomWords"):
        assert len({dynamic.DYNAMIC[name]() for _ in range(30)}) > 1, name


def test_generate_returns_none_for_unknown_names() -> None:
    assert dynamic.generate("$nope") is None and dynamic.generate("guid") is None
