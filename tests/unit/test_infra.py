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


def test_every_function_gets_the_environment_and_the_queue_reports_partial_failures() -> None:
    resources = TEMPLATE["Resources"]
    for fn in ("APIHandler", "RunExecutions", "WebsocketConnect", "WebsocketMessage", "WebsocketDisconnect"):
        env = resources[fn]["Properties"]["Environment"]["Variables"]
        assert {"PLAYGROUND_TABLE", "PLAYGROUND_EXECUTIONS_QUEUE", "PLAYGROUND_WS_DOMAIN"} <= set(env), fn
    source = resources["RunExecutions"]["Properties"]["Events"]["RunExecutionsSqsEventSource"]["Properties"]
    assert source["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
    queue = resources["ExecutionsQueue"]["Properties"]
    assert queue["RedrivePolicy"]["maxReceiveCount"] == 3
    assert queue["VisibilityTimeout"] >= 6 * resources["RunExecutions"]["Properties"]["Timeout"]


def test_the_queue_the_template_creates_is_the_one_chalice_subscribes_to() -> None:
    stages = json.loads((Path(__file__).parents[2] / ".chalice" / "config.json").read_text())["stages"]
    default = TEMPLATE["Parameters"]["ExecutionsQueueName"]["Default"]
    assert default == stages["prod"]["environment_variables"]["PLAYGROUND_EXECUTIONS_QUEUE"]


def test_the_blob_bucket_lets_the_page_use_presigned_urls_as_locally() -> None:
    from chalicelib.storage.bootstrap import blob_cors_rule

    (rule,) = TEMPLATE["Resources"]["BlobBucket"]["Properties"]["CorsConfiguration"]["CorsRules"]
    local = blob_cors_rule(["*"])
    assert rule["AllowedOrigins"] == [{"Ref": "WebOrigin"}]
    assert rule["AllowedMethods"] == local["AllowedMethods"] and rule["AllowedHeaders"] == local["AllowedHeaders"]
    assert rule["ExposedHeaders"] == local["ExposeHeaders"] and rule["MaxAge"] == local["MaxAgeSeconds"]
