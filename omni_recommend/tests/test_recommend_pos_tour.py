# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestRecommendPosTour(TestPointOfSaleHttpCommon):
    def test_pos_recommendations_for_the_selected_customer(self):
        self.env = self.env(su=True)  # fixtures only: the tour runs as the cashier
        durable = self.env["product.category"].create({"name": "Rec Tour durable", "omni_durable": True})
        owned, pick = self.env["product.product"].create(
            [
                {
                    "name": "Rec Tour Owned",
                    "available_in_pos": True,
                    "categ_id": durable.id,
                    "list_price": 90,
                },
                {"name": "Rec Tour Pick", "available_in_pos": True, "list_price": 5},
            ]
        )
        buyers = self.env["res.partner"].create([{"name": f"Rec tour buyer {n}"} for n in range(12)])
        rita = self.env["res.partner"].create({"name": "Rita Store"})
        orders = self.env["sale.order"].create(
            [
                {
                    "partner_id": partner.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1})
                        for product in ((owned, pick) if partner != rita else (owned,))
                    ],
                }
                for partner in buyers | rita
            ]
        )
        orders.write({"state": "sale"})
        run = self.env["omni.recommend.model"]._omni_train(self.env.company, evaluate=False)
        self.assertEqual(run.state, "done", run.error)
        result = (
            self.env["res.partner"]
            .with_user(self.pos_user)
            .omni_recommend_pos(rita.id, self.main_pos_config.id)
        )
        self.assertEqual(result["product_ids"][:1], pick.ids)
        self.assertNotIn(owned.id, result["product_ids"])
        self.start_pos_tour("omni_recommend_pos_tour", login="pos_user")
