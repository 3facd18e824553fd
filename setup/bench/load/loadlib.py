"""Pure parts of the load driver: POS payloads, percentiles, overhead, invariant report.

No Odoo, no network, no Locust: imported by the locustfile, by run_load.py and by
tests/unit/test_bench_load.py.
"""

import csv
import math
import random
import re
import statistics
import string
import uuid as uuid_lib

# The pool of gift cards prepare.py makes on every phase's database (the same codes and balance on the
# suite and on plain Odoo): GIFT_CARD_COUNT cards coded GIFT_CARD_PREFIX + 4 digits, each topped up
# with GIFT_CARD_BALANCE by the balance wizard (a ``loyalty.history`` row issuing it). The first
# GIFT_CARD_HOT are the hot set every till spends first (see GiftCardPool).
GIFT_CARD_PREFIX = "LOADGC"
GIFT_CARD_COUNT = 200
GIFT_CARD_BALANCE = 50.0
GIFT_CARD_HOT = 60

# name -> SQL returning one integer: the number of violations (0 is the only good answer).
# ``{uuids}`` is replaced by a VALUES list of the order uuids the server acknowledged, ``{gift_uuids}``
# by those of the gift-card sales whose ``confirm_coupon_programs`` it acknowledged, ``{since}`` by the
# run's start (UTC, checked by ``since_literal``).
# A POS line spending a gift card: a reward line whose card belongs to a gift-card program.
_GIFT_LINE = (
    "pos_order_line l JOIN loyalty_card gc ON gc.id = l.coupon_id "
    "JOIN loyalty_program gp ON gp.id = gc.program_id AND gp.program_type = 'gift_card'"
)
_LOAD_CARD = f"code LIKE '{GIFT_CARD_PREFIX}%'"
INVARIANTS = [
    (
        "POS orders lost (acknowledged to the till, not in the database)",
        "SELECT count(*) FROM (VALUES {uuids}) AS sent(uuid) "
        "WHERE sent.uuid IS NOT NULL AND NOT EXISTS (SELECT 1 FROM pos_order o WHERE o.uuid = sent.uuid)",
    ),
    (
        "POS orders saved more than once",
        "SELECT count(*) FROM (SELECT uuid FROM pos_order WHERE uuid IS NOT NULL "
        "GROUP BY uuid HAVING count(*) > 1) AS d",
    ),
    (
        "POS orders with more than one loyalty effect per card",
        "SELECT count(*) FROM (SELECT order_id, card_id FROM loyalty_history "
        "WHERE order_model = 'pos.order' GROUP BY order_id, card_id HAVING count(*) > 1) AS d",
    ),
    (
        "units promised below zero at a node",
        # Paid promises (hard holds of orders) beyond what the node has on hand, unless the
        # order was flagged for a manager (its stock sold in store, paid short: re-sourced on
        # the promise side). A cart's soft hold is no promise: a paid till sale may take its
        # unit (a paid sale is a fact), and the cart is re-sourced before payment.
        "SELECT count(*) FROM (SELECT h.product_id, h.warehouse_id, sum(h.quantity) AS held "
        "FROM omni_stock_hold h LEFT JOIN sale_order so ON h.res_model = 'sale.order' AND so.id = h.res_id "
        "WHERE h.state = 'hard' AND so.omni_stock_flag IS NULL GROUP BY h.product_id, h.warehouse_id) t "
        "WHERE t.held > (SELECT coalesce(sum(q.quantity), 0) FROM stock_quant q "
        "JOIN stock_location l ON l.id = q.location_id WHERE q.product_id = t.product_id "
        "AND l.warehouse_id = t.warehouse_id AND l.usage = 'internal') + 0.0001",
    ),
    ("negative card balances", "SELECT count(*) FROM loyalty_card WHERE points < 0"),
    (
        "gift-card sales lost, saved twice or without their gift-card line",
        "SELECT count(*) FROM (VALUES {gift_uuids}) AS sent(uuid) WHERE sent.uuid IS NOT NULL AND "
        "(SELECT count(*) FROM pos_order o WHERE o.uuid = sent.uuid AND EXISTS "
        f"(SELECT 1 FROM {_GIFT_LINE} WHERE l.order_id = o.id AND l.is_reward_line)) <> 1",
    ),
    (
        # a paid sale is a fact: the card is charged (a history row) or the order flagged for review
        # (omni_loyalty, when the card was already empty); plain Odoo has no flag (read as false)
        "gift-card sales neither charged to the card nor flagged",
        "SELECT count(*) FROM (VALUES {gift_uuids}) AS sent(uuid) JOIN pos_order o ON o.uuid = sent.uuid "
        f"JOIN {_GIFT_LINE} ON l.order_id = o.id AND l.is_reward_line "
        "WHERE NOT EXISTS (SELECT 1 FROM loyalty_history h WHERE h.order_model = 'pos.order' "
        "AND h.order_id = o.id AND h.card_id = l.coupon_id) "
        "AND NOT coalesce((to_jsonb(o) ->> 'omni_loyalty_flagged')::boolean, false)",
    ),
    (
        # initial balance (an issued row of the balance wizard) minus what the orders used
        "load gift cards whose balance is not their history (issued - used)",
        f"SELECT count(*) FROM loyalty_card c WHERE c.{_LOAD_CARD} AND abs(c.points - coalesce("
        "(SELECT sum(h.issued - h.used) FROM loyalty_history h WHERE h.card_id = c.id), 0)) > 0.005",
    ),
    (
        # the demo data holds deliberate duplicates for the duplicate scan: only those the run made count
        "duplicate customers created by the run (same e-mail, active)",
        "SELECT count(*) FROM (SELECT lower(email) FROM res_partner WHERE active AND email IS NOT NULL "
        "AND email <> '' AND parent_id IS NULL GROUP BY lower(email), company_id "
        "HAVING count(*) > 1 AND max(create_date) >= '{since}') AS d",
    ),
    (
        "sale orders confirmed without lines",
        "SELECT count(*) FROM sale_order s WHERE s.state = 'sale' "
        "AND NOT EXISTS (SELECT 1 FROM sale_order_line l WHERE l.order_id = s.id)",
    ),
    (
        "POS orders paid without payments",
        "SELECT count(*) FROM pos_order o WHERE o.state IN ('paid', 'done', 'invoiced') "
        "AND o.amount_total <> 0 "
        "AND NOT EXISTS (SELECT 1 FROM pos_payment p WHERE p.pos_order_id = o.id)",
    ),
]


# name -> SQL returning one number: what happened to the gift cards in a phase (not a pass/fail).
GIFT_STATS = [
    (
        "gift-card sales",
        f"SELECT count(DISTINCT l.order_id) FROM {_GIFT_LINE} WHERE l.is_reward_line AND gc.{_LOAD_CARD}",
    ),
    (
        "gift cards spent past their balance by concurrent tills (reward lines > balance)",
        f"SELECT count(*) FROM loyalty_card c WHERE c.{_LOAD_CARD} AND "
        "(SELECT coalesce(sum(l.points_cost), 0) "
        f"FROM pos_order_line l WHERE l.coupon_id = c.id AND l.is_reward_line) > {GIFT_CARD_BALANCE} + 0.005",
    ),
    (
        "gift-card sales flagged for review (omni_loyalty)",
        f"SELECT count(DISTINCT o.id) FROM pos_order o JOIN {_GIFT_LINE} ON l.order_id = o.id "
        "WHERE l.is_reward_line AND o.omni_loyalty_flagged",
    ),
    (
        "amount flagged uncovered (omni_loyalty)",
        f"SELECT coalesce(sum(o.omni_loyalty_uncovered), 0) FROM pos_order o WHERE o.omni_loyalty_flagged "
        f"AND EXISTS (SELECT 1 FROM {_GIFT_LINE} WHERE l.order_id = o.id AND l.is_reward_line)",
    ),
    ("load gift cards below zero", f"SELECT count(*) FROM loyalty_card WHERE {_LOAD_CARD} AND points < 0"),
    (
        "lowest load gift card balance",
        f"SELECT coalesce(min(points), 0) FROM loyalty_card WHERE {_LOAD_CARD}",
    ),
]


def random_uuid():
    return str(uuid_lib.uuid4())


def pos_order_payload(context, uuid, lines, partner_id=False, sequence_number=1, now="2026-01-01 10:00:00"):
    """One order as the 18.0 POS sends it to ``pos.order.sync_from_ui``.

    Same shape as point_of_sale/tests/common.py ``create_ui_order_data``.
    ``context``: ``session_id``, ``config`` {pricelist_id, fiscal_position_id,
    cash_method_id, user_id}; ``lines``: [(product dict {id, price, tax_ids,
    tax_rate}, qty)]. Paid in full in cash.
    """
    if not lines:
        raise ValueError("a POS order needs at least one line")
    order_lines = []
    total_incl = total_excl = 0.0
    for index, (product, qty) in enumerate(lines, start=1):
        if qty <= 0:
            raise ValueError("a line's quantity must be positive")
        excl = round(product["price"] * qty, 2)
        incl = round(excl * (1 + product.get("tax_rate", 0.0)), 2)
        total_incl += incl
        total_excl += excl
        order_lines.append(
            [
                0,
                0,
                {
                    "id": index,
                    "pack_lot_ids": [],
                    "price_unit": product["price"],
                    "product_id": product["id"],
                    "price_subtotal": excl,
                    "price_subtotal_incl": incl,
                    "qty": qty,
                    "discount": 0.0,
                    "tax_ids": [[6, 0, list(product.get("tax_ids", []))]],
                },
            ]
        )
    total_incl, total_excl = round(total_incl, 2), round(total_excl, 2)
    config = context["config"]
    return {
        "amount_paid": total_incl,
        "amount_return": 0,
        "amount_tax": round(total_incl - total_excl, 2),
        "amount_total": total_incl,
        "date_order": now,
        "fiscal_position_id": config.get("fiscal_position_id") or False,
        "pricelist_id": config["pricelist_id"],
        "name": f"Order {uuid}",
        "last_order_preparation_change": "{}",
        "lines": order_lines,
        "partner_id": partner_id or False,
        "session_id": context["session_id"],
        "sequence_number": sequence_number,
        "payment_ids": [
            [0, 0, {"amount": total_incl, "name": now, "payment_method_id": config["cash_method_id"]}]
        ],
        "uuid": uuid,
        "user_id": config["user_id"],
        "to_invoice": False,
    }


def points_coupon_data(card_id, program_id, partner_id, points):
    """``coupon_data`` for ``confirm_coupon_programs``: points won on an existing card."""
    return {
        str(card_id): {
            "points": points,
            "program_id": program_id,
            "coupon_id": card_id,
            "partner_id": partner_id,
            "line_codes": [],
            "code": False,
            "barcode": False,
        }
    }


def gift_card_codes(count=GIFT_CARD_COUNT, prefix=GIFT_CARD_PREFIX):
    """The load pool's card codes, the same on every phase's database."""
    return [f"{prefix}{index:04d}" for index in range(1, count + 1)]


def reward_code(rng=random):
    """A ``reward_identifier_code`` like pos_loyalty's ``_newRandomRewardCode`` (base 36, 10 characters)."""
    return "".join(rng.choice(string.digits + string.ascii_lowercase) for _ in range(10))


def gift_card_spend(balance, amount_total):
    """What the 18.0 POS puts on a gift card's reward line: the whole order, up to the card's balance.

    (``_getRewardLineValuesDiscount``, ``per_point`` at 1 per point: ``min(points, total with tax)``.)
    0 when the card is empty or the order is free.
    """
    return round(max(0.0, min(float(balance or 0.0), float(amount_total or 0.0))), 2)


def gift_card_payload(order, gift, card_id, amount, code):
    """``order`` (from ``pos_order_payload``) paid ``amount`` with a gift card, the rest in cash.

    Adds the reward line the 18.0 POS adds (``_getRewardLineValuesDiscount`` for a gift-card program):
    the reward's discount product, qty 1, its price forced tax-included at minus ``amount`` (a payment,
    not a discount: with the product's taxes, if any, but not split by tax), ``is_reward_line``,
    ``reward_id``, ``coupon_id``, ``points_cost`` and the ``reward_identifier_code``. ``gift``:
    {reward_id, product_id, tax_ids, tax_rate}. A new dict; the cash payment covers what is left
    (none when the card pays it all).
    """
    amount = round(float(amount), 2)
    if not 0 < amount <= order["amount_total"] + 0.005:
        raise ValueError("a gift card pays more than nothing and at most the order")
    rate = float(gift.get("tax_rate") or 0.0)
    excl = round(amount / (1 + rate), 2)
    out = dict(order)
    out["lines"] = list(order["lines"]) + [
        [
            0,
            0,
            {
                "id": len(order["lines"]) + 1,
                "pack_lot_ids": [],
                "price_unit": -round(amount / (1 + rate), 6),
                "product_id": gift["product_id"],
                "price_subtotal": -excl,
                "price_subtotal_incl": -amount,
                "qty": 1,
                "discount": 0.0,
                "tax_ids": [[6, 0, list(gift.get("tax_ids") or [])]],
                "is_reward_line": True,
                "reward_id": gift["reward_id"],
                "coupon_id": card_id,
                "points_cost": amount,
                "reward_identifier_code": code,
            },
        ]
    ]
    rest = round(order["amount_total"] - amount, 2)
    out["amount_total"] = out["amount_paid"] = rest
    out["amount_tax"] = round(order["amount_tax"] - (amount - excl), 2)
    payment = order["payment_ids"][0][2] if order["payment_ids"] else None
    out["payment_ids"] = [[0, 0, dict(payment, amount=rest)]] if rest > 0 and payment else []
    return out


def gift_card_coupon_data(card_id, program_id, amount, code):
    """``coupon_data`` for ``confirm_coupon_programs`` after a gift-card spend, as pos_loyalty's
    ``_postProcessLoyalty`` builds it from the reward line: minus the points used, the line's code."""
    return {
        str(card_id): {
            "points": -round(float(amount), 2),
            "program_id": program_id,
            "coupon_id": card_id,
            "barcode": False,
            "expiration_date": False,
            "line_codes": [code],
        }
    }


def loyalty_history_lines(order_id, coupon_data):
    """The ``add_loyalty_history_lines`` arguments the 18.0 POS sends after ``confirm_coupon_programs``:
    one ``{order_id, card_id, spent, won}`` per card of ``coupon_data`` (card ids as strings, as JS keys)."""
    out = []
    for card_id, vals in coupon_data.items():
        points = float(vals.get("points") or 0.0)
        out.append(
            {
                "order_id": order_id,
                "card_id": str(card_id),
                "spent": -points if points < 0 else 0,
                "won": points if points > 0 else 0,
            }
        )
    return out


class GiftCardPool:
    """Which gift card a till scans.

    ``hot_share`` of the picks go to the hot card: the first card of the hot set not known to be
    empty, the same for every till of the process (Locust's users share it), so tills spend it at the
    same moment now and then; a till that finds it empty calls ``drained`` and the set moves on. The
    other picks are any card of the rest (once the hot set is spent, of every card).
    """

    def __init__(self, cards, hot, hot_share=0.5, rng=random):
        if not 0 <= hot <= len(cards):
            raise ValueError("the hot set is part of the pool")
        self.hot, self.cold = list(cards[:hot]), list(cards[hot:])
        self.hot_share, self.rng, self.cursor = hot_share, rng, 0

    def pick(self):
        """(card, is_hot), or (None, False) for an empty pool."""
        if self.cursor < len(self.hot) and self.rng.random() < self.hot_share:
            return self.hot[self.cursor], True
        pool = self.cold or self.hot
        return (self.rng.choice(pool), False) if pool else (None, False)

    def drained(self, card):
        """``card`` has no balance left: if it is the hot card, the next one of the set is."""
        if self.cursor < len(self.hot) and self.hot[self.cursor] == card:
            self.cursor += 1


def number(text):
    """A figure psql printed: an int when whole, else a float rounded to cents."""
    value = round(float(text), 2)
    return int(value) if value.is_integer() else value


def percentile(values, pct):
    """Nearest-rank percentile (pct in 0..100) of a list of numbers; None when empty."""
    if not values:
        return None
    if not 0 <= pct <= 100:
        raise ValueError("percentile must be between 0 and 100")
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def overhead_pct(suite, plain):
    """Suite's extra cost over plain Odoo in %, or None when there is no plain figure."""
    if suite is None or not plain:
        return None
    return round((suite - plain) / plain * 100.0, 1)


def read_locust_stats(path):
    """Rows of Locust's ``*_stats.csv`` as dicts {name, method, requests, failures, p50, p95, p99, rps}."""
    rows = []
    with open(path, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row.get("Name") == "Aggregated":
                continue

            def num(key, row=row):
                value = row.get(key) or ""
                return float(value) if value not in ("", "N/A") else None

            rows.append(
                {
                    "name": row["Name"],
                    "method": row.get("Type", ""),
                    "requests": int(float(row.get("Request Count") or 0)),
                    "failures": int(float(row.get("Failure Count") or 0)),
                    "p50": num("50%"),
                    "p95": num("95%"),
                    "p99": num("99%"),
                    "rps": num("Requests/s"),
                }
            )
    return rows


def merge_rounds(rounds):
    """One set of rows from several rounds of the same phase (lists of read_locust_stats rows).

    Counts and requests/s add up over the rounds' durations (requests/s is their mean); each
    percentile is the median of the rounds' percentiles (Locust's CSV keeps no distribution to
    merge). A route missing from a round counts for the rounds that have it.
    """
    by_name = {}
    for rows in rounds:
        for row in rows:
            by_name.setdefault(row["name"], []).append(row)
    out = []
    for name, rows in by_name.items():

        def median(key, rows=rows):
            values = [r[key] for r in rows if r[key] is not None]
            return statistics.median(values) if values else None

        rps = [r["rps"] for r in rows if r["rps"] is not None]
        out.append(
            {
                "name": name,
                "method": rows[0]["method"],
                "requests": sum(r["requests"] for r in rows),
                "failures": sum(r["failures"] for r in rows),
                "p50": median("p50"),
                "p95": median("p95"),
                "p99": median("p99"),
                "rps": sum(rps) / len(rounds) if rps else None,
                "rounds": len(rows),
            }
        )
    return out


def compare(suite_rows, plain_rows):
    """One row per route: suite and plain p50/p95 and rps, overhead of the p95 in %."""
    plain = {row["name"]: row for row in plain_rows}
    out = []
    for row in suite_rows:
        other = plain.get(row["name"])
        out.append(
            {
                "route": row["name"],
                "suite_req": row["requests"],
                "suite_fail": row["failures"],
                "suite_p50": row["p50"],
                "suite_p95": row["p95"],
                "suite_p99": row["p99"],
                "suite_rps": row["rps"],
                "plain_req": other["requests"] if other else None,
                "plain_fail": other["failures"] if other else None,
                "plain_p50": other["p50"] if other else None,
                "plain_p95": other["p95"] if other else None,
                "plain_p99": other["p99"] if other else None,
                "plain_rps": other["rps"] if other else None,
                "overhead_p50_pct": overhead_pct(row["p50"], other["p50"] if other else None),
                "overhead_p95_pct": overhead_pct(row["p95"], other["p95"] if other else None),
            }
        )
    return out


# What the shop's payment page carries for its payment form (website_sale's payment template).
PAYMENT_FORM_RES = (
    re.compile(r'data-transaction-route="(/shop/payment/transaction/\d+)"'),
    re.compile(r'data-access-token="([^"]+)"'),
    re.compile(r'data-amount="([0-9.]+)"'),
)


def payment_form(html):
    """``(transaction route, access token, amount)`` of the payment page, or None without a form."""
    found = [rx.search(html) for rx in PAYMENT_FORM_RES]
    return tuple(m.group(1) for m in found) if all(found) else None


def transaction_params(context, token, amount):
    """What the payment form posts to its transaction route (direct flow, demo provider of ``context``)."""
    return {
        "provider_id": context["provider_id"],
        "payment_method_id": context["payment_method_id"],
        "token_id": None,
        "amount": float(amount),
        "flow": "direct",
        "tokenization_requested": False,
        "landing_route": "/shop/payment/validate",
        "access_token": token,
    }


def ms_percentile(seconds, pct):
    """The pct-th percentile of durations in seconds, in milliseconds (NaN without any)."""
    return percentile(seconds, pct) * 1000 if seconds else float("nan")


def first_side(n):
    """The order both sides run the n-th item of a call-by-call benchmark: which goes first alternates."""
    return ("plain", "suite") if n % 2 else ("suite", "plain")


def call_table(label, width, names, suite, plain):
    """The lines of a call-by-call benchmark's table, suite beside plain Odoo.

    ``suite`` and ``plain`` are ``(durations, queries)``, each ``{name: [values]}``:
    per name the p50/p95 in ms of each side, the overhead of the p50 and the
    median query counts (blank for a name without query counts).
    """
    lines = [
        f"{label:<{width}}{'suite p50/p95 ms':>20}{'plain p50/p95 ms':>20}"
        f"{'overhead p50':>14}{'queries suite/plain':>22}"
    ]
    for name in names:
        durations_s, durations_p = suite[0][name], plain[0][name]
        s50, p50 = ms_percentile(durations_s, 50), ms_percentile(durations_p, 50)
        queries = ""
        if name in suite[1]:
            sq, pq = suite[1][name], plain[1][name]
            queries = f"{statistics.median(sq) if sq else 0:.0f} / {statistics.median(pq) if pq else 0:.0f}"
        lines.append(
            f"{name:<{width}}{f'{s50:.1f} / {ms_percentile(durations_s, 95):.1f}':>20}"
            f"{f'{p50:.1f} / {ms_percentile(durations_p, 95):.1f}':>20}"
            f"{overhead_pct(s50, p50) or 0:>13.0f}%{queries:>22}"
        )
    return lines


# The shopper's checkout, route by route (locustfile.Shopper.checkout): its time is their sum.
CHECKOUT_ROUTES = (
    "cart update_json",
    "GET /shop/cart",
    "set_delivery_method",
    "GET /shop/payment",
    "payment transaction",
    "payment demo simulate",
    "payment status poll",
)
POS_SYNC = "pos sync_from_ui"


def cpu_per_order_ms(cpu, orders):
    """CPU milliseconds of Odoo + PostgreSQL per completed order ({odoo: s, postgresql: s}), or None."""
    if not orders or not cpu or None in cpu.values():
        return None
    return round(sum(cpu.values()) * 1000.0 / orders, 1)


def targets(comparison, suite_ops, plain_ops, suite_cpu=None, plain_cpu=None):
    """Issue 16's targets against this run: rows {target, suite, plain, held, detail}.

    ``held`` is None when the run has no figure for the target.
    """
    by_route = {row["route"]: row for row in comparison}
    sync = by_route.get(POS_SYNC, {})

    def checkout(side, pct):
        values = [by_route.get(r, {}).get(f"{side}_p{pct}") for r in CHECKOUT_ROUTES]
        return None if None in values else round(sum(values), 1)

    def row(target, suite, held, plain=None, detail=None):
        return {
            "target": target,
            "suite": suite,
            "plain": plain,
            "held": None if suite is None else held(suite),
            "detail": detail,
        }

    def within_5_pct(value):
        return value <= 5

    rows = [
        row(f"POS sync overhead, p{pct} (<= 5 %)", sync.get(f"overhead_p{pct}_pct"), within_5_pct)
        for pct in (50, 95)
    ]
    for pct in (50, 95):
        suite, plain = checkout("suite", pct), checkout("plain", pct)
        rows.append(
            row(
                f"web checkout overhead, sum of the route p{pct} (<= 5 %)",
                overhead_pct(suite, plain),
                within_5_pct,
                detail=f"{suite} ms vs {plain} ms" if suite is not None and plain is not None else None,
            )
        )
    rows += [
        row(
            "whole-mix CPU per order, Odoo + PostgreSQL, overhead (<= 5 %)",
            overhead_pct(suite_cpu, plain_cpu),
            within_5_pct,
            detail=f"{suite_cpu} ms vs {plain_cpu} ms" if suite_cpu and plain_cpu else None,
        ),
        row("orders/s (>= 12)", suite_ops, lambda value: value >= 12, plain=plain_ops),
        row(
            "POS sync p95 ms (< 500)",
            sync.get("suite_p95"),
            lambda value: value < 500,
            plain=sync.get("plain_p95"),
        ),
    ]
    return rows


def _cell(value):
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        return f"{value:.1f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def format_table(rows, columns):
    """Plain-text table of dict rows, columns in order, '-' for missing values."""
    cells = [[_cell(row.get(col)) for col in columns] for row in rows]
    widths = [max([len(col)] + [len(r[i]) for r in cells]) for i, col in enumerate(columns)]
    lines = ["  ".join(col.ljust(widths[i]) for i, col in enumerate(columns))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(r[i].ljust(widths[i]) for i in range(len(columns))) for r in cells]
    return "\n".join(lines)


def uuids_values(uuids):
    """SQL VALUES list of uuids (checked: only hex digits and dashes get in)."""
    clean = []
    for value in uuids:
        if not isinstance(value, str) or not value or set(value) - set("0123456789abcdef-"):
            raise ValueError(f"not a uuid: {value!r}")
        clean.append(f"('{value}')")
    return ", ".join(clean) or "(NULL)"


def since_literal(value):
    """'YYYY-MM-DD HH:MM:SS' only (it goes into SQL)."""
    import re

    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", value):
        raise ValueError(f"not a timestamp: {value!r}")
    return value


def format_invariants(title, results, binding=True):
    """``results``: [(name, count or error text)]. 'OK' only for an integer 0; 'n/a...' is not counted.

    ``binding=False`` (plain Odoo: the guarantees are the suite's) says 'NOT HELD' instead of 'FAIL'
    and reports the count as shown for comparison; the count is returned all the same.
    """
    lines = [f"Invariants after {title}:"]
    bad = 0
    for name, value in results:
        if value == 0 and not isinstance(value, bool):
            status = "OK"
        elif isinstance(value, str) and value.startswith("n/a"):
            status = "n/a"  # the table is not there (plain Odoo has no holds): nothing to check
        elif isinstance(value, int) and not isinstance(value, bool):
            status, bad = ("FAIL" if binding else "NOT HELD"), bad + 1
        else:
            status, bad = "ERROR", bad + 1
        lines.append(f"  [{status:5}] {name}: {value}")
    if binding:
        lines.append(f"  {'all hold' if not bad else f'{bad} broken'}")
    else:
        held = "all hold" if not bad else f"{bad} not held"
        lines.append(f"  {held} (plain Odoo: shown for comparison, not a failure)")
    return "\n".join(lines), bad


def invariants_matrix(phases):
    """One row per invariant (or stat), one column per phase: ``[(label, [(name, value)])]`` -> rows."""
    rows, index = [], {}
    for label, results in phases:
        for name, value in results:
            if name not in index:
                index[name] = {"invariant": name}
                rows.append(index[name])
            index[name][label] = value
    return rows
