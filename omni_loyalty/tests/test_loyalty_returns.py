# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import OmniLoyaltyCommon


@tagged("post_install", "-at_install")
class TestReturns(OmniLoyaltyCommon, TransactionCase):
    def setUp(self):
        super().setUp()
        self.company.omni_loyalty_return_days = 30
        self.card = self.Card.create({"program_id": self.points_program.id, "partner_id": self.partner.id})

    def test_points_pending_during_return_window(self):
        self._sale_order(amount=100, website=True).action_confirm()
        self.assertEqual(self.card.points, 100)
        self.assertEqual(self.card.omni_pending_points, 100)
        self.assertEqual(self.card.omni_available_points, 0)
        with self.assertRaisesRegex(ValidationError, "Not enough balance"):
            self.Card._omni_debit({self.card.id: (0, 10)}, channel="pos")
        self.card.history_ids.write({"omni_pending_until": False})  # window over
        self.card.invalidate_recordset()
        self.assertEqual(self.card.omni_available_points, 100)

    def test_web_order_returned_in_store(self):
        web = self._sale_order(amount=100, website=True)
        web.action_confirm()
        self.assertEqual(self.card.points, 100)
        store_refund = self._pos_order(partner=self.partner, amount=-50)
        rows = self.Card._omni_return_points(web, 50, return_record=store_refund, channel="pos")
        self.assertEqual(self.card.points, 50)
        self.assertEqual(rows.used, 50)
        self.assertEqual(rows.omni_channel_id.code, "pos")
        # Returning the rest, then more than bought, never goes further.
        self.Card._omni_return_points(web, 100, return_record=store_refund, channel="pos")
        self.Card._omni_return_points(web, 100, return_record=store_refund, channel="pos")
        self.assertEqual(self.card.points, 0)
        self.assertEqual(self.card.omni_pending_points, 0)

    def test_return_bad_amount(self):
        web = self._sale_order(amount=100, website=True)
        web.action_confirm()
        refund = self._pos_order(partner=self.partner, amount=-50)
        for bad in (-10, 0, "x", None):
            with self.assertRaises(UserError):
                self.Card._omni_return_points(web, bad, refund)
        self.assertEqual(self.card.points, 100)

    def test_store_refund_claws_back_and_gives_back(self):
        gift = self._gift_card(100, partner=self.partner)
        order = self._pay(self._pos_order(partner=self.partner, amount=80))
        order.confirm_coupon_programs(
            {
                gift.id: {"points": -30, "program_id": self.gift_program.id},
                self.card.id: {"points": 80, "program_id": self.points_program.id},
            }
        )
        self.assertEqual((gift.points, self.card.points), (70, 80))
        refund = order._refund()
        self._pay(refund)
        self.assertEqual(gift.points, 100, "points spent on returned goods come back")
        self.assertEqual(self.card.points, 0, "points earned on returned goods are removed")
        self.assertEqual(len(self.card.history_ids), 2)

    def test_credit_note_claws_back(self):
        order = self._sale_order(amount=100)
        order.action_confirm()
        self.assertEqual(self.card.points, 100)
        order.order_line.qty_delivered = 1
        invoice = order._create_invoices()
        invoice.action_post()
        reversal = invoice._reverse_moves()
        reversal.action_post()
        self.assertEqual(self.card.points, 0)

    def test_credit_note_reset_and_reposted_takes_points_once(self):
        """Issue 11.4: a credit note reset to draft and posted again takes the points back once."""
        order = self._sale_order(amount=100)
        order.action_confirm()
        self.assertEqual(self.card.points, 100)
        order.order_line.qty_delivered = 1
        invoice = order._create_invoices()
        invoice.action_post()
        reversal = invoice._reverse_moves()
        reversal.invoice_line_ids.price_unit = 40  # a partial credit note: 40 of 100
        reversal.action_post()
        self.assertEqual(self.card.points, 60)
        reversal.button_draft()
        reversal.action_post()
        self.assertEqual(self.card.points, 60, "posting the same credit note again takes nothing more")
        self.assertEqual(len(self.card.history_ids.filtered("omni_return_of_id")), 1)
        # A second, different credit note still takes its own share.
        second = invoice._reverse_moves()
        second.invoice_line_ids.price_unit = 10
        second.action_post()
        self.assertEqual(self.card.points, 50)

    def test_pos_refund_synced_twice_gives_back_once(self):
        """Issue 11.4: a POS refund synced twice (and paid twice) gives the points back once."""
        gift = self._gift_card(100, partner=self.partner)
        order, _payload, _res = self._sync(amount=80, partner=self.partner, reward=(gift, 30))
        self.assertEqual(gift.points, 70)
        line = order.lines.filtered(lambda line: not line.is_reward_line)
        refund_payload = dict(_payload)
        refund_payload.update(
            {
                "uuid": "refund-" + _payload["uuid"],
                "name": "Refund " + _payload["uuid"],
                "amount_total": -40,
                "amount_paid": -40,
                "lines": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "qty": -1,
                            "price_unit": 40,
                            "price_subtotal": -40,
                            "price_subtotal_incl": -40,
                            "refunded_orderline_id": line.id,
                            "tax_ids": [(6, 0, [])],
                            "pack_lot_ids": [],
                        },
                    )
                ],
                "payment_ids": [
                    (
                        0,
                        0,
                        {
                            "amount": -40,
                            "name": fields.Datetime.now(),
                            "payment_method_id": self.cash_method.id,
                        },
                    )
                ],
            }
        )
        self.env["pos.order"].sync_from_ui([dict(refund_payload)])
        refund = self.env["pos.order"].search([("uuid", "=", refund_payload["uuid"])])
        self.assertEqual(refund.state, "paid")
        # 40 of the 50 paid (80 minus 30 of gift card) returned: 4/5 of the 30 spent come back.
        self.assertAlmostEqual(gift.points, 94)
        self.env["pos.order"].sync_from_ui([dict(refund_payload)])
        refund._omni_return_loyalty()  # what action_pos_order_paid runs, again
        self.assertEqual(self.env["pos.order"].search_count([("uuid", "=", refund_payload["uuid"])]), 1)
        self.assertAlmostEqual(gift.points, 94, msg="given back once")
