# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import OmniInventoryCommon


@tagged("post_install", "-at_install")
class TestAvailability(OmniInventoryCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_setup()
        cls._stock(cls.product_a, cls.wh_madrid, 10)
        cls._stock(cls.product_a, cls.wh_valencia, 4)
        cls._stock(cls.product_b, cls.wh_sevilla, 3)

    def test_figure_per_node_and_total(self):
        data = self.env["omni.stock.availability"]._omni_get(
            self.product_a | self.product_b, self.wh_madrid | self.wh_valencia | self.wh_sevilla
        )
        self.assertEqual(data[self.product_a.id]["total"], 14)
        self.assertEqual(data[self.product_a.id]["nodes"][self.wh_valencia.id]["on_hand"], 4)
        self.assertEqual(data[self.product_b.id]["total"], 3)
        self.assertEqual(data[self.product_b.id]["nodes"][self.wh_madrid.id]["promisable"], 0)

    def test_reserved_holds_and_safety_are_deducted(self):
        # 4 on hand, 1 reserved by a move, 1 held by a cart, 2 kept for walk-ins
        self.env["stock.quant"]._update_reserved_quantity(self.product_a, self.wh_valencia.lot_stock_id, 1)
        cart = self._order(self.customer_valencia, [(self.product_a, 1)], website=True)
        self.env["omni.stock.hold"]._omni_set_holds(
            cart, {(self.product_a.id, self.wh_valencia.id): 1}, channel=self.website_channel
        )
        self.env["omni.safety.stock"].create(
            {"channel_type": "website", "warehouse_id": self.wh_valencia.id, "quantity": 2}
        )
        data = self.env["omni.stock.availability"]._omni_get(
            self.product_a, self.wh_valencia, channel=self.website_channel
        )
        cell = data[self.product_a.id]["nodes"][self.wh_valencia.id]
        self.assertEqual(
            (cell["on_hand"], cell["reserved"], cell["held"], cell["safety"], cell["promisable"]),
            (4, 1, 1, 2, 0),
        )
        # the safety stock is for the website only: the store's POS still sells 2
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia, self.pos_channel), 2)
        # the cart does not compete with itself
        mine = self.env["omni.stock.availability"]._omni_get(
            self.product_a, self.wh_valencia, channel=self.pos_channel, exclude=("sale.order", cart.ids)
        )
        self.assertEqual(mine[self.product_a.id]["nodes"][self.wh_valencia.id]["promisable"], 3)

    def test_most_specific_safety_rule_wins(self):
        child = self.env["product.category"].create({"name": "Child", "parent_id": self.categ.id})
        self.product_a.categ_id = child
        Safety = self.env["omni.safety.stock"]
        Safety.create({"quantity": 1})  # every product, node, channel
        Safety.create({"categ_id": self.categ.id, "quantity": 2})
        Safety.create({"categ_id": child.id, "quantity": 3})
        self.assertEqual(self._promisable(self.product_a, self.wh_madrid), 7)
        Safety.create({"warehouse_id": self.wh_madrid.id, "quantity": 5})
        self.assertEqual(self._promisable(self.product_a, self.wh_madrid), 5)
        # Valencia keeps the category rule of the child category
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia), 1)
        # archived rules do not count
        Safety.search([("warehouse_id", "=", self.wh_madrid.id)]).active = False
        self.assertEqual(self._promisable(self.product_a, self.wh_madrid), 7)

    def test_same_figure_website_pos_back_office(self):
        """Website, POS and back office read one service: one figure."""
        self.env["omni.safety.stock"].create({"warehouse_id": self.wh_valencia.id, "quantity": 1})
        cart = self._order(self.customer_madrid, [(self.product_a, 2)], website=True)
        self.env["omni.stock.hold"]._omni_set_holds(
            cart, {(self.product_a.id, self.wh_madrid.id): 2}, channel=self.website_channel
        )
        expected = 14 - 2 - 1
        website_qty = self.website._get_product_available_qty(self.product_a)
        pos_qty = self.env["omni.stock.availability"].omni_matrix([self.product_a.id], channel_code="pos")[
            "products"
        ][str(self.product_a.id)]["total"]
        wizard = self.env["omni.availability.matrix"].create(
            {"channel_type": "website", "product_ids": [(6, 0, self.product_a.ids)]}
        )
        action = wizard.action_compute()
        lines = self.env[action["res_model"]].search(action["domain"])
        back_office_qty = sum(lines.mapped("promisable"))
        self.assertEqual((website_qty, pos_qty, back_office_qty), (expected, expected, expected))
        # the website cart is capped by the same figure
        other_cart = self._order(self.customer_madrid, [(self.product_a, 1)], website=True)
        _cart_qty, free_qty = other_cart._get_cart_and_free_qty(self.product_a)
        self.assertEqual(free_qty, expected)

    def test_query_count_20_products_50_nodes(self):
        products = self.env["product.product"].create(
            [{"name": f"Bulk {i}", "is_storable": True} for i in range(20)]
        )
        nodes = (
            self.env["stock.warehouse"].create(
                [{"name": f"Node {i}", "code": f"N{i:03d}"} for i in range(47)]
            )
            | self.wh_madrid
            | self.wh_valencia
            | self.wh_sevilla
        )
        for i, product in enumerate(products):
            self._stock(product, nodes[i], i + 1)
        self.env["omni.safety.stock"].create({"warehouse_id": nodes[0].id, "quantity": 0})
        self.env["omni.safety.stock"]._omni_company_has_rules(self.env.company.id)  # registry cache
        self.env.flush_all()
        self.env.invalidate_all()
        # 1 SQL query: quants, holds, safety rules and the channel's type
        with self.assertQueryCount(1):
            data = self.env["omni.stock.availability"]._omni_get(
                products.ids, nodes.ids, channel=self.website_channel
            )
        self.assertEqual(len(data), 20)
        self.assertEqual(data[products[4].id]["nodes"][nodes[4].id]["promisable"], 5)
        self.assertEqual(data[products[4].id]["total"], 5)

    def test_safety_rules_of_a_company_are_read_only_when_it_has_some(self):
        """The availability query leaves out the safety stock part for a company without rules;
        the flag follows rules created, archived and deleted."""
        Safety = self.env["omni.safety.stock"]
        company = self.env.company
        Safety.search([("company_id", "=", company.id)]).unlink()
        self.assertFalse(Safety._omni_company_has_rules(company.id))
        self.assertEqual(self._promisable(self.product_a, self.wh_madrid), 10)
        rule = Safety.create({"warehouse_id": self.wh_madrid.id, "quantity": 4})
        self.assertTrue(Safety._omni_company_has_rules(company.id))
        self.assertEqual(self._promisable(self.product_a, self.wh_madrid), 6)
        rule.active = False
        self.assertFalse(Safety._omni_company_has_rules(company.id))
        self.assertEqual(self._promisable(self.product_a, self.wh_madrid), 10)
        rule.active = True
        self.assertEqual(self._promisable(self.product_a, self.wh_madrid), 6)
        rule.unlink()
        self.assertFalse(Safety._omni_company_has_rules(company.id))
        self.assertEqual(self._promisable(self.product_a, self.wh_madrid), 10)

    def test_access_rights(self):
        with self.assertRaises(AccessError):
            self.env["omni.safety.stock"].with_user(self.omni_user).create({"quantity": 1})
        with self.assertRaises(AccessError):
            self.env["omni.stock.hold"].with_user(self.portal_user).search([])
        rule = self.env["omni.safety.stock"].with_user(self.omni_manager).create({"quantity": 1})
        self.assertTrue(rule.exists())
