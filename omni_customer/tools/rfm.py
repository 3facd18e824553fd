# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""RFM segmentation, free of any ORM.

Scores are quintiles (1 = worst, 5 = best) computed in SQL with ``ntile(5)``;
this module names the segment a score triple belongs to and offers the same
quintile computation in numpy for checks and benchmarks.
"""

import numpy as np


def rfm_segment(recency, frequency, monetary, purchases):
    """Segment name of R/F/M quintile scores (1 = worst, 5 = best)."""
    if purchases <= 1 and recency >= 4:
        return "new"
    if recency >= 4 and frequency >= 4 and monetary >= 4:
        return "champion"
    if frequency >= 4 and recency >= 3:
        return "loyal"
    if recency >= 4 and frequency >= 2:
        return "potential"
    if recency >= 4:
        return "promising"
    if recency == 3:
        return "attention"
    if recency <= 2 and frequency >= 4 and monetary >= 4:
        return "cant_lose"
    if recency == 2:
        return "at_risk"
    if frequency >= 2:
        return "hibernating"
    return "lost"


def quintiles(values):
    """1-5 quintile of each value, like SQL ``ntile(5) OVER (ORDER BY value)``."""
    values = np.asarray(values, dtype=float)
    n = len(values)
    if not n:
        return np.array([], dtype=int)
    order = np.argsort(values, kind="stable")
    ranks = np.empty(n, dtype=int)
    ranks[order] = np.arange(n)
    # ntile: the first (n % 5) buckets get one extra row.
    size, extra = divmod(n, 5)
    bounds = []
    start = 0
    for bucket in range(5):
        start += size + (1 if bucket < extra else 0)
        bounds.append(start)
    return np.searchsorted(np.array(bounds), ranks, side="right") + 1
