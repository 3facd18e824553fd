# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from unittest.mock import patch

from odoo import fields
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
        Mail, Order = self.env["mail.mail"], self.env["pos.order"]
        cron = self.env.ref("omni_customer.ir_cron_omni_digital_receipts")

        def mails(order):
            return Mail.search([("model", "=", "pos.order"), ("res_id", "=", order.id)])

        partner = self.Partner.create({"name": "Receipt Fan", "email": "fan@correo.es"})
        order = self._pos_order(partner, 12.0)
        # The paid sale only queues the receipt and wakes the cron: nothing rendered in the till's request.
        self.assertTrue(order.omni_receipt_pending)
        self.assertFalse(mails(order))
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        # A trigger a minute ahead, committed with the sale: no wake-up NOTIFY (a new database
        # connection) per sale; the run it starts renders that minute's receipts together.
        self.assertEqual(len(triggers), 1)
        self.assertGreater(triggers.call_at, fields.Datetime.now())
        self.assertNotIn(
            "_notifydb", [getattr(f, "__name__", "") for f in self.env.cr.postcommit._funcs], "no wake-up"
        )
        Order._cron_omni_digital_receipts()
        self.assertFalse(order.omni_receipt_pending)
        self.assertEqual(len(mails(order)), 1)
        self.assertIn("fan@correo.es", mails(order).email_to or mails(order).recipient_ids.email or "")
        self.assertTrue(
            self.env["omni.interaction"].search(
                [("res_id", "=", order.id), ("interaction_type", "=", "receipt")]
            )
        )
        Order._cron_omni_digital_receipts()
        self.assertEqual(len(mails(order)), 1, "a second run sends nothing twice")
        # Batches: the cron takes `batch` orders a run, oldest first; the runner calls again.
        second = self._pos_order(partner, 4.0, config=order.config_id)
        third = self._pos_order(partner, 6.0, config=order.config_id)
        Order._cron_omni_digital_receipts(batch=1)
        self.assertEqual((bool(mails(second)), third.omni_receipt_pending), (True, True))
        # Consent is read when the receipt is sent: withdrawn meanwhile, nothing goes out.
        self.env["omni.consent"]._omni_set(partner, "receipts", "email", False)
        Order._cron_omni_digital_receipts()
        self.assertFalse(third.omni_receipt_pending)
        self.assertFalse(mails(third))
        order2 = self._pos_order(partner, 5.0, config=order.config_id)
        Order._cron_omni_digital_receipts()
        self.assertFalse(mails(order2))
        anonymous = self._pos_order(self.Partner, 3.0, config=order.config_id)
        self.assertFalse(anonymous.omni_receipt_pending, "no customer, nothing to send")
        self.assertFalse(mails(anonymous))

    def test_digital_receipts_rendered_in_one_batch_a_bad_one_blocks_nothing(self):
        Mail, Order = self.env["mail.mail"], self.env["pos.order"]
        Order.search([("omni_receipt_pending", "=", True)]).omni_receipt_pending = False
        customers = self.Partner.create(
            [{"name": f"Cliente {n}", "email": f"cliente{n}@correo.es"} for n in range(3)]
        )
        orders = Order.browse()
        for n, customer in enumerate(customers):
            orders |= self._pos_order(customer, 10.0 + n, config=orders.config_id or None)
        Template = type(self.env["mail.template"])
        real_batch = Template.send_mail_batch
        batches = []

        def spy(template, res_ids, *args, **kwargs):
            batches.append(list(res_ids))
            return real_batch(template, res_ids, *args, **kwargs)

        with patch.object(Template, "send_mail_batch", spy):
            Order._cron_omni_digital_receipts()
        # One rendering for the whole batch (the template compiled once), not one per receipt.
        self.assertEqual([sorted(batch) for batch in batches], [sorted(orders.ids)])
        for order, customer in zip(orders, customers, strict=True):
            mail = Mail.search([("model", "=", "pos.order"), ("res_id", "=", order.id)])
            self.assertEqual(len(mail), 1)
            # Rendered together, each receipt is still its own customer's and its own order's.
            self.assertIn(customer.email, mail.email_to or mail.recipient_ids.email or "")
            self.assertIn(order.pos_reference or order.name, mail.body_html)
            others = (orders - order).mapped(lambda o: o.pos_reference or o.name)
            self.assertFalse([ref for ref in others if ref in mail.body_html])
        # A receipt that cannot be rendered (its template raises on that order: a fault injected
        # around the real method) does not hold back the others of its batch: they go one by one,
        # the bad one is logged and dropped.
        later = Order.browse()
        for n, customer in enumerate(customers):
            later |= self._pos_order(customer, 20.0 + n, config=orders.config_id)
        bad = later[1]
        real = type(Order)._omni_mail_receipts

        def failing(records, template=None):
            if bad in records:
                raise ValueError("cannot render")
            return real(records, template)

        with (
            patch.object(type(Order), "_omni_mail_receipts", failing),
            self.assertLogs("odoo.addons.omni_customer.models.pos_order", level="ERROR") as logs,
        ):
            Order._cron_omni_digital_receipts()
        self.assertIn(bad.name, "\n".join(logs.output))
        sent = Mail.search([("model", "=", "pos.order"), ("res_id", "in", later.ids)])
        self.assertEqual(sorted(sent.mapped("res_id")), sorted((later[0] | later[2]).ids))
        self.assertFalse(later.filtered("omni_receipt_pending"), "nothing left queued forever")
