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

    def test_wallet_access_cashier_portal_public(self):
        """Issue 11.6: the cashier sees masked codes; portal and public users read no wallet."""
        gift = self._gift_card(75, partner=self.partner)
        wallet = self.env["res.partner"].with_user(self.cashier).omni_pos_wallet(self.partner.id)
        self.assertEqual(wallet["gift_card"], 75)
        (card,) = [c for c in wallet["cards"] if c["id"] == gift.id]
        self.assertEqual(card["code"], "\u2022\u2022\u2022\u2022" + gift.code[-4:])
        self.assertNotIn(gift.code, str(wallet), "the full code is never sent to the till")
        # Scanning or typing the code opens that card only (issue 17), masked the same way.
        typed = self.env["res.partner"].with_user(self.cashier).omni_pos_wallet(gift.code)
        self.assertEqual(typed["cards"], [card])
        self.assertEqual(typed["partner_id"], self.partner.id)
        self.assertEqual((typed["customer_code"], typed["tier"]), ("", ""))
        self.assertNotIn(gift.code, str(typed))
        portal = new_test_user(self.env, login="loy_portal_a", groups="base.group_portal")
        public = self.env.ref("base.public_user")
        for user in (portal, public):
            for target in (self.partner_b.id, self.partner.id, gift.code):
                with self.assertRaises(AccessError, msg=f"{user.login} {target}"):
                    self.env["res.partner"].with_user(user).omni_pos_wallet(target)

    def _merge(self, partners, dst):
        return self.env["omni.merge.audit"].with_user(self.manager)._omni_merge(partners, dst)

    def test_merge_unmerge_keeps_points(self):
        card_a = self.Card.create(
            {"program_id": self.points_program.id, "partner_id": self.partner.id, "points": 120}
        )
        card_b = self.Card.create(
            {"program_id": self.points_program.id, "partner_id": self.partner_b.id, "points": 80}
        )
        gift_b = self._gift_card(50, partner=self.partner_b)
        total = self.partner.omni_wallet_points + self.partner_b.omni_wallet_points
        self.assertEqual(total, 200)
        audit = self._merge(self.partner | self.partner_b, self.partner)
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

    def test_merge_spend_unmerge_creates_no_value(self):
        """Issue 11.3: 120 + 80 merged, 150 spent, unmerge: 50 left split 30/20, never negative."""
        card_a = self.Card.create(
            {"program_id": self.points_program.id, "partner_id": self.partner.id, "points": 120}
        )
        card_b = self.Card.create(
            {"program_id": self.points_program.id, "partner_id": self.partner_b.id, "points": 80}
        )
        audit = self._merge(self.partner | self.partner_b, self.partner)
        self.assertEqual(card_a.points, 200)
        self.assertEqual(card_b.points, 0)
        self.assertEqual(card_b.history_ids.used, 80, "the merge is in the wallet history")
        self.assertEqual(card_a.history_ids.issued, 80)
        self.Card._omni_debit({card_a.id: (0, 150)}, channel="pos")
        audit.with_user(self.manager).action_unmerge()
        self.env.invalidate_all()
        self.assertEqual((card_a.points, card_b.points), (30, 20))
        self.assertTrue(card_b.active)
        self.assertEqual(card_a.points + card_b.points, 50, "the total after equals the total before")
        # Every change is explained by a history row: the balance is the history's sum.
        for card, start in ((card_a, 120), (card_b, 80)):
            rows = card.history_ids
            self.assertAlmostEqual(start + sum(rows.mapped("issued")) - sum(rows.mapped("used")), card.points)
        self.assertIn("unmerge", " ".join(card_b.history_ids.mapped("description")).lower())

    def test_merge_into_customer_without_card_then_unmerge(self):
        """The absorbing card is a merged customer's own: the split still adds up."""
        card_b = self.Card.create(
            {"program_id": self.points_program.id, "partner_id": self.partner_b.id, "points": 80}
        )
        partner_c = self.env["res.partner"].create({"name": "Carla Tercera"})
        card_c = self.Card.create(
            {"program_id": self.points_program.id, "partner_id": partner_c.id, "points": 20}
        )
        audit = self._merge(self.partner | self.partner_b | partner_c, self.partner)
        final = (card_b | card_c).filtered("active")
        self.assertEqual(len(final), 1)
        self.assertEqual(final.points, 100)
        final.points += 10  # earned after the merge
        audit.with_user(self.manager).action_unmerge()
        self.env.invalidate_all()
        self.assertEqual(card_b.points + card_c.points, 110)
        self.assertEqual(card_c.points if final == card_b else card_b.points, 20 if final == card_b else 80)
        self.assertTrue(card_b.active and card_c.active)
