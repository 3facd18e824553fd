#!/usr/bin/env python3
"""omni_loyalty benchmarks: the one debit service under concurrency, reward evaluation overhead.

Redemptions go through ``loyalty.card._omni_debit`` (what the POS sync, the
website and the back office call) inside ``odoo.service.model.retrying``, in
two shapes: 8 connections redeeming distinct cards (the real retail load,
target >= 500/s on 2 cores), and one hot card (every waiting spend retried,
none reaching the caller as an error; p95 printed).

Run against a throwaway database where omni_loyalty is installed (``-d``) and,
for the overhead figure, one where only sale_loyalty is (``--plain-db``, same
Odoo, same run). Prints figures; asserts the double-spend invariant only.

    python3 setup/bench/bench_loyalty.py -c ODOO_CONF -d DB [--plain-db DB2]
        [--connections 8] [--redemptions 2000] [--hot-redemptions 200] [--lines 50] [--programs 20]
        [--skip-redemptions] [--skip-evaluation]
"""

import argparse
import logging
import os
import statistics
import time

from odoo.tools import SQL


def _redeem_worker(config_file, database, card_ids, todo, barrier, queue):
    """One Odoo worker process: its own registry and connection, like a real server worker.

    Each redemption is one request: ``loyalty.card._omni_debit`` (the one debit
    service the POS sync, the website and the back office call) run through
    ``odoo.service.model.retrying``, the retry of serialization failures every
    Odoo RPC/HTTP request gets. A failure that survives it is what a user would
    see as an error.
    """
    import functools

    import odoo
    from odoo.exceptions import UserError, ValidationError
    from odoo.service.model import retrying
    from odoo.tools import config

    config.parse_config(["-c", config_file, "--log-level=warn"])
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)  # expected serialization failures
    logging.getLogger("odoo.service.model").setLevel(logging.CRITICAL)
    registry = odoo.modules.registry.Registry.new(database)
    ok = refused = errors = 0
    latencies = []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        channel = env["omni.channel"]._omni_get("pos")  # warm the worker's caches
        cr.rollback()
        barrier.wait()
        for n in range(todo):
            card_id = card_ids[n % len(card_ids)]
            debit = functools.partial(env["loyalty.card"]._omni_debit, {card_id: (0.0, 1.0)}, channel=channel)
            t0 = time.perf_counter()
            try:
                retrying(debit, env)
                ok += 1
            except (UserError, ValidationError):
                cr.rollback()
                refused += 1
            except Exception:  # reached the caller: what the user would see as an error
                cr.rollback()
                errors += 1
            latencies.append(time.perf_counter() - t0)
    queue.put((ok, refused, errors, latencies))


def bench_redemptions(config_file, registry, connections, redemptions, hot):
    """``connections`` worker processes spend 1 point per redemption.

    ``hot=False``: every connection redeems its own cards (distinct cards, the
    real retail load). ``hot=True``: all of them redeem one card holding
    exactly ``redemptions`` points, with more attempts than balance, so the
    last ones must be refused. Asserts no double spend.
    """
    import multiprocessing

    import odoo

    per_conn = redemptions // connections
    extra = max(redemptions // 10, 1) if hot else 0
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        program = env["loyalty.program"].create(
            {
                "name": "Bench gift cards",
                "program_type": "gift_card",
                "applies_on": "future",
                "trigger": "auto",
            }
        )
        if hot:
            cards = env["loyalty.card"].create({"program_id": program.id, "points": float(redemptions)})
            card_sets = [cards.ids] * connections
        else:
            cards = env["loyalty.card"].create(
                [{"program_id": program.id, "points": float(per_conn)} for _i in range(connections * 10)]
            )
            card_sets = [cards.ids[i * 10 : (i + 1) * 10] for i in range(connections)]
        card_ids, program_id = cards.ids, program.id
        start_balance = sum(cards.mapped("points"))
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(connections + 1)
    queue = ctx.Queue()
    procs = [
        ctx.Process(
            target=_redeem_worker,
            args=(
                config_file,
                registry.db_name,
                card_sets[i],
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
    errors = sum(r[2] for r in results)
    latencies = sorted(lat for r in results for lat in r[3])
    with registry.cursor() as cr:
        cr.execute(
            SQL(
                "SELECT COALESCE(SUM(points), 0), MIN(points) FROM loyalty_card WHERE id IN %s",
                tuple(card_ids),
            )
        )
        balance, lowest = cr.fetchone()
        cr.execute(
            SQL(
                "SELECT count(*), COALESCE(SUM(used), 0) FROM loyalty_history WHERE card_id IN %s",
                tuple(card_ids),
            )
        )
        rows, used = cr.fetchone()
        cr.execute(SQL("DELETE FROM loyalty_history WHERE card_id IN %s", tuple(card_ids)))
        cr.execute(SQL("DELETE FROM loyalty_card WHERE id IN %s", tuple(card_ids)))
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        env["loyalty.program"].browse(program_id).write({"active": False})
        env["loyalty.program"].browse(program_id).unlink()
    double_spend = ok - round(start_balance - balance)
    shape = "one hot card" if hot else f"distinct cards ({len(card_ids)})"
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    p50 = latencies[len(latencies) // 2] if latencies else 0.0
    p95 = latencies[int(len(latencies) * 0.95)] if latencies else 0.0
    print(
        f"redemptions, {shape}: {connections} connections, {ok} succeeded, {refused} refused, "
        f"{errors} errors reaching the caller, {elapsed:.2f}s -> {ok / elapsed:.0f} redemptions/s; "
        f"latency p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms (machine load average {load}, "
        f"{os.cpu_count()} CPUs)"
    )
    print(
        f"  balance {start_balance:.0f} -> {balance:.0f} (lowest card {lowest:.0f}); history rows {rows} "
        f"(used {used:.0f}); double spend: {double_spend}; negative balance: {lowest < 0}"
    )
    assert lowest >= 0 and double_spend == 0 and rows == ok, "double spend detected"


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
    parser.add_argument("--skip-evaluation", action="store_true")
    parser.add_argument("--hot-redemptions", type=int, default=200, help="balance of the one hot card")
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn"])
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)  # expected serialization failures
    registry = odoo.modules.registry.Registry.new(args.database)
    if not args.skip_redemptions:
        bench_redemptions(args.config, registry, args.connections, args.redemptions, hot=False)
        bench_redemptions(args.config, registry, args.connections, args.hot_redemptions, hot=True)
    if args.skip_evaluation:
        return
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
