"""Insomnia v5 (Insomnia 10 and later, YAML): the same workspace as the v4 fixture of test_curl_har_insomnia.py,
written the way Insomnia writes v5, must import to the same collections and environments; scripts are kept in both
formats; refusals name the place in the v5 file."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from chalicelib.interop.detect import detect
from chalicelib.interop.insomnia import import_insomnia
from chalicelib.interop.tree import Bundle, FolderNode, ImportError_, RequestNode
from tests.unit.test_curl_har_insomnia import INSOMNIA

SHOP_V5 = """\
type: collection.insomnia.rest/5.0
schema_version: "5.1"
name: Shop API
meta:
  id: wrk_shop
  created: 1
  modified: 1
  description: The shop
collection:
  - name: Auth
    meta:
      id: fld_auth
      sortKey: -5
      description: ""
    children:
      - url: "{{ _.base_url }}/login"
        name: Log in
        meta:
          id: req_login
          created: 1
          modified: 1
          isPrivate: false
          description: Get a session
          sortKey: -10
        method: POST
        body:
          mimeType: application/json
          text: |-
            {
              "user": "{{ _.user.name }}",
              "id": "{% uuid 'v4' %}"
            }
        headers:
          - name: Content-Type
            value: application/json
        authentication:
          type: basic
          useISO88591: false
          disabled: false
          username: "{{ _.user.name }}"
          password: "{{ _['user-pass'] }}"
        scripts:
          preRequest: insomnia.environment.set("started", Date.now()); // docs.insomnia.rest, see insomnia.rest
          afterResponse: |-
            insomnia.test("ok", () => {
              insomnia.expect(insomnia.response.code).to.equal(200);
            });
        settings:
          renderRequestBody: true
          encodeUrl: true
          followRedirects: "off"
          cookies:
            send: true
            store: true
          rebuildPath: true
    environment:
      realm: shop
      nested:
        level: 2
    headers:
      - name: X-Folder
        value: auth
    authentication:
      type: bearer
      token: "{{ _.token }}"
      prefix: ""
  - url: "{{base_url}}/products?sort=asc"
    name: Search
    meta:
      id: req_search
      sortKey: -20
    method: GET
    parameters:
      - name: q
        value: red shoes
        disabled: false
      - name: debug
        value: "1"
        disabled: true
      - name: ""
        value: ""
    headers:
      - name: Accept
        value: application/json
      - name: X-Off
        value: "1"
        disabled: true
    authentication:
      type: apikey
      key: X-Api-Key
      value: "{{ _.api_key }}"
      addTo: queryParams
    settings:
      followRedirects: global
  - name: Orders
    meta:
      id: fld_orders
      sortKey: -1
      description: Order things
    children:
      - name: Deep
        meta:
          id: fld_deep
          sortKey: 0
        children:
          - url: https://shop.example/orders/:id/files
            name: Upload
            meta:
              id: req_upload
              sortKey: 0
            method: PUT
            body:
              mimeType: multipart/form-data
              params:
                - name: note
                  value: hi {{ _.realm }}
                  type: text
                - name: file
                  value: ""
                  fileName: /Users/ada/invoice.pdf
                  type: file
            headers:
              - name: Content-Type
                value: multipart/form-data
            pathParameters:
              - name: id
                value: "7"
            authentication:
              type: oauth2
              grantType: client_credentials
              accessTokenUrl: https://auth.example/token
              clientId: cid
              clientSecret: "{{ _.secret }}"
              scope: orders
              credentialsInBody: true
              audience: https://api.example
      - url: https://shop.example/orders
        name: Create (form)
        meta:
          id: req_form
          sortKey: 1
        method: POST
        body:
          mimeType: application/x-www-form-urlencoded
          params:
            - name: sku
              value: A-1
            - name: qty
              value: "2"
              disabled: true
        headers:
          - name: Content-Type
            value: application/x-www-form-urlencoded
        authentication:
          type: digest
          username: ops
          password: pw
      - url: https://shop.example/graphql
        name: Query
        meta:
          id: req_gql
          sortKey: 2
        method: POST
        body:
          mimeType: application/graphql
          text: '{"query":"query Q($id: ID!) { order(id: $id) { id } }","variables":{"id":"7"},"operationName":"Q"}'
        headers:
          - name: Content-Type
            value: application/json
        authentication:
          type: none
      - url: https://shop.example/import
        name: Import file
        meta:
          id: req_file
          sortKey: 3
        method: POST
        body:
          mimeType: application/octet-stream
          fileName: /tmp/orders.csv
        authentication:
          type: bearer
          token: t
          prefix: Token
      - url: https://shop.example/legacy?ts={% now 'unix' %}
        name: Legacy
        meta:
          id: req_xml
          sortKey: 4
        method: POST
        body:
          mimeType: application/xml
          text: <o id="{% response 'body', 'req_login', 'b64::JC5pZA==::46b' %}"/>
        headers:
          - name: Content-Type
            value: application/xml
        authentication: {}
  - url: grpc://x
    name: gRPC ping
    meta:
      id: greq_1
    reflectionApi:
      enabled: false
cookieJar:
  name: Default Jar
  meta:
    id: jar_1
  cookies:
    - key: sid
      value: "1"
      domain: shop.example
environments:
  name: Base Environment
  meta:
    id: env_base
    isPrivate: false
  data:
    base_url: https://shop.example
    user:
      name: ada
    retries: 3
    flags:
      - a
      - b
    api_key: base-key
  subEnvironments:
    - name: Production
      meta:
        id: env_prod
        sortKey: 2
        isPrivate: false
      data:
        base_url: https://shop.example
        api_key: prod-key
        token: "{{ _.api_key }}-t"
    - name: Local
      meta:
        id: env_local
        sortKey: 1
        isPrivate: true
      data:
        base_url: http://localhost:8080
        user:
          name: dev
          role: admin
"""


def _tree(node: FolderNode | RequestNode) -> Any:
    doc = {k: v for k, v in node.doc.items() if k != "events"}
    return (doc, [_tree(c) for c in node.children]) if isinstance(node, FolderNode) else doc


def _v4_shop_with_scripts() -> dict[str, Any]:
    v4 = copy.deepcopy(INSOMNIA)
    v4["resources"] = [r for r in v4["resources"] if r["_id"] != "req_orphan"]
    login = next(r for r in v4["resources"] if r["_id"] == "req_login")
    login["preRequestScript"] = 'insomnia.environment.set("started", Date.now()); // docs.insomnia.rest, see insomnia.rest'
    login["afterResponseScript"] = ('insomnia.test("ok", () => {\n  insomnia.expect(insomnia.response.code)'
                                    '.to.equal(200);\n});')
    return v4


def _login(bundle: Bundle) -> dict[str, Any]:
    auth = bundle.collections[0].children[1]
    assert isinstance(auth, FolderNode)
    node = auth.children[0]
    assert isinstance(node, RequestNode)
    return node.doc


def test_a_v5_collection_imports_as_its_v4_export_does() -> None:
    data = SHOP_V5.encode()
    assert detect(data) == "insomnia"
    v5 = import_insomnia(data)
    v4 = import_insomnia(json.dumps(_v4_shop_with_scripts()).encode())
    assert [c.doc["name"] for c in v5.collections] == ["Shop API"]
    assert _tree(v5.collections[0]) == _tree(v4.collections[0])
    assert [(e.name, e.variables) for e in v5.environments] == [(e.name, e.variables) for e in v4.environments]
    assert [e.name for e in v5.environments] == ["Local", "Production"]
    # the same warnings, each naming its place in the file the user has
    assert len(v5.warnings) == len(v4.warnings)
    assert any(w.startswith("collection[2].children[0].children[0] (Upload): attach the file") for w in v5.warnings)
    assert any(w.startswith("resources[7] (Upload): attach the file") for w in v4.warnings)
    # scripts, in both formats: Postman-shaped events, Insomnia's API written as pm.*
    for bundle in (v5, v4):
        assert _login(bundle)["events"] == [
            {"listen": "prerequest", "script": {"type": "text/javascript",
                                                "exec": ['pm.environment.set("started", Date.now()); '
                                                         "// docs.insomnia.rest, see insomnia.rest"]}},
            {"listen": "test", "script": {"type": "text/javascript", "exec": [
                'pm.test("ok", () => {', "  pm.expect(pm.response.code).to.equal(200);", "});"]}}]
    assert any("1 grpc_request" in w for w in v5.warnings)
    assert any("2 Insomnia script(s)" in w for w in v5.warnings)


def test_v5_without_ids_or_sort_keys_keeps_the_file_order() -> None:
    data = b"""type: collection.insomnia.rest/5.0
name: Bare
collection:
  - name: B
    url: https://x.test/b
    method: GET
  - name: Folder
    children:
      - name: Inner
        url: https://x.test/in
        method: DELETE
  - name: A
    url: https://x.test/a
    method: post
  - name: Socket
    url: wss://x.test/live
"""
    bundle = import_insomnia(data)
    names = [c.doc["name"] for c in bundle.collections[0].children]
    assert names == ["B", "Folder", "A"]
    folder = bundle.collections[0].children[1]
    assert isinstance(folder, FolderNode) and folder.children[0].doc["method"] == "DELETE"
    assert any("1 websocket_request" in w for w in bundle.warnings)


def test_a_v5_environment_file_imports_its_environments() -> None:
    data = b"""type: environment.insomnia.rest/5.0
name: Shared envs
environments:
  name: Base Environment
  data:
    host: https://api.test
  subEnvironments:
    - name: Staging
      data:
        host: https://staging.api.test
"""
    assert detect(data) == "insomnia"
    bundle = import_insomnia(data)
    assert [(e.name, [(v["key"], v["value"]) for v in e.variables]) for e in bundle.environments] == [
        ("Staging", [("host", "https://staging.api.test")])]
    assert bundle.collections == []  # environments only: no empty collection


@pytest.mark.parametrize(("text", "location", "message"), [
    ("type: mock.insomnia.rest/5.0\nname: m\n", "type", "we import collections"),
    ("type: collection.insomnia.rest/5.0\ncollection: nope\n", "collection", "must be a list"),
    ("type: collection.insomnia.rest/5.0\ncollection:\n  - name: F\n    children:\n      - 7\n",
     "collection[0].children[0]", "mapping"),
    ("type: collection.insomnia.rest/5.0\ncollection:\n  - name: F\n    children:\n      - name: R\n"
     "        method: NOT OK\n        url: https://x.test\n", "collection[0].children[0].method", "method"),
    ("type: collection.insomnia.rest/5.0\nenvironments:\n  data: [1, 2]\n", "environments.data", "object"),
    ("type: collection.insomnia.rest/5.0\nenvironments:\n  subEnvironments:\n    - name: S\n      data:\n"
     "        blob: " + "x" * 100_001 + "\n", "environments.subEnvironments[0].data", "cannot be imported"),
])
def test_v5_refusals_name_the_place_in_the_file(text: str, location: str, message: str) -> None:
    with pytest.raises(ImportError_) as err:
        import_insomnia(text.encode())
    assert err.value.location == location and message in err.value.message, (err.value.location, err.value.message)


def test_a_deep_v5_tree_is_refused_not_recursed() -> None:
    text = "type: collection.insomnia.rest/5.0\ncollection:\n"
    indent = "  "
    for _ in range(70):
        text += f"{indent}- name: F\n{indent}  children:\n"
        indent += "    "
    text += f"{indent}- name: R\n{indent}  method: GET\n{indent}  url: https://x.test\n"
    with pytest.raises(ImportError_) as err:
        import_insomnia(text.encode())
    assert "levels deep" in err.value.message or "deep" in err.value.message


def test_fuzzed_v5_files_import_or_are_refused_never_crash() -> None:
    """Deterministic fuzz: values of every YAML type dropped anywhere into the fixture. Each import succeeds or is
    refused with an ImportError_ that says where; nothing else escapes (an API caller would see a 500)."""
    import random

    from chalicelib.interop.detect import load_yaml
    from tests.unit.fuzzing import mutated

    source = load_yaml(SHOP_V5)
    rng = random.Random(20_261_127)
    values: list[Any] = [None, 0, -1, 1.5, True, "", "x", "{{ _.v }}", [], {}, [None], [{}], {"a": 1},
                         {"type": "basic"}, {"mimeType": "application/json"}, {"children": 1}, "\ud800"]

    accepted = refused = 0
    for _ in range(400):
        doc = mutated(source, rng, values)
        try:
            import_insomnia(doc)
            accepted += 1
        except ImportError_ as e:
            assert e.message and e.location, (e.message, e.location)
            refused += 1
    assert accepted > 100 and refused > 10, (accepted, refused)


def test_yaml_alias_bombs_and_odd_scalars_are_refused() -> None:
    # refused by the graph check before anything expands the bomb (expanding it would not finish)
    laughs = "type: collection.insomnia.rest/5.0\nname: lol\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    for i in range(1, 10):
        laughs += f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]\n"
    laughs += "collection:\n  - name: R\n    method: GET\n    url: https://x.test\n    headers: *l9\n"
    for data in (laughs.encode(), laughs.replace("collection.insomnia.rest/5.0", "x").encode()):
        with pytest.raises(ImportError_) as err:
            import_insomnia(data)
        assert "alias bomb" in err.value.message and err.value.location
        with pytest.raises(ImportError_):
            detect(data)  # detection parses the text too
    recursive = b"type: collection.insomnia.rest/5.0\ncollection: &c\n  - name: F\n    children: *c\n"
    with pytest.raises(ImportError_) as err:
        import_insomnia(recursive)
    assert "recursive alias" in err.value.message
    with pytest.raises(ImportError_) as err:
        import_insomnia(b"type: collection.insomnia.rest/5.0\nname: !!int abc\n")
    assert "explicit tag" in err.value.message
    # YAML refuses a lone surrogate escape; JSON reads one, and it becomes U+FFFD instead of failing deep inside
    with pytest.raises(ImportError_):
        import_insomnia(b'type: collection.insomnia.rest/5.0\nname: "R \\ud800"\n')
    bundle = import_insomnia(b'{"_type": "export", "__export_format": 4, "resources": [{"_id": "w", "_type": '
                             b'"workspace", "name": "W"}, {"_id": "r", "_type": "request", "parentId": "w", '
                             b'"name": "R \\ud800", "method": "GET", "url": "https://x.test", '
                             b'"parameters": [{"name": "q", "value": "\\udc00x"}]}]}')
    [req] = bundle.collections[0].children
    assert req.doc["name"] == "R \ufffd" and req.doc["url"] == "https://x.test?q=%EF%BF%BDx"
