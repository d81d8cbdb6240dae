"""The API's conventions through HTTP: the one error shape, 400 with field details, 413, invalid JSON, and the
OpenAPI 3.1 document generated from the models that validate input."""

from __future__ import annotations

import json

import pytest
from openapi_spec_validator import validate

from chalicelib.api.http import ROUTES
from tests.conftest import Api


def test_bad_bodies_get_400_with_field_details(alice: Api) -> None:
    status, err = alice.call("POST", "/workspaces", raw="{not json")
    assert status == 400 and err["error"]["code"] == "INVALID_JSON"
    status, err = alice.call("POST", "/workspaces", raw="[1, 2]")
    assert status == 400 and err["error"]["details"]["fields"][0]["field"] == "body"
    status, err = alice.call("POST", "/workspaces", {"name": "", "extra": 1})
    assert status == 400
    assert {f["field"] for f in err["error"]["details"]["fields"]} == {"name", "extra"}
    status, err = alice.call("POST", "/auth/register", {"email": "nope", "password": "short"})
    assert status == 400 and {f["field"] for f in err["error"]["details"]["fields"]} == {"email", "password"}
    status, err = alice.call("POST", "/workspaces", raw=b"\xff\xfe")
    assert status == 400


def test_oversized_bodies_get_413(alice: Api) -> None:
    status, err = alice.call("POST", "/workspaces", {"name": "x", "description": "y" * 400_000})
    assert status == 413 and err["error"]["code"] == "PAYLOAD_TOO_LARGE"
    assert err["error"]["details"]["limit"] == 350_000


def test_nothing_leaks_from_an_unexpected_failure(alice: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    from chalicelib.workspaces import service

    def boom(*a: object, **k: object) -> None:
        raise RuntimeError("internal detail: table playground-test, key USER#...")

    monkeypatch.setattr(service, "list_mine", boom)
    status, err = alice.call("GET", "/workspaces")
    assert status == 500 and err["error"]["code"] == "INTERNAL"
    assert "playground-test" not in json.dumps(err)


def test_openapi_document_is_valid_3_1_and_covers_every_route(anon: Api) -> None:
    doc = anon.ok("GET", "/openapi.json")
    assert doc["openapi"] == "3.1.0"
    validate(doc)
    ops = {(m.upper(), p) for p, item in doc["paths"].items() for m in item}
    assert ops == {(r.method, r.path) for r in ROUTES}
    create = doc["paths"]["/workspaces/{ws}/requests"]["post"]
    ref = create["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    schema = doc["components"]["schemas"][ref.rsplit("/", 1)[1]]
    assert "parent_id" in schema["required"] and schema["properties"]["method"]["pattern"]
    assert create["responses"]["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/Error")


def test_errors_chalice_answers_itself_have_the_same_shape(alice: Api) -> None:
    status, err = alice.call("PUT", "/workspaces", {})
    assert status == 405 and err["error"]["code"] == "METHOD_NOT_ALLOWED"
    status, err = alice.call("POST", "/workspaces", raw="<x/>", headers={"Content-Type": "application/xml"})
    assert status == 415 and err["error"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
