"""Pure tests of omni_last_mile/tools/promise.py (no Odoo)."""

import datetime as dt

import pytest

from ..conftest import load_tool

promise = load_tool("omni_last_mile", "promise")

# 2026-12-07 is a Monday.
MON = dt.date(2026, 12, 7)
TUE, WED, THU, FRI, SAT, SUN = (MON + dt.timedelta(days=i) for i in range(1, 7))
NEXT_MON = MON + dt.timedelta(days=7)

VALENCIA = promise.Node("Valencia store", prep_days=0, cutoff=14.0)
SEUR = promise.Carrier(
    "SEUR 24 h",
    transit={"peninsula": 1, "baleares": 2, "canarias": (3, 5)},
)
ZONES = (
    promise.Zone("peninsula", "ES"),
    promise.Zone("baleares", "ES", states=("PM",), prefixes=("07",)),
    promise.Zone("canarias", "ES", prefixes=("35", "38")),
    promise.Zone("ceuta", "ES", states=("CE",)),
)


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute))


def test_before_cutoff_ships_today_arrives_tomorrow():
    p = promise.promise(at(MON, 10), VALENCIA, SEUR, "peninsula")
    assert (p.ready_date, p.ship_date, p.date, p.date_to) == (MON, MON, TUE, TUE)
    assert p.order_by == at(MON, 14)
    assert p.explanation(MON) == "Valencia store, ready today, SEUR 24 h"


def test_after_cutoff_waits_a_day():
    p = promise.promise(at(MON, 14, 1), VALENCIA, SEUR, "peninsula")
    assert (p.ready_date, p.date) == (TUE, WED)
    assert p.order_by == at(TUE, 14)
    assert p.explanation(MON) == "Valencia store, ready tomorrow, SEUR 24 h"


def test_exactly_at_cutoff_still_counts():
    assert promise.promise(at(MON, 14), VALENCIA, SEUR, "peninsula").date == TUE


def test_friday_after_cutoff_and_weekend_roll_to_monday():
    after = promise.promise(at(FRI, 18), VALENCIA, SEUR, "peninsula")
    assert (after.ready_date, after.date) == (NEXT_MON, NEXT_MON + dt.timedelta(days=1))
    weekend = promise.promise(at(SAT, 9), VALENCIA, SEUR, "peninsula")
    assert weekend.ready_date == NEXT_MON and weekend.order_by == at(NEXT_MON, 14)
    before = promise.promise(at(FRI, 9), VALENCIA, SEUR, "peninsula")
    assert before.ship_date == FRI and before.date == NEXT_MON, "no delivery on the weekend"


def test_store_open_on_saturday_but_carrier_not_picking_up():
    store = promise.Node("Madrid store", working_days=frozenset(range(6)))
    p = promise.promise(at(SAT, 9), store, SEUR, "peninsula")
    assert p.ready_date == SAT and p.ship_date == NEXT_MON
    collect = promise.promise(at(SAT, 9), store)
    assert collect.pickup and collect.date == SAT


def test_holidays_of_the_node_calendar():
    node = promise.Node("Valencia store", holidays=frozenset({TUE, WED}))
    p = promise.promise(at(MON, 15), node, SEUR, "peninsula")
    assert p.ready_date == THU and p.date == FRI
    assert promise.promise(at(TUE, 9), node).ready_date == THU


def test_preparation_days_count_working_days():
    node = promise.Node("Central warehouse", prep_days=2)
    p = promise.promise(at(THU, 9), node, SEUR, "peninsula")
    assert p.ready_date == NEXT_MON and p.date == NEXT_MON + dt.timedelta(days=1)


def test_islands_longer_transit_and_window():
    baleares = promise.promise(at(MON, 9), VALENCIA, SEUR, "baleares")
    canarias = promise.promise(at(MON, 9), VALENCIA, SEUR, "canarias")
    assert baleares.date == WED
    assert (canarias.date, canarias.date_to) == (THU, NEXT_MON)


def test_split_order_arrives_with_latest_leg():
    far = promise.Node("Bilbao warehouse", prep_days=1)
    p = promise.promise_order(at(MON, 10), [(VALENCIA, SEUR, "peninsula"), (far, SEUR, "peninsula")])
    assert p.date == WED and p.node == "Bilbao warehouse" and len(p.legs) == 2
    assert p.order_by == at(MON, 14)
    assert p.explanation(MON) == (
        "Valencia store, ready today, SEUR 24 h; Bilbao warehouse, ready tomorrow, SEUR 24 h"
    )


@pytest.mark.parametrize(
    "country,state,postcode,expected",
    [
        ("ES", "V", "46001", "peninsula"),
        ("es", "PM", "07001", "baleares"),
        ("ES", None, "07 800", "baleares"),
        ("ES", "GC", "35001", "canarias"),
        ("ES", "TF", "38-200", "canarias"),
        ("ES", "CE", "51001", "ceuta"),
    ],
)
def test_zone_matching_most_specific_wins(country, state, postcode, expected):
    assert promise.match_zone(ZONES, country, state, postcode).code == expected


@pytest.mark.parametrize("country,postcode", [("FR", "75001"), ("", "46001"), (None, None)])
def test_unknown_zone_is_a_clear_error(country, postcode):
    with pytest.raises(ValueError, match="no delivery zone"):
        promise.match_zone(ZONES, country, None, postcode)


def test_carrier_without_that_zone():
    with pytest.raises(ValueError, match="does not deliver to zone 'ceuta'"):
        promise.promise(at(MON, 9), VALENCIA, SEUR, "ceuta")


@pytest.mark.parametrize(
    "node",
    [
        promise.Node("x", prep_days=-1),
        promise.Node("x", prep_days=1.5),
        promise.Node("x", prep_days=True),
        promise.Node("x", cutoff=-2),
        promise.Node("x", cutoff=25),
        promise.Node("x", cutoff="14"),
        promise.Node("x", working_days=frozenset()),
        promise.Node("x", working_days=frozenset({7})),
    ],
)
def test_nonsense_node(node):
    with pytest.raises(ValueError):
        promise.promise(at(MON, 9), node, SEUR, "peninsula")


@pytest.mark.parametrize("transit", [-1, (2, 1), "1", (0, -3), None])
def test_nonsense_transit(transit):
    carrier = promise.Carrier("Bad", transit={"peninsula": transit})
    with pytest.raises(ValueError):
        promise.promise(at(MON, 9), VALENCIA, carrier, "peninsula")


def test_nonsense_time_carrier_and_legs():
    with pytest.raises(ValueError):
        promise.promise(MON, VALENCIA, SEUR, "peninsula")
    with pytest.raises(ValueError):
        promise.promise(at(MON, 9), "Valencia", SEUR, "peninsula")
    with pytest.raises(ValueError):
        promise.promise(at(MON, 9), VALENCIA, "SEUR", "peninsula")
    with pytest.raises(ValueError):
        promise.promise_order(at(MON, 9), [])
    weekend_only = promise.Carrier("Weekend", transit={"peninsula": 1}, pickup_days=frozenset({6}))
    with pytest.raises(ValueError, match="never picks up"):
        promise.promise(at(MON, 9), VALENCIA, weekend_only, "peninsula")


def test_node_always_closed_by_holidays_is_refused():
    every_day = frozenset(MON + dt.timedelta(days=i) for i in range(450))
    with pytest.raises(ValueError, match="no open day"):
        promise.promise(at(MON, 9), promise.Node("x", holidays=every_day))
