# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged

from .common import OmniInventoryCommon


@tagged("post_install", "-at_install")
class TestWebsiteBoundToWarehouse(OmniInventoryCommon, HttpCase):
    """A website bound to a warehouse sells from it and its pickup points, as in Odoo."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_setup()
        cls.product_a.write({"is_published": True, "website_id": False, "sale_ok": True})
        cls._stock(cls.product_a, cls.wh_madrid, 4)
        cls._stock(cls.product_a, cls.wh_valencia, 2)
        cls._stock(cls.product_a, cls.wh_sevilla, 1)
        cls.carrier = cls.env.ref("website_sale_collect.carrier_pick_up_in_store")
        cls.carrier.write(
            {
                "warehouse_ids": [(6, 0, cls.wh_sevilla.ids)],
                "is_published": True,
                "website_id": False,
                "company_id": False,
            }
        )

    def test_available_qty_follows_the_website_warehouse(self):
        self.website.warehouse_id = False
        self.assertEqual(self.website._get_product_available_qty(self.product_a), 7, "the whole network")
        self.website.warehouse_id = self.wh_valencia
        self.assertEqual(
            self.website._get_product_available_qty(self.product_a), 3, "Valencia and the Sevilla pickup"
        )
        self.carrier.is_published = False
        self.website.invalidate_recordset(["in_store_dm_id"])  # computed per request, not stored
        self.assertEqual(self.website._get_product_available_qty(self.product_a), 2, "Valencia alone")
        self.wh_valencia.omni_in_network = False
        self.assertEqual(self.website._get_product_available_qty(self.product_a), 0, "out of the network")

    def test_cart_capped_at_the_website_warehouse(self):
        """The shop's cart route caps at the same figure the product page shows."""
        self.carrier.is_published = False
        self.website.warehouse_id = self.wh_valencia
        result = self.make_jsonrpc_request(
            "/shop/cart/update_json", {"product_id": self.product_a.id, "add_qty": 50}
        )
        self.assertEqual(result["quantity"], 2)
