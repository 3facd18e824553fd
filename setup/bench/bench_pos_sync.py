#!/usr/bin/env python3
"""The till's two calls, suite vs plain Odoo 18, in one run: time and SQL queries per call.

A paid order goes through ``pos.order.sync_from_ui`` with the payload the
18.0 POS sends (``setup/bench/load/loadlib.py`` ``pos_order_payload``, the
shape of point_of_sale's ``create_ui_order_data``); an order with a loyalty
card then through ``confirm_coupon_programs`` with the points won, as
pos_loyalty sends it. Each call is its own committed transaction, as on a
server. The same mix runs on a database with the Omnicanal addons (``-d``)
and one with only their Odoo dependencies (``--plain-db``), so the suite's
overhead is read off the same run. Queries are counted by the cursor
(``sql_log_count``), which does not depend on the machine's load; times do.

``--profile DIR`` writes a cProfile file of the measured calls per database.
``--trace N`` prints, for the N-th measured order of each database, how many
queries each table got, suite beside plain: where the extra queries come from.

Both databases need an open-able POS (``point_of_sale`` demo data, or
``setup/run``'s chain); the run commits orders into them: use throwaway ones.

    python3 setup/bench/bench_pos_sync.py -c ODOO_CONF -d SUITE_DB --plain-db PLAIN_DB
        [--orders 100] [--warmup 10] [--lines 3] [--trace 0]
"""

import argparse
import collections
import cProfile
import logging
import os
import re
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "load"))
import loadlib

TABLE_RE = re.compile(r'\b(?:FROM|INTO|UPDATE|JOIN)\s+"?([a-z_][a-z0-9_]*)"?', re.IGNORECASE)


class QueryTrace(logging.Handler):
    """Counts the queries ``odoo.sql_db`` logs at DEBUG, per first table named."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.tables = collections.Counter()

    def emit(self, record):
        match = TABLE_RE.search(record.getMessage())
        self.tables[match.group(1) if match else "(other)"] += 1


def _context(env):
    """An open session of the first till with a cash method, products, customers, cards."""
    company = env.company
    config = env["pos.config"].search(
        [("company_id", "=", company.id), ("payment_method_ids.is_cash_count", "=", True)], limit=1
    )
    if not config:
        raise SystemExit(f"{env.cr.dbname}: no POS with a cash payment method")
    admin = env.ref("base.user_admin")
    session = config.current_session_id or env["pos.session"].create(
        {"user_id": admin.id, "config_id": config.id}
    )
    if session.state == "opening_control":
        session.set_opening_control(0, "")
    cash = config.payment_method_ids.filtered(lambda m: m.is_cash_count and not m.split_transactions)[:1]
    products = []
    for product in env["product.product"].search(
        [
            ("available_in_pos", "=", True),
            ("sale_ok", "=", True),
            ("type", "=", "consu"),
            ("list_price", ">", 0),
        ],
        limit=20,
        order="id",
    ):
        taxes = product.taxes_id.filtered(lambda t, c=company: t.company_id == c)
        rate = sum(t.amount for t in taxes if t.amount_type == "percent" and not t.price_include) / 100.0
        products.append(
            {"id": product.id, "price": product.lst_price, "tax_ids": taxes.ids, "tax_rate": rate}
        )
    if not products:
        raise SystemExit(f"{env.cr.dbname}: no product available in the POS")
    program = env["loyalty.program"].search(
        [("program_type", "=", "loyalty"), ("pos_ok", "=", True), ("company_id", "in", [False, company.id])],
        limit=1,
    )
    partners = env["res.partner"].search(
        [("email", "!=", False), ("company_id", "in", [False, company.id])], limit=10
    )
    cards = []
    if program:
        for partner in partners:
            card = env["loyalty.card"].search(
                [("program_id", "=", program.id), ("partner_id", "=", partner.id)], limit=1
            ) or env["loyalty.card"].create({"program_id": program.id, "partner_id": partner.id, "points": 0})
            cards.append({"card_id": card.id, "program_id": program.id, "partner_id": partner.id})
    env.cr.commit()
    till = {
        "session_id": session.id,
        "config": {
            "pricelist_id": config.pricelist_id.id,
            "fiscal_position_id": config.default_fiscal_position_id.id or False,
            "cash_method_id": cash.id,
            "user_id": admin.id,
        },
    }
    return till, products, partners.ids, cards


def _run(dbname, args):
    import odoo

    registry = odoo.modules.registry.Registry.new(dbname)
    sql_logger = logging.getLogger("odoo.sql_db")
    figures = {"sync_from_ui": [], "confirm_coupon_programs": []}
    queries = {"sync_from_ui": [], "confirm_coupon_programs": []}
    trace = QueryTrace()
    profiler = cProfile.Profile() if args.profile else None
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        till, products, partner_ids, cards = _context(env)
        admin_env = odoo.api.Environment(cr, env.ref("base.user_admin").id, {})
        Order = admin_env["pos.order"]
        for n in range(args.warmup + args.orders):
            lines = [(products[(n + i) % len(products)], 1 + (n + i) % 2) for i in range(args.lines)]
            card = cards[n % len(cards)] if cards and n % 5 < 2 else None  # 40 % with a loyalty card
            partner_id = (
                card["partner_id"] if card else (partner_ids[n % len(partner_ids)] if n % 10 < 3 else False)
            )
            payload = loadlib.pos_order_payload(
                till,
                loadlib.random_uuid(),
                lines,
                partner_id=partner_id,
                sequence_number=n + 1,
                now=time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
            )
            measured = n >= args.warmup
            tracing = measured and args.trace and n - args.warmup + 1 == args.trace
            if tracing:
                sql_logger.setLevel(logging.DEBUG)
                sql_logger.propagate = False  # counted, not printed
                sql_logger.addHandler(trace)
            if profiler and measured:
                profiler.enable()
            count, start = cr.sql_log_count, time.perf_counter()
            result = Order.sync_from_ui([payload])
            cr.commit()
            elapsed, used = time.perf_counter() - start, cr.sql_log_count - count
            if measured:
                figures["sync_from_ui"].append(elapsed)
                queries["sync_from_ui"].append(used)
            if card:
                order = Order.browse(result["pos.order"][0]["id"])
                coupon_data = loadlib.points_coupon_data(
                    card["card_id"], card["program_id"], card["partner_id"], round(payload["amount_total"], 0)
                )
                count, start = cr.sql_log_count, time.perf_counter()
                order.confirm_coupon_programs(coupon_data)
                cr.commit()
                elapsed, used = time.perf_counter() - start, cr.sql_log_count - count
                if measured:
                    figures["confirm_coupon_programs"].append(elapsed)
                    queries["confirm_coupon_programs"].append(used)
            if profiler and measured:
                profiler.disable()
            if tracing:
                sql_logger.removeHandler(trace)
                sql_logger.setLevel(logging.WARNING)
                sql_logger.propagate = True
    if profiler:
        profiler.dump_stats(os.path.join(args.profile, f"{dbname}.prof"))
    return figures, queries, trace.tables


def _summary(values, pct):
    return loadlib.percentile(sorted(values), pct) * 1000 if values else float("nan")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True, help="database with the Omnicanal addons")
    parser.add_argument("--plain-db", required=True, help="database with only their Odoo dependencies")
    parser.add_argument("--orders", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--lines", type=int, default=3)
    parser.add_argument("--trace", type=int, default=0, help="print the queries per table of the N-th order")
    parser.add_argument("--profile", help="write cProfile stats of the measured calls to DIR/<database>.prof")
    args = parser.parse_args()
    if args.orders < 1 or args.lines < 1 or args.warmup < 0 or args.trace < 0:
        parser.error("--orders and --lines must be positive, --warmup and --trace not negative")
    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn"])
    results = {}
    for label, dbname in (("plain", args.plain_db), ("suite", args.database)):
        print(
            f"{label}: {dbname}, {args.orders} orders of {args.lines} lines after {args.warmup} warm-up",
            flush=True,
        )
        results[label] = _run(dbname, args)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(
        f"{'call':<26}{'suite p50/p95 ms':>20}{'plain p50/p95 ms':>20}"
        f"{'overhead p50':>14}{'queries suite/plain':>22}"
    )
    for call in ("sync_from_ui", "confirm_coupon_programs"):
        suite, plain = results["suite"][0][call], results["plain"][0][call]
        sq, pq = results["suite"][1][call], results["plain"][1][call]
        s50, p50 = _summary(suite, 50), _summary(plain, 50)
        print(
            f"{call:<26}{f'{s50:.1f} / {_summary(suite, 95):.1f}':>20}"
            f"{f'{p50:.1f} / {_summary(plain, 95):.1f}':>20}"
            f"{loadlib.overhead_pct(s50, p50) or 0:>13.0f}%"
            f"{f'{statistics.median(sq) if sq else 0:.0f} / {statistics.median(pq) if pq else 0:.0f}':>22}"
        )
    if args.trace:
        suite_t, plain_t = results["suite"][2], results["plain"][2]
        print(f"\nqueries per table, order {args.trace} (suite - plain, largest first):")
        for table in sorted(set(suite_t) | set(plain_t), key=lambda t: plain_t[t] - suite_t[t]):
            if suite_t[table] != plain_t[table]:
                extra = suite_t[table] - plain_t[table]
                print(f"  {table:<40}{suite_t[table]:>6}{plain_t[table]:>6}{extra:>+6}")


if __name__ == "__main__":
    main()
