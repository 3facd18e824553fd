#!/usr/bin/env python3
"""The shopper's checkout, route by route, suite vs plain Odoo 18, in one run: time and SQL queries.

A signed-in shopper adds a product to the cart, opens the cart, picks the
carrier, opens the payment page, creates the transaction, pays with the demo
provider and polls the payment status until the order is confirmed: the
routes the load run's Shopper uses (``load/locustfile.py``), in the same
order, through Odoo's real HTTP stack (``odoo.http.root``, the WSGI
application the server runs) called in this process. No server, no network,
no other request at the same time: each route's own cost, on the suite's
database (``-d``) and on one with only its Odoo dependencies (``--plain-db``),
checkout by checkout in turn (which database goes first alternating).
Queries are counted by Odoo's cursor counter (``odoo.sql_db.sql_counter``).

Both databases are prepared first by ``load/prepare.py`` (shoppers, demo
provider, free carrier, stock): use throwaway copies of the load run's
databases. ``--profile DIR`` writes a cProfile file of the measured
checkouts per database.

    python3 setup/bench/bench_web_checkout.py -c ODOO_CONF -d SUITE_DB --plain-db PLAIN_DB
        [--checkouts 30] [--warmup 5]
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "load"))
import loadlib

HERE = os.path.dirname(os.path.abspath(__file__))

ROUTES = loadlib.CHECKOUT_ROUTES
ENVIRON = {"REMOTE_ADDR": "127.0.0.1"}  # as a server behind no proxy sets it


class CheckoutError(Exception):
    pass


def _prepare(dbname, suite):
    """load/prepare.py on ``dbname``, as the load run does; its context."""
    import odoo

    registry = odoo.modules.registry.Registry.new(dbname)
    os.environ["LOAD_SUITE"] = "1" if suite else "0"
    os.environ.setdefault("LOAD_SHOPPERS", "5")
    out = io.StringIO()
    with registry.cursor() as cr, contextlib.redirect_stdout(out):
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        with open(os.path.join(HERE, "load", "prepare.py"), encoding="utf-8") as handle:
            exec(compile(handle.read(), "prepare.py", "exec"), {"env": env})
    for line in out.getvalue().splitlines():
        if line.startswith("LOAD_CONTEXT "):
            return json.loads(line[len("LOAD_CONTEXT ") :])
    raise SystemExit(f"{dbname}: prepare.py printed no context")


class Side:
    """One database's shopper, through Odoo's WSGI application."""

    def __init__(self, dbname, suite, args):
        from werkzeug.test import Client

        import odoo.http

        self.dbname, self.args = dbname, args
        self.context = _prepare(dbname, suite)
        self.client = Client(odoo.http.root)
        self.figures = {route: [] for route in ROUTES}
        self.queries = {route: [] for route in ROUTES}
        self.totals = []
        self.profiler = cProfile.Profile() if args.profile else None
        login = self.context["shoppers"][0]
        body = self._json("/web/session/authenticate", {"db": dbname, "login": login, "password": login})
        if not body.get("uid"):
            raise SystemExit(f"{dbname}: {login} cannot sign in")

    def _request(self, method, url, payload=None):
        response = self.client.open(url, method=method, json=payload, environ_base=ENVIRON)
        if response.status_code != 200:
            raise CheckoutError(f"{url}: HTTP {response.status_code}")
        return response

    def _json(self, url, params):
        body = self._request(
            "POST", url, {"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}
        ).json
        if "error" in body:
            data = body["error"].get("data") or {}
            raise CheckoutError(f"{url}: {data.get('name')}: {data.get('message')}")
        return body.get("result")

    def _timed(self, route, measured, func, *func_args):
        import odoo.sql_db

        count, start = odoo.sql_db.sql_counter, time.perf_counter()
        result = func(*func_args)
        if measured:
            self.figures[route].append(time.perf_counter() - start)
            self.queries[route].append(odoo.sql_db.sql_counter - count)
        return result

    def checkout(self, n):
        """The n-th checkout of one product, paid; its total time."""
        context, measured = self.context, n >= self.args.warmup
        product = context["shop_products"][n % len(context["shop_products"])]
        if self.profiler and measured:
            self.profiler.enable()
        start = time.perf_counter()
        self._timed(
            "cart update_json",
            measured,
            self._json,
            "/shop/cart/update_json",
            {"product_id": product["id"], "add_qty": 1},
        )
        self._timed("GET /shop/cart", measured, self._request, "GET", "/shop/cart")
        self._timed(
            "set_delivery_method",
            measured,
            self._json,
            "/shop/set_delivery_method",
            {"dm_id": context["carrier_id"]},
        )
        page = self._timed("GET /shop/payment", measured, self._request, "GET", "/shop/payment")
        form = loadlib.payment_form(page.get_data(as_text=True))
        if not form:
            raise CheckoutError(f"{self.dbname}: no payment form on /shop/payment")
        route, token, amount = form
        tx = self._timed(
            "payment transaction",
            measured,
            self._json,
            route,
            loadlib.transaction_params(context, token, amount),
        )
        self._timed(
            "payment demo simulate",
            measured,
            self._json,
            "/payment/demo/simulate_payment",
            {"reference": tx["reference"], "payment_details": "4242", "simulated_state": "done"},
        )
        result = self._timed("payment status poll", measured, self._json, "/payment/status/poll", {})
        if self.profiler and measured:
            self.profiler.disable()
        if (result or {}).get("state") != "done":
            raise CheckoutError(f"{self.dbname}: payment not confirmed: {result}")
        if measured:
            self.totals.append(time.perf_counter() - start)

    def close(self):
        if self.profiler:
            os.makedirs(self.args.profile, exist_ok=True)
            self.profiler.dump_stats(os.path.join(self.args.profile, f"{self.dbname}.prof"))
        return self.figures, self.queries, self.totals


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True, help="database with the Omnicanal addons")
    parser.add_argument("--plain-db", required=True, help="database with only their Odoo dependencies")
    parser.add_argument("--checkouts", type=int, default=30)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--profile", help="write cProfile stats of the measured checkouts to DIR/<database>.prof"
    )
    args = parser.parse_args()
    if args.checkouts < 1 or args.warmup < 0:
        parser.error("--checkouts must be positive, --warmup not negative")
    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn"])
    sides = {
        "plain": Side(args.plain_db, False, args),
        "suite": Side(args.database, True, args),
    }
    print(
        f"{args.checkouts} checkouts after {args.warmup} warm-up, plain ({args.plain_db}) and suite "
        f"({args.database}) in turn, which goes first alternating",
        flush=True,
    )
    for n in range(args.warmup + args.checkouts):
        for label in loadlib.first_side(n):
            sides[label].checkout(n)
    results = {label: side.close() for label, side in sides.items()}
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    whole = "whole checkout"
    suite, plain = (
        ({**results[label][0], whole: results[label][2]}, results[label][1]) for label in ("suite", "plain")
    )
    print("\n".join(loadlib.call_table("route", 24, (*ROUTES, whole), suite, plain)))


if __name__ == "__main__":
    main()
