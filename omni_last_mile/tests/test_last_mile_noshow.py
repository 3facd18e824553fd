# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from .common import OmniLastMileCommon


class OmniPickupCommon(OmniLastMileCommon):
    @classmethod
    def _omni_pickup_setup(cls):
        cls._omni_last_mile_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 10)
        cls.in_store = cls.env.ref("website_sale_collect.carrier_pick_up_in_store")
        cls.customer_valencia.write({"mobile": "+34 600 111 222", "lang": "es_ES"})
        cls.env.ref("base.EUR").active = True
        cls.env["res.lang"]._activate_lang("es_ES")
        # The step labels are field selections: their Spanish comes from this addon's es.po.
        cls.env["ir.module.module"].search([("name", "=", "omni_last_mile")])._update_translations(["es_ES"])
        cls.company.write(
            {"omni_noshow_reminder_days": 3, "omni_noshow_release_days": 7, "omni_noshow_rule": "cancel"}
        )

    def _ready_order(self, days_ago=0, qty=2):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer_valencia.id,
                "warehouse_id": self.wh_valencia.id,
                "carrier_id": self.in_store.id,
                "pickup_location_data": {
                    "id": self.wh_valencia.id,
                    "name": self.wh_valencia.name,
                    "street": "Calle de Colón 1",
                    "city": "Valencia",
                    "zip_code": "46001",
                    "country_code": "ES",
                },
                "order_line": [(0, 0, {"product_id": self.product_a.id, "product_uom_qty": qty})],
            }
        )
        order.action_confirm()
        order.picking_ids.action_omni_ready_for_pickup()
        if days_ago:
            order.omni_pickup_ready_at = fields.Datetime.now() - dt.timedelta(days=days_ago, minutes=5)
        return order

    def _mails(self, order):
        return self.env["mail.mail"].search([("model", "=", "sale.order"), ("res_id", "=", order.id)])

    def _reserved(self):
        quants = self.env["stock.quant"].search(
            [("product_id", "=", self.product_a.id), ("location_id", "=", self.wh_valencia.lot_stock_id.id)]
        )
        return sum(quants.mapped("reserved_quantity"))

    def _sms(self, order):
        return self.env["sms.sms"].search([("partner_id", "=", order.partner_id.id)])


@tagged("post_install", "-at_install")
class TestPickupNoShow(OmniPickupCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_pickup_setup()
        cls.till = cls.env["pos.session"].create(
            {
                "config_id": cls.env["pos.config"]
                .create({"name": "Valencia till", "picking_type_id": cls.wh_valencia.pos_type_id.id})
                .id,
                "user_id": cls.env.uid,
            }
        )
        cls.till.state = "opened"

    def test_bad_settings_refused(self):
        for reminder, release in ((3, 3), (5, 2), (-1, 7), (0, 7), (3, -2), (3, 0)):
            with self.assertRaises(ValidationError):
                self.company.write(
                    {"omni_noshow_reminder_days": reminder, "omni_noshow_release_days": release}
                )
        self.company.write({"omni_noshow_reminder_days": 2, "omni_noshow_release_days": 5})
        self.assertEqual(self.company.omni_noshow_release_days, 5)

    def test_ready_message_has_the_code_qr_and_sms(self):
        order = self._ready_order()
        code = order.omni_pickup_code
        mail = self._mails(order)
        self.assertEqual(len(mail), 1)
        self.assertIn(code, mail.body_html)
        self.assertIn(f"/report/barcode/?barcode_type=QR&amp;value={code}", mail.body_html)
        # In the customer's language (Spanish), e-mail and SMS.
        self.assertIn("Listo para recoger", mail.subject)
        sms = self._sms(order)
        self.assertEqual(len(sms), 1)
        self.assertEqual(sms.state, "outgoing")
        self.assertIn("600111222", sms.number.replace(" ", ""))
        self.assertIn(order.name, sms.body)
        self.assertIn("Listo para recoger", sms.body)
        self.assertIn(order._omni_tracking_url(), sms.body)
        self.assertEqual(order.omni_pickup_expires, order.omni_pickup_ready_at + dt.timedelta(days=7))

    def test_sms_and_mail_only_with_consent(self):
        Consent = self.env["omni.consent"]
        Consent._omni_set(self.customer_valencia, "service", "sms", False)
        order = self._ready_order()
        self.assertEqual(len(self._mails(order)), 1)
        self.assertFalse(self._sms(order))
        Consent._omni_set(self.customer_valencia, "service", "sms", True)
        Consent._omni_set(self.customer_valencia, "service", "email", False)
        other = self._ready_order()
        self.assertFalse(self._mails(other))
        self.assertEqual(len(self._sms(other)), 1)
        # Without a phone number, no SMS is queued.
        Consent._omni_set(self.customer_valencia, "service", "email", True)
        self.customer_valencia.write({"mobile": False, "phone": False})
        third = self._ready_order()
        self.assertEqual(len(self._sms(third)), 1)  # still only the previous one
        self.assertEqual(len(self._mails(third)), 1)

    def test_reminder_sent_once_then_release_cancels(self):
        order = self._ready_order(days_ago=4)
        fresh = self._ready_order(days_ago=1)
        self.env["mail.mail"].search([]).unlink()
        self.env["sms.sms"].search([]).unlink()
        Order = self.env["sale.order"]
        self.assertEqual(Order._cron_omni_noshow(), 1)
        self.assertTrue(order.omni_noshow_reminded_at)
        self.assertFalse(fresh.omni_noshow_reminded_at)
        mail = self._mails(order)
        self.assertEqual(len(mail), 1)
        self.assertIn("le espera", mail.subject)
        self.assertIn(order.omni_pickup_code, mail.body_html)
        self.assertEqual(len(self._sms(order)), 1)
        self.assertEqual(order.omni_delivery_step, "ready_for_pickup")
        # Run again: nothing new.
        self.assertEqual(Order._cron_omni_noshow(), 0)
        self.assertEqual(len(self._mails(order)), 1)
        self.assertEqual(len(self._sms(order)), 1)
        # After M days: released.
        code = order.omni_pickup_code
        picking = order.picking_ids
        self.assertEqual(self._reserved(), 4.0)
        order.omni_pickup_ready_at = fields.Datetime.now() - dt.timedelta(days=8)
        self.assertEqual(Order._cron_omni_noshow(), 1)
        self.assertEqual((order.state, order.omni_delivery_step), ("cancel", "no_show"))
        self.assertFalse(order.omni_pickup_code)
        self.assertEqual(picking.state, "cancel")
        self.assertFalse(self.env["omni.stock.hold"]._omni_holds_of(order))
        # Its 2 units are no longer reserved: only the fresh order's 2 are.
        self.assertEqual(self._reserved(), 2.0)
        with self.assertUserError("No order is waiting for this pickup code"):
            self.till.omni_collect_lookup(code)
        self.assertIn("cancelled", order.omni_event_ids[-1:].note)
        self.assertEqual(order.omni_event_ids.mapped("step").count("no_show"), 1)
        # Idempotent: a rerun finds nothing left to do.
        self.assertEqual(Order._cron_omni_noshow(), 0)
        self.assertEqual(order.omni_event_ids.mapped("step").count("no_show"), 1)
        # The no-show rate counts pickups only: one no-show out of two pickups.
        self.env.flush_all()
        kpis = self.env["omni.delivery.kpi"].search([("order_id", "in", (order | fresh).ids)])
        self.assertEqual(sorted(kpis.mapped("nb_no_show")), [0, 1])
        groups = self.env["omni.delivery.kpi"]._read_group(
            [("order_id", "in", (order | fresh).ids)], [], ["no_show_rate:avg", "nb_no_show:sum"]
        )
        self.assertEqual(groups[0], (50.0, 1))

    def _paid_online(self, order):
        """A done payment transaction on ``order``, as the website's payment flow leaves it."""
        provider = self.env["payment.provider"].search(
            [("code", "=", "demo"), ("company_id", "=", order.company_id.id)], limit=1
        )
        provider.state = "test"
        return self.env["payment.transaction"].create(
            {
                "provider_id": provider.id,
                "payment_method_id": self.env.ref("payment_demo.payment_method_demo").id,
                "amount": order.amount_total,
                "currency_id": order.currency_id.id,
                "partner_id": order.partner_id.id,
                "reference": f"{order.name}-noshow",
                "sale_order_ids": [(6, 0, order.ids)],
                "state": "done",
            }
        )

    def test_paid_online_noshow_is_flagged_never_cancelled(self):
        """Rule 1: a no-show paid online that the rule would not refund in full stays a sale."""
        Order = self.env["sale.order"]
        for rule in ("cancel", "refund"):  # refund: nothing invoiced, so nothing it could credit
            self.company.omni_noshow_rule = rule
            order = self._ready_order(days_ago=8)
            self._paid_online(order)
            code = order.omni_pickup_code
            Order._cron_omni_noshow()
            self.assertEqual(order.state, "sale", rule)
            self.assertEqual(order.omni_pickup_code, code, "still collectable until a manager acts")
            self.assertIn("Paid online", order.omni_noshow_issue)
            self.assertEqual(order.activity_ids.summary, "No-show: act on this order")
            self.assertNotIn("no_show", order.omni_event_ids.mapped("step"))
            self.assertFalse(order.invoice_ids)
            # Out of the cron's batch: a rerun neither flags it again nor touches it.
            self.assertEqual(Order._cron_omni_noshow(), 0)
            self.assertEqual(len(order.activity_ids), 1)

    def test_failed_release_is_flagged_and_the_batch_goes_on(self):
        Order = self.env["sale.order"]
        broken = self._ready_order(days_ago=9)  # first in the batch's order
        fine = self._ready_order(days_ago=8)
        # Its invoice's income account is deprecated since: its credit note cannot be posted.
        self.company.omni_noshow_rule = "refund"
        invoice = broken._create_invoices()
        invoice.action_post()
        invoice.invoice_line_ids.account_id.deprecated = True
        fine_before = fine.state
        self.assertEqual(Order._cron_omni_noshow(), 2)
        self.assertEqual(broken.state, "sale")
        self.assertIn("The automatic release failed", broken.omni_noshow_issue)
        self.assertTrue(broken.activity_ids)
        self.assertFalse(broken.invoice_ids.filtered(lambda m: m.move_type == "out_refund"))
        self.assertEqual((fine_before, fine.state, fine.omni_delivery_step), ("sale", "cancel", "no_show"))
        self.assertEqual(Order._cron_omni_noshow(), 0)

    def test_release_refunds_what_was_invoiced(self):
        self.company.omni_noshow_rule = "refund"
        order = self._ready_order(days_ago=8)
        invoice = order._create_invoices()
        invoice.action_post()
        Order = self.env["sale.order"]
        self.assertEqual(Order._cron_omni_noshow(), 1)
        self.assertEqual((order.state, order.omni_delivery_step), ("cancel", "no_show"))
        credit_note = order.invoice_ids.filtered(lambda m: m.move_type == "out_refund")
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(credit_note.state, "posted")
        self.assertAlmostEqual(credit_note.amount_total, invoice.amount_total)
        self.assertIn(credit_note.name, order.omni_event_ids[-1:].note)
        # Nothing invoiced: the refund rule just cancels.
        unpaid = self._ready_order(days_ago=8)
        self.assertEqual(Order._cron_omni_noshow(), 1)
        self.assertEqual(unpaid.state, "cancel")
        self.assertFalse(unpaid.invoice_ids)

    def test_batches_report_progress_and_resume(self):
        orders = self._ready_order(days_ago=8) | self._ready_order(days_ago=8) | self._ready_order(days_ago=4)
        Order = self.env["sale.order"]
        self.assertEqual(Order._cron_omni_noshow(batch_size=2), 2)
        self.assertEqual(orders.mapped("state"), ["cancel", "cancel", "sale"])
        self.assertFalse(orders[2].omni_noshow_reminded_at)
        self.assertEqual(Order._cron_omni_noshow(batch_size=2), 1)
        self.assertTrue(orders[2].omni_noshow_reminded_at)
        self.assertEqual(Order._cron_omni_noshow(batch_size=2), 0)

    def test_collected_order_is_never_released(self):
        order = self._ready_order(days_ago=2)
        order.omni_pickup_expires = False
        self.till.omni_collect_hand_over(order.omni_pickup_code)
        order.omni_pickup_ready_at = fields.Datetime.now() - dt.timedelta(days=30)
        self.assertEqual(self.env["sale.order"]._cron_omni_noshow(), 0)
        self.assertEqual((order.state, order.omni_delivery_step), ("sale", "collected"))

    def test_till_preview_lists_the_lines(self):
        order = self._ready_order()
        found = self.till.omni_collect_lookup(order.omni_pickup_code)
        self.assertEqual(found["partner"], "Lucía Valencia")
        self.assertEqual(
            found["lines"], [{"product": self.product_a.display_name, "qty": 2.0, "uom": "Units"}]
        )


@tagged("post_install", "-at_install")
class TestPickupQrPage(OmniPickupCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_pickup_setup()

    def test_tracking_page_shows_the_qr_while_waiting(self):
        order = self._ready_order()
        code = order.omni_pickup_code
        page = self.url_open(f"/omni/track/{order.omni_tracking_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(code, page.text)
        self.assertIn(f"/report/barcode/?barcode_type=QR&amp;value={code}", page.text)
        qr = self.url_open(f"/report/barcode/?barcode_type=QR&value={code}&width=200&height=200")
        self.assertEqual(qr.status_code, 200)
        self.assertEqual(qr.headers["Content-Type"], "image/png")
        # Once collected or released, the code is gone from the page.
        order.omni_pickup_ready_at = fields.Datetime.now() - dt.timedelta(days=8)
        self.env["sale.order"]._cron_omni_noshow()
        page = self.url_open(f"/omni/track/{order.omni_tracking_token}")
        self.assertEqual(page.status_code, 200)
        self.assertNotIn(code, page.text)
        self.assertNotIn("/report/barcode", page.text)

    def test_portal_order_page_shows_the_qr_to_its_customer_only(self):
        new_test_user(
            self.env,
            login="omni_qr_lucia",
            password="omni_qr_lucia",
            groups="base.group_portal",
            partner_id=self.customer_valencia.id,
        )
        new_test_user(self.env, login="omni_qr_other", password="omni_qr_other", groups="base.group_portal")
        order = self._ready_order()
        code = order.omni_pickup_code
        self.authenticate("omni_qr_lucia", "omni_qr_lucia")
        page = self.url_open(f"/my/orders/{order.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(code, page.text)
        self.assertIn(f"/report/barcode/?barcode_type=QR&amp;value={code}", page.text)
        # Nothing delivered yet: no return by post offered.
        self.assertNotIn(f"/my/orders/{order.id}/omni_return", page.text)
        self.authenticate("omni_qr_other", "omni_qr_other")
        other = self.url_open(f"/my/orders/{order.id}")
        self.assertNotIn(code, other.text)
