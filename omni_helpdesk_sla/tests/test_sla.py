# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import OmniHelpdeskCommon


@tagged("post_install", "-at_install")
class TestSla(OmniHelpdeskCommon, TransactionCase):
    def test_first_and_next_reply_stamped_by_public_agent_replies_only(self):
        ticket = self._ticket()
        first = self._status(ticket, "first_reply")
        self.assertEqual(ticket.omni_sla_policy_id, self.policy)
        self.assertEqual(first.deadline, first.start_at + timedelta(hours=2), "calendar hours: 24/7")
        self.assertEqual(ticket.omni_sla_deadline, first.deadline)
        as_agent = ticket.with_user(self.agent)
        as_agent.message_post(body="nota interna", message_type="comment", subtype_xmlid="mail.mt_note")
        as_agent.with_context(omni_sla_auto=True).message_post(
            body="auto", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        as_agent.message_post(body="notif", message_type="notification", subtype_xmlid="mail.mt_comment")
        self.assertFalse(first.achieved_at, "notes, auto-replies and notifications do not stamp")
        self.assertFalse(self._status(ticket, "next_reply"), "no next reply before the first reply")
        as_agent.message_post(body="Hola Ana", message_type="comment", subtype_xmlid="mail.mt_comment")
        self.assertTrue(first.achieved_at)
        self.assertEqual(first.state, "done")
        self.assertFalse(first.breached)
        # a customer message starts the next reply clock
        ticket.with_user(self.portal_ana).message_post(
            body="¿Y ahora?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        nxt = self._status(ticket, "next_reply")
        self.assertEqual(len(nxt), 1)
        self.assertEqual(nxt.deadline, nxt.start_at + timedelta(hours=1))
        # a second customer message while it runs does not restart it
        ticket.with_user(self.portal_ana).message_post(
            body="¿Hola?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertEqual(len(self._status(ticket, "next_reply")), 1)
        as_agent.message_post(body="nota", message_type="comment", subtype_xmlid="mail.mt_note")
        self.assertFalse(nxt.achieved_at)
        as_agent.message_post(
            body="Ya está en camino", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(nxt.achieved_at)
        # closing the ticket achieves resolution
        ticket.stage_id = self.stage_done
        resolution = self._status(ticket, "resolution")
        self.assertTrue(resolution.achieved_at)
        self.assertFalse(ticket.omni_sla_next_check)

    def test_late_first_reply_is_breached(self):
        ticket = self._ticket()
        self._shift_start(ticket, 3)
        first = self._status(ticket, "first_reply")
        self.assertTrue(first.breached)
        self.assertTrue(ticket.omni_sla_breached)
        self.assertIn(ticket, self.env["helpdesk.ticket"].search([("omni_sla_breached", "=", True)]))
        ticket.with_user(self.agent).message_post(
            body="perdón", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(first.breached, "a late reply stays breached")
        self.assertEqual(self.env["res.partner"].omni_pos_360(self.ana.id)["sla_compliance"], 0)
        self.assertAlmostEqual(first.business_hours_used, 3, delta=0.05)

    def test_breaching_in_the_next_hour_filter(self):
        ticket = self._ticket()
        Ticket = self.env["helpdesk.ticket"]
        self.assertNotIn(ticket, Ticket.search([("omni_sla_breaching_soon", "=", True)]))
        self._shift_start(ticket, 1.5)  # 30 minutes left on the 2h first reply
        self.assertIn(ticket, Ticket.search([("omni_sla_breaching_soon", "=", True)]))
        self.assertTrue(ticket.omni_sla_breaching_soon)
        self.assertNotIn(ticket, Ticket.search([("omni_sla_breaching_soon", "=", False)]))

    def test_pause_and_resume_are_audited_and_move_deadlines(self):
        ticket = self._ticket()
        self._shift_start(ticket, 1)
        first = self._status(ticket, "first_reply")
        deadline = first.deadline
        ticket.with_user(self.agent).stage_id = self.stage_waiting
        pause = ticket.omni_sla_pause_ids
        self.assertEqual(len(pause), 1)
        self.assertEqual(
            (pause.reason, pause.user_id, pause.stage_id), ("customer", self.agent, self.stage_waiting)
        )
        self.assertFalse(pause.date_stop)
        self.assertEqual(first.state, "paused")
        self.assertFalse(first.deadline, "no deadline while the clock is stopped")
        self.assertTrue(ticket.omni_sla_paused)
        self.assertIn(ticket, self.env["helpdesk.ticket"].search([("omni_sla_paused", "=", True)]))
        # the pause lasted 40 minutes
        pause.date_start = pause.date_start - timedelta(minutes=40)
        ticket.with_user(self.leader).stage_id = self.stage_new
        self.assertTrue(pause.date_stop)
        self.assertEqual(pause.resume_user_id, self.leader)
        self.assertEqual(first.state, "running")
        self.assertFalse(ticket.omni_sla_paused)
        moved = first.deadline - deadline
        self.assertAlmostEqual(moved.total_seconds(), 40 * 60, delta=5)
        bodies = " ".join(ticket.message_ids.mapped("body"))
        self.assertIn("paused", bodies)
        self.assertIn("resumed", bodies)

    def test_escalation_fires_once_per_level_when_the_cron_runs_twice(self):
        self.policy.escalation_ids = [
            Command.create(
                {
                    "metric": "first_reply",
                    "threshold": 75,
                    "action": "notify",
                    "user_ids": [Command.link(self.leader.id)],
                }
            ),
            Command.create({"metric": "first_reply", "threshold": 100, "action": "priority"}),
            Command.create({"metric": "first_reply", "threshold": 150, "action": "customer"}),
        ]
        ticket = self._ticket(priority="1")
        other = self._ticket(partner=self.bea)  # not due: untouched
        # the database may hold demo tickets with their own clocks: keep them out of this count
        self.env["helpdesk.ticket"].search(
            [("id", "not in", (ticket | other).ids)]
        ).omni_sla_next_check = False
        self.assertEqual(
            ticket.omni_sla_next_check, self._status(ticket, "first_reply").start_at + timedelta(hours=1.5)
        )
        self._shift_start(ticket, 2.5)  # 125 %: levels 75 and 100 due, 150 not yet
        Engine = self.env["omni.sla.engine"]
        self.assertEqual(Engine._cron_omni_sla(), 1, "only the due ticket is touched")
        logs = self.env["omni.sla.escalation.log"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(sorted(logs.rule_id.mapped("threshold")), [75, 100])
        self.assertEqual(ticket.priority, "2")
        notified = ticket.message_ids.filtered(lambda m: self.leader.partner_id in m.partner_ids)
        self.assertEqual(len(notified), 1)
        self.assertFalse(self.env["omni.sla.escalation.log"].search([("ticket_id", "=", other.id)]))
        # the next check is the 150 % level; a second run now does nothing
        self.assertEqual(
            ticket.omni_sla_next_check, self._status(ticket, "first_reply").start_at + timedelta(hours=3)
        )
        ticket.omni_sla_next_check = fields.Datetime.now() - timedelta(minutes=1)  # as if rerun after a kill
        Engine._cron_omni_sla()
        Engine._cron_omni_sla()
        self.assertEqual(len(self.env["omni.sla.escalation.log"].search([("ticket_id", "=", ticket.id)])), 2)
        self.assertEqual(ticket.priority, "2", "raised once")
        self.assertEqual(
            len(ticket.message_ids.filtered(lambda m: self.leader.partner_id in m.partner_ids)), 1
        )
        # 150 %: the customer is told, because service e-mails are allowed; not a reply
        self._shift_start(ticket, 1)
        Engine._cron_omni_sla()
        self.assertEqual(len(self.env["omni.sla.escalation.log"].search([("ticket_id", "=", ticket.id)])), 3)
        told = ticket.message_ids.filtered(
            lambda m: self.ana in m.partner_ids and m.message_type == "comment"
        )
        self.assertEqual(len(told), 1)
        self.assertFalse(
            self._status(ticket, "first_reply").achieved_at, "the customer notice is not a reply"
        )

    def test_customer_not_told_without_service_consent(self):
        self.policy.escalation_ids = [
            Command.create({"metric": "first_reply", "threshold": 50, "action": "customer"})
        ]
        self.env["omni.consent"]._omni_set(self.ana, "service", "email", False)
        ticket = self._ticket()
        self._shift_start(ticket, 1.5)
        ticket.omni_sla_next_check = fields.Datetime.now() - timedelta(minutes=1)
        self.env["omni.sla.engine"]._cron_omni_sla()
        self.assertFalse(
            ticket.message_ids.filtered(lambda m: self.ana in m.partner_ids and m.message_type == "comment")
        )
        log = self.env["omni.sla.escalation.log"].search([("ticket_id", "=", ticket.id)])
        self.assertIn("consent", log.note)

    def test_business_hours_calendar_with_holiday(self):
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Madrid L-V 9-18 (test)",
                "tz": "Europe/Madrid",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 18,
                            "day_period": "morning",
                        }
                    )
                    for day in range(5)
                ],
            }
        )
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Fiesta Nacional",
                "calendar_id": calendar.id,
                "date_from": datetime(2026, 10, 11, 22, 0),  # 12 Oct 00:00 Madrid
                "date_to": datetime(2026, 10, 12, 21, 59, 59),
            }
        )
        self.policy.calendar_id = calendar
        ticket = self._ticket()
        first = self._status(ticket, "first_reply")
        first.start_at = datetime(2026, 10, 9, 15, 0)  # Friday 17:00 Madrid (CEST)
        first._omni_recompute(now=datetime(2026, 10, 9, 15, 30))
        self.assertEqual(
            first.deadline, datetime(2026, 10, 13, 8, 0), "Tuesday 10:00 Madrid: Monday is a holiday"
        )
        self.assertAlmostEqual(first.business_hours_used, 0.5, delta=0.001)

    def test_policy_first_match_and_bad_configuration(self):
        vip = self.env["omni.sla.policy"].create(
            {
                "name": "VIP (test)",
                "sequence": 0,
                "partner_domain": f"[('id', '=', {self.bea.id})]",
                "target_ids": [Command.create({"metric": "first_reply", "hours": 0.5})],
            }
        )
        self.assertEqual(self._ticket(partner=self.bea).omni_sla_policy_id, vip)
        self.assertEqual(self._ticket().omni_sla_policy_id, self.policy, "Ana is not in the VIP domain")
        with self.assertRaises(ValidationError):
            self.env["omni.sla.target"].create({"policy_id": vip.id, "metric": "resolution", "hours": 0})
        with self.assertRaises(ValidationError):
            self.env["omni.sla.target"].create({"policy_id": vip.id, "metric": "next_reply", "hours": -2})
        with self.assertRaises(ValidationError):
            vip.partner_domain = "[('nope', '=', 1)]"
        with self.assertRaises(ValidationError):
            self.env["omni.sla.escalation"].create(
                {"policy_id": vip.id, "metric": "first_reply", "threshold": 0}
            )
        with self.assertRaises(ValidationError):
            self.env["omni.sla.escalation"].create(
                {"policy_id": vip.id, "metric": "first_reply", "action": "team"}
            )
