"""The local stack's fixes to moto: transactions roll back exactly what moto's own whole-table copy would, and
a Query reads its partition only but answers exactly what moto's full scan answers."""

from __future__ import annotations

import pytest

from chalicelib.storage import table
from chalicelib.storage.records import Check, Count, Delete, Put, Record, TransactionConflict
from devserver import moto_speedups


@pytest.fixture
def patched() -> object:
    undo = moto_speedups.apply()
    yield None
    undo()


def _snapshot(pk: str) -> list[tuple[str, object, object]]:
    return [(r.sk, r.data, r.ver) for r in table.query_all(pk)]


def test_a_failed_transaction_leaves_every_item_as_it_was(patched: object) -> None:
    pk = "SPEEDUP#1"
    table.put(Record(pk, "a", kind="x", data={"v": 1}, ver=1))
    table.put(Record(pk, "b", kind="x", data={"v": 2}, ver=1))
    table.increment(pk, "counter", ttl=10)
    before = _snapshot(pk)
    with pytest.raises(TransactionConflict):
        table.transact([
            Put(Record(pk, "a", kind="x", data={"v": 99}, ver=2), expect_ver=1),  # would succeed alone
            Delete(pk, "b"),                                                      # would succeed alone
            Count(pk, "counter", limit=100, ttl=10),                              # an update, in place
            Put(Record(pk, "c", kind="x", data={"new": True})),                   # a new item
            Check(pk, "missing"),                                                 # fails: rolls all back
        ])
    assert _snapshot(pk) == before


def test_a_successful_transaction_applies_every_operation(patched: object) -> None:
    pk = "SPEEDUP#2"
    table.put(Record(pk, "a", kind="x", data={"v": 1}, ver=1))
    table.transact([Put(Record(pk, "a", kind="x", data={"v": 2}, ver=2), expect_ver=1),
                    Put(Record(pk, "b", kind="x", data={"v": 3})), Count(pk, "n", limit=5, ttl=10)])
    got = {sk: (data, ver) for sk, data, ver in _snapshot(pk)}
    assert got["a"] == ({"v": 2}, 2) and got["b"][0] == {"v": 3} and "n" in got


def _reads() -> list[object]:
    out: list[object] = []
    for pk in ("QP#1", "QP#2", "QP#empty"):
        out.append([(r.sk, r.data) for r in table.query_all(pk)])
        out.append([(r.sk, r.data) for r in table.query_all(pk, prefix="b")])
        page, cursor = table.query_page(pk, limit=2, forward=False)
        out.append(([r.sk for r in page], cursor is not None))
    out.append(sorted(r.sk for r in table.query_all("QPG#1", index=True)))
    return out


def test_a_partition_query_answers_what_a_full_scan_answers() -> None:
    for i in range(5):
        table.put(Record("QP#1", f"b{i}", kind="x", data={"i": i}, gsi1pk="QPG#1", gsi1sk=f"s{i}"))
        table.put(Record("QP#2", f"a{i}", kind="x", data={"i": -i}))
    table.put(Record("QP#1", "c", kind="x", data={"i": 9}))
    unpatched = _reads()
    undo = moto_speedups.apply()
    try:
        patched = _reads()
    finally:
        undo()
    assert patched == unpatched
    assert unpatched[0] and unpatched[-1] == [f"b{i}" for i in range(5)]


def test_fast_dynamodb_answers_parse_exactly_like_motos_own() -> None:
    import boto3

    client = boto3.client("dynamodb", region_name="us-east-1")
    name = table.Item.Meta.table_name
    item = {"pk": {"S": "FAST#1"}, "sk": {"S": "a"}, "n": {"N": "1.50"}, "b": {"B": b"\x00\xff"},
            "bs": {"BS": [b"\x01"]}, "ss": {"SS": ["x", "y"]}, "ok": {"BOOL": False}, "nil": {"NULL": True},
            "m": {"M": {"l": {"L": [{"S": "s"}, {"N": "2"}, {"B": b"\x02"}]}}}}

    def calls() -> list[object]:
        client.put_item(TableName=name, Item=item)
        out: list[object] = [
            client.get_item(TableName=name, Key={"pk": item["pk"], "sk": item["sk"]}).get("Item"),
            client.query(TableName=name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={
                ":p": {"S": "FAST#1"}}, Limit=1)["Items"],
            client.query(TableName=name, KeyConditionExpression="pk = :p", ExpressionAttributeValues={
                ":p": {"S": "FAST#1"}}, Limit=1).get("LastEvaluatedKey"),
            client.batch_get_item(RequestItems={name: {"Keys": [{"pk": item["pk"], "sk": item["sk"]}]}})["Responses"],
            client.update_item(TableName=name, Key={"pk": item["pk"], "sk": item["sk"]},
                               UpdateExpression="SET n = :n", ExpressionAttributeValues={":n": {"N": "3"}},
                               ReturnValues="ALL_NEW")["Attributes"],
            client.delete_item(TableName=name, Key={"pk": item["pk"], "sk": item["sk"]},
                               ReturnValues="ALL_OLD")["Attributes"],
            client.get_item(TableName=name, Key={"pk": item["pk"], "sk": item["sk"]}).get("Item"),
        ]
        return out

    unpatched = calls()
    undo = moto_speedups.apply()
    try:
        patched = calls()
    finally:
        undo()
    assert patched == unpatched
    assert unpatched[0] == item and unpatched[-1] is None


def test_an_index_query_sees_every_write_made_after_the_index_was_built() -> None:
    def read(pk: str) -> list[tuple[str, object]]:
        return sorted((r.sk, r.data) for r in table.query_all(pk, index=True))

    for i in range(3):
        table.put(Record("GX#a", f"s{i}", kind="x", data={"i": i}, gsi1pk="GXI#1", gsi1sk=f"k{i}"))
    undo = moto_speedups.apply()
    try:
        assert [sk for sk, _ in read("GXI#1")] == ["s0", "s1", "s2"]  # builds the index
        table.put(Record("GX#b", "s9", kind="x", data={"i": 9}, gsi1pk="GXI#1", gsi1sk="k9"))  # a new item
        table.put(Record("GX#a", "s0", kind="x", data={"i": 0}, gsi1pk="GXI#2", gsi1sk="k0"))  # moved to another value
        table.delete("GX#a", "s1")
        import boto3

        boto3.client("dynamodb", region_name="us-east-1").update_item(  # an UpdateItem that moves the index value
            TableName=table.Item.Meta.table_name, Key={"pk": {"S": "GX#a"}, "sk": {"S": "s2"}},
            UpdateExpression="SET gsi1pk = :v", ExpressionAttributeValues={":v": {"S": "GXI#2"}})
        patched = (read("GXI#1"), read("GXI#2"))
    finally:
        undo()
    assert (read("GXI#1"), read("GXI#2")) == patched
    assert [sk for sk, _ in patched[0]] == ["s9"]
    assert [sk for sk, _ in patched[1]] == ["s0", "s2"]


def test_a_cached_update_expression_binds_each_calls_own_values(patched: object) -> None:
    # One parsed tree per expression string serves every call: values must never leak from one call into the next.
    from moto.dynamodb.parsing.expressions import UpdateExpressionParser

    pk = "SPEEDUP#3"
    assert [table.increment(pk, "counter", ttl=10 + i) for i in range(3)] == [1, 2, 3]
    assert table.increment(pk, "other", ttl=99) == 1
    counter, other = table.Item.get(pk, "counter"), table.Item.get(pk, "other")
    assert (int(counter.n), int(counter.ttl)) == (3, 12)
    assert (int(other.n), int(other.ttl)) == (1, 99)
    assert UpdateExpressionParser.make.cache_info().hits >= 3  # type: ignore[attr-defined]
    with pytest.raises(Exception, match="Invalid UpdateExpression|Syntax error|nexpected"):
        UpdateExpressionParser.make("SET = broken")


def test_a_cached_condition_is_evaluated_against_each_items_current_state(patched: object) -> None:
    pk = "SPEEDUP#4"
    for _ in range(2):  # the same condition (count < 2), parsed once, holds twice and then fails
        table.transact([Count(pk, "n", limit=2, ttl=10)])
    with pytest.raises(TransactionConflict):
        table.transact([Count(pk, "n", limit=2, ttl=10)])
    table.transact([Count(pk, "n", limit=5, ttl=10)])  # other values, other parse: holds again
    table.put(Record(pk, "v", kind="x", data={"v": 1}, ver=1))
    table.transact([Put(Record(pk, "v", kind="x", data={"v": 2}, ver=2), expect_ver=1)])
    with pytest.raises(TransactionConflict):  # the same expression and value as the write that just passed
        table.transact([Put(Record(pk, "v", kind="x", data={"v": 3}, ver=2), expect_ver=1)])
    assert table.Item.get(pk, "v").ver == 2 and int(table.Item.get(pk, "n").n) == 3
