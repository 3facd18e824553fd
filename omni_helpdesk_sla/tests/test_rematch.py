# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import OmniHelpdeskCommon


@tagged("post_install", "-at_install")
class TestPolicyRematch(OmniHelpdeskCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.urgent = cls.env["omni.sla.policy"].create(
            {
                "name": "Urgent (test)",
                "sequence": 0,
                "priority": "3",
                "team_ids": [Command.link(cls.team.id)],
                "target_ids": [
                    Command.create({"metric": "first_reply", "hours": 1}),
                    Command.create({"metric": "resolution", "hours": 8}),
                ],
            }
        )
        cls.other_team = cls.env["helpdesk.ticket.team"].create({"name": "Sin SLA (test)"})

    def _age(self, ticket, hours):
        """The ticket (and its clocks) opened ``hours`` ago."""
        self.env.cr.execute(
            "UPDATE helpdesk_ticket SET create_date = create_date - make_interval(secs => %s) WHERE id = %s",
            (hours * 3600, ticket.id),
        )
        ticket.invalidate_recordset(["create_date"])
        self._shift_start(ticket, hours)

    def _notes(self, ticket):
        return ticket.message_ids.filtered(lambda m: "SLA policy changed" in (m.body or ""))

    def test_priority_change_rematches_from_the_ticket_start(self):
        ticket = self._ticket(priority="1")
        self._age(ticket, 1.5)
        first = self._status(ticket, "first_reply")
        self.assertEqual(ticket.omni_sla_policy_id, self.policy)
        self.assertFalse(first.breached, "1.5 h of a 2 h target")
        ticket.priority = "3"
        self.assertEqual(ticket.omni_sla_policy_id, self.urgent)
        self.assertEqual((first.policy_id, first.target_hours), (self.urgent, 1))
        self.assertEqual(first.start_at, ticket.create_date, "counted from the ticket's start")
        self.assertTrue(first.breached, "1.5 h of the urgent 1 h target")
        self.assertTrue(ticket.omni_sla_breached)
        resolution = self._status(ticket, "resolution")
        self.assertEqual(resolution.target_hours, 8)
        self.assertEqual(resolution.deadline, ticket.create_date + timedelta(hours=8))
        self.assertFalse(self._status(ticket, "next_reply"), "the urgent policy has no next reply")
        note = self._notes(ticket)
        self.assertEqual(len(note), 1)
        self.assertIn("Standard (test)", note.body)
        self.assertIn("Urgent (test)", note.body)
        # writing the same priority again changes nothing
        ticket.priority = "3"
        self.assertEqual(len(self._notes(ticket)), 1)

    def test_achieved_metrics_stay_achieved(self):
        ticket = self._ticket(priority="1")
        ticket.with_user(self.agent).message_post(
            body="Hola Ana", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        first = self._status(ticket, "first_reply")
        achieved = first.achieved_at
        self.assertTrue(achieved)
        ticket.with_user(self.portal_ana).message_post(
            body="¿Y ahora?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        nxt = self._status(ticket, "next_reply")
        self.assertTrue(nxt and not nxt.achieved_at)
        ticket.priority = "3"
        self.assertEqual(ticket.omni_sla_policy_id, self.urgent)
        self.assertTrue(first.exists())
        self.assertEqual((first.achieved_at, first.policy_id, first.target_hours), (achieved, self.policy, 2))
        self.assertFalse(nxt.exists(), "an open clock the new policy has no target for is dropped")
        self.assertEqual(len(self._status(ticket, "first_reply")), 1, "no second first reply")

    def test_team_without_policy_drops_open_clocks_and_back(self):
        ticket = self._ticket()
        self.assertTrue(ticket.omni_sla_deadline)
        ticket.team_id = self.other_team
        self.assertFalse(ticket.omni_sla_policy_id)
        self.assertFalse(ticket.omni_sla_status_ids)
        self.assertFalse(ticket.omni_sla_deadline)
        self.assertFalse(ticket.omni_sla_next_check)
        ticket.team_id = self.team
        self.assertEqual(ticket.omni_sla_policy_id, self.policy)
        self.assertEqual(sorted(ticket.omni_sla_status_ids.mapped("metric")), ["first_reply", "resolution"])
        self.assertEqual(self._status(ticket, "first_reply").start_at, ticket.create_date)
        self.assertEqual(len(self._notes(ticket)), 2)

    def test_category_and_started_channel_rematch(self):
        category = self.env["helpdesk.ticket.category"].create({"name": "Devoluciones (test)"})
        returns = self.env["omni.sla.policy"].create(
            {
                "name": "Returns (test)",
                "sequence": 0,
                "category_ids": [Command.link(category.id)],
                "target_ids": [Command.create({"metric": "resolution", "hours": 72})],
            }
        )
        store = self.env["omni.sla.policy"].create(
            {
                "name": "Store (test)",
                "sequence": 0,
                "channel_ids": [Command.link(self.env["omni.channel"]._omni_get("pos").id)],
                "target_ids": [Command.create({"metric": "resolution", "hours": 4})],
            }
        )
        ticket = self._ticket()
        ticket.category_id = category
        self.assertEqual(ticket.omni_sla_policy_id, returns)
        self.assertEqual(self._status(ticket, "resolution").target_hours, 72)
        self.assertFalse(self._status(ticket, "first_reply"))
        ticket.category_id = False
        self.assertEqual(ticket.omni_sla_policy_id, self.policy)
        unstarted = self._ticket()
        self.assertFalse(unstarted.omni_started_channel_id)
        unstarted.omni_add_store_note("Ha venido a la tienda")
        self.assertEqual(unstarted.omni_started_channel_id.code, "pos")
        self.assertEqual(unstarted.omni_sla_policy_id, store, "the first leg names the channel")

    def test_escalation_raising_priority_does_not_rematch(self):
        self.policy.escalation_ids = [
            Command.create({"metric": "first_reply", "threshold": 50, "action": "priority"})
        ]
        ticket = self._ticket(priority="2")
        self._shift_start(ticket, 1.5)
        self.env["omni.sla.engine"]._cron_omni_sla()
        self.assertEqual(ticket.priority, "3")
        self.assertEqual(ticket.omni_sla_policy_id, self.policy, "the policy being measured stays")
        self.assertEqual(len(self._status(ticket, "first_reply").escalation_log_ids), 1)
