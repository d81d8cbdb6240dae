from tests.conftest import Api


def test_register_create_workspace_and_tree(alice: Api) -> None:
    ws = alice.ok("POST", "/workspaces", {"name": "Team"})
    col = alice.ok("POST", f"/workspaces/{ws['id']}/folders", {"name": "Col"})
    sub = alice.ok("POST", f"/workspaces/{ws['id']}/folders", {"name": "Sub", "parent_id": col["id"]})
    req = alice.ok("POST", f"/workspaces/{ws['id']}/requests", {"parent_id": sub["id"], "name": "Get it",
                                                                  "method": "PURGE", "url": "https://x/{{a}}"})
    tree = alice.ok("GET", f"/workspaces/{ws['id']}/tree")
    assert tree["items"][0]["children"][0]["children"][0]["id"] == req["id"]
    assert tree["counts"] == {"collections": 1, "folders": 1, "requests": 1}


def test_egress_policy_is_explained_to_signed_in_users(alice: Api) -> None:
    info = alice.ok("GET", "/egress")
    # the test stack runs hosted-mode egress unless a test says otherwise
    assert info["mode"] in ("hosted", "local", "team")
    assert info["summary"] and "metadata" in info["summary"]
    assert isinstance(info["allow_cidrs"], list) and isinstance(info["allow_hosts"], list)
