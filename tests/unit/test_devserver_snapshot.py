"""The local stack's snapshot reads moto's tables directly and skips its work when nothing was written."""

from __future__ import annotations

import uuid
from typing import Any

import boto3
from botocore.awsrequest import AWSPreparedRequest

from devserver import aws_data, write_counter


def _request(method: str, url: str, target: str | None = None) -> AWSPreparedRequest:
    headers = {"X-Amz-Target": target} if target else {}
    return AWSPreparedRequest(method=method, url=url, headers=headers, body=b"", stream_output=False)


def test_reads_do_not_count_as_writes_and_everything_else_does() -> None:
    ddb = "https://dynamodb.us-east-1.amazonaws.com/"
    for op in ("GetItem", "BatchGetItem", "Query", "Scan", "DescribeTable"):
        assert not write_counter._is_write(_request("POST", ddb, f"DynamoDB_20120810.{op}")), op
    for op in ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems", "CreateTable",
               "SomethingNew"):
        assert write_counter._is_write(_request("POST", ddb, f"DynamoDB_20120810.{op}")), op
    kms = "https://kms.us-east-1.amazonaws.com/"
    assert not write_counter._is_write(_request("POST", kms, "TrentService.Decrypt"))
    assert write_counter._is_write(_request("POST", kms, "TrentService.CreateKey"))
    s3 = "https://playground-blobs.s3.amazonaws.com/files/x"
    assert not write_counter._is_write(_request("GET", s3))
    assert not write_counter._is_write(_request("HEAD", s3))
    assert write_counter._is_write(_request("PUT", s3))
    assert write_counter._is_write(_request("DELETE", s3))
    # queues and WebSocket pushes are not part of the snapshot
    assert not write_counter._is_write(_request("POST", "https://sqs.us-east-1.amazonaws.com/", "AmazonSQS.SendMessage"))
    assert not write_counter._is_write(_request("POST", "https://execute-api.us-east-1.amazonaws.com/@connections/x"))


def test_the_in_process_dump_equals_a_scan_through_the_api() -> None:
    client: Any = boto3.client("dynamodb", region_name="us-east-1")
    name = f"snapshot-{uuid.uuid4().hex[:8]}"
    client.create_table(TableName=name, BillingMode="PAY_PER_REQUEST",
                        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"},
                                              {"AttributeName": "sk", "AttributeType": "S"}],
                        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"},
                                   {"AttributeName": "sk", "KeyType": "RANGE"}])
    try:
        items = [
            {"pk": {"S": "a"}, "sk": {"S": "1"}, "n": {"N": "12.5"}, "b": {"B": b"\x00\xffbin"},
             "ok": {"BOOL": True}, "nothing": {"NULL": True}, "tags": {"SS": ["x", "y"]}},
            {"pk": {"S": "a"}, "sk": {"S": "2"},
             "m": {"M": {"inner": {"L": [{"S": "s"}, {"N": "1"}, {"M": {"deep": {"B": b"\x01"}}}]}}}},
            {"pk": {"S": "b"}, "sk": {"S": "1"}, "bs": {"BS": [b"\x02", b"\x03"]}, "ns": {"NS": ["1", "2"]}},
        ]
        for item in items:
            client.put_item(TableName=name, Item=item)

        def normalise(tables: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
            def canon(v: Any) -> Any:
                if isinstance(v, dict):
                    return {k: canon(x) for k, x in v.items()}
                if isinstance(v, list):
                    return sorted((canon(x) for x in v), key=repr)
                return v
            return sorted((canon(i) for i in tables[name]), key=lambda i: (i["pk"]["S"], i["sk"]["S"]))

        via_api = normalise(aws_data.dump_tables(client))
        in_process = normalise(aws_data.dump_tables_in_process("us-east-1"))
        assert in_process == via_api
        assert len(in_process) == 3
        # and it loads back unchanged
        client.delete_item(TableName=name, Key={"pk": {"S": "b"}, "sk": {"S": "1"}})
        aws_data.load_tables(client, {name: [i for i in in_process if i["pk"]["S"] == "b"]})
        assert normalise(aws_data.dump_tables(client)) == via_api
    finally:
        client.delete_table(TableName=name)
