# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Frequently bought together: basket co-occurrence with support and lift.

Pure Python (numpy/scipy). A basket is the set of items of one order (web,
back office or POS ticket). For a pair (a, b):

* ``support(a, b) = baskets with both / all baskets``
* ``confidence(a -> b) = baskets with both / baskets with a``
* ``lift(a, b) = support(a, b) / (support(a) * support(b))``

Pairs below ``min_support`` (as a count of baskets) are dropped: a pair seen
once is noise, whatever its lift.
"""

import numpy as np
from scipy import sparse


def cooccurrence(baskets, min_count=2, top=None):
    """Return ``{item: [(other, count, confidence, lift), ...]}`` sorted by lift, then count.

    ``baskets``: iterable of iterables of items (duplicates inside a basket count once).
    ``min_count``: minimum number of baskets a pair must share (the minimum support).
    ``top``: keep only the best ``top`` partners of each item (``None``: all).
    """
    index, pos = [], {}
    r_idx, c_idx = [], []
    n = 0
    for basket in baskets:
        items = set(basket)
        if not items:
            continue
        for item in items:
            if item not in pos:
                pos[item] = len(index)
                index.append(item)
            r_idx.append(n)
            c_idx.append(pos[item])
        n += 1
    if not n:
        return {}
    incidence = sparse.csr_matrix(
        (np.ones(len(r_idx), dtype=np.float64), (r_idx, c_idx)), shape=(n, len(index))
    )
    counts = np.asarray(incidence.sum(axis=0)).ravel()
    pairs = (incidence.T @ incidence).tocoo()
    keep = (pairs.row != pairs.col) & (pairs.data >= min_count)
    a, b, both = pairs.row[keep], pairs.col[keep], pairs.data[keep]
    confidence = both / counts[a]
    lift = (both * n) / (counts[a] * counts[b])
    # Per item: best lift first, then more baskets, then the item order (deterministic).
    rank_b = np.argsort(np.argsort(np.array([str(i) for i in index], dtype=object), kind="stable"))
    order = np.lexsort((rank_b[b], -both, -lift, a))
    if top is not None and len(order):
        grouped = a[order]
        starts = np.r_[0, np.flatnonzero(np.diff(grouped)) + 1]
        position = np.arange(len(order)) - np.repeat(starts, np.diff(np.r_[starts, len(order)]))
        order = order[position < top]
    result = {}
    for k in order.tolist():
        result.setdefault(index[a[k]], []).append(
            (index[b[k]], int(both[k]), float(confidence[k]), float(lift[k]))
        )
    return result
