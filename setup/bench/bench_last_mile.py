#!/usr/bin/env python3
"""omni_last_mile benchmarks: the delivery promise and slot booking under concurrency.

Runs inside a database where omni_last_mile is installed. Creates 50 network
nodes with a calendar, a carrier with transit times, a 10-line order and
measures ``sale.order._omni_delivery_promise`` (median ms and queries, cold
cache), then the pure promise alone. Rolls all of that back. Then commits one
slot with ``--capacity`` places, has ``--connections`` threads (one database
connection each) book it until it is full, prints bookings per second and the
overbooking (must be 0), and deletes the slot. Prints figures; asserts nothing.

    python3 setup/bench/bench_last_mile.py -c ODOO_CONF -d DB [--nodes 50]
        [--lines 10] [--repeat 50] [--connections 8] [--capacity 200] [--lang en_US]
"""

import argparse
import datetime as dt
import logging
import random
import statistics
import threading
import time


def timed(cr, func, repeat):
    """Median wall time (ms) and queries of one call."""
    times, queries = [], None
    for _ in range(repeat):
        cr.execute("SELECT 1")
        before = cr.sql_log_count
        start = time.perf_counter()
        func()
        times.append((time.perf_counter() - start) * 1000)
        queries = cr.sql_log_count - before
    return statistics.median(times), queries


def bench_promise(odoo, registry, args):
    rnd = random.Random(13)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": args.lang} if args.lang else {})
        spain = env.ref("base.es")
        env["stock.warehouse"].search([]).write({"omni_in_network": False})
        calendar = env["resource.calendar"].create({"name": "Bench calendar", "tz": "Europe/Madrid"})
        nodes = env["stock.warehouse"].create(
            [
                {
                    "name": f"Bench node {i}",
                    "code": f"L{i:03d}",
                    "omni_latitude": 36.5 + rnd.random() * 6.5,
                    "omni_longitude": -8.5 + rnd.random() * 11,
                    "omni_prep_days": i % 3,
                    "omni_calendar_id": calendar.id,
                }
                for i in range(args.nodes)
            ]
        )
        products = env["product.product"].create(
            [
                {"name": f"Bench product {i}", "is_storable": True, "allow_out_of_stock_order": False}
                for i in range(args.lines)
            ]
        )
        for product in products:
            for node in nodes:
                if rnd.random() < 0.5:
                    env["stock.quant"]._update_available_quantity(product, node.lot_stock_id, 5)
        zone = env["omni.delivery.zone"].create(
            {"name": "Bench Spain", "code": "bench_es", "country_id": spain.id}
        )
        carrier = env["delivery.carrier"].create(
            {
                "name": "Bench 24 h",
                "delivery_type": "fixed",
                "product_id": env["product.product"].create({"name": "Bench shipping", "type": "service"}).id,
                "omni_transit_ids": [(0, 0, {"zone_id": zone.id, "transit_days": 1})],
            }
        )
        partner = env["res.partner"].create(
            {"name": "Bench customer", "zip": "46001", "country_id": spain.id}
        )
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "carrier_id": carrier.id,
                "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": 1}) for p in products],
            }
        )
        env.flush_all()

        def promise():
            env.invalidate_all()
            order._omni_delivery_promise()

        ms, queries = timed(cr, promise, args.repeat)
        data = order._omni_delivery_promise()
        print(
            f"promise of a {args.lines}-line order over {args.nodes} nodes, cold cache "
            f"(sourcing + calendars + promise): {queries} queries, {ms:.1f} ms median; "
            f"{data['explanation'].count(';') + 1} leg(s), {data['date']}"
        )
        ms, queries = timed(cr, order._omni_delivery_promise, args.repeat)
        print(f"same promise, warm cache: {queries} queries, {ms:.1f} ms median")

        def sourcing_only():
            env.invalidate_all()
            order._omni_sourcing_plan()

        ms, queries = timed(cr, sourcing_only, args.repeat)
        print(
            f"of which omni_inventory_aisle's sourcing plan, cold cache: "
            f"{queries} queries, {ms:.1f} ms median"
        )
        from odoo.addons.omni_last_mile.tools import promise as pure

        legs = [
            (pure.Node(f"n{i}", prep_days=i % 3), pure.Carrier("c", transit={"z": 1}), "z") for i in range(10)
        ]
        now = dt.datetime(2026, 12, 4, 15, 0)
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            pure.promise_order(now, legs)
            times.append((time.perf_counter() - start) * 1000)
        print(f"pure promise alone (10 legs): {statistics.median(times):.3f} ms median")
        cr.rollback()


def bench_slots(odoo, registry, args):
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        zone = env["omni.delivery.zone"].create(
            {"name": "Bench slots", "code": "bench_slots", "country_id": env.ref("base.es").id}
        )
        start = odoo.fields.Datetime.now() + dt.timedelta(days=2)
        slot = env["omni.delivery.slot"].create(
            {
                "zone_id": zone.id,
                "date_start": start,
                "date_end": start + dt.timedelta(hours=2),
                "capacity": args.capacity,
            }
        )
        zone_id, slot_id = zone.id, slot.id
    wins, refusals = [0] * args.connections, [0] * args.connections
    envs = [odoo.api.Environment(registry.cursor(), odoo.SUPERUSER_ID, {}) for _ in range(args.connections)]
    barrier = threading.Barrier(args.connections)

    def worker(index):
        env = envs[index]
        barrier.wait()
        while True:
            try:
                env["omni.delivery.slot"].browse(slot_id)._omni_book()
                env.cr.commit()
                wins[index] += 1
            except odoo.exceptions.UserError:
                env.cr.rollback()
                refusals[index] += 1
                return
            except Exception:  # serialization failure: retry, as a request would
                env.cr.rollback()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(args.connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    for env in envs:
        env.cr.close()
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        booked = env["omni.delivery.slot"].browse(slot_id).booked
        env["omni.delivery.slot"].browse(slot_id).unlink()
        env["omni.delivery.zone"].browse(zone_id).unlink()
    print(
        f"slot booking, {args.connections} connections, capacity {args.capacity}: "
        f"{sum(wins)} bookings in {elapsed:.2f}s ({sum(wins) / elapsed:.0f}/s), "
        f"booked={booked}, overbooked={max(booked - args.capacity, 0) + max(sum(wins) - args.capacity, 0)}"
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--nodes", type=int, default=50)
    parser.add_argument("--lines", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--capacity", type=int, default=200)
    parser.add_argument(
        "--lang",
        help="language in the context, as a web request has one (default: none; the promise's "
        "dates then look up the user's company language on each cold call: 2 or 3 more queries)",
    )
    args = parser.parse_args()

    import odoo
    import odoo.exceptions
    from odoo.tools import config

    config.parse_config(["-c", args.config])
    # A lost race is retried, as a request would be; its rolled-back UPDATE is not news.
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)
    odoo.service.server.load_server_wide_modules()
    registry = odoo.modules.registry.Registry.new(args.database)
    bench_promise(odoo, registry, args)
    bench_slots(odoo, registry, args)


if __name__ == "__main__":
    main()
