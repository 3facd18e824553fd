# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import http
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import OmniHelpdeskCommon


@tagged("post_install", "-at_install")
class TestPortalTickets(OmniHelpdeskCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ticket_ana = cls._ticket(name="Ticket de Ana")
        cls.ticket_bea = cls._ticket(partner=cls.bea, name="Ticket de Bea")
        cls.order_bea = cls.order.copy({"partner_id": cls.bea.id})

    def _report(self, kind, order_id, description="El paquete llegó roto\ny sin factura"):
        data = {"kind": kind, "order_id": order_id, "csrf_token": http.Request.csrf_token(self)}
        if description is not None:
            data["description"] = description
        return self.url_open("/my/purchases/problem", data=data, allow_redirects=False)

    def _close(self, ticket_id, stage_id):
        return self.url_open(
            f"/ticket/close?ticket_id={ticket_id}&stage_id={stage_id}", allow_redirects=False
        )

    def _post(self, ticket):
        return self.url_open(
            "/mail/message/post",
            data=json.dumps(
                {
                    "params": {
                        "thread_model": "helpdesk.ticket",
                        "thread_id": ticket.id,
                        "post_data": {
                            "body": "intruso",
                            "message_type": "comment",
                            "subtype_xmlid": "mail.mt_comment",
                        },
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        )

    @mute_logger("odoo.http", "odoo.addons.mail.controllers.thread")
    def test_portal_a_cannot_read_reply_to_or_close_b_ticket(self):
        self.authenticate(self.portal_ana.login, self.portal_ana.login)
        own = self.url_open(f"/my/ticket/{self.ticket_ana.id}")
        self.assertEqual(own.status_code, 200)
        self.assertIn("Ticket de Ana", own.text)
        foreign = self.url_open(f"/my/ticket/{self.ticket_bea.id}", allow_redirects=False)
        self.assertIn(foreign.status_code, (302, 303, 403, 404))
        self.assertNotIn("Ticket de Bea", foreign.text)
        listing = self.url_open("/my/tickets")
        self.assertIn(self.ticket_ana.number, listing.text)
        self.assertNotIn(self.ticket_bea.number, listing.text)
        # reply: refused, nothing posted on Bea's ticket
        count = len(self.ticket_bea.message_ids)
        self._post(self.ticket_bea)
        self.ticket_bea.invalidate_recordset()
        self.assertEqual(len(self.ticket_bea.message_ids), count)
        # close: OCA's route would close it (sudo, no owner check); ours answers 404
        response = self._close(self.ticket_bea.id, self.stage_done.id)
        self.assertEqual(response.status_code, 404)
        self.ticket_bea.invalidate_recordset()
        self.assertEqual(self.ticket_bea.stage_id, self.stage_new)
        # her own ticket, to a portal closing stage: closed
        response = self._close(self.ticket_ana.id, self.stage_done.id)
        self.assertIn(response.status_code, (302, 303))
        self.ticket_ana.invalidate_recordset()
        self.assertEqual(self.ticket_ana.stage_id, self.stage_done)
        # her own reply is a portal leg
        self._post(self.ticket_ana)
        self.ticket_ana.invalidate_recordset()
        self.assertEqual(self.ticket_ana.message_ids[:1].omni_channel_id.code, "website")

    @mute_logger("odoo.http")
    def test_hostile_parameters_on_ticket_routes(self):
        self.authenticate(self.portal_ana.login, self.portal_ana.login)
        ticket = self.ticket_ana
        for ticket_id in ("abc", "-1", "0", "99999999999999", "1e3", "%00", "", "1;DROP TABLE x"):
            response = self._close(ticket_id, self.stage_done.id)
            self.assertEqual(response.status_code, 404, ticket_id)
        for stage_id in ("x", "-3", "", "99999999"):
            self.assertEqual(
                self._close(ticket.id, stage_id).status_code, 404 if stage_id in ("x", "-3", "") else 302
            )
        # a closing stage not allowed from the portal: nothing changes, back to the ticket (as OCA)
        self.assertEqual(self._close(ticket.id, self.stage_rejected.id).status_code, 302)
        missing = self.url_open(f"/ticket/close?stage_id={self.stage_done.id}", allow_redirects=False)
        self.assertEqual(missing.status_code, 404)
        for path in ("/my/ticket/abc", "/my/ticket/-1", "/my/ticket/99999999"):
            response = self.url_open(path, allow_redirects=False)
            self.assertLess(response.status_code, 500, path)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.stage_id, self.stage_new, "nothing closed")

    @mute_logger("odoo.http")
    def test_report_a_problem_on_own_order_only(self):
        self.authenticate(self.portal_ana.login, self.portal_ana.login)
        page = self.url_open(self.order.get_portal_url())
        self.assertIn("Report a problem", page.text)
        Ticket = self.env["helpdesk.ticket"]
        before = Ticket.search_count([])
        response = self._report("sale", self.order.id)
        self.assertIn(response.status_code, (302, 303))
        ticket = Ticket.search([("omni_sale_order_id", "=", self.order.id)])
        self.assertEqual(len(ticket), 1)
        self.assertTrue(response.headers["Location"].endswith(f"/my/ticket/{ticket.id}"))
        self.assertEqual(ticket.partner_id, self.ana)
        self.assertEqual(ticket.omni_started_channel_id.code, "website")
        self.assertIn("sin factura", ticket.description)
        self.assertEqual(self.url_open(f"/my/ticket/{ticket.id}").status_code, 200)
        # another customer's order, hostile ids and texts: refused, nothing created
        self.assertEqual(self._report("sale", self.order_bea.id).status_code, 404)
        for kind, order_id in (("x", self.order.id), ("", self.order.id), ("sale", "abc"), ("sale", "-1"),
                               ("sale", ""), ("sale", "99999999"), ("pos", self.order.id)):  # fmt: skip
            self.assertEqual(self._report(kind, order_id).status_code, 404, (kind, order_id))
        for text in (None, "", "   ", "x" * 5000, "hola\x00"):
            self.assertEqual(self._report("sale", self.order.id, text).status_code, 400, repr(text)[:20])
        self.assertEqual(Ticket.search_count([]), before + 1)
