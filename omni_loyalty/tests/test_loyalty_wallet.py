# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import OmniLoyaltyCommon


@tagged("post_install", "-at_install")
class TestWallet(OmniLoyaltyCommon, TransactionCase):
    def test_wallet_after_movements_in_each_channel(self):
        gift = self._gift_card(100, partner=self.partner)
        points = self.Card.create({"program_id": self.points_program.id, "partner_id": self.partner.id})
        # Website: spend 30 of the gift card, earn points.
        web = self._apply_code(self._sale_order(amount=30, website=True), gift.code)
        web.action_confirm()
        # Store: spend 20 more.
        pos = self._pay(self._pos_order(partner=self.partner, amount=20))
        pos.confirm_coupon_programs({gift.id: {"points": -20, "program_id": self.gift_program.id}})
        # Back office: earn points.
        self._sale_order(amount=40).action_confirm()
        self.env.invalidate_all()
        summary = self.partner._omni_wallet_summary()
        self.assertEqual(gift.points, 50)
        self.assertEqual(summary["gift_card"], 50)
        self.assertEqual(summary["points"], points.points)
        self.assertGreater(points.points, 0)
        # The POS reads the same wallet, by customer, card code or customer code.
        self.assertEqual(self.env["res.partner"].omni_pos_wallet(self.partner.id), summary)
        self.assertEqual(self.env["res.partner"].omni_pos_wallet(gift.code)["partner_id"], self.partner.id)
        if self.partner.omni_customer_code:
            self.assertEqual(
                self.env["res.partner"].omni_pos_wallet(self.partner.omni_customer_code)["points"],
                summary["points"],
            )
        channels = set(gift.history_ids.omni_channel_id.mapped("channel_type"))
        self.assertEqual(channels, {"website", "pos"})
        action = self.partner.action_omni_wallet_history()
        history = self.env["loyalty.history"].search(action["domain"])
        self.assertEqual(history, (gift | points).history_ids)

    def test_pos_wallet_bad_input(self):
        for bad in (None, "", "   ", 0, -3, 999999999, "NO-SUCH-CODE", [1]):
            with self.assertRaises(UserError, msg=repr(bad)):
                self.env["res.partner"].omni_pos_wallet(bad)

    def test_wallet_access(self):
        portal = new_test_user(self.env, login="loy_portal_a", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(portal).omni_pos_wallet(self.partner_b.id)

    def test_merge_unmerge_keeps_points(self):
        Audit = self.env["omni.merge.audit"]
        if not hasattr(Audit, "_omni_merge"):
            self.skipTest("omni_customer merge not available")
        card_a = self.Card.create(
            {"program_id": self.points_program.id, "partner_id": self.partner.id, "points": 120}
        )
        card_b = self.Card.create(
            {"program_id": self.points_program.id, "partner_id": self.partner_b.id, "points": 80}
        )
        gift_b = self._gift_card(50, partner=self.partner_b)
        total = self.partner.omni_wallet_points + self.partner_b.omni_wallet_points
        self.assertEqual(total, 200)
        audit = Audit.with_user(self.manager)._omni_merge(self.partner | self.partner_b, self.partner)
        self.env.invalidate_all()
        self.assertEqual(self.partner.omni_wallet_points, 200, "no points lost in the merge")
        self.assertEqual(self.partner.omni_wallet_gift_card, 50)
        audit.with_user(self.manager).action_unmerge()
        self.env.invalidate_all()
        self.assertEqual(card_a.partner_id, self.partner)
        self.assertEqual(card_b.partner_id, self.partner_b)
        self.assertEqual(gift_b.partner_id, self.partner_b)
        self.assertEqual(self.partner.omni_wallet_points, 120)
        self.assertEqual(self.partner_b.omni_wallet_points, 80)
        self.assertEqual(self.partner_b.omni_wallet_gift_card, 50)
