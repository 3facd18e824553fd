# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Offline evaluation and the popularity baseline (pure Python).

* ``recall_at_k``: share of a user's held-out items found in the top k,
  divided by ``min(k, held-out items)`` so that a perfect list scores 1;
* ``ndcg_at_k``: discounted gain of the hits over the ideal ordering;
* ``coverage``: share of the catalogue that appears in at least one list;
* ``popularity``: items ranked by number of distinct buyers, per segment
  (a store, a region, a channel) with the global ranking as fallback.
"""

import math


def recall_at_k(recommended, relevant, k=10):
    relevant = set(relevant)
    if not relevant:
        return None
    hits = len(set(list(recommended)[:k]) & relevant)
    return hits / min(k, len(relevant))


def ndcg_at_k(recommended, relevant, k=10):
    relevant = set(relevant)
    if not relevant:
        return None
    top = list(recommended)[:k]
    dcg = sum(1.0 / math.log2(rank + 2) for rank, item in enumerate(top) if item in relevant)
    ideal = sum(1.0 / math.log2(rank + 2) for rank in range(min(k, len(relevant))))
    return dcg / ideal


def coverage(lists, catalogue_size):
    if catalogue_size <= 0:
        return 0.0
    seen = set()
    for items in lists:
        seen.update(items)
    return len(seen) / catalogue_size


def evaluate(recommend, truth, k=10, catalogue_size=0):
    """Mean recall@k and NDCG@k over users, and coverage.

    ``recommend(user) -> ranked items``; ``truth``: ``{user: held-out items}``.
    Users without held-out items are skipped. Returns a dict with ``users``,
    ``recall``, ``ndcg`` and ``coverage``.
    """
    recalls, ndcgs, lists = [], [], []
    for user, relevant in truth.items():
        if not relevant:
            continue
        ranked = list(recommend(user))[:k]
        lists.append(ranked)
        recalls.append(recall_at_k(ranked, relevant, k))
        ndcgs.append(ndcg_at_k(ranked, relevant, k))
    count = len(recalls)
    return {
        "users": count,
        "recall": sum(recalls) / count if count else 0.0,
        "ndcg": sum(ndcgs) / count if count else 0.0,
        "coverage": coverage(lists, catalogue_size),
    }


def popularity(rows, segment_of=None):
    """Rank items by distinct buyers.

    ``rows``: iterable of ``(user, item)`` purchases; ``segment_of(user)`` gives
    the user's segment (store, region, channel) or ``None``. Returns
    ``{None: ranked items, segment: ranked items, ...}``; ties are broken by
    item so that the ranking is deterministic.
    """
    buyers = {}
    for user, item in rows:
        segments = {None}
        if segment_of is not None:
            segments.add(segment_of(user))
        for segment in segments:
            buyers.setdefault(segment, {}).setdefault(item, set()).add(user)
    return {
        segment: [item for item, _users in sorted(per_item.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))]
        for segment, per_item in buyers.items()
    }


def popular_for(ranking, segment=None):
    """The segment's ranking followed by the global one (a small segment still fills a list)."""
    seen, result = set(), []
    for item in ranking.get(segment, []) + ranking.get(None, []):
        if item not in seen:
            seen.add(item)
            result.append(item)
    return result
