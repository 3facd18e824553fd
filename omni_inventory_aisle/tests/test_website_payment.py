# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.tests import HttpCase, JsonRpcException, tagged
from odoo.tools import mute_logger

from .common import OmniInventoryCommon


@tagged("post_install", "-at_install")
class TestWebsitePayment(OmniInventoryCommon, HttpCase):
    """A shopper is never charged for an order the server then refuses.

    Through the real checkout: /shop/cart/update_json, /shop/set_delivery_method,
    /shop/payment, /shop/payment/transaction, payment_demo's simulated payment
    (a provider in test mode) and /payment/status/poll, which confirms the order.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_setup()
        cls.product_a.write({"is_published": True, "website_id": False, "sale_ok": True})
        cls._stock(cls.product_a, cls.wh_madrid, 1)
        cls.website.warehouse_id = cls.wh_madrid
        cls.portal_user.partner_id.write(
            {
                "street": "Gran Vía 1",
                "city": "Madrid",
                "zip": "28013",
                "country_id": cls.country_es.id,
                "email": "aisle_portal@example.com",
                "phone": "+34 600 000 000",
            }
        )
        shipping = cls.env["product.product"].create({"name": "Omni shipping", "type": "service"})
        cls.carrier = cls.env["delivery.carrier"].create(
            {
                "name": "Omni free shipping",
                "delivery_type": "fixed",
                "fixed_price": 0.0,
                "product_id": shipping.id,
                "is_published": True,
                "website_id": False,
                "company_id": False,
            }
        )
        cls.provider = cls.env["payment.provider"].search(
            [("code", "=", "demo"), ("company_id", "=", cls.company.id)], limit=1
        )
        cls.provider.write({"state": "test", "is_published": True})
        cls.payment_method = cls.env.ref("payment_demo.payment_method_demo")
        # Invoicing on payment is another flow; the shop's currency must be active to record a payment.
        cls.env["ir.config_parameter"].sudo().set_param("sale.automatic_invoice", False)
        cls.env["res.currency"].with_context(active_test=False).search(
            ["|", ("id", "=", cls.website.currency_id.id), ("name", "=", "EUR")]
        ).active = True

    def _cart(self, qty=1):
        self.authenticate(self.portal_user.login, self.portal_user.login)
        self.make_jsonrpc_request("/shop/cart/update_json", {"product_id": self.product_a.id, "add_qty": qty})
        order = self.env["sale.order"].search(
            [("partner_id", "=", self.portal_user.partner_id.id), ("state", "=", "draft")],
            order="id desc",
            limit=1,
        )
        self.make_jsonrpc_request("/shop/set_delivery_method", {"dm_id": self.carrier.id})
        return order

    def _start_payment(self, order, **overrides):
        params = {
            "provider_id": self.provider.id,
            "payment_method_id": self.payment_method.id,
            "token_id": None,
            "amount": order.amount_total,
            "flow": "direct",
            "tokenization_requested": False,
            "landing_route": "/shop/payment/validate",
            "access_token": order._portal_ensure_token(),
            **overrides,
        }
        return self.make_jsonrpc_request(f"/shop/payment/transaction/{order.id}", params)

    def _jsonrpc_error(self, url, params):
        """The error a JSON-RPC route answers with (name and the shopper's message)."""
        response = self.url_open(
            url,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["error"]["data"]

    def _pay(self, reference):
        self.make_jsonrpc_request(
            "/payment/demo/simulate_payment",
            {"reference": reference, "payment_details": "4242", "simulated_state": "done"},
        )
        return self.make_jsonrpc_request("/payment/status/poll", {})

    def _take_the_unit_elsewhere(self, cart):
        """The cart's soft hold lapses and a back-office order takes the last unit."""
        # A day back: the availability query compares with the transaction's start, which in
        # a test is the start of the class.
        self.env["omni.stock.hold"]._omni_holds_of(cart).expires_at = fields.Datetime.now() - timedelta(
            days=1
        )
        other = self._order(self.customer_madrid, [(self.product_a, 1)])
        other.action_confirm()
        return other

    def test_paid_checkout_confirms_the_order(self):
        cart = self._cart()
        self.assertEqual(self.url_open("/shop/payment").status_code, 200)
        values = self._start_payment(cart)
        poll = self._pay(values["reference"])
        self.assertEqual(poll["state"], "done")
        self.assertEqual(cart.state, "sale")
        self.assertFalse(cart.omni_stock_flag)

    @mute_logger("odoo.http")
    def test_stock_checked_before_payment(self):
        """The unit is gone before the shopper pays: told on the page, no payment started."""
        cart = self._cart()
        self._take_the_unit_elsewhere(cart)
        page = self.url_open("/shop/payment")
        self.assertIn("cannot be delivered", page.text)
        error = self._jsonrpc_error(
            f"/shop/payment/transaction/{cart.id}",
            {
                "provider_id": self.provider.id,
                "payment_method_id": self.payment_method.id,
                "token_id": None,
                "amount": cart.amount_total,
                "flow": "direct",
                "tokenization_requested": False,
                "landing_route": "/shop/payment/validate",
                "access_token": cart._portal_ensure_token(),
            },
        )
        self.assertEqual(error["name"], "odoo.exceptions.ValidationError")
        self.assertIn("can be delivered", error["message"])
        self.assertFalse(cart.transaction_ids, "no transaction, nobody charged")
        self.assertEqual(cart.state, "draft")

    def test_race_after_payment_confirms_and_flags(self):
        """The unit goes between the payment and the confirmation: confirmed, flagged, shortage kept."""
        cart = self._cart()
        values = self._start_payment(cart)
        self._take_the_unit_elsewhere(cart)
        poll = self._pay(values["reference"])
        self.assertEqual(poll["state"], "done")
        self.assertEqual(cart.transaction_ids.state, "done")
        self.assertEqual(cart.state, "sale", "a paid order is never left unconfirmed")
        self.assertEqual(cart.omni_stock_flag, "paid_short")
        self.assertIn(self.product_a.display_name, cart.omni_stock_issue)
        self.assertIn("1.0 missing", cart.omni_stock_issue)
        self.assertTrue(cart.activity_ids)
        self.assertEqual(self.env["sale.order"].search([("omni_stock_flag", "=", "paid_short")]), cart)

    @mute_logger("odoo.http")
    def test_payment_bad_input_starts_nothing(self):
        cart = self._cart()
        for overrides, exception in (
            ({"amount": cart.amount_total + 1}, "ValidationError"),
            ({"access_token": "forged"}, "ValidationError"),
        ):
            with self.subTest(overrides=overrides), self.assertRaises(JsonRpcException) as cm:
                self._start_payment(cart, **overrides)
            self.assertIn(exception, str(cm.exception.args))
        with self.assertRaises(JsonRpcException):
            self.make_jsonrpc_request("/shop/payment/transaction/999999999", {"access_token": "x"})
        self.assertFalse(cart.transaction_ids)

    def test_cart_capped_per_product(self):
        """A visitor cannot soft-hold a store's whole stock: the cart stops at the company's limit."""
        self._stock(self.product_a, self.wh_madrid, 500)
        self.company.omni_cart_max_qty = 5
        self.authenticate(None, None)
        result = self.make_jsonrpc_request(
            "/shop/cart/update_json", {"product_id": self.product_a.id, "add_qty": 1000}
        )
        self.assertEqual(result["quantity"], 5)
        self.assertIn("at most 5", result["notification_info"]["warning"])
        holds = self.env["omni.stock.hold"].search([("product_id", "=", self.product_a.id)])
        self.assertEqual(sum(holds.mapped("quantity")), 5)
        self.assertEqual(set(holds.mapped("state")), {"soft"})
        # soft holds take no lock: only final takes bump the lock row
        self.assertFalse(
            self.env["omni.stock.take.lock"].search([("product_id", "=", self.product_a.id)]),
            "a cart update bumped the take lock",
        )

    def test_cart_bad_quantities(self):
        self.authenticate(None, None)
        holds_before = self.env["omni.stock.hold"].search_count([])
        for params in (
            {"product_id": self.product_a.id, "add_qty": -5},
            {"product_id": self.product_a.id, "set_qty": -1},
            {"product_id": 999999999, "add_qty": 1},
        ):
            with self.subTest(params=params), mute_logger("odoo.http"):
                try:
                    result = self.make_jsonrpc_request("/shop/cart/update_json", params)
                except JsonRpcException:
                    result = {}
                self.assertLessEqual(result.get("quantity") or 0, 0)
        lines = self.env["sale.order.line"].search([("product_id", "=", self.product_a.id)])
        self.assertFalse(lines.filtered(lambda line: line.product_uom_qty <= 0), "no empty line written")
        self.assertEqual(self.env["omni.stock.hold"].search_count([]), holds_before)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.env.company.omni_cart_max_qty = -1
            self.env.flush_all()
