# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import OmniLastMileCommon

URL = "/omni/last_mile/promise"


@tagged("post_install", "-at_install")
class TestPromiseWebsite(OmniLastMileCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        cls.product_a.write({"is_published": True, "website_id": False, "sale_ok": True})
        cls._stock(cls.product_a, cls.wh_valencia, 3)
        cls.website.warehouse_id = cls.wh_madrid

    def _cart(self):
        """The portal shopper's draft website order: the cart the website finds for them."""
        partner = self.portal_user.partner_id
        partner.write({"zip": "46002", "country_id": self.country_es.id})
        cart = self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "website_id": self.website.id,
                "order_line": [(0, 0, {"product_id": self.product_a.id, "product_uom_qty": 1})],
            }
        )
        self.authenticate("aisle_portal", "aisle_portal")
        return cart

    def test_cart_promise_for_a_typed_postcode_and_in_the_cart(self):
        cart = self._cart()
        no_method = self.make_jsonrpc_request(URL, {"postcode": "46002"})
        self.assertIn("Choose a delivery method", no_method["error"])
        cart.carrier_id = self.carrier
        baleares = self.make_jsonrpc_request(URL, {"postcode": "07001", "country_code": "ES"})
        expected = cart._omni_delivery_promise(postcode="07001")
        self.assertEqual(baleares["date"], str(expected["date"]))
        self.assertEqual(baleares["explanation"], expected["explanation"])
        self.assertIn("Aisle Valencia", baleares["explanation"])
        abroad = self.make_jsonrpc_request(URL, {"postcode": "75001", "country_code": "FR"})
        self.assertIn("No delivery zone covers", abroad["error"])
        page = self.url_open("/shop/cart")
        self.assertEqual(page.status_code, 200)
        self.assertIn("omni_cart_promise", page.text)
        self.assertIn("Aisle Valencia", page.text)

    def test_promise_route_bad_input(self):
        for params, message in (
            ({"postcode": "<script>"}, "Unknown postcode."),
            ({"postcode": ["46002"]}, "Unknown postcode."),
            ({"postcode": "46002", "country_code": 12}, "Unknown country."),
            ({"postcode": "46002", "country_code": "ESP"}, "Unknown country."),
        ):
            self.assertEqual(self.make_jsonrpc_request(URL, params), {"error": message}, params)
        self.authenticate(None, None)
        self.assertEqual(
            self.make_jsonrpc_request(URL, {"postcode": "46002"}), {"error": "Your cart is empty."}
        )
