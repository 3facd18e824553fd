# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import OmniInventoryCommon


@tagged("post_install", "-at_install")
class TestWebsite(OmniInventoryCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_setup()
        cls.product_a.write({"is_published": True, "website_id": False, "sale_ok": True})
        cls._stock(cls.product_a, cls.wh_madrid, 4)
        cls._stock(cls.product_a, cls.wh_valencia, 2)
        cls._stock(cls.product_a, cls.wh_sevilla, 1)
        cls.wh_madrid.omni_pickup = False
        cls.carrier = cls.env.ref("website_sale_collect.carrier_pick_up_in_store")
        cls.carrier.write(
            {
                "warehouse_ids": [(6, 0, (cls.wh_valencia | cls.wh_sevilla).ids)],
                "is_published": True,
                "website_id": False,
                "company_id": False,
            }
        )
        cls.website.warehouse_id = cls.wh_madrid

    def _availability(self, **params):
        return self.make_jsonrpc_request("/omni/availability", params)

    def test_availability_route(self):
        result = self._availability(product_id=self.product_a.id, postcode="41001")
        self.assertEqual(result["online"], 7)
        self.assertEqual(
            [(s["name"], s["qty"]) for s in result["stores"]],
            [("Aisle Sevilla", 1), ("Aisle Valencia", 2)],
        )
        self.assertEqual(result["stores"][0]["km"], 0.0)
        # website_sale_stock's figure is replaced by the network's
        self.assertEqual(self.website._get_product_available_qty(self.product_a), 7)

    def _omni_routing(self, path):
        rules = self.env["ir.http"].routing_map().iter_rules()
        return next(rule for rule in rules if rule.rule == path).endpoint.routing

    def test_availability_route_is_readonly(self):
        """Declared readonly (a PostgreSQL replica may serve it) and answers in a read-only transaction."""
        self.assertIs(self._omni_routing("/omni/availability")["readonly"], True)
        # a write would fail there and Odoo would log its retry on a read/write cursor
        with self.assertNoLogs("odoo.http", "WARNING"):
            result = self._availability(product_id=self.product_a.id, postcode="41001")
        self.assertEqual(result["online"], 7)

    def test_availability_bad_input(self):
        unpublished = self.env["product.product"].create(
            {"name": "Hidden", "is_storable": True, "is_published": False}
        )
        for params in (
            {"product_id": 999999999},
            {"product_id": "abc"},
            {"product_id": -3},
            {"product_id": None},
            {"product_id": True},
            {"product_id": unpublished.id},
        ):
            with self.subTest(params=params):
                self.assertEqual(self._availability(**params), {"error": "Unknown product."})
        for postcode in ("99999", "ABCDE", "x" * 40, 46001):
            with self.subTest(postcode=postcode):
                result = self._availability(product_id=self.product_a.id, postcode=postcode)
                self.assertIn("postcode", result["error"])

    def test_pickup_bad_input_reserves_nothing(self):
        holds_before = self.env["omni.stock.hold"].search_count([])
        for params, message in (
            ({"product_id": 0, "warehouse_id": self.wh_valencia.id}, "Unknown product"),
            ({"product_id": self.product_a.id, "warehouse_id": 999999}, "does not accept pickups"),
            ({"product_id": self.product_a.id, "warehouse_id": self.wh_madrid.id}, "does not accept"),
            (
                {"product_id": self.product_a.id, "warehouse_id": self.wh_valencia.id, "quantity": -1},
                "between 1 and 20",
            ),
            (
                {"product_id": self.product_a.id, "warehouse_id": self.wh_valencia.id, "quantity": 1e9},
                "between 1 and 20",
            ),
            (
                {"product_id": self.product_a.id, "warehouse_id": self.wh_valencia.id, "quantity": "2"},
                "must be a number",
            ),
            (
                {"product_id": self.product_a.id, "warehouse_id": self.wh_sevilla.id, "quantity": 5},
                "Not enough stock",
            ),
        ):
            with self.subTest(params=params):
                result = self.make_jsonrpc_request("/omni/pickup", params)
                self.assertIn(message, result["error"])
        self.assertEqual(self.env["omni.stock.hold"].search_count([]), holds_before)

    def test_cart_capped_and_soft_held(self):
        """Adding 50 to the cart keeps 7 (the network figure) and soft-holds them."""
        self.product_a.allow_out_of_stock_order = False
        result = self.make_jsonrpc_request(
            "/shop/cart/update_json", {"product_id": self.product_a.id, "add_qty": 50}
        )
        self.assertEqual(result["quantity"], 7)
        order = self.env["sale.order"].search(
            [("order_line.product_id", "=", self.product_a.id)], order="id desc", limit=1
        )
        holds = self.env["omni.stock.hold"]._omni_holds_of(order)
        self.assertEqual(sum(holds.mapped("quantity")), 7)
        self.assertEqual(set(holds.mapped("state")), {"soft"})
        # what the cart holds is gone for every other channel
        self.assertEqual(
            self.env["omni.stock.availability"]._omni_get(
                self.product_a, self.wh_madrid | self.wh_valencia | self.wh_sevilla
            )[self.product_a.id]["total"],
            0,
        )

    def test_shop_badges(self):
        response = self.url_open("/shop?search=Aisle+product")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Available online", response.text)
        self.assertIn("In 2 stores", response.text)

    def test_tour_pickup_in_store(self):
        self.start_tour(self.product_a.website_url, "omni_aisle_pickup_tour")
        order = self.env["sale.order"].search(
            [("order_line.product_id", "=", self.product_a.id)], order="id desc", limit=1
        )
        self.assertEqual(order.carrier_id, self.carrier)
        self.assertEqual(order.warehouse_id, self.wh_valencia)
        holds = self.env["omni.stock.hold"]._omni_holds_of(order)
        self.assertEqual(holds.warehouse_id, self.wh_valencia)
        self.assertEqual(holds.state, "soft")
        order.action_confirm()
        self.assertEqual(order.picking_ids.picking_type_id.warehouse_id, self.wh_valencia)
        self.assertIn("Aisle Valencia", order.omni_sourcing_reason)
