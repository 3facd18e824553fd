"""Pure tests of omni_loyalty/tools/ledger.py (no Odoo)."""

import pytest

from ..conftest import load_tool

ledger = load_tool("omni_loyalty", "ledger")


@pytest.mark.parametrize(
    "need,available,allowance,expected",
    [
        (30, 100, 50, (30, 0)),  # within everything
        (80, 40, 50, (40, 40)),  # the card is short
        (60, 100, 25, (25, 35)),  # the store allowance is short
        (10, 0, 50, (0, 10)),  # empty card
        (10, -5, 50, (0, 10)),  # never a negative charge
        (0, 100, 50, (0, 0)),
        (-3, 100, 50, (0, 0)),
    ],
)
def test_offline_charge(need, available, allowance, expected):
    assert ledger.offline_charge(need, available, allowance) == pytest.approx(expected)


def test_offline_charge_never_exceeds_inputs():
    for need in (0.5, 7, 120):
        for available in (0, 3, 200):
            for allowance in (0, 10, 500):
                charged, uncovered = ledger.offline_charge(need, available, allowance)
                assert 0 <= charged <= min(need, max(available, 0), allowance)
                assert charged + uncovered == pytest.approx(need)


def test_return_split_half_then_rest_then_nothing():
    # An order earned 100 and spent 40 on one card; the card holds 100.
    take, give = ledger.return_split(100, 40, 0, 0, 0.5, 100)
    assert (take, give) == (50, 20)
    take, give = ledger.return_split(100, 40, 50, 20, 1.0, 70)
    assert (take, give) == (50, 20)
    assert ledger.return_split(100, 40, 100, 40, 1.0, 20) == (0, 0)


def test_return_split_never_below_zero_balance():
    # Points already spent elsewhere: take back only what the card holds.
    assert ledger.return_split(100, 0, 0, 0, 1.0, 30) == (30, 0)
    assert ledger.return_split(100, 0, 0, 0, 1.0, -5) == (0, 0)


@pytest.mark.parametrize("ratio", [-1, 0, 2, 5])
def test_return_split_ratio_clamped(ratio):
    take, give = ledger.return_split(10, 4, 0, 0, ratio, 10)
    assert 0 <= take <= 10 and 0 <= give <= 4
