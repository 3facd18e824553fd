# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged

from .common import OmniInventoryCommon


@tagged("post_install", "-at_install")
class TestSourcing(OmniInventoryCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_setup()

    def _pickings_by_warehouse(self, order):
        result = {}
        for picking in order.picking_ids:
            warehouse = picking.picking_type_id.warehouse_id
            for move in picking.move_ids:
                result.setdefault(warehouse, {})
                result[warehouse][move.product_id] = (
                    result[warehouse].get(move.product_id, 0) + move.product_uom_qty
                )
        return result

    def test_single_node_store(self):
        """Only Valencia has all 3 lines: one picking from the Aisle Valencia."""
        self._stock(self.product_a, self.wh_madrid, 10)
        self._stock(self.product_b, self.wh_madrid, 10)
        for product in (self.product_a, self.product_b, self.product_c):
            self._stock(product, self.wh_valencia, 2)
        order = self._order(
            self.customer_valencia,
            [(self.product_a, 1), (self.product_b, 2), (self.product_c, 1)],
            website=True,
        )
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(
            self._pickings_by_warehouse(order),
            {self.wh_valencia: {self.product_a: 1, self.product_b: 2, self.product_c: 1}},
        )
        self.assertFalse(order.omni_is_split)
        self.assertEqual(order.omni_decision_ids.warehouse_id, self.wh_valencia)
        self.assertIn("from Aisle Valencia: only node with all 3 lines", order.omni_sourcing_reason)
        self.assertIn("km", order.omni_sourcing_reason)
        # moves reserved the units: the holds are consumed, nothing counted twice
        self.assertEqual(set(order.omni_hold_ids.mapped("state")), {"consumed"})
        self.assertEqual(self._promisable(self.product_b, self.wh_valencia), 0)
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia), 1)

    def test_salesman_confirms(self):
        """A plain salesman (Omnicanal user) can confirm: holds and decisions are written."""
        self._stock(self.product_a, self.wh_sevilla, 2)
        order = self._order(self.customer_madrid, [(self.product_a, 1)])
        order.user_id = self.omni_user  # salesmen confirm their own orders
        order.with_user(self.omni_user).action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.omni_decision_ids.warehouse_id, self.wh_sevilla)
        self.assertEqual(order.omni_hold_ids.state, "consumed")

    def test_split_needed(self):
        self._stock(self.product_a, self.wh_madrid, 5)
        self._stock(self.product_b, self.wh_sevilla, 5)
        order = self._order(self.customer_madrid, [(self.product_a, 2), (self.product_b, 1)])
        order.action_confirm()
        self.assertEqual(
            self._pickings_by_warehouse(order),
            {self.wh_madrid: {self.product_a: 2}, self.wh_sevilla: {self.product_b: 1}},
        )
        self.assertTrue(order.omni_is_split)
        self.assertIn("split", order.omni_sourcing_reason)

    def test_one_line_over_two_nodes(self):
        self._stock(self.product_a, self.wh_madrid, 2)
        self._stock(self.product_a, self.wh_valencia, 2)
        order = self._order(self.customer_madrid, [(self.product_a, 3)])
        order.action_confirm()
        self.assertEqual(
            self._pickings_by_warehouse(order),
            {self.wh_madrid: {self.product_a: 2}, self.wh_valencia: {self.product_a: 1}},
        )
        self.assertEqual(len(order.omni_decision_ids), 2)

    def test_distance_tie_and_nearest(self):
        self._stock(self.product_a, self.wh_madrid, 5)
        self._stock(self.product_a, self.wh_sevilla, 5)
        self._stock(self.product_a, self.wh_valencia, 5)
        order = self._order(self.customer_valencia, [(self.product_a, 1)])
        order.action_confirm()
        self.assertEqual(order.omni_decision_ids.warehouse_id, self.wh_valencia)
        self.assertIn("best of 3 nodes", order.omni_sourcing_reason)
        # a second Valencia node with more stock wins the distance tie
        wh_big = self._omni_node("Valencia warehouse", "VLW", (39.47, -0.38), "46020")
        self._stock(self.product_a, wh_big, 50)
        order2 = self._order(self.customer_valencia, [(self.product_a, 1)])
        order2.action_confirm()
        self.assertEqual(order2.omni_decision_ids.warehouse_id, wh_big)

    def test_node_without_shipping(self):
        self._stock(self.product_a, self.wh_valencia, 5)
        self._stock(self.product_a, self.wh_sevilla, 5)
        self.wh_valencia.omni_ships = False
        order = self._order(self.customer_valencia, [(self.product_a, 1)])
        order.action_confirm()
        self.assertEqual(list(self._pickings_by_warehouse(order)), [self.wh_sevilla])

    def test_node_at_safety_stock(self):
        self._stock(self.product_a, self.wh_valencia, 2)
        self._stock(self.product_a, self.wh_sevilla, 5)
        self.env["omni.safety.stock"].create(
            {"channel_type": "website", "warehouse_id": self.wh_valencia.id, "quantity": 2}
        )
        order = self._order(self.customer_valencia, [(self.product_a, 1)], website=True)
        order.action_confirm()
        self.assertEqual(list(self._pickings_by_warehouse(order)), [self.wh_sevilla])
        # a back-office order is not bound by the website's safety stock
        order2 = self._order(self.customer_valencia, [(self.product_a, 1)])
        order2.action_confirm()
        self.assertEqual(list(self._pickings_by_warehouse(order2)), [self.wh_valencia])

    def test_not_enough_anywhere(self):
        self._stock(self.product_a, self.wh_valencia, 1)
        order = self._order(self.customer_valencia, [(self.product_a, 2)])
        holds_before = self.env["omni.stock.hold"].search_count([])
        with self.assertUserError("Not enough stock in the network"):
            order.action_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        self.assertEqual(self.env["omni.stock.hold"].search_count([]), holds_before)
        # products that may be sold out of stock fall back to the order's warehouse
        self.product_a.allow_out_of_stock_order = True
        order.action_confirm()
        self.assertEqual(
            self._pickings_by_warehouse(order),
            {self.wh_valencia: {self.product_a: 1}, self.wh_madrid: {self.product_a: 1}},
        )
        self.assertIn("fallback", order.omni_decision_ids.mapped("kind"))

    def test_cancel_releases(self):
        self._stock(self.product_a, self.wh_valencia, 1)
        order = self._order(self.customer_valencia, [(self.product_a, 1)])
        # not reservable at confirmation (reservation by date) keeps a hard hold
        self.wh_valencia.out_type_id.reservation_method = "manual"
        order.action_confirm()
        self.assertEqual(order.omni_hold_ids.state, "hard")
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia), 0)
        order._action_cancel()
        self.assertEqual(order.omni_hold_ids.state, "released")
        self.assertEqual(self._promisable(self.product_a, self.wh_valencia), 1)

    def test_manager_override(self):
        self._stock(self.product_a, self.wh_valencia, 5)
        self._stock(self.product_a, self.wh_sevilla, 5)
        order = self._order(self.customer_valencia, [(self.product_a, 1)])
        with self.assertRaises(AccessError):
            order.order_line.with_user(self.omni_user).omni_forced_warehouse_id = self.wh_sevilla
        order.order_line.with_user(self.omni_manager).omni_forced_warehouse_id = self.wh_sevilla
        order.action_confirm()
        self.assertEqual(list(self._pickings_by_warehouse(order)), [self.wh_sevilla])
        self.assertIn("chosen by a manager", order.omni_sourcing_reason)

    def test_preview_has_no_side_effect(self):
        self._stock(self.product_a, self.wh_sevilla, 5)
        order = self._order(self.customer_valencia, [(self.product_a, 1)])
        action = order.action_omni_preview_sourcing()
        self.assertIn("from Aisle Sevilla", action["params"]["message"])
        self.assertFalse(order.omni_decision_ids)
        self.assertFalse(order.omni_hold_ids)

    def test_sourcing_query_budget(self):
        """Planning costs the same number of queries for 3 or 9 lines."""
        products = self.env["product.product"].create(
            [{"name": f"Budget {i}", "is_storable": True} for i in range(9)]
        )
        for product in products:
            self._stock(product, self.wh_valencia, 5)
        small = self._order(self.customer_valencia, [(p, 1) for p in products[:3]])
        large = self._order(self.customer_valencia, [(p, 1) for p in products])
        # whether the company has safety stock rules: kept in the registry cache
        self.env["omni.safety.stock"]._omni_company_has_rules(self.env.company.id)
        for order in (small, large):
            self.env.flush_all()
            self.env.invalidate_all()
            # the order, its company, address and country, its lines (ids, then
            # fields), their products, templates and units, the nodes, the availability
            with self.assertQueryCount(11):
                plan, _lines, _nodes, _strategy = order._omni_sourcing_plan()
            self.assertEqual(plan.node_ids, [self.wh_valencia.id])
