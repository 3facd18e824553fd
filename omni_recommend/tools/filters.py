# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What can be recommended: the last step of every list (pure Python).

A candidate is dropped when the customer returned it, when the customer already
owns it and its category is durable (nobody buys a second fridge next week),
when it is the product being looked at or already in the cart, or when the
channel cannot sell it (not published / not in this POS / no stock that can be
promised): ``sellable`` is the set of items the channel can sell now.
"""


def keep(candidates, limit, sellable=None, returned=(), owned=(), durable=(), exclude=()):
    """The first ``limit`` candidates that pass every rule, in order, without duplicates.

    ``sellable``: ``None`` means no channel restriction (tests, evaluation);
    ``owned``: items the customer bought; ``durable``: items of a durable category.
    """
    if limit <= 0:
        return []
    returned, owned, durable, exclude = set(returned), set(owned), set(durable), set(exclude)
    result, seen = [], set()
    for item in candidates:
        if item in seen:
            continue
        seen.add(item)
        if item in returned or item in exclude:
            continue
        if item in owned and item in durable:
            continue
        if sellable is not None and item not in sellable:
            continue
        result.append(item)
        if len(result) >= limit:
            break
    return result
