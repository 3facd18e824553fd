# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from .common import OmniCustomerCommon


@tagged("post_install", "-at_install")
class TestMatchedCreate(OmniCustomerCommon, TransactionCase):
    """A create answered with an existing customer keeps what was typed."""

    def _web(self, vals):
        return self.Partner.with_context(omni_match_on_create=True, omni_channel_code="website").create(vals)

    def test_second_phone_and_new_address_are_kept(self):
        ana = self.Partner.create(
            {
                "name": "Ana Gil",
                "email": "ana@correo.es",
                "mobile": "600 111 222",
                "street": "Calle A 1",
                "city": "Madrid",
                "zip": "28001",
            }
        )
        typed = {
            "name": "Ana Gil",
            "email": "ANA@correo.es",
            "phone": "611 333 444",
            "street": "Calle B 2",
            "city": "Toledo",
            "zip": "45001",
        }
        self.assertEqual(self._web(typed), ana)
        self.assertEqual(ana.phone, "611 333 444", "the second phone fills the empty field")
        self.assertEqual(ana.mobile, "600 111 222")
        self.assertEqual((ana.street, ana.city), ("Calle A 1", "Madrid"), "the customer's address stays")
        child = ana.child_ids.filtered(lambda c: c.street == "Calle B 2")
        self.assertEqual(len(child), 1, "the new address is a child address")
        self.assertEqual((child.type, child.city, child.zip), ("other", "Toledo", "45001"))
        self.assertFalse(child.email, "the child carries the address, not a second identity")
        self.assertEqual(self._web(typed), ana)
        self.assertEqual(len(ana.child_ids.filtered(lambda c: c.street == "Calle B 2")), 1, "kept once")

    def test_empty_address_is_filled(self):
        pepe = self.Partner.create({"name": "Pepe Luna", "email": "pepe@correo.es"})
        self._web({"name": "Pepe Luna", "email": "pepe@correo.es", "street": "Calle Sol 3", "city": "Lugo"})
        self.assertEqual((pepe.street, pepe.city), ("Calle Sol 3", "Lugo"))
        self.assertFalse(pepe.child_ids)

    def test_values_that_would_overwrite_are_logged_for_a_manager(self):
        eva = self.Partner.create(
            {"name": "Eva Soler", "email": "eva@correo.es", "mobile": "644 100 200", "phone": "644 100 300"}
        )
        pos = self.Partner.with_context(omni_match_on_create=True, omni_channel_code="pos").create(
            {"name": "Eva Soler", "mobile": "644100200", "phone": "655 900 800", "email": "eva.s@otro.es"}
        )
        self.assertEqual(pos, eva)
        self.assertEqual(eva.email, "eva@correo.es", "never overwritten")
        self.assertEqual((eva.mobile, eva.phone), ("644 100 200", "644 100 300"))
        note = eva.message_ids.filtered(lambda m: "not applied" in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn("eva.s@otro.es", note.body)
        self.assertIn("655 900 800", note.body)

    def test_duplicates_inside_one_import_batch(self):
        rows = self.Partner.with_context(import_file=True).create(
            [
                {"name": "Rosa Lee", "email": "rosa@correo.es"},
                {"name": "Rosa Lee", "email": "ROSA@correo.es", "mobile": "622 123 456"},
                {"name": "Luis Mora", "mobile": "633 111 000"},
                {"name": "Luis Mora", "phone": "+34 633 111 000", "city": "Vigo", "street": "Rúa 1"},
                {"name": "Otra Persona", "mobile": "633 111 000"},
                {"name": "Sin Clave"},
                {"name": "Sin Clave"},
            ]
        )
        self.assertEqual(rows[0], rows[1])
        self.assertEqual(rows[0].mobile, "622 123 456", "the second row's data is kept")
        self.assertEqual(self.Partner.search_count([("email_normalized", "=", "rosa@correo.es")]), 1)
        self.assertEqual(rows[2], rows[3], "same phone and name")
        self.assertEqual(rows[2].city, "Vigo")
        self.assertNotEqual(rows[4], rows[2], "same phone, another name: another person")
        self.assertNotEqual(rows[5], rows[6], "no identity key: nothing to match on")
        self.assertEqual(len(rows), 7, "one result per row, in order")
        self.assertEqual(len(set(rows.ids)), 5)
