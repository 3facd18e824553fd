# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Delivery promise: the earliest date an order reaches the customer (no Odoo import).

Plain data in, plain data out; every datetime is *naive local time of the
node* (the caller converts from UTC with the node's calendar timezone).

* ``Node``: where the order is prepared: preparation time in working days
  (``prep_days``, 0 = same day), daily order cut-off (``cutoff`` hours, e.g.
  14.0), working weekdays (0 = Monday) and holidays (dates).
* ``Carrier``: who takes it: pickup weekdays (at the node), delivery weekdays
  and transit days per zone code (``{"peninsula": 1, "canarias": (3, 5)}``:
  an int or a ``(min, max)`` window). ``None`` carrier = collect in store.
* ``Zone``: where it goes: country, states, postcode prefixes;
  ``match_zone`` picks the most specific one (postcode prefix > state > country).

``promise(now, node, carrier, zone_code)`` gives one leg; ``promise_order``
the whole order (a split order arrives with its latest leg).
"""

import datetime as dt
from dataclasses import dataclass, field

ALL_DAYS = frozenset(range(7))
WEEKDAYS = frozenset(range(5))
MAX_SCAN_DAYS = 400


@dataclass(frozen=True)
class Node:
    name: str
    prep_days: int = 0
    cutoff: float = 14.0
    working_days: frozenset = WEEKDAYS
    holidays: frozenset = frozenset()
    key: object = None


@dataclass(frozen=True)
class Carrier:
    name: str
    transit: dict = field(default_factory=dict)
    pickup_days: frozenset = WEEKDAYS
    delivery_days: frozenset = WEEKDAYS
    key: object = None


@dataclass(frozen=True)
class Zone:
    code: str
    country: str
    states: tuple = ()
    prefixes: tuple = ()


@dataclass
class Promise:
    date: dt.date  # earliest arrival (or ready for pickup)
    date_to: dt.date  # latest arrival of the window (== date when no window)
    ready_date: dt.date  # prepared at the node
    ship_date: dt.date  # handed to the carrier (== ready_date for a pickup)
    order_by: dt.datetime  # order before this to keep this promise
    node: str = ""
    carrier: str = ""
    pickup: bool = False
    legs: list = field(default_factory=list)

    def explanation(self, today):
        """English explanation; the Odoo side builds the translated one from ``parts``."""
        return "; ".join(
            ", ".join(p for p in (leg.node, ready_words(leg.ready_date, today), leg.carrier) if p)
            for leg in (self.legs or [self])
        )


def ready_words(ready_date, today):
    if ready_date == today:
        return "ready today"
    if ready_date == today + dt.timedelta(days=1):
        return "ready tomorrow"
    return f"ready on {ready_date.isoformat()}"


# ----------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------
def _days(value, what):
    days = frozenset(value or ())
    if not days:
        raise ValueError(f"{what}: no day of the week is open")
    if not days <= ALL_DAYS:
        raise ValueError(f"{what}: weekdays are 0 (Monday) to 6 (Sunday)")
    return days


def _check_node(node):
    if not isinstance(node, Node):
        raise ValueError("a node is required")
    if isinstance(node.prep_days, bool) or not isinstance(node.prep_days, int) or node.prep_days < 0:
        raise ValueError(f"{node.name}: the preparation time must be a whole number of days >= 0")
    if isinstance(node.cutoff, bool) or not isinstance(node.cutoff, (int, float)):
        raise ValueError(f"{node.name}: the cut-off must be an hour of the day")
    if not 0 <= node.cutoff <= 24:
        raise ValueError(f"{node.name}: the cut-off must be between 0:00 and 24:00")
    _days(node.working_days, node.name)


def _transit(carrier, zone_code):
    if zone_code not in carrier.transit:
        raise ValueError(f"{carrier.name} does not deliver to zone {zone_code!r}")
    value = carrier.transit[zone_code]
    low, high = value if isinstance(value, (tuple, list)) else (value, value)
    for days in (low, high):
        if isinstance(days, bool) or not isinstance(days, int) or days < 0:
            raise ValueError(f"{carrier.name}: the transit time to {zone_code} must be whole days >= 0")
    if high < low:
        raise ValueError(f"{carrier.name}: the transit window to {zone_code} ends before it starts")
    return low, high


# ----------------------------------------------------------------------
# Zones
# ----------------------------------------------------------------------
def normalize_postcode(postcode):
    return "".join(ch for ch in str(postcode or "") if ch.isalnum()).upper()


def match_zone(zones, country, state=None, postcode=None):
    """The most specific zone of ``zones`` for an address, or ``ValueError``."""
    country = (country or "").upper()
    code = normalize_postcode(postcode)
    best, best_rank = None, None
    for zone in zones:
        if zone.country.upper() != country:
            continue
        if zone.prefixes:
            hits = [len(p) for p in zone.prefixes if code and code.startswith(normalize_postcode(p))]
            if not hits:
                continue
            rank = (2, max(hits))
        elif zone.states:
            if not state or state not in zone.states:
                continue
            rank = (1, 0)
        else:
            rank = (0, 0)
        if best_rank is None or rank > best_rank:
            best, best_rank = zone, rank
    if best is None:
        where = " ".join(p for p in (country, code) if p) or "?"
        raise ValueError(f"no delivery zone covers {where}")
    return best


# ----------------------------------------------------------------------
# Calendar arithmetic
# ----------------------------------------------------------------------
def _open(day, working_days, holidays=frozenset()):
    return day.weekday() in working_days and day not in holidays


def next_open(day, working_days, holidays=frozenset(), include=True):
    """First day >= ``day`` (> when not ``include``) on ``working_days`` outside ``holidays``."""
    current = day if include else day + dt.timedelta(days=1)
    for _i in range(MAX_SCAN_DAYS):
        if _open(current, working_days, holidays):
            return current
        current += dt.timedelta(days=1)
    raise ValueError("no open day in the next year")


def add_open_days(day, count, working_days, holidays=frozenset()):
    for _i in range(count):
        day = next_open(day, working_days, holidays, include=False)
    return day


def _cutoff_at(day, cutoff):
    return dt.datetime.combine(day, dt.time()) + dt.timedelta(hours=cutoff)


# ----------------------------------------------------------------------
# Promise
# ----------------------------------------------------------------------
def promise(now, node, carrier=None, zone_code=None):
    """Earliest arrival of one leg. ``carrier=None``: collected at the node."""
    if not isinstance(now, dt.datetime):
        raise ValueError("the order time must be a datetime")
    _check_node(node)
    days, holidays = node.working_days, frozenset(node.holidays)
    today = now.date()
    # The first working day whose cut-off is still ahead starts the preparation.
    start = next_open(today, days, holidays)
    if start == today and now > _cutoff_at(today, node.cutoff):
        start = next_open(today, days, holidays, include=False)
    order_by = _cutoff_at(start, node.cutoff)
    ready = add_open_days(start, node.prep_days, days, holidays)
    if carrier is None:
        return Promise(ready, ready, ready, ready, order_by, node=node.name, pickup=True)
    if not isinstance(carrier, Carrier):
        raise ValueError("a carrier is required")
    low, high = _transit(carrier, zone_code)
    pickup_days = _days(carrier.pickup_days, carrier.name) & days
    if not pickup_days:
        raise ValueError(f"{carrier.name} never picks up on a working day of {node.name}")
    delivery_days = _days(carrier.delivery_days, carrier.name)
    ship = next_open(ready, pickup_days, holidays)
    arrival = next_open(add_open_days(ship, low, delivery_days), delivery_days)
    latest = next_open(add_open_days(ship, high, delivery_days), delivery_days)
    return Promise(arrival, latest, ready, ship, order_by, node=node.name, carrier=carrier.name)


def promise_order(now, legs):
    """Whole order: ``legs`` = ``[(node, carrier, zone_code), ...]``; the latest leg wins."""
    if not legs:
        raise ValueError("an order needs at least one leg to promise")
    results = [promise(now, node, carrier, zone) for node, carrier, zone in legs]
    last = max(results, key=lambda p: (p.date_to, p.date))
    return Promise(
        date=max(p.date for p in results),
        date_to=max(p.date_to for p in results),
        ready_date=max(p.ready_date for p in results),
        ship_date=max(p.ship_date for p in results),
        order_by=min(p.order_by for p in results),
        node=last.node,
        carrier=last.carrier,
        pickup=all(p.pickup for p in results),
        legs=results,
    )
