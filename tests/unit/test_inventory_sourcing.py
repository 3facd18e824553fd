"""Pure tests of omni_inventory_aisle/tools/sourcing.py and geo.py (no Odoo)."""

import time

import pytest

from ..conftest import load_tool

sourcing = load_tool("omni_inventory_aisle", "sourcing")
geo = load_tool("omni_inventory_aisle", "geo")

VALENCIA = (39.47, -0.38)
MADRID = (40.42, -3.70)
SEVILLA = (37.39, -5.98)


def node(node_id, stock, lat_lon=MADRID, ships=True, cost=0.0):
    return {
        "id": node_id,
        "name": f"N{node_id}",
        "lat": lat_lon[0],
        "lon": lat_lon[1],
        "ships": ships,
        "cost": cost,
        "stock": stock,
    }


LINES = [("l1", "A", 1), ("l2", "B", 2), ("l3", "C", 1)]

CASES = [
    # (name, nodes, destination, strategy, expected allocations, expected shortages)
    (
        "single node possible",
        [node(1, {"A": 5, "B": 5}), node(2, {"A": 1, "B": 2, "C": 1}, VALENCIA)],
        MADRID,
        sourcing.DEFAULT_STRATEGY,
        {"l1": [(2, 1)], "l2": [(2, 2)], "l3": [(2, 1)]},
        {},
    ),
    (
        "split needed",
        [node(1, {"A": 5, "B": 5}), node(2, {"C": 1}, VALENCIA)],
        MADRID,
        sourcing.DEFAULT_STRATEGY,
        {"l1": [(1, 1)], "l2": [(1, 2)], "l3": [(2, 1)]},
        {},
    ),
    (
        "distance tie broken by stock",
        [
            node(1, {"A": 1, "B": 2, "C": 1}, VALENCIA),
            node(2, {"A": 9, "B": 9, "C": 9}, VALENCIA),
            node(3, {"A": 9, "B": 9, "C": 9}, SEVILLA),
        ],
        VALENCIA,
        sourcing.DEFAULT_STRATEGY,
        {"l1": [(2, 1)], "l2": [(2, 2)], "l3": [(2, 1)]},
        {},
    ),
    (
        "nearest wins",
        [
            node(1, {"A": 9, "B": 9, "C": 9}, SEVILLA),
            node(2, {"A": 1, "B": 2, "C": 1}, VALENCIA),
        ],
        VALENCIA,
        sourcing.DEFAULT_STRATEGY,
        {"l1": [(2, 1)], "l2": [(2, 2)], "l3": [(2, 1)]},
        {},
    ),
    (
        "node without shipping is skipped",
        [
            node(1, {"A": 9, "B": 9, "C": 9}, VALENCIA, ships=False),
            node(2, {"A": 9, "B": 9, "C": 9}, SEVILLA),
        ],
        VALENCIA,
        sourcing.DEFAULT_STRATEGY,
        {"l1": [(2, 1)], "l2": [(2, 2)], "l3": [(2, 1)]},
        {},
    ),
    (
        # the caller already took safety stock off: a store at its safety
        # level promises 0 and is not a candidate
        "node at safety stock",
        [
            node(1, {"A": 0, "B": 0, "C": 0}, VALENCIA),
            node(2, {"A": 1, "B": 2, "C": 1}, SEVILLA),
        ],
        VALENCIA,
        sourcing.DEFAULT_STRATEGY,
        {"l1": [(2, 1)], "l2": [(2, 2)], "l3": [(2, 1)]},
        {},
    ),
    (
        "lowest cost when cost comes first",
        [
            node(1, {"A": 9, "B": 9, "C": 9}, VALENCIA, cost=5),
            node(2, {"A": 9, "B": 9, "C": 9}, SEVILLA, cost=1),
        ],
        VALENCIA,
        ("shipments", "cost", "distance"),
        {"l1": [(2, 1)], "l2": [(2, 2)], "l3": [(2, 1)]},
        {},
    ),
    (
        "one line split over two nodes, shortage reported",
        [node(1, {"A": 1, "B": 1, "C": 1}), node(2, {"B": 0.5}, VALENCIA)],
        MADRID,
        sourcing.DEFAULT_STRATEGY,
        {"l1": [(1, 1)], "l2": [(1, 1), (2, 0.5)], "l3": [(1, 1)]},
        {"l2": 0.5},
    ),
    (
        "line by line when shipments is not a criterion",
        [node(1, {"A": 5, "B": 5, "C": 5}, SEVILLA), node(2, {"A": 5}, VALENCIA)],
        VALENCIA,
        ("distance",),
        {"l1": [(2, 1)], "l2": [(1, 2)], "l3": [(1, 1)]},
        {},
    ),
    (
        "nothing anywhere",
        [node(1, {})],
        None,
        sourcing.DEFAULT_STRATEGY,
        {"l1": [], "l2": [], "l3": []},
        {"l1": 1, "l2": 2, "l3": 1},
    ),
]


@pytest.mark.parametrize(
    "name,nodes,destination,strategy,allocations,shortages",
    CASES,
    ids=[c[0] for c in CASES],
)
def test_plan_table(name, nodes, destination, strategy, allocations, shortages):
    result = sourcing.plan(LINES, nodes, destination, strategy)
    assert result.allocations == allocations
    assert result.shortages == shortages


def test_reason_single_only_and_split():
    single = sourcing.plan(LINES, [node(1, {"A": 5}), node(2, {"A": 1, "B": 2, "C": 1})], MADRID)
    assert single.reasons == {2: {"kind": "only", "lines": 3, "candidates": 1}}
    assert not single.is_split
    split = sourcing.plan(LINES, [node(1, {"A": 5, "B": 5}), node(2, {"C": 1})], MADRID)
    assert split.is_split
    assert {r["kind"] for r in split.reasons.values()} == {"split"}


def test_same_product_on_two_lines_counts_once():
    lines = [("l1", "A", 2), ("l2", "A", 2)]
    result = sourcing.plan(lines, [node(1, {"A": 3}), node(2, {"A": 4}, VALENCIA)], MADRID)
    assert result.allocations == {"l1": [(2, 2)], "l2": [(2, 2)]}


def test_forced_node_served_first():
    result = sourcing.plan(
        LINES,
        [node(1, {"A": 5, "B": 5, "C": 5}), node(2, {"A": 5}, ships=False)],
        MADRID,
        forced={"l1": 2},
    )
    assert result.allocations["l1"] == [(2, 1)]
    assert result.reasons[2]["kind"] == "forced"


def test_parse_strategy():
    assert sourcing.parse_strategy("shipments, distance ,cost") == ("shipments", "distance", "cost")
    assert sourcing.parse_strategy("") == sourcing.DEFAULT_STRATEGY
    with pytest.raises(ValueError):
        sourcing.parse_strategy("shipments,teleport")
    with pytest.raises(ValueError):
        sourcing.parse_strategy("distance,distance")


def test_haversine():
    assert sourcing.haversine_km(MADRID, MADRID) == 0
    assert 300 < sourcing.haversine_km(MADRID, VALENCIA) < 310


@pytest.mark.parametrize("bad", ["99999", "5300", "ABCDE", "", None, "28001; DROP"])
def test_postcode_unknown(bad):
    with pytest.raises(ValueError):
        geo.postcode_coordinates(bad, "ES")


def test_postcode_known():
    assert geo.postcode_coordinates("46001", "ES") == (39.47, -0.38)
    with pytest.raises(ValueError):
        geo.postcode_coordinates("75001", "FR")


def test_plan_speed_10_lines_50_nodes():
    lines = [(f"l{i}", f"P{i}", 3) for i in range(10)]
    nodes = [
        node(n, {f"P{i}": (n + i) % 4 for i in range(10)}, (36 + n * 0.1, -6 + n * 0.1)) for n in range(50)
    ]
    start = time.perf_counter()
    result = sourcing.plan(lines, nodes, VALENCIA)
    elapsed = time.perf_counter() - start
    assert not result.shortages
    assert elapsed < 0.05
