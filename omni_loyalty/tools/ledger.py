# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure balance arithmetic of omni_loyalty (no Odoo import).

One rule per job, used by every channel through ``loyalty.card._omni_debit``:

* :func:`settle` - what one order does to one card: points earned (times the
  tier multiplier), points spent, what the card can cover, the overspend;
* :func:`return_split` - what a return takes back / gives back, idempotent per
  return document;
* :func:`unmerge_split` - how an unmerge splits what is left on a card that
  absorbed others.
"""

EPSILON = 0.005  # half a cent / half a point: amounts are compared at 2 decimals


def tier_points(won, multiplier):
    """Points earned times the tier multiplier. Only earnings are multiplied, never a spend."""
    if won <= 0:
        return 0.0
    return won * (multiplier if multiplier and multiplier > 0 else 1.0)


def settle(won, spent, available, multiplier=1.0, offline=False, allowance=0.0):
    """What one order does to one card.

    ``won`` points the order earns on the card (before the tier multiplier),
    ``spent`` points (or amount) it uses from it, ``available`` the card's
    spendable balance now (pending points excluded), ``multiplier`` the tier
    multiplier, ``offline`` whether the order was taken without the server,
    ``allowance`` the store's offline allowance.

    * the multiplier applies to ``won`` only;
    * the card is charged ``min(need, available)``, where ``need`` is what the
      spend exceeds the multiplied earnings by: it never goes below zero;
    * the uncovered part is the ``overspend``. Online it makes the order
      refusable (``refuse``); offline the order is a fact: it is accepted,
      ``flag`` is set whatever its size, and ``over_allowance`` is the part
      beyond the store's allowance.

    Returns a dict: ``delta`` (change of the card's points), ``gain``,
    ``charged``, ``overspend``, ``over_allowance``, ``flag``, ``refuse``.
    """
    won, spent = max(won or 0.0, 0.0), max(spent or 0.0, 0.0)
    gain = tier_points(won, multiplier)
    need = spent - gain
    available = max(available or 0.0, 0.0)
    if need <= EPSILON:
        charged, overspend = 0.0, 0.0
        delta = gain - spent
    else:
        charged = min(need, available)
        overspend = need - charged
        if overspend <= EPSILON:
            overspend = 0.0
        delta = -charged
    over_allowance = max(overspend - max(allowance or 0.0, 0.0), 0.0) if offline else overspend
    return {
        "delta": delta,
        "gain": gain,
        "charged": charged,
        "overspend": overspend,
        "over_allowance": over_allowance,
        "flag": bool(overspend),
        "refuse": bool(overspend) and not offline,
    }


def offline_charge(need, available, allowance):
    """Shortcut of :func:`settle` for a pure spend taken offline.

    Returns ``(charged, overspend)``: the card is charged ``min(need,
    available)``; the allowance never reduces the charge, it only decides
    which part of the overspend is beyond what the store accepts.
    """
    res = settle(0.0, need, available, offline=True, allowance=allowance)
    return res["charged"], res["overspend"]


def return_split(
    issued, used, returned_issued, returned_used, ratio, card_points, done_take=0.0, done_give=0.0
):
    """Points to take back and to give back when ``ratio`` of an order is returned.

    ``issued``/``used`` are what the order earned on / spent from a card,
    ``returned_*`` what all returns already moved, ``ratio`` the returned share
    of the order (clamped to 0..1) *by this return document*, ``card_points``
    the card's balance, ``done_take``/``done_give`` what this same return
    document already moved (a credit note posted again, a refund synced
    twice): the result is what is still missing to reach the document's share,
    so processing one document twice moves nothing the second time. The
    take-back never exceeds what is left on the card nor what is left to take
    back. Returns ``(take, give)``.
    """
    ratio = min(max(ratio, 0.0), 1.0)
    take = min(issued * ratio - done_take, issued - returned_issued)
    give = min(used * ratio - done_give, used - returned_used)
    take = max(min(take, card_points), 0.0)
    give = max(give, 0.0)
    return (take if take > EPSILON else 0.0), (give if give > EPSILON else 0.0)


def unmerge_split(remaining, contributions, keeper=0):
    """Split what is left on a card that absorbed others at a merge.

    ``contributions`` are the points each card brought into the merge (index
    ``keeper`` is the absorbing card itself), ``remaining`` what the absorbing
    card holds now. Rule:

    * enough left (``remaining >= sum(contributions)``): every card gets back
      what it brought; what was earned since the merge stays on the keeper;
    * less left (points spent since the merge): the remainder is split in
      proportion to what each card brought, in cents, the rounding rest on the
      keeper.

    No share is negative and the shares add up to ``max(remaining, 0)``.
    """
    contributions = [max(c or 0.0, 0.0) for c in contributions]
    remaining = max(remaining or 0.0, 0.0)
    total = sum(contributions)
    if not contributions:
        return []
    if remaining >= total:
        shares = list(contributions)
        shares[keeper] += remaining - total
        return shares
    if total <= 0:
        shares = [0.0] * len(contributions)
        shares[keeper] = remaining
        return shares
    cents = round(remaining * 100)
    shares_c = [int(cents * c // total) if c else 0 for c in contributions]
    shares_c[keeper] += cents - sum(shares_c)
    shares = [s / 100 for s in shares_c]
    # The keeper takes the cent-rounding rest of the exact remainder too.
    shares[keeper] += remaining - sum(shares)
    return [max(s, 0.0) for s in shares]
