"""Pure tests of omni_customer/tools/rfm.py (no Odoo)."""

import numpy as np
import pytest

from ..conftest import load_tool

rfm = load_tool("omni_customer", "rfm")


@pytest.mark.parametrize("n", [1, 4, 5, 7, 10, 11, 1000])
def test_quintiles_match_sql_ntile(n):
    values = np.random.default_rng(n).uniform(0, 100, n)
    scores = rfm.quintiles(values)
    assert scores.min() >= 1 and scores.max() <= min(5, n)
    # ntile(5): bucket sizes differ by at most one, larger buckets first.
    sizes = [int((scores == k).sum()) for k in range(1, 6) if (scores == k).any()]
    assert max(sizes) - min(sizes) <= 1
    assert sizes == sorted(sizes, reverse=True)
    # Monotonic: a higher value never gets a lower score.
    order = np.argsort(values)
    assert all(np.diff(scores[order]) >= 0)


def test_quintiles_empty():
    assert rfm.quintiles([]).size == 0


@pytest.mark.parametrize(
    "scores,purchases,segment",
    [
        ((5, 5, 5), 12, "champion"),
        ((3, 4, 2), 8, "loyal"),
        ((5, 2, 2), 2, "potential"),
        ((5, 1, 1), 1, "new"),
        ((4, 1, 3), 2, "promising"),
        ((3, 2, 2), 3, "attention"),
        ((1, 5, 5), 20, "cant_lose"),
        ((2, 2, 2), 3, "at_risk"),
        ((1, 3, 1), 4, "hibernating"),
        ((1, 1, 1), 1, "lost"),
    ],
)
def test_segments(scores, purchases, segment):
    assert rfm.rfm_segment(*scores, purchases) == segment


def test_every_score_has_a_segment():
    names = {
        rfm.rfm_segment(r, f, m, p)
        for r in range(1, 6)
        for f in range(1, 6)
        for m in range(1, 6)
        for p in (1, 5)
    }
    assert names <= {
        "champion",
        "loyal",
        "potential",
        "new",
        "promising",
        "attention",
        "cant_lose",
        "at_risk",
        "hibernating",
        "lost",
    }
    assert len(names) == 10
