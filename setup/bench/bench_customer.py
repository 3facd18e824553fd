#!/usr/bin/env python3
"""omni_customer benchmarks: match on entry, duplicate scan, RFM — at scale.

Runs inside a database where omni_customer is installed (a throwaway one:
it bulk-loads synthetic customers and interactions with COPY). Prints
figures; asserts nothing (targets are in the README, not in tests).

    python3 setup/bench/bench_customer.py -c ODOO_CONF -d DB [--partners 1000000]
        [--interactions 5000000] [--calls 2000] [--skip-load]
"""

import argparse
import io
import random
import statistics
import string
import time


def load(env, partners, interactions, seed=7):
    """COPY synthetic Spanish customers (5 % duplicates) and their history."""
    from odoo.tools import email_normalize

    cr = env.cr
    rnd = random.Random(seed)
    first = [
        "María",
        "José",
        "Ana",
        "Luis",
        "Carmen",
        "Javier",
        "Lucía",
        "David",
        "Elena",
        "Pablo",
        "Marta",
        "Jorge",
        "Laura",
        "Sergio",
        "Paula",
        "Álvaro",
        "Sara",
        "Diego",
        "Irene",
        "Raúl",
    ]
    last = [
        "García",
        "Martínez",
        "López",
        "Sánchez",
        "Pérez",
        "Gómez",
        "Martín",
        "Jiménez",
        "Ruiz",
        "Hernández",
        "Díaz",
        "Moreno",
        "Muñoz",
        "Álvarez",
        "Romero",
        "Alonso",
        "Gutiérrez",
        "Navarro",
    ]
    company = env.company
    cr.execute("SELECT coalesce(max(id), 0) FROM res_partner")
    start = cr.fetchone()[0] + 1
    buf = io.StringIO()
    t0 = time.time()
    for i in range(partners):
        pid = start + i
        if i and rnd.random() < 0.05:  # a cross-channel duplicate of an earlier customer
            src = rnd.randrange(max(i - 1000, 0), i)
            name = f"{first[src % 20]} {last[src % 18]} {last[(src // 18) % 18]}"
            email = f"Cliente{src}@Correo.ES" if rnd.random() < 0.5 else f"cliente{src}@correo.es"
            phone = f"+346{src:08d}"
        else:
            name = f"{first[i % 20]} {last[i % 18]} {last[(i // 18) % 18]}"
            email = f"cliente{i}@correo.es"
            phone = f"+346{i:08d}"
        name_key = name.lower()
        buf.write(
            "\t".join(
                [
                    str(pid),
                    name,
                    name,
                    email,
                    email_normalize(email),
                    phone,
                    phone,
                    name_key,
                    "contact",
                    "t",
                    "f",
                    "es_ES",
                    str(pid),
                    "ask",
                    rnd.choice(string.ascii_uppercase),
                ]
            )
            + "\n"
        )
    buf.seek(0)
    cr.copy_from(
        buf,
        "res_partner",
        columns=(
            "id",
            "name",
            "complete_name",
            "email",
            "email_normalized",
            "mobile",
            "omni_phone_key",
            "omni_name_key",
            "type",
            "active",
            "is_company",
            "lang",
            "commercial_partner_id",
            "autopost_bills",
            "ref",
        ),
    )
    cr.execute("SELECT setval('res_partner_id_seq', %s)", (start + partners,))
    print(f"loaded {partners:,} partners in {time.time() - t0:.1f}s")
    channels = env["omni.channel"].search([]).ids
    t0 = time.time()
    done = 0
    now = time.time()
    while done < interactions:
        chunk = min(500_000, interactions - done)
        buf = io.StringIO()
        for _ in range(chunk):
            kind = rnd.choices(["order", "pos_order", "refund"], [45, 50, 5])[0]
            amount = round(rnd.uniform(5, 300), 2) * (-1 if kind == "refund" else 1)
            ts = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now - rnd.randrange(0, 365 * 86400)))
            buf.write(
                f"{start + rnd.randrange(partners)}\t{rnd.choice(channels)}\t{kind}\t{ts}\t{amount}\t"
                f"{company.currency_id.id}\t{company.id}\n"
            )
        buf.seek(0)
        cr.copy_from(
            buf,
            "omni_interaction",
            columns=(
                "partner_id",
                "channel_id",
                "interaction_type",
                "date",
                "amount",
                "currency_id",
                "company_id",
            ),
        )
        done += chunk
    print(f"loaded {interactions:,} interactions in {time.time() - t0:.1f}s")
    cr.execute("ANALYZE res_partner; ANALYZE omni_interaction")
    env.invalidate_all()


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


def bench_match(env, calls, seed=11):
    Partner = env["res.partner"]
    cr = env.cr
    cr.execute(
        "SELECT email, mobile, name FROM res_partner WHERE email IS NOT NULL ORDER BY random() LIMIT %s",
        (calls,),
    )
    rows = cr.fetchall()
    rnd = random.Random(seed)
    inputs = []
    for email, mobile, name in rows:
        choice = rnd.random()
        if choice < 0.4:
            inputs.append({"name": name, "email": email.upper()})
        elif choice < 0.8:
            inputs.append({"name": name, "phone": (mobile or "")[3:]})
        else:
            inputs.append({"name": "Nadie Conocido", "email": f"nuevo{rnd.random()}@correo.es"})
    Partner._omni_match(inputs[0])  # warm caches
    times, queries, hits = [], [], 0
    for vals in inputs:
        before = cr.sql_log_count
        t = time.perf_counter()
        result = Partner._omni_match(vals)
        times.append((time.perf_counter() - t) * 1000)
        queries.append(cr.sql_log_count - before)
        hits += bool(result["partner"])
    print(
        f"match on entry: {len(inputs)} calls, {hits} hits; p50 {statistics.median(times):.2f} ms, "
        f"p95 {pct(times, 0.95):.2f} ms, max {max(times):.2f} ms; queries per call: "
        f"{min(queries)}-{max(queries)} (target p95 <= 5 ms)"
    )


def bench_scan(env):
    Partner = env["res.partner"]
    t = time.perf_counter()
    pairs = Partner._omni_duplicate_pairs(None)
    t_pairs = time.perf_counter() - t
    from odoo.addons.omni_customer.tools import identity

    t = time.perf_counter()
    groups = identity.clusters((a, b) for a, b, _r in pairs)
    t_cluster = time.perf_counter() - t
    print(
        f"duplicate scan (omni): {len(pairs):,} pairs, {len(groups):,} clusters in "
        f"{t_pairs + t_cluster:.1f}s (SQL blocking {t_pairs:.1f}s + union-find {t_cluster:.2f}s) "
        f"(target <= 300 s)"
    )
    t = time.perf_counter()
    done = Partner._cron_omni_duplicate_scan(batch_size=1000)
    print(f"duplicate scan cron batch: {done} reviews queued in {time.perf_counter() - t:.1f}s")
    wizard = env["base.partner.merge.automatic.wizard"].create({"group_by_email": True})
    t = time.perf_counter()
    env.cr.execute(wizard._generate_query(["email"], 0))  # pylint: disable=sql-injection
    groups_wizard = env.cr.fetchall()
    t_sql = time.perf_counter() - t
    sample = env["base.partner.merge.automatic.wizard"].create(
        {"group_by_email": True, "maximum_group": 1000}
    )
    t = time.perf_counter()
    sample._process_query(sample._generate_query(["email"], 1000))
    t_proc = time.perf_counter() - t
    print(
        f"merge wizard duplicate search (e-mail only): SQL {len(groups_wizard):,} groups in {t_sql:.1f}s; "
        f"its per-group processing: {t_proc:.1f}s for 1,000 groups "
        f"(~{t_proc * len(groups_wizard) / 1000:.0f}s for all)"
    )


def bench_rfm(env):
    Partner = env["res.partner"]
    env.cr.execute("UPDATE res_partner SET omni_rfm_date = NULL")
    t = time.perf_counter()
    total = calls = 0
    while True:
        done = Partner._cron_omni_rfm(batch_size=100_000, force=calls == 0)
        calls += 1
        total += done
        if not done:
            break
    print(
        f"RFM: {total:,} customers scored in {time.perf_counter() - t:.1f}s over {calls} cron batches "
        f"(target <= 300 s)"
    )


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--partners", type=int, default=1_000_000)
    parser.add_argument("--interactions", type=int, default=5_000_000)
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--skip-load", action="store_true")
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn"])
    registry = odoo.modules.registry.Registry.new(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        # The retailer is Spanish: national phone numbers are read as Spanish ones.
        env.company.country_id = env.ref("base.es")
        if not args.skip_load:
            load(env, args.partners, args.interactions)
            cr.commit()
        cr.execute("SELECT count(*) FROM res_partner")
        partners = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM omni_interaction")
        print(f"database: {partners:,} partners, {cr.fetchone()[0]:,} interactions")
        bench_match(env, args.calls)
        bench_scan(env)
        bench_rfm(env)
        cr.rollback()


if __name__ == "__main__":
    main()
