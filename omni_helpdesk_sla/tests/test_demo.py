# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoTickets(TransactionCase):
    def test_demo_has_breached_escalated_and_paused_tickets(self):
        breached = self.env.ref("omni_helpdesk_sla.ticket_breached_demo", raise_if_not_found=False)
        if not breached:
            self.skipTest("demo data not loaded")
        self.assertTrue(breached.omni_sla_breached)
        self.assertTrue(breached.omni_sla_status_ids.filtered(lambda s: s.metric == "first_reply").breached)
        escalated = self.env.ref("omni_helpdesk_sla.ticket_escalated_demo")
        logs = self.env["omni.sla.escalation.log"].search([("ticket_id", "=", escalated.id)])
        self.assertEqual(len(logs), 1, "the High policy's level fired once")
        self.assertEqual(escalated.priority, "3", "its action raised the priority")
        self.assertEqual(
            escalated.omni_sla_policy_id, self.env.ref("omni_helpdesk_sla.policy_high_demo"), "no re-match"
        )
        self.assertTrue(escalated.omni_sla_breached)
        paused = self.env.ref("omni_helpdesk_sla.ticket_wrong_size_demo")
        self.assertTrue(paused.omni_sla_paused)
