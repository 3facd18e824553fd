# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OmniHelpdeskCommon


@tagged("post_install", "-at_install")
class TestCustomer360BackOffice(OmniHelpdeskCommon, TransactionCase):
    """The customer's service side in the back-office 360: open tickets, last contact, SLA compliance."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shop = cls.env["res.partner"].create({"name": "Calzados Pérez SL", "is_company": True})
        cls.pepa = cls.env["res.partner"].create(
            {"name": "Pepa Pérez", "parent_id": cls.shop.id, "email": "pepa@calzadosperez.es"}
        )
        cls.juan = cls.env["res.partner"].create(
            {"name": "Juan Pérez", "parent_id": cls.shop.id, "email": "juan@calzadosperez.es"}
        )

    def _reply(self, ticket, body="Hola, lo miramos"):
        ticket.with_user(self.agent).message_post(
            body=body, message_type="comment", subtype_xmlid="mail.mt_comment"
        )

    def test_open_tickets_last_contact_and_compliance(self):
        on_time = self._ticket(partner=self.pepa)
        late = self._ticket(partner=self.juan, name="Talla equivocada")
        self._shift_start(late, 3)  # the 2-hour first reply is already breached
        self._reply(on_time)
        self._reply(late)
        on_time.omni_add_store_note("Vino a la tienda a preguntar")
        closed = self._ticket(partner=self.pepa, name="Factura")
        closed.omni_add_store_note("Vino a la tienda con la factura")
        closed.stage_id = self.stage_done
        self.env.invalidate_all()
        done = self.env["omni.sla.status"].search(
            [("ticket_id", "in", (on_time | late | closed).ids), ("state", "=", "done")]
        )
        met = done.filtered(lambda status: not status.breached)
        self.assertIn(self._status(late, "first_reply"), done - met)
        last = max(filter(None, (on_time | late | closed).mapped("omni_last_contact")))
        self.assertEqual(last, closed.omni_last_contact, "the last contact is on the closed ticket")
        for partner in (self.shop, self.pepa, self.juan):
            self.assertEqual(
                partner.omni_open_ticket_count, 2, "every contact's tickets count for the company"
            )
            self.assertEqual(
                partner.omni_ticket_last_contact, last, "closed tickets count for the last contact"
            )
            self.assertEqual(partner.omni_sla_measured, len(done))
            self.assertAlmostEqual(partner.omni_sla_compliance, 100 * len(met) / len(done))
        self.assertLess(self.shop.omni_sla_compliance, 100)
        # The POS 360 says the same.
        summary = self.env["res.partner"].omni_pos_360(self.pepa.id)
        self.assertEqual(summary["sla_compliance"], round(self.shop.omni_sla_compliance))
        self.assertEqual(summary["ticket_last_contact"], fields.Datetime.to_string(last))
        self.assertEqual({t["id"] for t in summary["open_tickets"]}, set((on_time | late).ids))

    def test_customer_without_tickets(self):
        self.assertEqual(self.bea.omni_open_ticket_count, 0)
        self.assertFalse(self.bea.omni_ticket_last_contact)
        self.assertEqual((self.bea.omni_sla_measured, self.bea.omni_sla_compliance), (0, 0))
        self.assertIsNone(self.env["res.partner"].omni_pos_360(self.bea.id)["sla_compliance"])

    def test_a_page_of_customers_costs_what_one_does(self):
        for partner in (self.pepa, self.ana, self.bea):
            self._reply(self._ticket(partner=partner))

        def queries(partners):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            partners.mapped("omni_sla_compliance")
            return self.env.cr.sql_log_count - before

        one = queries(self.pepa)
        self.assertLessEqual(one, 4)
        self.assertEqual(
            queries(self.pepa | self.ana | self.bea | self.juan | self.shop), one, "no query per customer"
        )

    def test_back_office_form_shows_the_service_group_to_agents_only(self):
        groups = "base.group_user,omni_customer.group_omni_user"
        agent = new_test_user(
            self.env, login="omni_360_agent", groups=groups + ",helpdesk_mgmt.group_helpdesk_user"
        )
        clerk = new_test_user(self.env, login="omni_360_clerk", groups=groups)
        Partner = self.env["res.partner"]
        arch = Partner.with_user(agent).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertIn('name="omni_sla_compliance"', arch)
        self.assertIn('name="omni_ticket_last_contact"', arch)
        arch = Partner.with_user(clerk).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn('name="omni_sla_compliance"', arch, "no helpdesk right: no service group")
        self.assertIn('name="omni_lifetime_value"', arch)
