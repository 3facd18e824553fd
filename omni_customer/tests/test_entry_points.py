# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import OmniCustomerCommon


@tagged("post_install", "-at_install")
class TestEntryPoints(OmniCustomerCommon, TransactionCase):
    def test_same_person_from_every_channel_is_one_partner(self):
        """Back office, POS, inbound e-mail, website checkout and import: one golden record."""
        office = self.Partner.with_context(omni_channel_code="sale").create(
            {"name": "María Núñez", "email": "maria.nunez@correo.es", "mobile": "+34 699 11 22 33"}
        )
        self.assertEqual(office.omni_source_channel_id, self.Channel._omni_get("sale"))
        pos = self.Partner.with_context(omni_match_on_create=True, omni_channel_code="pos").create(
            {"name": "Maria Nuñez", "phone": "699112233"}
        )
        self.assertEqual(pos, office)
        self.assertEqual(office.omni_last_match_rule, "phone_name")
        mail = self.Partner.find_or_create("Maria <MARIA.NUNEZ@correo.es>")
        self.assertEqual(mail, office)
        web = self.Partner.with_context(omni_match_on_create=True, omni_channel_code="website").create(
            {"name": "M. Núñez", "email": "Maria.Nunez@Correo.ES"}
        )
        self.assertEqual(web, office)
        imported = self.Partner.with_context(import_file=True).create(
            [
                {"name": "MARIA NUNEZ", "mobile": "0034699112233"},
                {"name": "Pedro Ruiz", "email": "pedro@correo.es"},
            ]
        )
        self.assertEqual(imported[0], office)
        self.assertNotEqual(imported[1], office)
        self.assertEqual(imported[1].omni_source_channel_id, self.Channel._omni_get("import"))
        self.assertEqual(self.Partner.search_count([("omni_phone_key", "=", "+34699112233")]), 1)

    def test_website_visit_is_a_touchpoint(self):
        partner = self.Partner.create({"name": "Visitante", "email": "visita@correo.es"})
        visitor = self.env["website.visitor"].create(
            {
                "partner_id": partner.id,
                "access_token": partner.id,
                "website_id": self.website.id,
                "last_connection_datetime": fields.Datetime.now() - timedelta(hours=9),
            }
        )
        visitor._update_visitor_last_visit()
        visit = self.env["omni.interaction"].search(
            [("partner_id", "=", partner.id), ("interaction_type", "=", "visit")]
        )
        self.assertEqual(len(visit), 1)
        self.assertEqual(visit.channel_id.channel_type, "website")
        visitor.invalidate_recordset()
        visitor._update_visitor_last_visit()  # same visit, a minute later: not a new touchpoint
        self.assertEqual(
            self.env["omni.interaction"].search_count(
                [("partner_id", "=", partner.id), ("interaction_type", "=", "visit")]
            ),
            1,
        )

    def test_inbound_email_creates_with_channel(self):
        partners = self.Partner._find_or_create_from_emails(["Nuevo Cliente <nuevo@correo.es>"])
        self.assertEqual(partners[0].omni_source_channel_id, self.Channel._omni_get("email"))
        again = self.Partner._find_or_create_from_emails(["NUEVO@correo.es"])
        self.assertEqual(again[0], partners[0])

    def test_guest_checkout_is_proposed_not_given_to_the_customer(self):
        golden = self.Partner.create(
            {
                "name": "Lucía Romero",
                "email": "lucia@correo.es",
                "street": "Calle Secreta 7",
                "city": "Sevilla",
            }
        )
        history = self._sale_order(golden, 50.0)
        # Typed at checkout by an anonymous visitor, as website_sale does (sudo as the public user).
        guest = (
            self.Partner.with_user(self.website.user_id)
            .sudo()
            .create(
                {"name": "Lucia R.", "email": "LUCIA@correo.es", "street": "Av. Nueva 1", "city": "Cádiz"}
            )
        )
        order = self._sale_order(guest, 30.0, website=True, confirm=False)
        self.assertNotIn("Secreta", order.partner_invoice_id.contact_address or "")
        order.with_user(self.website.user_id).sudo().action_confirm()
        # A stranger may have typed the e-mail: linked for the back office, not the customer's.
        self.assertEqual(order.partner_id, guest)
        self.assertEqual(order.omni_golden_partner_id, golden)
        self.assertEqual(order.omni_match_rule, "email")
        self.assertEqual(order.omni_match_state, "unverified")
        self.assertFalse(guest.parent_id)
        self.assertEqual(golden.street, "Calle Secreta 7", "the customer's data is untouched")
        self.assertEqual(golden.omni_lifetime_value, 50.0, "an unverified order adds no value")
        self.assertEqual(
            self.env["sale.order"].search([("partner_id", "child_of", golden.id), ("state", "=", "sale")]),
            history,
        )
        order.with_user(self.manager).action_omni_confirm_match()
        golden.invalidate_recordset()
        self.assertEqual(order.partner_id, golden)
        self.assertEqual(order.partner_invoice_id, guest, "the guest keeps its own typed address")
        self.assertEqual(order.partner_shipping_id, guest)
        self.assertEqual(guest.parent_id, golden)
        self.assertEqual(golden.omni_lifetime_value, 80.0)
        self.assertEqual(
            self.env["sale.order"].search([("partner_id", "child_of", golden.id), ("state", "=", "sale")]),
            history | order,
        )

    def test_guest_checkout_unknown_email_stays_guest(self):
        guest = (
            self.Partner.with_user(self.website.user_id)
            .sudo()
            .create({"name": "Nadie", "email": "nadie@correo.es"})
        )
        order = self._sale_order(guest, 10.0, website=True)
        self.assertEqual(order.partner_id, guest)
        self.assertFalse(order.omni_match_state)

    def test_website_order_of_a_known_partner_is_not_relinked(self):
        first = self.Partner.create({"name": "Same Mail", "email": "same@correo.es"})
        second = self.Partner.create({"name": "Same Mail 2", "email": "same@correo.es"})
        order = self._sale_order(second, 10.0, website=True)
        self.assertEqual(
            order.partner_id, second, "back-office partners are merged by review, not by checkout"
        )
        self.assertFalse(second.parent_id)
        self.assertTrue(first)

    def test_back_office_duplicate_is_created_but_queued(self):
        first = self.Partner.create({"name": "Jorge Sanz", "zip": "46001", "email": "jorge@correo.es"})
        second = self.Partner.with_context(omni_match_on_create=True).create(
            {"name": "Jorge Sanz", "zip": "46001", "email": "jsanz@otro.es"}
        )
        self.assertNotEqual(first, second)
        self.assertTrue(self.env["omni.match.review"].search([("partner_ids", "in", second.ids)]))

    def test_till_sync_finds_orders_by_uuid_through_an_index(self):
        """Every sync looks its orders up by uuid (core's _get_open_order): an index, not a scan."""
        query = self.env["pos.order"]._search([("uuid", "=", "a0b1c2d3-till-0001")], limit=1)
        sql = query.select()
        self.env.cr.execute("SET LOCAL enable_seqscan = off")
        self.env.cr.execute(SQL("EXPLAIN %s", sql))
        plan = "\n".join(row[0] for row in self.env.cr.fetchall())
        self.env.cr.execute("SET LOCAL enable_seqscan = on")
        self.assertIn("pos_order__uuid_index", plan)
