"""Pure tests of omni_recommend/tools (matrix, baskets, metrics, filters): no Odoo."""

import math

import pytest

from ..conftest import load_tool

matrix = load_tool("omni_recommend", "matrix")
baskets = load_tool("omni_recommend", "baskets")
metrics = load_tool("omni_recommend", "metrics")
filters = load_tool("omni_recommend", "filters")

W = {"order": 4.0, "pos": 3.0, "view": 0.5, "cart": 1.0, "return": 1.0}


# ---------------------------------------------------------------- matrix
def test_decay_halves_every_half_life_and_clamps_negative_ages():
    assert matrix.decay(0, 30) == pytest.approx(1.0)
    assert matrix.decay(30, 30) == pytest.approx(0.5)
    assert matrix.decay(90, 30) == pytest.approx(0.125)
    assert matrix.decay(-5, 30) == pytest.approx(1.0)
    assert matrix.decay(1000, 0) == pytest.approx(1.0), "half_life 0 disables the decay"


def test_build_weights_signals_sums_duplicates_and_decays():
    rows = [
        ("u1", "a", "order", 2, 0),  # 4 * 2
        ("u1", "a", "pos", 1, 30),  # 3 * 1 * 0.5
        ("u1", "b", "view", 4, 0),  # 0.5 * 4
        ("u2", "b", "cart", 1, 60),  # 1 * 0.25
    ]
    m, users, items, returned = matrix.build(rows, W, half_life=30)
    assert m.shape == (2, 2) and m.format == "csr"
    assert users.ids == ["u1", "u2"] and items.ids == ["a", "b"]
    assert m[0, 0] == pytest.approx(8 + 1.5)
    assert m[0, 1] == pytest.approx(2.0)
    assert m[1, 1] == pytest.approx(0.25)
    assert m[1, 0] == 0 and m.nnz == 3
    assert returned == set()


def test_full_return_removes_the_pair_and_partial_return_scales_it():
    rows = [
        ("u1", "a", "order", 1, 0),
        ("u1", "a", "return", 1, 0),  # everything given back
        ("u1", "b", "order", 4, 0),
        ("u1", "b", "return", 1, 0),  # a quarter given back
    ]
    m, _users, items, returned = matrix.build(rows, W, half_life=0)
    assert returned == {("u1", "a")}
    assert m[0, items.get("a")] == 0
    assert m[0, items.get("b")] == pytest.approx(16 * 0.75)
    assert m.nnz == 1, "a removed pair is not a stored zero"


def test_bad_rows_are_ignored_not_counted():
    rows = [("u1", "a", "order", 0, 0), ("u1", "a", "order", -3, 0), ("u1", "a", "teleport", 5, 0)]
    m, _users, _items, _returned = matrix.build(rows, W)
    assert m.nnz == 0


def test_user_row_folds_in_only_known_items_without_extending_the_index():
    _m, _users, items, _r = matrix.build([("u1", "a", "order", 1, 0), ("u2", "b", "order", 1, 0)], W, 0)
    row, returned = matrix.user_row(items, [("x", "b", "pos", 2, 0), ("x", "zzz", "order", 1, 0)], W, 0)
    assert row.shape == (1, 2) and row[0, items.get("b")] == pytest.approx(6.0)
    assert items.ids == ["a", "b"] and returned == set()


def test_time_split_holds_out_the_recent_rows():
    rows = [
        ("u", "a", "order", 1, 1),
        ("u", "b", "order", 1, 29.9),
        ("u", "c", "order", 1, 30),
        ("u", "d", "pos", 1, 400),
    ]
    train, test = matrix.time_split(rows, 30)
    assert [r[1] for r in test] == ["a", "b"] and [r[1] for r in train] == ["c", "d"]
    assert matrix.time_split(rows, 0) == (rows, [])


# ---------------------------------------------------------------- baskets
def test_cooccurrence_support_confidence_and_lift():
    data = [["a", "b"], ["a", "b"], ["a", "c"], ["d"], ["b", "b", "a"]]
    pairs = baskets.cooccurrence(data, min_count=2)
    # 5 baskets; a in 4, b in 3; a&b in 3 -> lift = 3*5 / (4*3) = 1.25
    assert pairs["a"] == [("b", 3, pytest.approx(0.75), pytest.approx(1.25))]
    assert pairs["b"] == [("a", 3, pytest.approx(1.0), pytest.approx(1.25))]
    assert "c" not in pairs and "d" not in pairs, "a pair seen once is under the minimum support"
    assert "c" in {b for b, *_ in baskets.cooccurrence(data, min_count=1)["a"]}


def test_cooccurrence_orders_by_lift_and_handles_empty_input():
    data = [["a", "x"], ["a", "x"], ["a", "y"], ["a", "y"], ["y"], ["y"], ["y"]]
    # lift(a,x) = 2*7/(4*2) = 1.75 ; lift(a,y) = 2*7/(4*5) = 0.7
    assert [o for o, *_ in baskets.cooccurrence(data)["a"]] == ["x", "y"]
    assert baskets.cooccurrence([]) == {} and baskets.cooccurrence([[], []]) == {}


# ---------------------------------------------------------------- metrics
def test_recall_ndcg_known_values():
    assert metrics.recall_at_k(["a", "b", "c"], {"b", "z"}, k=3) == pytest.approx(0.5)
    assert metrics.recall_at_k(["a", "b"], {"a"}, k=10) == 1.0
    assert metrics.recall_at_k(["x"] * 3 + ["a"], {"a"}, k=3) == 0.0
    assert metrics.recall_at_k(["a"], set()) is None
    # one hit at rank 2 of 2 relevant: (1/log2(3)) / (1 + 1/log2(3))
    expected = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
    assert metrics.ndcg_at_k(["x", "a", "y"], {"a", "b"}, k=3) == pytest.approx(expected)
    assert metrics.ndcg_at_k(["a", "b"], {"a", "b"}, k=2) == pytest.approx(1.0)


def test_coverage_and_evaluate():
    assert metrics.coverage([["a", "b"], ["b", "c"]], 10) == pytest.approx(0.3)
    assert metrics.coverage([], 0) == 0.0
    lists = {"u1": ["a", "b"], "u2": ["c", "d"]}
    result = metrics.evaluate(lists.get, {"u1": {"a"}, "u2": {"z"}, "u3": set()}, k=2, catalogue_size=4)
    assert result == {"users": 2, "recall": 0.5, "ndcg": 0.5, "coverage": 1.0}


def test_popularity_counts_distinct_buyers_per_segment_with_global_fallback():
    rows = [("u1", "a"), ("u1", "a"), ("u2", "b"), ("u3", "b"), ("u4", "c"), ("u1", "c")]
    store = {"u1": "s1", "u2": "s2", "u3": "s2", "u4": "s1"}
    ranking = metrics.popularity(rows, store.get)
    assert ranking[None] == ["b", "c", "a"], "u1 buying a twice is one buyer"
    assert ranking["s1"] == ["c", "a"]
    assert metrics.popular_for(ranking, "s1") == ["c", "a", "b"]
    assert metrics.popular_for(ranking, "unknown") == ["b", "c", "a"]


# ---------------------------------------------------------------- filters
def test_filters_drop_returned_durable_owned_unsellable_and_excluded():
    candidates = ["fridge", "milk", "tv", "socks", "milk", "bread", "gone"]
    kept = filters.keep(
        candidates,
        limit=10,
        sellable={"fridge", "milk", "socks", "bread"},
        returned={"socks"},
        owned={"fridge", "milk"},
        durable={"fridge", "tv"},
        exclude={"bread"},
    )
    assert kept == ["milk"], "owned consumables come back; durables, returns, unsellable and excluded do not"
    assert filters.keep(candidates, limit=2) == ["fridge", "milk"]
    assert filters.keep(candidates, limit=0) == []
    assert filters.keep(candidates, 3, sellable=set()) == []


def test_cooccurrence_keeps_the_best_partners_only_when_asked():
    data = [["a", "x"], ["a", "x"], ["a", "y"], ["a", "y"], ["y"], ["y"], ["y"], ["a", "z"], ["a", "z"]]
    full = baskets.cooccurrence(data)
    assert [o for o, *_ in full["a"]] == ["x", "z", "y"], "equal lift: more baskets, then the item order"
    assert [o for o, *_ in baskets.cooccurrence(data, top=1)["a"]] == ["x"]
    assert baskets.cooccurrence(data, top=2)["y"] == full["y"][:2]
