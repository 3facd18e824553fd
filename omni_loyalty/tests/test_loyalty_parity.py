# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged

from .common import OmniLoyaltyCommon


@tagged("post_install", "-at_install")
class TestParity(OmniLoyaltyCommon, TransactionCase):
    def test_parity_report_flags_single_channel(self):
        Program = self.env["loyalty.program"]
        web_only = self.points_program.copy({"name": "Solo web", "pos_ok": False, "sale_ok": False})
        one_store = self.points_program.copy(
            {"name": "Solo Tienda Centro", "pos_config_ids": [(6, 0, self.pos_config.ids)]}
        )
        journal = self.env["account.journal"].create({"name": "Caja Norte", "type": "cash", "code": "CJNRT"})
        method = self.env["pos.payment.method"].create({"name": "Caja Norte", "journal_id": journal.id})
        self.env["pos.config"].create({"name": "Tienda Norte", "payment_method_ids": [(6, 0, method.ids)]})
        self.assertTrue(self.points_program.omni_parity_ok)
        self.assertFalse(web_only.omni_parity_ok)
        self.assertIn("Point of sale", web_only.omni_parity_issue)
        self.assertIn("Back-office sales", web_only.omni_parity_issue)
        self.assertFalse(one_store.omni_parity_ok)
        self.assertIn("Tienda Norte", one_store.omni_parity_issue)
        flagged = Program.search([("omni_parity_ok", "=", False)])
        self.assertIn(web_only, flagged)
        self.assertIn(one_store, flagged)
        self.assertNotIn(self.points_program, flagged)
        self.assertIn(self.points_program, Program.search([("omni_parity_ok", "!=", False)]))
        # Coupons of a single-channel program appear in the card report.
        card = self.Card.create({"program_id": web_only.id, "points": 5})
        action = self.env.ref("omni_loyalty.loyalty_card_action_omni_parity")
        self.assertIn(card, self.Card.search(eval(action.domain)))

    def test_gift_card_spendable_in_every_channel(self):
        """A gift card bought online is spent in store, and the other way round."""
        self.assertTrue(self.gift_program.omni_parity_ok)
        card = self._gift_card(80)
        order = self._apply_code(self._sale_order(amount=30, website=True), card.code)
        order.action_confirm()
        self.assertEqual(card.points, 50)
        pos_order = self._pay(self._pos_order(amount=50))
        pos_order.confirm_coupon_programs({card.id: {"points": -50, "program_id": self.gift_program.id}})
        self.assertEqual(card.points, 0)
        self.assertEqual(
            set(card.history_ids.omni_channel_id.mapped("channel_type")), {"website", "pos"}, card.history_ids
        )

    def test_demo_single_channel_promotion_flagged(self):
        web_only = self.env.ref("omni_loyalty.omni_loyalty_program_web_only_demo", raise_if_not_found=False)
        if not web_only:
            self.skipTest("demo data not loaded")
        gift = self.env.ref("omni_loyalty.omni_loyalty_program_gift_card_demo")
        (web_only | gift).active = True  # the common fixtures archive other programs
        self.assertIn(web_only, self.env["loyalty.program"].search([("omni_parity_ok", "=", False)]))
        self.assertTrue(gift.omni_parity_ok, "demo gift cards are valid in every channel")
