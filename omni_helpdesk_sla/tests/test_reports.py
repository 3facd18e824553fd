# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import OmniHelpdeskCommon


@tagged("post_install", "-at_install")
class TestHelpdeskReports(OmniHelpdeskCommon, TransactionCase):
    def _opened_days_ago(self, ticket, days):
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = (NOW() AT TIME ZONE 'UTC') - make_interval(secs => %s)"
            " WHERE id = %s",
            (days * 86400, ticket.id),
        )
        ticket.invalidate_recordset(["create_date"])

    def test_backlog_by_age_buckets_open_tickets_by_team_and_channel(self):
        Report = self.env["omni.helpdesk.backlog.report"]
        stores = self.env["helpdesk.ticket.team"].create({"name": "Tiendas (test)"})
        ages = {"0_1": [0.2], "1_3": [1.5, 2.9], "3_7": [4], "7_plus": [8, 30]}
        tickets = self.env["helpdesk.ticket"]
        for bucket, days_list in ages.items():
            for days in days_list:
                ticket = self._ticket(team_id=stores.id, name=f"{bucket} {days}")
                self._opened_days_ago(ticket, days)
                tickets |= ticket
        closed = self._ticket(team_id=stores.id)
        self._opened_days_ago(closed, 10)
        closed.stage_id = self.stage_done
        domain = [("team_id", "=", stores.id)]
        groups = Report._read_group(domain, ["age_bucket"], ["ticket_count:sum"])
        self.assertEqual(
            dict(groups), {"0_1": 1, "1_3": 2, "3_7": 1, "7_plus": 2}, "closed tickets are not backlog"
        )
        rows = Report.search(domain + [("age_bucket", "=", "7_plus")])
        self.assertEqual(rows.ticket_id, tickets.filtered(lambda t: t.name.startswith("7_plus")))
        self.assertAlmostEqual(max(rows.mapped("age_days")), 30, delta=0.01)
        # by channel
        tickets[0].omni_add_store_note("Vino a la tienda")
        by_channel = dict(Report._read_group(domain, ["started_channel_id"], ["ticket_count:sum"]))
        self.assertEqual(by_channel[self.env["omni.channel"]._omni_get("pos")], 1)

    def test_backlog_follows_the_agents_ticket_rules(self):
        mine = self._ticket()
        other_team = self.env["helpdesk.ticket.team"].create({"name": "Otro equipo (test)"})
        hidden = self._ticket(team_id=other_team.id)
        self.agent.groups_id = [
            Command.unlink(self.env.ref("helpdesk_mgmt.group_helpdesk_user").id),
            Command.link(self.env.ref("helpdesk_mgmt.group_helpdesk_user_own").id),
        ]
        seen = self.env["omni.helpdesk.backlog.report"].with_user(self.agent).search([]).ticket_id
        self.assertIn(mine, seen)
        self.assertNotIn(hidden, seen)
        self.assertEqual(
            seen, self.env["helpdesk.ticket"].with_user(self.agent).search([("stage_id.closed", "=", False)])
        )

    def test_tickets_that_changed_channel(self):
        ticket = self._email("ana.garcia@example.com", "Pedido", "¿Dónde está?")
        ticket = self.env["helpdesk.ticket"].browse(ticket)
        same = self._email("bea.lopez@example.com", "Otra", "Hola", msg_id="<omni-sla-9@example.com>")
        ticket.omni_add_store_note("Vino a la tienda")
        action = self.env.ref("omni_helpdesk_sla.omni_helpdesk_channel_changed_action")
        self.assertEqual(action.res_model, "helpdesk.ticket")
        changed = self.env["helpdesk.ticket"].search([("omni_channel_changed", "=", True)])
        self.assertIn(ticket, changed)
        self.assertNotIn(same, changed.ids)
        row = self.env["omni.helpdesk.backlog.report"].search([("ticket_id", "=", ticket.id)])
        self.assertTrue(row.channel_changed)
        self.assertEqual((row.started_channel_id.code, row.last_channel_id.code), ("email", "pos"))
        self.assertEqual(
            self.env["omni.helpdesk.backlog.report"].search_count(
                [("channel_changed", "=", True), ("ticket_id", "=", same)]
            ),
            0,
        )

    def test_reply_and_resolution_times_average_business_hours(self):
        fast, slow, running = self._ticket(), self._ticket(), self._ticket()
        self._shift_start(fast, 1)
        self._shift_start(slow, 3)
        for ticket in fast | slow:
            ticket.with_user(self.agent).message_post(
                body="Lo miramos", message_type="comment", subtype_xmlid="mail.mt_comment"
            )
        action = self.env["ir.actions.act_window"]._for_xml_id("omni_helpdesk_sla.omni_sla_times_action")
        Status = self.env["omni.sla.status"]
        domain = safe_eval(action["domain"]) + [("ticket_id", "in", (fast | slow | running).ids)]
        # The pivot's measure uses the field's own aggregator: the average, not the sum.
        groups = Status.read_group(domain, ["business_hours_used"], ["metric"])
        by_metric = {group["metric"]: group for group in groups}
        self.assertEqual(set(by_metric), {"first_reply"}, "running clocks are not measured yet")
        self.assertEqual(by_metric["first_reply"]["metric_count"], 2)
        self.assertAlmostEqual(by_metric["first_reply"]["business_hours_used"], 2, delta=0.05)
        pivot = Status.get_views([(action["views"][0][0], "pivot")])["views"]["pivot"]["arch"]
        self.assertIn('name="business_hours_used"', pivot)
