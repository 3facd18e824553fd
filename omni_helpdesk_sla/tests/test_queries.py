# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import OmniHelpdeskCommon

MAX_EXTRA_QUERIES = 3
_logger = logging.getLogger(__name__)


@tagged("post_install", "-at_install")
class TestReplyQueries(OmniHelpdeskCommon, TransactionCase):
    """Stamping a public agent reply costs at most 3 queries more than the same reply without clocks."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env["resource.calendar"].create(
            {"name": "Madrid L-V 9-18 (test)", "tz": "Europe/Madrid"}
        )
        cls.policy.write(
            {
                "calendar_id": cls.calendar.id,
                "escalation_ids": [
                    Command.create({"metric": "first_reply", "threshold": 75, "action": "notify"}),
                    Command.create({"metric": "first_reply", "threshold": 100, "action": "priority"}),
                ],
            }
        )
        cls.plain = cls.env["helpdesk.ticket"].browse()
        for name in ("sin reloj 1", "sin reloj 2", "sin reloj en frío"):
            ticket = cls._ticket(name=name)
            ticket.omni_sla_status_ids.unlink()
            ticket.write({"omni_sla_policy_id": False, "omni_sla_next_check": False})
            cls.plain |= ticket
        cls.plain, cls.cold_plain = cls.plain[:2], cls.plain[2:]
        cls.clocked = cls._ticket(name="con reloj 1") | cls._ticket(name="con reloj 2")
        cls.cold_clocked = cls._ticket(name="con reloj en frío")

    def _reply_queries(self, tickets, cold=False):
        """Queries of a public agent reply on the last ticket (the first one warms the caches)."""
        count, queries = 0, []
        for ticket in tickets.with_user(self.agent):
            self.env.flush_all()
            if cold:
                self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            with self.assertLogs("odoo.sql_db", logging.DEBUG) as logs:
                ticket.message_post(body="Hola", message_type="comment", subtype_xmlid="mail.mt_comment")
                self.env.flush_all()
            count, queries = self.env.cr.sql_log_count - start, logs.output
        return count, queries

    def test_reply_stamping_extra_queries(self):
        self.assertTrue(all(self._status(t, "first_reply") for t in self.clocked))
        self.assertFalse(self.plain.omni_sla_status_ids)
        plain, _plain_queries = self._reply_queries(self.plain)
        clocked, clocked_queries = self._reply_queries(self.clocked)
        self.assertTrue(all(self._status(t, "first_reply").achieved_at for t in self.clocked))
        extra = clocked - plain
        _logger.info("agent reply: %s queries without clocks, %s with (extra %s)", plain, clocked, extra)
        # the same reply in a fresh request (empty record cache): logged, not asserted
        cold_plain, _queries = self._reply_queries(self.cold_plain, cold=True)
        cold, _queries = self._reply_queries(self.cold_clocked, cold=True)
        self.assertTrue(self._status(self.cold_clocked, "first_reply").achieved_at)
        _logger.info("agent reply, empty record cache: %s queries without clocks, %s with", cold_plain, cold)
        self.assertLessEqual(
            extra,
            MAX_EXTRA_QUERIES,
            "reply stamping: %s queries without clocks, %s with\n%s"
            % (plain, clocked, "\n".join(q[:300] for q in clocked_queries)),
        )
