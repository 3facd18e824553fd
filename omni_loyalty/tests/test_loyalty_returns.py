# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
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
            self.card._omni_spend(10, "pos")
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
        for bad in (-10, 0, "x", None):
            with self.assertRaises(UserError):
                self.Card._omni_return_points(web, bad)
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
