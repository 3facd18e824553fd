#!/usr/bin/env python3
"""The till's two calls, suite vs plain Odoo 18, in one run: time and SQL queries per call.

A paid order goes through ``pos.order.sync_from_ui`` with the payload the
18.0 POS sends (``setup/bench/load/loadlib.py`` ``pos_order_payload``, the
shape of point_of_sale's ``create_ui_order_data``); an order with a loyalty
card then through ``confirm_coupon_programs`` with the points won, as
pos_loyalty sends it. Each call is its own committed transaction, as on a
server. The same mix runs on a database with the Omnicanal addons (``-d``)
and one with only their Odoo dependencies (``--plain-db``), order by order
in turn (which database goes first alternates), so both see the same
moments of a shared machine and the suite's overhead is read off the same run.
Queries are counted by the cursor (``sql_log_count``), which does not depend
on the machine's load; times do.

The last row is the whole paid sale per order: its sync plus, for the 40 %
with a card, its ``confirm_coupon_programs``.

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
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "load"))
import loadlib

TABLE_RE = re.compile(r'\b(?:FROM|INTO|UPDATE|JOIN)\s+"?([a-z_][a-z0-9_]*)"?', re.IGNORECASE)


# The till's two calls, then the whole paid sale: the sync plus, for an order with a
# loyalty card, its confirmation (what a till waits for before the next customer).
CALLS = ("sync_from_ui", "confirm_coupon_programs", "paid sale (both calls)")


class QueryTrace(logging.Handler):
    """Counts the queries ``odoo.sql_db`` logs at DEBUG, per first table named."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.tables = collections.Counter()

    def emit(self, record):
        message = record.getMessage()
        if "query:" not in message:
            return  # the pool's and the cursor's own lines
        match = TABLE_RE.search(message)
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


class Side:
    """One database's till, driven one order at a time so that both databases share the same moments."""

    def __init__(self, dbname, args):
        import odoo

        self.dbname, self.args = dbname, args
        self.registry = odoo.modules.registry.Registry.new(dbname)
        self.cr = self.registry.cursor()
        env = odoo.api.Environment(self.cr, odoo.SUPERUSER_ID, {})
        self.till, self.products, self.partner_ids, self.cards = _context(env)
        self.Order = odoo.api.Environment(self.cr, env.ref("base.user_admin").id, {})["pos.order"]
        self.figures = {call: [] for call in CALLS}
        self.queries = {call: [] for call in CALLS}
        self.trace = QueryTrace()
        self.profiler = cProfile.Profile() if args.profile else None

    def _timed(self, call, measured, func, *func_args):
        cr = self.cr
        count, start = cr.sql_log_count, time.perf_counter()
        result = func(*func_args)
        cr.commit()
        if measured:
            self.figures[call].append(time.perf_counter() - start)
            self.queries[call].append(cr.sql_log_count - count)
        return result

    def order(self, n):
        """The n-th paid order (and its loyalty confirmation), each call committed."""
        args, products, cards = self.args, self.products, self.cards
        lines = [(products[(n + i) % len(products)], 1 + (n + i) % 2) for i in range(args.lines)]
        card = cards[n % len(cards)] if cards and n % 5 < 2 else None  # 40 % with a loyalty card
        partner_id = (
            card["partner_id"]
            if card
            else (self.partner_ids[n % len(self.partner_ids)] if n % 10 < 3 else False)
        )
        payload = loadlib.pos_order_payload(
            self.till,
            loadlib.random_uuid(),
            lines,
            partner_id=partner_id,
            sequence_number=n + 1,
            now=time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime()),
        )
        measured = n >= args.warmup
        tracing = measured and args.trace and n - args.warmup + 1 == args.trace
        sql_logger = logging.getLogger("odoo.sql_db")
        if tracing:
            sql_logger.setLevel(logging.DEBUG)
            sql_logger.propagate = False  # counted, not printed
            sql_logger.addHandler(self.trace)
        if self.profiler and measured:
            self.profiler.enable()
        result = self._timed("sync_from_ui", measured, self.Order.sync_from_ui, [payload])
        if card:
            order = self.Order.browse(result["pos.order"][0]["id"])
            coupon_data = loadlib.points_coupon_data(
                card["card_id"], card["program_id"], card["partner_id"], round(payload["amount_total"], 0)
            )
            self._timed("confirm_coupon_programs", measured, order.confirm_coupon_programs, coupon_data)
        if self.profiler and measured:
            self.profiler.disable()
        if measured:
            calls = ("sync_from_ui", "confirm_coupon_programs") if card else ("sync_from_ui",)
            self.figures[CALLS[2]].append(sum(self.figures[call][-1] for call in calls))
            self.queries[CALLS[2]].append(sum(self.queries[call][-1] for call in calls))
        if tracing:
            sql_logger.removeHandler(self.trace)
            sql_logger.setLevel(logging.WARNING)
            sql_logger.propagate = True

    def close(self):
        self.cr.close()
        if self.profiler:
            os.makedirs(self.args.profile, exist_ok=True)
            self.profiler.dump_stats(os.path.join(self.args.profile, f"{self.dbname}.prof"))
        return self.figures, self.queries, self.trace.tables


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
    sides = {}
    for label, dbname in (("plain", args.plain_db), ("suite", args.database)):
        sides[label] = Side(dbname, args)
    print(
        f"{args.orders} orders of {args.lines} lines after {args.warmup} warm-up, "
        f"plain ({args.plain_db}) and suite ({args.database}) in turn, which goes first alternating",
        flush=True,
    )
    for n in range(args.warmup + args.orders):
        for label in loadlib.first_side(n):
            sides[label].order(n)
    results = {label: side.close() for label, side in sides.items()}
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print("\n".join(loadlib.call_table("call", 26, CALLS, results["suite"][:2], results["plain"][:2])))
    if args.trace:
        suite_t, plain_t = results["suite"][2], results["plain"][2]
        print(f"\nqueries per table, order {args.trace} (suite - plain, largest first):")
        for table in sorted(set(suite_t) | set(plain_t), key=lambda t: plain_t[t] - suite_t[t]):
            if suite_t[table] != plain_t[table]:
                extra = suite_t[table] - plain_t[table]
                print(f"  {table:<40}{suite_t[table]:>6}{plain_t[table]:>6}{extra:>+6}")


if __name__ == "__main__":
    main()
