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

``--oca`` also times OCA ``helpdesk_mgmt_sla`` (18.0 wheel on PyPI) on the
same seeded tickets, in a second rolled-back transaction: the recompute of the
stored deadline of every ticket's SLA line (that module has no cron and no
*next check*: a deadline is recomputed for each line its triggers touch), beside
our recompute of every first-reply clock. It installs the module into DB if it
is not installed (committed: use a throw-away database), from the addons path
or from ``--oca-addons-path``, e.g. after
``python3 -m pip install --no-deps --target DIR "odoo-addon-helpdesk-mgmt-sla==18.0.*"``
with ``--oca-addons-path DIR/odoo/addons``. Not a dependency of the addon.
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


def _install_oca(registry, database):
    import odoo

    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        Module = env["ir.module.module"]
        Module.update_list()
        module = Module.search([("name", "=", "helpdesk_mgmt_sla")])
        if not module:
            raise SystemExit("helpdesk_mgmt_sla is not on the addons path (see --oca-addons-path)")
        if module.state == "installed":
            return registry
        t0 = time.perf_counter()
        module.button_immediate_install()
        print(
            f"installed OCA helpdesk_mgmt_sla {module.installed_version} in {time.perf_counter() - t0:.1f} s"
        )
    return odoo.modules.registry.Registry(database)


def _time_oca(env, tickets, due):
    """OCA helpdesk_mgmt_sla: recompute the deadline of one SLA line per seeded ticket."""
    cr = env.cr
    _seed(env, tickets, due)
    calendar = env.company.resource_calendar_id
    team = env["helpdesk.ticket.team"].create(
        {"name": "Bench OCA", "use_sla": True, "resource_calendar_id": calendar.id}
    )
    sla = env["helpdesk.sla"].create(
        {
            "name": "Bench OCA",
            "team_ids": [(6, 0, team.ids)],
            "hours": 4,
            "stage_id": env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done").id,
        }
    )
    cr.execute(SQL("UPDATE helpdesk_ticket SET team_id = %s WHERE number LIKE %s", team.id, "BENCH%"))
    cr.execute(
        SQL(
            """
            INSERT INTO helpdesk_ticket_sla (ticket_id, sla_id, hours, state, last_state_date, consumed_time,
                                             create_date, write_date)
            SELECT t.id, %(sla)s, 4, 'in_progress', t.create_date, 0, now() at time zone 'utc',
                   now() at time zone 'utc'
              FROM helpdesk_ticket t
             WHERE t.number LIKE %(bench)s
            """,
            sla=sla.id,
            bench="BENCH%",
        )
    )
    cr.execute(SQL("ANALYZE helpdesk_ticket_sla"))
    env.invalidate_all()
    lines = env["helpdesk.ticket.sla"].search([("sla_id", "=", sla.id)])
    t0 = time.perf_counter()
    env.add_to_compute(lines._fields["deadline"], lines)
    env.flush_all()
    elapsed = time.perf_counter() - t0
    missing = env["helpdesk.ticket.sla"].search_count([("sla_id", "=", sla.id), ("deadline", "=", False)])
    return len(lines), elapsed, missing


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--tickets", type=int, default=100000)
    parser.add_argument("--due", type=int, default=1000)
    parser.add_argument("--oca", action="store_true", help="also time OCA helpdesk_mgmt_sla (installs it)")
    parser.add_argument(
        "--oca-addons-path", help="directory holding helpdesk_mgmt_sla, added to the addons path"
    )
    args = parser.parse_args()

    import odoo
    from odoo.tools import config

    config.parse_config(["-c", args.config, "--log-level=warn"])
    if args.oca_addons_path:
        paths = f"{config['addons_path']},{args.oca_addons_path}"
        config.parse_config(["-c", args.config, "--log-level=warn", f"--addons-path={paths}"])
    registry = odoo.modules.registry.Registry.new(args.database)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        t0 = time.perf_counter()
        policy = _seed(env, args.tickets, args.due)
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
        if args.oca:
            # the same working calendar as OCA's team below (the company's), not 24/7
            policy.calendar_id = env.company.resource_calendar_id
            statuses = env["omni.sla.status"].search(
                [("ticket_id.number", "=like", "BENCH%"), ("metric", "=", "first_reply")]
            )
            t0 = time.perf_counter()
            statuses._omni_recompute(checked=True)
            env.flush_all()
            print(
                f"omni_helpdesk_sla: recompute of every first-reply clock ({len(statuses)}, company calendar)"
                f": {time.perf_counter() - t0:.2f} s"
            )
        cr.rollback()
    if args.oca:
        registry = _install_oca(registry, args.database)
        with registry.cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            count, elapsed, missing = _time_oca(env, args.tickets, args.due)
            print(
                f"OCA helpdesk_mgmt_sla: recompute of every ticket's SLA deadline ({count}, company calendar)"
                f": {elapsed:.2f} s"
                f" ({missing} without a deadline)"
            )
            cr.rollback()


if __name__ == "__main__":
    main()
