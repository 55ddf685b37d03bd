"""The fund-flow graph stays readable: levels left to right, small accounts folded."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from fanzha.fundflow import graph
from fanzha.fundflow.tracing import Direction, Movement, Options, Seed, from_rows, trace

T0 = datetime(2026, 5, 16, 2, 0, tzinfo=UTC)


def fan_out(children: int) -> tuple[list[Seed], list[Movement]]:
    """The victim pays one card, which spreads the money over `children` cards."""
    total = children * 1_000_00
    rows = [Movement("HUB", T0, total, Direction.inflow, "PAYER")]
    for n in range(children):
        child = f"C{n:04d}"
        fen = 1_000_00 + n * 100  # a little more each, so the order is known
        at = T0 + timedelta(minutes=1)
        rows += [
            Movement("HUB", at, fen, Direction.outflow, child),
            Movement(child, at, fen, Direction.inflow, "HUB"),
        ]
    return [Seed("V", "HUB", T0, total + children * children * 100, "PAYER")], rows


def test_three_hundred_accounts_fold_into_a_readable_picture():
    seeds, rows = fan_out(300)
    result = trace(seeds, from_rows(rows), Options())
    data = graph.build(result, "V", victim_name="周*华", names={}, shared={}, per_level=40)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert len(nodes) == 1 + 1 + 40 + 1  # victim, the hub, 40 largest cards, one fold
    folded = nodes["folded-2"]
    assert folded["name"] == "其他 260 个账户" and len(folded["folded"]) == 260
    assert "C0299" in nodes and "C0000" in folded["folded"]  # the largest stay in view
    assert {n["x"] for n in data["nodes"] if n["level"] == 2} == {2 * graph.X_STEP}
    into_fold = [link for link in data["links"] if link["target"] == "folded-2"]
    assert len(into_fold) == 1 and into_fold[0]["label"].endswith("（260笔）")


def test_node_colours_say_where_the_money_is():
    seeds, rows = fan_out(2)
    result = trace(seeds, from_rows(rows), Options())
    data = graph.build(result, "V", victim_name="", names={"HUB": ("李伟", "")}, shared={})
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["HUB"]["status"] == "passed"  # nearly all of it went on to the two cards
    assert by_id["HUB"]["name"] == "HUB\n李*"
    assert by_id["C0000"]["status"] == "held"
    assert by_id["victim"]["name"] == "受害人"


def test_long_account_numbers_are_shortened_on_the_graph_and_kept_whole_for_the_tooltip():
    seeds, rows = fan_out(1)
    card = "6217001111222233334"
    swap = {"C0000": card}
    rows = [
        replace(
            m,
            account=swap.get(m.account, m.account),
            counterpart=swap.get(m.counterpart, m.counterpart),
        )
        for m in rows
    ]
    result = trace(seeds, from_rows(rows), Options())
    data = graph.build(result, "V", victim_name="周*华", names={card: ("王小明", "")}, shared={})
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id[card]["label"] == "6217…3334\n王*明"
    assert (by_id[card]["account"], by_id[card]["holder"]) == (card, "王*明")
    assert by_id["HUB"]["label"] == "HUB"  # short numbers stay whole
    assert by_id["victim"]["label"] == "周*华" and by_id["victim"]["account"] == ""
