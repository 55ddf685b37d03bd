"""The pure parts of case linking: components, matching groups to gangs, indicator values,
the network picture."""

from __future__ import annotations

import re

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from fanzha.identifiers import InvalidIdentifier
from fanzha.linking import clusters, network, values

edges = st.lists(st.tuples(st.integers(1, 30), st.integers(1, 15)), max_size=60)
merges = st.lists(st.tuples(st.integers(1, 30), st.integers(1, 30)), max_size=4)


@given(edges, merges)
def test_components_are_the_case_groups_networkx_finds(pairs, merged):
    graph = nx.Graph()
    graph.add_edges_from((c, -i) for c, i in pairs)
    graph.add_edges_from(merged)
    expected = sorted(
        (sorted(n for n in part if n > 0) for part in nx.connected_components(graph)),
        key=lambda g: g[0] if g else 0,
    )
    expected = [g for g in expected if len(g) >= 2]
    found = clusters.components([c for c, _ in pairs], [i for _, i in pairs], merged)
    assert found == sorted(expected, key=lambda g: g[0])


def test_a_value_of_one_case_makes_no_gang():
    assert clusters.components([1, 1, 2], [10, 11, 12]) == []
    assert clusters.components([1, 2, 3], [10, 10, 11]) == [[1, 2]]


@given(
    st.lists(st.lists(st.integers(1, 40), min_size=2, max_size=6, unique=True), max_size=6),
    st.dictionaries(st.integers(1, 40), st.integers(100, 105)),
)
def test_assign_gives_each_gang_to_at_most_one_group(groups, current):
    assigned = clusters.assign(groups, current)
    ids = [a.gang_id for a in assigned if a.gang_id is not None]
    assert len(ids) == len(set(ids))
    for a in assigned:
        if a.gang_id is not None:  # a gang goes only where it has cases
            assert any(current.get(c) == a.gang_id for c in a.cases)


def test_assign_keeps_the_gang_with_the_larger_part_or_the_confirmed_one():
    current = {1: 7, 2: 7, 3: 7, 4: 8}
    split = clusters.assign([[1, 2], [3, 4]], current)
    assert [a.gang_id for a in split] == [7, 8]
    merged = clusters.assign([[1, 2, 3, 4]], current, preferred=[8])
    assert merged[0].gang_id == 8


@pytest.mark.parametrize(
    ("kind", "raw", "stored"),
    [
        ("phone", "138 0013 8000", "+8613800138000"),
        ("phone", "95588", "95588"),
        ("account", "6222 0202 0011 2233 445", "6222020200112233445"),
        ("domain", "https://WWW.Example.com/pay?x=1", "www.example.com"),
        ("wechat", "Fraud_King88", "fraud_king88"),
        ("qq", "１２３４５６７", "1234567"),
        ("alipay", "Pay@Example.COM", "pay@example.com"),
        ("ip", " 10.1.2.3 ", "10.1.2.3"),
        ("device", "35-209900-176148-1", "352099001761481"),
        ("app", "  雲 投資 ", "云 投资"),
    ],
)
def test_values_are_stored_in_one_form(kind, raw, stored):
    assert values.normalize(kind, raw) == stored


@pytest.mark.parametrize(
    ("kind", "raw"),
    [("phone", "12"), ("qq", "0123"), ("wechat", "微信号"), ("ip", "300.1.1.1"), ("app", "")],
)
def test_bad_values_are_refused_in_chinese(kind, raw):
    with pytest.raises(InvalidIdentifier) as refused:
        values.normalize(kind, raw)
    assert re.search(r"[\u4e00-\u9fff]", str(refused.value))


def test_the_network_of_a_big_gang_stays_readable():
    cases = [network.CaseNode(i, f"AJ{i}", "某派出所", "1.00") for i in range(1, 401)]
    shared = [
        network.ValueNode(
            1000 + k, "银行账户", f"62{k:017d}", True, tuple(range(k * 4 + 1, k * 4 + 6))
        )
        for k in range(100)
    ]
    lonely = [network.ValueNode(5000, "电话号码", "+8613800000000", True, (1,))]
    data = network.build(cases, [*shared, *lonely])
    assert len(data["nodes"]) == 500  # a value of one case is not drawn
    assert {link["target"] for link in data["links"]} == {f"i{v.id}" for v in shared}
