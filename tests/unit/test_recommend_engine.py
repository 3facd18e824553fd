"""Pure tests of omni_recommend/tools/engine.py (implicit ALS + BM25, storage, serving): no Odoo."""

import importlib.util
import os
import random
import sys

import pytest

from ..conftest import REPO

pytest.importorskip("implicit", reason="implicit is a declared dependency (requirements.txt)")


def _load_tools_package():
    name = "_omni_recommend_tools_pkg"
    if name in sys.modules:
        return sys.modules[name]
    folder = os.path.join(REPO, "omni_recommend", "tools")
    spec = importlib.util.spec_from_file_location(
        name, os.path.join(folder, "__init__.py"), submodule_search_locations=[folder]
    )
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    spec.loader.exec_module(package)
    return package


_load_tools_package()
from _omni_recommend_tools_pkg import engine  # noqa: E402


def planted(n_users=120, per_user=8, seed=7):
    """Users in 4 taste groups of 10 items each; group g buys items g*10..g*10+9.

    Item 99 is bought by everybody (the popular item). Odd users shop in the store.
    """
    rnd = random.Random(seed)
    rows = []
    for user in range(n_users):
        group = user % 4
        signal = "pos" if user % 2 else "order"
        for _n in range(per_user):
            rows.append((user, group * 10 + rnd.randrange(10), signal, 1, rnd.randrange(120)))
        rows.append((user, 99, "order", 1, rnd.randrange(120)))
    return rows


@pytest.fixture(scope="module")
def bundle():
    return engine.Bundle.train(planted(), baskets=[[1, 2], [1, 2], [1, 3]], factors=8, iterations=10)


def test_for_you_follows_the_planted_taste(bundle):
    history = [(1000, 10, "pos", 1, 0), (1000, 11, "pos", 1, 0), (1000, 12, "pos", 1, 0)]
    items, source = bundle.recommend(history, limit=5)
    assert source == "personal"
    assert sum(1 for i in items if 10 <= i < 20) >= 4, items


def test_new_purchase_is_folded_in_without_retraining(bundle):
    before, _s = bundle.recommend([(5, 31, "pos", 1, 0)], limit=5)
    bought = [(5, 31, "pos", 1, 0)] + [(5, i, "pos", 3, 0) for i in (0, 1, 2, 3)]
    after, _s = bundle.recommend(bought, limit=5)
    assert sum(1 for i in after if i < 10) > sum(1 for i in before if i < 10)


def test_cold_start_and_no_consent_get_popularity(bundle):
    items, source = bundle.recommend([], limit=3)
    assert source == "popular" and items[0] == 99
    history = [(1, 10, "pos", 1, 0)]
    assert bundle.recommend(history, limit=3, personalised=False) == (items, "popular")


def test_also_bought_puts_basket_pairs_first_and_filters_apply(bundle):
    assert bundle.also_bought(1, 5)[0] == 2
    items, source = bundle.recommend([], limit=3, context_item=1, sellable={3, 99, 5})
    assert source == "also_bought" and set(items) <= {3, 99, 5} and 1 not in items
    owned = [(0, 10, "pos", 1, 0), (0, 11, "order", 1, 0)]
    kept, _s = bundle.recommend(owned, limit=20, durable={10, 11})
    assert 10 not in kept and 11 not in kept
    returned = [(0, 12, "pos", 1, 0), (0, 12, "return", 1, 0), (0, 13, "pos", 1, 0)]
    assert 12 not in bundle.recommend(returned, limit=40)[0]


def test_dumps_loads_round_trip_and_refuses_garbage(bundle):
    copy = engine.Bundle.loads(bundle.dumps())
    history = [(1000, 20, "order", 1, 0), (1000, 21, "order", 1, 0)]
    assert copy.recommend(history, 6) == bundle.recommend(history, 6)
    assert copy.popular == bundle.popular and copy.pairs == bundle.pairs
    for data in (b"", b"not a model", b"PK\x03\x04garbage"):
        with pytest.raises(ValueError):
            engine.Bundle.loads(data)


def test_empty_training_serves_nothing_without_crashing():
    empty = engine.Bundle.train([])
    assert empty.recommend([(1, 2, "order", 1, 0)], 5) == ([], "popular")


def test_evaluation_beats_popularity_and_store_history_helps():
    rows = planted(n_users=200, per_user=10)
    result = engine.evaluate(rows, holdout_days=20, k=10, factors=8, iterations=10)
    assert result["test_users"] > 50
    assert result["model"]["recall"] > result["popularity"]["recall"]
    assert result["store_all_channels"]["users"] > 0
    assert result["store_all_channels"]["recall"] > result["store_online_only"]["recall"]


def test_popularity_per_segment_survives_storage():
    rows = [(u, 1, "order", 1, 0) for u in range(5)] + [(u, 2, "pos", 1, 0) for u in range(5, 8)]
    segments = [(7, u, 2) for u in range(5, 8)] + [(7, 0, 1)]
    trained = engine.Bundle.train(rows, segments=segments, factors=2, iterations=2)
    copy = engine.Bundle.loads(trained.dumps())
    assert copy.popular_for(None) == [1, 2]
    assert copy.popular_for(7) == [2, 1], "the store's own best seller first"
    assert copy.recommend([], 1, segment=7) == ([2], "popular")
