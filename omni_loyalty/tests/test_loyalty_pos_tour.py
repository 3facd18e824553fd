# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestLoyaltyPosTour(TestPointOfSaleHttpCommon):
    def test_pos_wallet_same_as_back_office(self):
        self.env = self.env(su=True)  # fixtures only: the tour runs as the cashier
        self.env["loyalty.program"].search([]).write({"active": False})  # other data's programs
        self.env["omni.loyalty.tier"].with_context(active_test=False).search([]).unlink()
        wanda = self.env["res.partner"].create({"name": "Wanda Wallet"})
        tier = self.env["omni.loyalty.tier"].create({"name": "Plata", "min_spend": 500})
        wanda.omni_tier_id = tier
        points = self.env["loyalty.program"].create(
            {"name": "Tour points", "program_type": "loyalty", "applies_on": "both", "trigger": "auto"}
        )
        gift = self.env["loyalty.program"].create(
            {"name": "Tour gift", "program_type": "gift_card", "applies_on": "future", "pos_ok": False}
        )
        self.env["loyalty.card"].create({"program_id": points.id, "partner_id": wanda.id, "points": 321})
        self.env["loyalty.card"].create({"program_id": gift.id, "partner_id": wanda.id, "points": 75})
        self.assertEqual(wanda.omni_wallet_points, 321)
        self.assertEqual(wanda.omni_wallet_gift_card, 75)
        self.start_pos_tour("omni_loyalty_pos_wallet_tour", login="pos_user")
