# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure balance arithmetic of omni_loyalty (no Odoo import): offline caps and returns."""


def offline_charge(need, available, allowance):
    """What an order taken offline may charge to one card, and what stays uncovered.

    ``need`` is what the order used, ``available`` the card's spendable balance
    when the order syncs, ``allowance`` the store's offline allowance. The
    charge never exceeds any of them and is never negative.
    Returns ``(charged, uncovered)``.
    """
    if need <= 0:
        return 0.0, 0.0
    charged = max(min(need, allowance, available), 0.0)
    return charged, need - charged


def return_split(issued, used, returned_issued, returned_used, ratio, card_points):
    """Points to take back and to give back when ``ratio`` of an order is returned.

    ``issued``/``used`` are what the order earned on / spent from a card,
    ``returned_*`` what earlier returns already moved, ``ratio`` the returned
    share of the order (clamped to 0..1), ``card_points`` the card's balance:
    the take-back never exceeds what is left on the card nor what is left to
    take back, so repeated or excessive returns never go further.
    Returns ``(take, give)``.
    """
    ratio = min(max(ratio, 0.0), 1.0)
    take = min(issued * ratio, issued - returned_issued)
    give = min(used * ratio, used - returned_used)
    take = max(min(take, card_points), 0.0)
    return take, max(give, 0.0)
