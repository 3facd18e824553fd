# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPosCollectTour(TestPointOfSaleHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.store = cls.main_pos_config.picking_type_id.warehouse_id
        cls.store.write({"omni_in_network": True, "omni_node_type": "store", "omni_pickup": True})
        cls.item = env["product.product"].create(
            {
                "name": "Collect item",
                "is_storable": True,
                "allow_out_of_stock_order": False,
                "list_price": 12.0,
            }
        )
        env["stock.quant"]._update_available_quantity(cls.item, cls.store.lot_stock_id, 2)
        cls.lucia = env["res.partner"].create({"name": "Lucía Valencia", "zip": "46001"})
        cls.order = env["sale.order"].create(
            {
                "partner_id": cls.lucia.id,
                "warehouse_id": cls.store.id,
                "company_id": cls.store.company_id.id,
                "carrier_id": env.ref("website_sale_collect.carrier_pick_up_in_store").id,
                "pickup_location_data": {
                    "id": cls.store.id,
                    "name": cls.store.name,
                    "street": "Calle Mayor 1",
                    "city": "Valencia",
                    "zip_code": "46001",
                    "country_code": "ES",
                },
                "order_line": [(0, 0, {"product_id": cls.item.id, "product_uom_qty": 1})],
            }
        )
        cls.order.action_confirm()
        cls.order.picking_ids.action_omni_ready_for_pickup()
        cls.order.omni_pickup_code = "123456AB"  # known to the tour

    def test_pos_tour_collect_with_code(self):
        self.start_pos_tour("omni_last_mile_collect_tour", login="pos_user")
        self.assertEqual(self.order.omni_delivery_step, "collected")
        self.assertEqual(self.order.picking_ids.state, "done")
        self.assertFalse(self.order.omni_pickup_code)
