# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPosTour(TestPointOfSaleHttpCommon):
    def test_pos_customer_search_create_360(self):
        rosa = self.env["res.partner"].create(
            {"name": "Rosa Tienda Gil", "email": "rosa.tienda@correo.es", "mobile": "+34 699 887 766"}
        )
        product = self.env["product.product"].create({"name": "Omni tour item", "list_price": 10.0})
        for _i in range(2):
            self.env["sale.order"].create(
                {"partner_id": rosa.id, "order_line": [Command.create({"product_id": product.id})]}
            ).action_confirm()
        partners_before = self.env["res.partner"].search_count([])
        self.start_pos_tour("omni_customer_pos_tour", login="pos_user")
        self.assertEqual(
            self.env["res.partner"].search_count([]), partners_before, "no duplicate customer was created"
        )
        self.assertEqual(rosa.omni_last_match_rule, "email")
