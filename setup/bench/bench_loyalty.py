#!/usr/bin/env python3
"""omni_loyalty benchmarks: concurrent redemptions of one card, reward evaluation overhead.

Run against a throwaway database where omni_loyalty is installed (``-d``) and,
for the overhead figure, one where only sale_loyalty is (``--plain-db``, same
Odoo, same run). Prints figures; asserts the double-spend invariant only.

    python3 setup/bench/bench_loyalty.py -c ODOO_CONF -d DB [--plain-db DB2]
        [--connections 8] [--redemptions 2000] [--lines 50] [--programs 20]
"""

import argparse
import logging
import statistics
import time


def _redeem_worker(config_file, database, card_id, todo, barrier, queue):
    """One Odoo worker process: its own registry and connection, like a real server worker."""
    import random

    from psycopg2 import errors as pg_errors

    import odoo
    from odoo.exceptions import UserError, ValidationError
    from odoo.tools import config

    config.parse_config(["-c", config_file, "--log-level=warn"])
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)  # expected serialization failures
    registry = odoo.modules.registry.Registry.new(database)
    ok = refused = retries = 0
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["omni.channel"]._omni_get("pos")  # warm the worker's caches
        cr.rollback()
        barrier.wait()
        for _n in range(todo):
            while True:
                try:
                    env["loyalty.card"].browse(card_id)._omni_spend(1, "pos")
                    cr.commit()
                    ok += 1
                    break
                except pg_errors.SerializationFailure:
                    # What odoo.service.model.retrying does, with a shorter backoff.
                    cr.rollback()
                    env.transaction.clear()
                    retries += 1
                    time.sleep(random.uniform(0, 0.004))
                except (UserError, ValidationError):
                    cr.rollback()
                    env.transaction.clear()
                    refused += 1
                    break
    queue.put((ok, refused, retries))


def bench_redemptions(config_file, registry, connections, redemptions):
    """Worker processes spend 1 point each from the same card; count successes and balance."""
    import multiprocessing

    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        program = env["loyalty.program"].create(
            {
                "name": "Bench gift cards",
                "program_type": "gift_card",
                "applies_on": "future",
                "trigger": "auto",
            }
        )
        start_balance = float(redemptions)  # exactly enough for every redemption
        card = env["loyalty.card"].create({"program_id": program.id, "points": start_balance})
        card_id, program_id = card.id, program.id
    per_conn = redemptions // connections
    extra = max(redemptions // 10, 1)  # more attempts than balance: the last ones must be refused
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(connections + 1)
    queue = ctx.Queue()
    procs = [
        ctx.Process(
            target=_redeem_worker,
            args=(
                config_file,
                registry.db_name,
                card_id,
                per_conn + (extra if i == 0 else 0),
                barrier,
                queue,
            ),
        )
        for i in range(connections)
    ]
    for proc in procs:
        proc.start()
    barrier.wait()
    t0 = time.time()
    results = [queue.get() for _p in procs]
    elapsed = time.time() - t0
    for proc in procs:
        proc.join()
    ok = sum(r[0] for r in results)
    refused = sum(r[1] for r in results)
    retries = sum(r[2] for r in results)
    with registry.cursor() as cr:
        cr.execute("SELECT points FROM loyalty_card WHERE id = %s", (card_id,))
        balance = cr.fetchone()[0]
        cr.execute(
            "SELECT count(*), coalesce(sum(used), 0) FROM loyalty_history WHERE card_id = %s", (card_id,)
        )
        rows, used = cr.fetchone()
        cr.execute("DELETE FROM loyalty_history WHERE card_id = %s", (card_id,))
        cr.execute("DELETE FROM loyalty_card WHERE id = %s", (card_id,))
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["loyalty.program"].browse(program_id).write({"active": False})
        env["loyalty.program"].browse(program_id).unlink()
    double_spend = ok - int(start_balance - balance)
    print(
        f"redemptions: {connections} connections, {ok} succeeded, {refused} refused, "
        f"{retries} serialization retries, {elapsed:.2f}s -> {ok / elapsed:.0f} redemptions/s"
    )
    print(
        f"  balance {start_balance:.0f} -> {balance:.0f}; history rows {rows} (used {used:.0f}); "
        f"double spend: {double_spend}; negative balance: {balance < 0}"
    )
    assert balance >= 0 and double_spend == 0 and rows == ok, "double spend detected"


def _prepare_evaluation(registry, lines, programs):
    """A 50-line order and 20 auto programs, in an open transaction (rolled back at the end)."""
    import odoo
    from odoo import Command

    cr = registry.cursor()
    try:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        products = env["product.product"].create(
            [
                {"name": f"Bench item {i}", "list_price": 10 + i, "taxes_id": [Command.clear()]}
                for i in range(lines)
            ]
        )
        partner = env["res.partner"].create({"name": "Bench customer"})
        for i in range(programs):
            env["loyalty.program"].create(
                {
                    "name": f"Bench promo {i}",
                    "program_type": "promotion" if i % 2 else "loyalty",
                    "applies_on": "current" if i % 2 else "both",
                    "trigger": "auto",
                    "rule_ids": [
                        Command.create(
                            {
                                "product_ids": [Command.set(products[i : i + 5].ids)],
                                "minimum_qty": 1,
                                "reward_point_mode": "order",
                                "reward_point_amount": 1,
                            }
                        )
                    ],
                    "reward_ids": [
                        Command.create(
                            {
                                "reward_type": "discount",
                                "discount": 5,
                                "discount_mode": "percent",
                                "required_points": 1,
                            }
                        )
                    ],
                }
            )
        order = env["sale.order"].create(
            {
                "partner_id": partner.id,
                "order_line": [Command.create({"product_id": p.id, "product_uom_qty": 2}) for p in products],
            }
        )
        order._update_programs_and_rewards()  # warm caches
    except Exception:
        cr.close()
        raise
    return cr, env, order


def _time_evaluation(env, order):
    env.invalidate_all()
    t0 = time.perf_counter()
    order._update_programs_and_rewards()
    env.flush_all()
    return time.perf_counter() - t0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--plain-db", help="database with sale_loyalty but without omni_loyalty")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--redemptions", type=int, default=2000)
    parser.add_argument("--lines", type=int, default=50)
    parser.add_argument("--programs", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--skip-redemptions", action="store_true")
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn"])
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)  # expected serialization failures
    registry = odoo.modules.registry.Registry.new(args.database)
    if not args.skip_redemptions:
        bench_redemptions(args.config, registry, args.connections, args.redemptions)
    omni_cr, omni_env, omni_order = _prepare_evaluation(registry, args.lines, args.programs)
    plain_run = None
    if args.plain_db:
        plain_registry = odoo.modules.registry.Registry.new(args.plain_db)
        plain_run = _prepare_evaluation(plain_registry, args.lines, args.programs)
    omni_times, plain_times = [], []
    for _round in range(args.rounds):  # interleaved, so machine load hits both alike
        omni_times.append(_time_evaluation(omni_env, omni_order))
        if plain_run:
            plain_times.append(_time_evaluation(plain_run[1], plain_run[2]))
    for cursor in [omni_cr] + ([plain_run[0]] if plain_run else []):
        cursor.rollback()
        cursor.close()
    omni = statistics.median(omni_times)
    label = f"evaluation ({args.lines} lines, {args.programs} programs)"
    print(f"{label}, omni_loyalty: {omni * 1000:.1f} ms (median)")
    if plain_run:
        plain = statistics.median(plain_times)
        overhead = 100 * (omni / plain - 1)
        print(f"evaluation, plain sale_loyalty: {plain * 1000:.1f} ms; overhead {overhead:+.1f} %")


if __name__ == "__main__":
    main()
