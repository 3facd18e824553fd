"""Pure tests of omni_loyalty/tools/ledger.py (no Odoo)."""

import itertools

import pytest

from ..conftest import load_tool

ledger = load_tool("omni_loyalty", "ledger")


# ----------------------------------------------------------------------
# Issue 11.1: the offline allowance caps the overdraft, not the charge
# ----------------------------------------------------------------------
@pytest.mark.parametrize(
    "need,available,allowance,expected",
    [
        (30, 100, 50, (30, 0)),  # within everything
        (80, 40, 50, (40, 40)),  # the card is short: 40 overspend
        (100, 500, 50, (100, 0)),  # the case: charged 100, not the allowance
        (60, 100, 25, (60, 0)),  # the allowance never reduces the charge
        (10, 0, 50, (0, 10)),  # empty card
        (10, -5, 50, (0, 10)),  # never a negative charge
        (0, 100, 50, (0, 0)),
        (-3, 100, 50, (0, 0)),
    ],
)
def test_offline_charge(need, available, allowance, expected):
    assert ledger.offline_charge(need, available, allowance) == pytest.approx(expected)


def test_offline_overspend_flagged_whatever_its_size_and_beyond_allowance_reported():
    small = ledger.settle(0, 41, 40, offline=True, allowance=50)
    assert small["flag"] and small["overspend"] == pytest.approx(1) and not small["over_allowance"]
    big = ledger.settle(0, 200, 40, offline=True, allowance=50)
    assert big["flag"] and big["charged"] == 40 and big["overspend"] == pytest.approx(160)
    assert big["over_allowance"] == pytest.approx(110)
    assert not big["refuse"], "a paid offline order is never refused"
    online = ledger.settle(0, 41, 40)
    assert online["refuse"] and online["delta"] == -40


def test_offline_charge_invariants():
    for need, available, allowance in itertools.product((0.5, 7, 120), (0, 3, 200), (0, 10, 500)):
        charged, overspend = ledger.offline_charge(need, available, allowance)
        assert charged == pytest.approx(min(need, available)), "the charge is min(spent, available)"
        assert charged + overspend == pytest.approx(need)
        assert available - charged >= 0, "never below zero"


# ----------------------------------------------------------------------
# Issue 11.2: the tier multiplier applies to points earned, never to a shortfall
# ----------------------------------------------------------------------
def test_multiplier_on_earnings_only():
    res = ledger.settle(won=100, spent=0, available=0, multiplier=1.5)
    assert res["delta"] == pytest.approx(150)
    res = ledger.settle(won=100, spent=40, available=0, multiplier=1.5)
    assert res["delta"] == pytest.approx(110), "150 earned minus 40 spent"


def test_offline_overspend_with_tier_never_ends_above_before():
    # Old code: points -> -allowed, then (spent - allowed) was "earned" and multiplied:
    # a card holding 40 that spent 100 offline ended at 90.
    for won, spent, balance, allowance, mult in itertools.product(
        (0, 5, 30), (50, 100, 300), (0, 40, 80), (0, 50), (1.0, 1.5, 2.0)
    ):
        res = ledger.settle(won, spent, balance, multiplier=mult, offline=True, allowance=allowance)
        after = balance + res["delta"]
        assert after >= 0
        if spent >= won * mult:
            assert after <= balance + 1e-9, (won, spent, balance, allowance, mult)
        assert res["overspend"] == pytest.approx(max(spent - won * mult - balance, 0))


# ----------------------------------------------------------------------
# Issue 11.3: merge, spend, unmerge creates no value
# ----------------------------------------------------------------------
def test_unmerge_split_enough_left_gives_each_its_own_and_keeps_new_earnings():
    assert ledger.unmerge_split(250, [120, 80]) == pytest.approx([170, 80])
    assert ledger.unmerge_split(200, [120, 80]) == pytest.approx([120, 80])


def test_unmerge_split_after_spending_in_proportion_never_negative():
    # 120 + 80 merged, 150 spent: 50 left, split 60/40.
    assert ledger.unmerge_split(50, [120, 80]) == pytest.approx([30, 20])
    # The old rule took the restored card's 80 back off a card holding 50: -30.
    for remaining, contribs in itertools.product((0, 0.01, 1, 33.33, 199.99), ([120, 80], [1, 1, 1], [0, 5])):
        shares = ledger.unmerge_split(remaining, contribs)
        assert all(s >= 0 for s in shares)
        assert sum(shares) == pytest.approx(remaining)


def test_unmerge_split_degenerate():
    assert ledger.unmerge_split(10, [0, 0]) == [10, 0]
    assert ledger.unmerge_split(-5, [10, 10]) == [0, 0]
    assert ledger.unmerge_split(10, [5, 5], keeper=1) == [5, 5]
    assert ledger.unmerge_split(12, [5, 5], keeper=1) == [5, 7]


# ----------------------------------------------------------------------
# Issue 11.4: returns are idempotent per document
# ----------------------------------------------------------------------
def test_return_split_half_then_rest_then_nothing():
    # An order earned 100 and spent 40 on one card; the card holds 100.
    assert ledger.return_split(100, 40, 0, 0, 0.5, 100) == (50, 20)
    # A second return document of the other half.
    assert ledger.return_split(100, 40, 50, 20, 0.5, 70) == (50, 20)
    assert ledger.return_split(100, 40, 100, 40, 1.0, 20) == (0, 0)


def test_return_split_same_document_twice_moves_once():
    first = ledger.return_split(100, 40, 0, 0, 0.5, 100)
    # The same credit note posted again (reset to draft, reposted): done_* hold what it moved.
    again = ledger.return_split(100, 40, 50, 20, 0.5, 70, done_take=50, done_give=20)
    assert first == (50, 20) and again == (0, 0)
    # The document grew (a line added before reposting): only the difference moves.
    assert ledger.return_split(100, 40, 50, 20, 0.75, 70, done_take=50, done_give=20) == (25, 10)


def test_return_split_never_below_zero_balance():
    # Points already spent elsewhere: take back only what the card holds.
    assert ledger.return_split(100, 0, 0, 0, 1.0, 30) == (30, 0)
    assert ledger.return_split(100, 0, 0, 0, 1.0, -5) == (0, 0)


@pytest.mark.parametrize("ratio", [-1, 0, 2, 5])
def test_return_split_ratio_clamped(ratio):
    take, give = ledger.return_split(10, 4, 0, 0, ratio, 10)
    assert 0 <= take <= 10 and 0 <= give <= 4
