"""The deployment template and the code agree on the table: keys, index, TTL, and the environment it sets."""

from __future__ import annotations

import json
from pathlib import Path

from chalicelib.storage.table import Item

TEMPLATE = json.loads((Path(__file__).parents[2] / "infra" / "resources.json").read_text())


def test_table_in_template_matches_the_model() -> None:
    props = TEMPLATE["Resources"]["PlaygroundTable"]["Properties"]
    keys = {k["KeyType"]: k["AttributeName"] for k in props["KeySchema"]}
    assert keys == {"HASH": Item.pk.attr_name, "RANGE": Item.sk.attr_name}
    (gsi,) = props["GlobalSecondaryIndexes"]
    assert gsi["IndexName"] == Item.gsi1.Meta.index_name
    assert {k["KeyType"]: k["AttributeName"] for k in gsi["KeySchema"]} == {"HASH": "gsi1pk", "RANGE": "gsi1sk"}
    assert gsi["Projection"]["ProjectionType"] == "ALL"
    assert props["TimeToLiveSpecification"] == {"AttributeName": Item.ttl.attr_name, "Enabled": True}
    assert props["BillingMode"] == "PAY_PER_REQUEST"


def test_template_sets_every_resource_setting_the_code_reads() -> None:
    env = TEMPLATE["Resources"]["APIHandler"]["Properties"]["Environment"]["Variables"]
    assert {"PLAYGROUND_TABLE", "PLAYGROUND_BUCKET", "PLAYGROUND_KMS_KEY", "PLAYGROUND_JWT_SECRET"} <= set(env)
    policy = TEMPLATE["Resources"]["PlaygroundDataPolicy"]["Properties"]["PolicyDocument"]["Statement"]
    actions = {a for s in policy for a in s["Action"]}
    # TransactWriteItems is authorised per item by the item actions (PutItem, ConditionCheckItem, ...).
    for needed in ("dynamodb:PutItem", "dynamodb:ConditionCheckItem", "dynamodb:BatchGetItem", "dynamodb:Query",
                   "dynamodb:BatchWriteItem", "kms:GenerateDataKey", "kms:Decrypt"):
        assert needed in actions, needed
