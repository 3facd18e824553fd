# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

from .common import OmniCustomerCommon


@tagged("post_install", "-at_install")
class TestConsentReceipt(OmniCustomerCommon, TransactionCase):
    def test_consent_defaults_and_withdrawal_everywhere(self):
        Consent = self.env["omni.consent"]
        partner = self.Partner.create({"name": "Inés Mora", "email": "ines@correo.es"})
        self.assertFalse(Consent._omni_allowed(partner, "marketing", "email"), "marketing needs opt-in")
        self.assertTrue(Consent._omni_allowed(partner, "receipts", "email"))
        Consent.with_user(self.cashier)._omni_set(
            partner, "marketing", "email", True, self.Channel._omni_get("pos")
        )
        self.assertTrue(Consent._omni_allowed(partner, "marketing", "email"))
        # Withdrawn from another channel: applies everywhere, one row per purpose/medium.
        Consent._omni_set(partner, "marketing", "email", False, self.Channel._omni_get("website"))
        self.assertFalse(Consent._omni_allowed(partner, "marketing", "email"))
        self.assertEqual(Consent.search_count([("partner_id", "=", partner.id)]), 1)
        self.assertTrue(self.env["mail.blacklist"].search([("email", "=", "ines@correo.es")]))
        consent_rows = self.env["omni.interaction"].search(
            [("partner_id", "=", partner.id), ("interaction_type", "=", "consent")]
        )
        self.assertEqual(len(consent_rows), 2)
        # A contact's consent is its commercial entity's.
        contact = self.Partner.create({"name": "Inés (trabajo)", "parent_id": partner.id})
        self.assertFalse(Consent._omni_allowed(contact, "marketing", "email"))

    def test_consent_bad_input(self):
        Consent = self.env["omni.consent"]
        partner = self.Partner.create({"name": "X"})
        with self.assertRaises(ValidationError):
            Consent._omni_allowed(partner, "spam", "email")
        with self.assertRaises(ValidationError):
            Consent._omni_set(partner, "marketing", "pigeon", True)
        with self.assertRaises(ValidationError):
            Consent._omni_set(self.Partner, "marketing", "email", True)
        self.assertFalse(Consent.search([("partner_id", "=", partner.id)]))

    def test_digital_receipt_sent_only_with_consent(self):
        Mail = self.env["mail.mail"]
        partner = self.Partner.create({"name": "Receipt Fan", "email": "fan@correo.es"})
        order = self._pos_order(partner, 12.0)
        mails = Mail.search([("model", "=", "pos.order"), ("res_id", "=", order.id)])
        self.assertEqual(len(mails), 1)
        self.assertIn("fan@correo.es", mails.email_to or mails.recipient_ids.email or "")
        self.assertTrue(
            self.env["omni.interaction"].search(
                [("res_id", "=", order.id), ("interaction_type", "=", "receipt")]
            )
        )
        self.env["omni.consent"]._omni_set(partner, "receipts", "email", False)
        order2 = self._pos_order(partner, 5.0, config=order.config_id)
        self.assertFalse(Mail.search([("model", "=", "pos.order"), ("res_id", "=", order2.id)]))
        anonymous = self._pos_order(self.Partner, 3.0, config=order.config_id)
        self.assertFalse(Mail.search([("model", "=", "pos.order"), ("res_id", "=", anonymous.id)]))
