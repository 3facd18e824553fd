"""Pure parts of the load driver: POS payloads, percentiles, overhead, invariant report.

No Odoo, no network, no Locust: imported by the locustfile, by run_load.py and by
tests/unit/test_bench_load.py.
"""

import csv
import math
import uuid as uuid_lib

# name -> SQL returning one integer: the number of violations (0 is the only good answer).
# ``{uuids}`` is replaced by a VALUES list of the order uuids the server acknowledged, ``{since}`` by the
# run's start (UTC, checked by ``since_literal``).
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
        # holds (soft cart holds and reservations) beyond what the node has on hand
        "SELECT count(*) FROM (SELECT h.product_id, h.warehouse_id, sum(h.quantity) AS held "
        "FROM omni_stock_hold h WHERE h.state IN ('soft', 'hard') GROUP BY h.product_id, h.warehouse_id) t "
        "WHERE t.held > (SELECT coalesce(sum(q.quantity), 0) FROM stock_quant q "
        "JOIN stock_location l ON l.id = q.location_id WHERE q.product_id = t.product_id "
        "AND l.warehouse_id = t.warehouse_id AND l.usage = 'internal') + 0.0001",
    ),
    ("negative card balances", "SELECT count(*) FROM loyalty_card WHERE points < 0"),
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


def _cell(value):
    if value is None:
        return "-"
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


def format_invariants(title, results):
    """``results``: [(name, count or error text)]. 'OK' only for an integer 0; 'n/a...' is not counted."""
    lines = [f"Invariants after {title}:"]
    bad = 0
    for name, value in results:
        if value == 0 and not isinstance(value, bool):
            status = "OK"
        elif isinstance(value, str) and value.startswith("n/a"):
            status = "n/a"  # the table is not there (plain Odoo has no holds): nothing to check
        elif isinstance(value, int) and not isinstance(value, bool):
            status, bad = "FAIL", bad + 1
        else:
            status, bad = "ERROR", bad + 1
        lines.append(f"  [{status:5}] {name}: {value}")
    lines.append(f"  {'all hold' if not bad else f'{bad} broken'}")
    return "\n".join(lines), bad
