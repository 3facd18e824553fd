# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import OmniLoyaltyCommon


@tagged("post_install", "-at_install")
class TestDoubleSpend(OmniLoyaltyCommon, TransactionCase):
    def test_spend_locks_and_refuses_overspend(self):
        card = self._gift_card(100)
        self.assertEqual(card._omni_spend(60, "website"), 40)
        with self.assertRaisesRegex(ValidationError, "Not enough balance"):
            card._omni_spend(41, "pos")
        self.assertEqual(card.points, 40)
        history = card.history_ids
        self.assertEqual(len(history), 1, "the refused spend wrote nothing")
        self.assertEqual(history.used, 60)
        self.assertEqual(history.omni_channel_id.code, "website")

    def test_spend_bad_input(self):
        card = self._gift_card(100)
        for bad in (-5, 0, "abc", None, float("nan"), float("inf")):
            with self.assertRaises(UserError, msg=repr(bad)):
                card._omni_spend(bad, "pos")
        expired = self._gift_card(100)
        expired.expiration_date = fields.Date.today() - timedelta(days=1)
        with self.assertRaisesRegex(UserError, "expired"):
            expired._omni_spend(10, "pos")
        archived = self._gift_card(100)
        archived.active = False
        with self.assertRaisesRegex(UserError, "not active"):
            archived._omni_spend(10, "pos")
        other_company = self.env["res.company"].create({"name": "Otra Tienda SL"})
        order = self._sale_order()
        foreign_program = self.gift_program.copy({"company_id": other_company.id})
        foreign = self._gift_card(100, program=foreign_program)
        with self.assertRaisesRegex(UserError, "another company"):
            foreign._omni_spend(10, "sale", order)
        self.assertEqual((card | expired | archived | foreign).mapped("points"), [100.0] * 4)
        self.assertFalse((card | expired | archived | foreign).history_ids)

    def test_find_by_code_bad_input(self):
        card = self._gift_card(10)
        self.assertEqual(self.Card._omni_find_by_code(card.code), card)
        for bad in ("", "x", "'; DROP TABLE loyalty_card; --", None, 42, "a" * 200):
            with self.assertRaisesRegex(UserError, "valid card code"):
                self.Card._omni_find_by_code(bad)
        with self.assertRaisesRegex(UserError, "Unknown card"):
            self.Card._omni_find_by_code("NOPE-0000-XYZ")

    def test_sale_confirmation_refuses_second_full_spend(self):
        """Website and back office spend the same gift card: the second confirmation is refused."""
        card = self._gift_card(100)
        web = self._apply_code(self._sale_order(amount=150, website=True), card.code)
        office = self._apply_code(self._sale_order(amount=150), card.code)
        self.assertEqual(web.amount_total, 50)
        web.action_confirm()
        self.assertEqual(card.points, 0)
        with self.assertRaisesRegex(ValidationError, f"Not enough balance on {card.code}"):
            office.action_confirm()
        self.assertEqual(office.state, "draft")
        self.assertEqual(card.points, 0)
        self.assertEqual(card.history_ids.omni_channel_id, web.omni_channel_id)

    def _pos_spend(self, card, points, partner=None, amount=100.0):
        order = self._pay(self._pos_order(partner=partner, amount=amount))
        data = {str(card.id): {"points": -points, "program_id": card.program_id.id, "coupon_id": card.id}}
        return order, data

    def test_pos_sync_twice_applies_once(self):
        card = self._gift_card(100)
        order, data = self._pos_spend(card, 30)
        order.confirm_coupon_programs(data)
        self.assertEqual(card.points, 70)
        again = order.confirm_coupon_programs(data)
        self.assertTrue(again["omni_already_applied"])
        self.assertEqual(card.points, 70, "a second sync changes nothing")
        # The POS then sends its history lines: not duplicated either.
        order.add_loyalty_history_lines([{"card_id": card.id, "won": 0, "spent": 30}], [])
        self.assertEqual(len(card.history_ids), 1)
        self.assertTrue(order.omni_loyalty_applied)

    def test_pos_online_overspend_refused(self):
        card = self._gift_card(20)
        order, data = self._pos_spend(card, 30)
        with self.assertRaisesRegex(ValidationError, "Not enough balance"):
            order.confirm_coupon_programs(data)
        self.assertEqual(card.points, 20)
        self.assertFalse(order.omni_loyalty_applied)
        check = order.validate_coupon_programs({str(card.id): -30}, [])
        self.assertFalse(check["successful"])

    def test_pos_offline_overspend_capped_and_flagged(self):
        self.pos_config.omni_offline_allowance = 50
        card = self._gift_card(40)
        order, data = self._pos_spend(card, 80)
        order.date_order = fields.Datetime.now() - timedelta(hours=3)  # taken offline, synced now
        self.assertTrue(order._omni_is_offline())
        res = order.confirm_coupon_programs(data)
        self.assertEqual(card.points, 0, "charged what the card held, never below zero")
        self.assertTrue(order.omni_loyalty_flagged)
        self.assertAlmostEqual(order.omni_loyalty_uncovered, 40)
        self.assertIn(card.code, res["omni_warning"])
        self.assertEqual(card.history_ids.used, 40)

    def test_pos_offline_capped_by_allowance(self):
        self.pos_config.omni_offline_allowance = 25
        card = self._gift_card(100)
        order, data = self._pos_spend(card, 60)
        order.with_context(omni_offline=True).confirm_coupon_programs(data)
        self.assertEqual(card.points, 75)
        self.assertTrue(order.omni_loyalty_flagged)
        self.assertAlmostEqual(order.omni_loyalty_uncovered, 35)

    def test_pos_offline_within_allowance_not_flagged(self):
        card = self._gift_card(100)
        order, data = self._pos_spend(card, 30)
        order.with_context(omni_offline=True).confirm_coupon_programs(data)
        self.assertEqual(card.points, 70)
        self.assertFalse(order.omni_loyalty_flagged)

    def test_spend_query_count(self):
        card = self._gift_card(1000)
        card._omni_spend(1, "pos")
        self.env.invalidate_all()
        with self.assertQueryCount(__system__=12):
            card._omni_spend(1, "pos")
