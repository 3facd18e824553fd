# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import OmniRecommendCommon


@tagged("post_install", "-at_install")
class TestRecommendRoutes(OmniRecommendCommon, HttpCase):
    def _get(self, **params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return self.url_open(f"/omni_recommend/for_you?{query}")

    def test_own_session_answers_like_the_service(self):
        self.authenticate("rec_portal", "rec_portal")
        service = self._top(self.store_customer, self.web_channel, limit=4)
        for params in ({"limit": 4}, {"limit": 4, "partner_id": self.store_customer.id}):
            response = self._get(**params)
            self.assertEqual(response.status_code, 200)
            data = response.json()
            self.assertEqual(data["source"], "personal")
            self.assertEqual([p["id"] for p in data["products"]], service.ids)

    def _omni_routing(self, path):
        rules = self.env["ir.http"].routing_map().iter_rules()
        return next(rule for rule in rules if rule.rule == path).endpoint.routing

    def test_route_is_readonly(self):
        """Declared readonly (a PostgreSQL replica may serve it) and answers in a read-only transaction."""
        self.assertIs(self._omni_routing("/omni_recommend/for_you")["readonly"], True)
        self.authenticate("rec_portal", "rec_portal")
        # a write would fail there and Odoo would log its retry on a read/write cursor
        with self.assertNoLogs("odoo.http", "WARNING"):
            response = self._get(limit=4)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["source"], "personal")

    def test_products_in_the_session_cart_are_left_out(self):
        self.authenticate("rec_portal", "rec_portal")
        top = self._top(self.store_customer, self.web_channel, limit=4)
        self.assertTrue(top)
        in_cart = top[0]
        in_cart.sudo().write({"website_published": True, "sale_ok": True})
        self.make_jsonrpc_request("/shop/cart/update_json", {"product_id": in_cart.id, "add_qty": 1})
        with self.assertNoLogs("odoo.http", "WARNING"):  # still read-only with a cart
            response = self._get(limit=4)
        ids = [p["id"] for p in response.json()["products"]]
        self.assertTrue(ids)
        self.assertNotIn(in_cart.id, ids)

    def test_foreign_and_hostile_ids(self):
        self.authenticate("rec_portal", "rec_portal")
        self.assertEqual(self._get(partner_id=self.other_customer.id).status_code, 403)
        for hostile in ("abc", "-1", "0", "1e3", "99999999999", "%201", "1_0", "%D9%A3", "1%00"):
            response = self._get(partner_id=hostile)
            self.assertEqual(response.status_code, 400, hostile)
            self.assertNotIn(hostile, response.text)
            self.assertEqual(self._get(product_id=hostile).status_code, 400, hostile)
        self.groups[0][0].is_published = False
        self.assertEqual(self._get(product_id=self.groups[0][0].id).status_code, 404)
        self.assertEqual(self._get(product_id=2**31 - 1).status_code, 404)
        also = self._get(product_id=self.groups[0][1].id, limit="lots")
        self.assertEqual(also.status_code, 200)
        self.assertNotIn(self.groups[0][1].id, [p["id"] for p in also.json()["products"]])

    def test_anonymous_visitor_gets_popularity_and_no_one_elses_list(self):
        self.assertEqual(self._get(partner_id=self.store_customer.id).status_code, 403)
        response = self._get(limit=3)
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["source"], "popular")
        self.assertEqual(data["products"][0]["id"], self.popular.id)
