#!/usr/bin/env python3
"""omni_helpdesk_sla benchmark: one SLA cron pass over a large open backlog.

Creates (SQL, in one transaction that is rolled back at the end) ``--tickets``
open tickets with their first-reply and resolution clocks, ``--due`` of them
with a due *next check*, then times one call of the cron method
(``omni.sla.engine._cron_omni_sla`` with a batch as large as the due set) and
prints how many tickets it touched: only the due ones. It also counts the
queries of a public agent reply on a ticket with clocks against the same reply
on a ticket without a policy.

    python3 setup/bench/bench_helpdesk_sla.py -c ODOO_CONF -d DB [--tickets 100000] [--due 1000]
"""

import argparse
import time

from odoo.tools import SQL


def _seed(env, tickets, due):
    cr = env.cr
    company = env.company
    policy = env["omni.sla.policy"].create(
        {
            "name": "Bench",
            "sequence": -1,
            "target_ids": [
                (0, 0, {"metric": "first_reply", "hours": 4}),
                (0, 0, {"metric": "resolution", "hours": 48}),
            ],
            "escalation_ids": [(0, 0, {"metric": "first_reply", "threshold": 75, "action": "priority"})],
        }
    )
    stage = env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
    cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket (number, name, description, company_id, stage_id, priority, active,
                                         omni_sla_policy_id, omni_sla_next_check, create_date, write_date)
            SELECT 'BENCH' || g, 'Bench ticket ' || g, '<p>x</p>', %(company)s, %(stage)s, '1', true,
                   %(policy)s,
                   CASE WHEN g <= %(due)s THEN now() at time zone 'utc' - interval '1 minute'
                        ELSE now() at time zone 'utc' + interval '1 hour' END,
                   CASE WHEN g <= %(due)s THEN now() at time zone 'utc' - interval '3 hours'
                        ELSE now() at time zone 'utc' - interval '1 hour' END,
                   now() at time zone 'utc'
              FROM generate_series(1, %(n)s) g
            """,
            company=company.id,
            stage=stage.id,
            policy=policy.id,
            due=due,
            n=tickets,
        )
    )
    cr.execute(
        SQL(
            """
            INSERT INTO omni_sla_status (ticket_id, company_id, policy_id, metric, target_hours, start_at,
                                         state, breached, compliance, create_date, write_date)
            SELECT t.id, t.company_id, t.omni_sla_policy_id, m.metric, m.hours, t.create_date,
                   'running', false, 100, now() at time zone 'utc', now() at time zone 'utc'
              FROM helpdesk_ticket t
              CROSS JOIN (VALUES ('first_reply', 4.0), ('resolution', 48.0)) AS m(metric, hours)
             WHERE t.number LIKE 'BENCH%%'
            """
        )
    )
    cr.execute(SQL("ANALYZE helpdesk_ticket"))
    cr.execute(SQL("ANALYZE omni_sla_status"))
    env.invalidate_all()
    return policy


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--tickets", type=int, default=100000)
    parser.add_argument("--due", type=int, default=1000)
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn"])
    registry = odoo.modules.registry.Registry.new(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        t0 = time.perf_counter()
        _seed(env, args.tickets, args.due)
        print(f"seeded {args.tickets} open tickets ({args.due} due) in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        touched = env["omni.sla.engine"]._cron_omni_sla(batch_size=max(args.due, 1))
        env.flush_all()
        elapsed = time.perf_counter() - t0
        print(f"one SLA cron pass: touched {touched} tickets in {elapsed:.2f} s")
        again = env["omni.sla.engine"]._cron_omni_sla(batch_size=max(args.due, 1))
        print(f"second pass right after: touched {again} tickets")

        Ticket = env["helpdesk.ticket"]
        plain = Ticket.create([{"name": f"plain {n}", "description": "<p>x</p>"} for n in range(2)])
        plain.omni_sla_status_ids.unlink()
        plain.write({"omni_sla_policy_id": False, "omni_sla_next_check": False})
        clocked = Ticket.search(
            [("number", "in", [f"BENCH{args.due + 1}", f"BENCH{args.due + 2}"])], order="id"
        )
        counts = []
        for pair in (plain, clocked):
            for ticket in pair:  # the first reply of each pair warms the caches, the second is counted
                env.flush_all()
                start = cr.sql_log_count
                ticket.message_post(body="reply", message_type="comment", subtype_xmlid="mail.mt_comment")
                env.flush_all()
                count = cr.sql_log_count - start
            counts.append(count)
        print(
            f"agent reply: {counts[0]} queries without clocks, {counts[1]} with"
            f" (extra {counts[1] - counts[0]})"
        )
        cr.rollback()


if __name__ == "__main__":
    main()
