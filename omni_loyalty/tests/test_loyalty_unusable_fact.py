# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import OmniLoyaltyCommon, coupon_data


@tagged("post_install", "-at_install")
class TestUnusableCardFact(OmniLoyaltyCommon, TransactionCase):
    """A paid till order whose card cannot be spent any more is kept, charged where it may be, and flagged.

    Found by the load run (issue 16): the till synced paid orders on a card
    archived meanwhile, and ``confirm_coupon_programs`` refused them. Through
    ``sync_from_ui`` then ``confirm_coupon_programs``, as the 18.0 POS calls them.
    """

    def _assert_flagged(self, order, res, card, reason):
        self.assertEqual(order.state, "paid", "the paid order is kept")
        self.assertTrue(order.omni_loyalty_applied)
        self.assertTrue(order.omni_loyalty_flagged, "a manager is told")
        self.assertIn(reason, order.omni_loyalty_note)
        self.assertIn(reason, res["omni_warning"])
        self.assertNotIn(card.code, res["omni_warning"], "the code is a secret: masked")
        self.assertIn(reason, " ".join(order.message_ids.mapped("body")))

    def test_archived_card_is_charged_and_flagged(self):
        card = self._gift_card(100)
        card.active = False
        order, _payload, res = self._sync(amount=100, reward=(card, 30))
        self._assert_flagged(order, res, card, "archived")
        self.assertEqual(card.points, 70, "charged what the order used")
        self.assertEqual(order.omni_loyalty_uncovered, 0)
        self.assertEqual(card.history_ids.used, 30)

    def test_expired_card_is_charged_what_it_holds_and_flagged(self):
        card = self._gift_card(20)
        card.expiration_date = fields.Date.today() - timedelta(days=1)
        order, _payload, res = self._sync(amount=100, reward=(card, 30))
        self._assert_flagged(order, res, card, "expired")
        self.assertEqual(card.points, 0, "never below zero")
        self.assertAlmostEqual(order.omni_loyalty_uncovered, 10)

    def test_inactive_program_card_is_flagged(self):
        card = self._gift_card(100)
        self.gift_program.active = False
        order, _payload, res = self._sync(amount=100, reward=(card, 40))
        self._assert_flagged(order, res, card, "inactive")
        self.assertEqual(card.with_context(active_test=False).points, 60)

    def test_another_company_card_is_never_charged(self):
        other_company = self.env["res.company"].create({"name": "Otra Tienda SL"})
        foreign = self._gift_card(100, program=self.gift_program.copy({"company_id": other_company.id}))
        order, _payload, res = self._sync(amount=100, reward=(foreign, 30))
        self._assert_flagged(order, res, foreign, "another company")
        self.assertEqual(foreign.points, 100, "another company's card is not charged for this sale")
        self.assertAlmostEqual(order.omni_loyalty_uncovered, 30)
        # The POS then sends its own history figures: the card's row is the one written above.
        order.add_loyalty_history_lines([{"card_id": str(foreign.id), "won": 0, "spent": 30}], [])
        self.assertEqual(len(foreign.history_ids), 1)
        self.assertEqual((foreign.history_ids.used, foreign.history_ids.issued), (0, 0))

    def test_unpaid_checks_still_refuse(self):
        """Before payment nothing is a fact: the till's check and the debit service refuse."""
        card = self._gift_card(100)
        card.active = False
        check = self.env["pos.order"].validate_coupon_programs({str(card.id): -10}, [])
        self.assertFalse(check["successful"])
        self.assertIn("not active", check["payload"]["message"])
        with self.assertRaisesRegex(UserError, "not active"):
            self.Card._omni_debit({card.id: (0, 10)}, company=self.company)
        self.assertEqual(card.points, 100)
        self.assertFalse(card.history_ids)

    def test_second_sync_applies_once(self):
        card = self._gift_card(100)
        card.active = False
        order, payload, _res = self._sync(amount=100, reward=(card, 30))
        self.env["pos.order"].sync_from_ui([payload])
        again = order.confirm_coupon_programs(coupon_data(card, -30))
        self.assertTrue(again["omni_already_applied"])
        self.assertEqual(card.points, 70)
        self.assertEqual(len(card.history_ids), 1)
