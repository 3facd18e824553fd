# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, TransactionCase, tagged

from .common import OmniHelpdeskCommon


@tagged("post_install", "-at_install")
class TestTicketJourney(OmniHelpdeskCommon, TransactionCase):
    def _channel(self, code):
        return self.env["omni.channel"]._omni_get(code)

    def test_email_phone_portal_store_on_one_ticket(self):
        partners_before = self.env["res.partner"].search_count([])
        ticket_id = self._email(
            "Ana.GARCIA@Example.com", f"Mi pedido {self.order.name} no llega", "¿Dónde está mi pedido?"
        )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        # the known e-mail in another casing is the golden customer, not a new partner
        self.assertEqual(ticket.partner_id, self.ana)
        self.assertEqual(self.env["res.partner"].search_count([]), partners_before)
        self.assertEqual(ticket.omni_sale_order_id, self.order)
        self.assertEqual(ticket.omni_started_channel_id, self._channel("email"))
        # a reply by e-mail threads into the same ticket
        reply = self._email(
            "ana.garcia@example.com",
            f"Re: {ticket.name}",
            "Sigo esperando",
            msg_id="<omni-sla-2@example.com>",
            reply_to="<omni-sla-1@example.com>",
        )
        self.assertEqual(reply, ticket.id, "a reply quoting the ticket goes to the same ticket")
        # phone leg through the wizard, by the agent
        wizard = Form(
            self.env["omni.ticket.call.wizard"]
            .with_user(self.agent)
            .with_context(default_ticket_id=ticket.id)
        )
        wizard.duration = 7
        wizard.summary = "La clienta llama por el retraso"
        wizard.save().action_confirm()
        # portal reply by the customer herself
        ticket.with_user(self.portal_ana).message_post(
            body="Os mando la foto del paquete", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        # store note by a cashier
        ticket.omni_add_store_note("La clienta ha venido a la tienda")
        legs = ticket.message_ids.filtered("omni_channel_id").sorted(lambda m: (m.date, m.id))
        self.assertEqual(
            legs.omni_channel_id.mapped("code"),
            ["email", "phone", "website", "pos"],
            "four channels, in order",
        )
        self.assertEqual(legs.filtered(lambda m: m.omni_call_duration).omni_call_duration, 7)
        self.assertEqual(ticket.omni_started_channel_id.code, "email")
        self.assertEqual(set(ticket.omni_continued_channel_ids.mapped("code")), {"phone", "website", "pos"})
        self.assertEqual(ticket.omni_last_channel_id.code, "pos")
        self.assertTrue(ticket.omni_channel_changed)
        for code in ("email", "phone", "website", "pos"):
            self.assertIn(self._channel(code).name, ticket.omni_journey)
        # filters and group-by of the ticket list
        Ticket = self.env["helpdesk.ticket"]
        self.assertIn(ticket, Ticket.search([("omni_continued_channel_ids.code", "=", "phone")]))
        groups = dict(Ticket._read_group([("id", "=", ticket.id)], ["omni_started_channel_id"], ["__count"]))
        self.assertEqual(groups, {self._channel("email"): 1})
        # the customer's interaction log: the ticket and each leg
        rows = self.env["omni.interaction"].search([("partner_id", "=", self.ana.id)])
        self.assertEqual(rows.filtered(lambda r: r.interaction_type == "ticket").res_id, ticket.id)
        self.assertEqual(len(rows.filtered(lambda r: r.interaction_type == "ticket_leg")), 5)
        self.assertEqual(self.ana.omni_open_ticket_count, 1)
        # the customer 360 (POS and portal) lists it, with the last contact
        summary = self.env["res.partner"].omni_pos_360(self.ana.id)
        self.assertEqual([t["id"] for t in summary["open_tickets"]], [ticket.id])
        self.assertEqual(summary["ticket_last_contact"], fields.Datetime.to_string(ticket.omni_last_contact))
        self.assertIsNone(summary["sla_compliance"], "nothing measured yet")
        self.assertEqual(self.env["res.partner"].omni_pos_360(self.bea.id)["open_tickets"], [])

    def test_order_reference_of_another_customer_is_not_linked(self):
        ticket_id = self._email(
            "bea.lopez@example.com", f"Problema con {self.order.name}", "hola", name="Bea"
        )
        ticket = self.env["helpdesk.ticket"].browse(ticket_id)
        self.assertEqual(ticket.partner_id, self.bea)
        self.assertFalse(ticket.omni_sale_order_id, "Ana's order is not linked to Bea's ticket")

    def test_open_ticket_from_partner_and_order(self):
        action = self.ana.with_user(self.agent).action_omni_open_ticket()
        ticket = Form(self.env["helpdesk.ticket"].with_user(self.agent).with_context(**action["context"]))
        ticket.name = "Llamada"
        ticket.description = "<p>x</p>"
        ticket = ticket.save()
        self.assertEqual(ticket.partner_id, self.ana)
        self.assertEqual(ticket.omni_started_channel_id.code, "phone")
        action = self.order.action_omni_open_ticket()
        ticket = Form(self.env["helpdesk.ticket"].with_context(**action["context"]))
        ticket.description = "<p>x</p>"
        ticket = ticket.save()
        self.assertEqual(ticket.omni_sale_order_id, self.order)
        self.assertEqual(ticket.omni_started_channel_id.code, "sale")

    def test_bad_input_on_call_and_store_note(self):
        ticket = self._ticket()
        for duration in (0, -5, 100000):
            wizard = self.env["omni.ticket.call.wizard"].create(
                {"ticket_id": ticket.id, "duration": duration, "summary": "x"}
            )
            with self.assertRaises(UserError):
                wizard.action_confirm()
        blank = self.env["omni.ticket.call.wizard"].create(
            {"ticket_id": ticket.id, "duration": 3, "summary": "  "}
        )
        with self.assertRaises(UserError):
            blank.action_confirm()
        for note in (None, "", 42, ["x"], "a\nb", "x" * 5000, "\x00"):
            with self.assertRaises(UserError):
                ticket.omni_add_store_note(note)
        for config in ("1", -1, 2**40, True):
            with self.assertRaises(UserError):
                ticket.omni_add_store_note("ok", pos_config_id=config)
        self.assertFalse(ticket.message_ids.filtered("omni_channel_id"), "nothing half written")

    def test_merge_and_unmerge_carry_tickets(self):
        dup = self.env["res.partner"].create({"name": "Ana Garcia Test", "email": "ana.g.other@example.com"})
        ticket = self._ticket(partner=dup)
        audit = self.env["omni.merge.audit"]._omni_merge(self.ana | dup, self.ana)
        ticket.invalidate_recordset()
        self.assertEqual(ticket.partner_id, self.ana)
        self.assertEqual(ticket.partner_name, self.ana.name)
        self.assertTrue(any("merged" in (body or "") for body in ticket.message_ids.mapped("body")))
        audit.action_unmerge()
        ticket.invalidate_recordset()
        self.assertEqual(ticket.partner_id, dup)
        self.assertEqual(ticket.partner_name, dup.name)
