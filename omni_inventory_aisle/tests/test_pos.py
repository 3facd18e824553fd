# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import VALENCIA


@tagged("post_install", "-at_install")
class TestPosEndlessAisle(TestPointOfSaleHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        company = cls.main_pos_config.company_id
        cls.store = cls.main_pos_config.picking_type_id.warehouse_id
        cls.store.write({"omni_in_network": True, "omni_node_type": "store"})
        cls.valencia = env["stock.warehouse"].create(
            {
                "name": "Valencia store",
                "code": "VLP",
                "company_id": company.id,
                "omni_node_type": "store",
                "omni_ships": True,
                "omni_pickup": True,
                "omni_latitude": VALENCIA[0],
                "omni_longitude": VALENCIA[1],
            }
        )
        cls.item = env["product.product"].create(
            {
                "name": "Aisle POS item",
                "is_storable": True,
                "allow_out_of_stock_order": False,
                "available_in_pos": True,
                "list_price": 25.0,
                "taxes_id": False,
            }
        )
        env["stock.quant"]._update_available_quantity(cls.item, cls.valencia.lot_stock_id, 3)
        cls.lucia = env["res.partner"].create({"name": "Lucía Valencia", "zip": "46001"})

    def test_pos_availability_rpc(self):
        Service = self.env["omni.stock.availability"]
        data = Service.omni_pos_availability(self.main_pos_config.id, self.item.id)
        rows = {row["name"]: (row["qty"], row["is_store"]) for row in data["nodes"]}
        self.assertEqual(rows[self.valencia.name], (3, False))
        self.assertEqual(rows[self.store.name], (0, True))
        self.assertEqual(data["nodes"][0]["id"], self.store.id, "this store comes first")
        with self.assertRaises(UserError):
            Service.omni_pos_availability(self.main_pos_config.id, 999999999)

    def test_pos_tour_ship_from_another_store(self):
        self.start_pos_tour("omni_aisle_pos_tour", login="pos_user")
        order = self.env["pos.order"].search(
            [("lines.product_id", "=", self.item.id)], order="id desc", limit=1
        )
        self.assertEqual(order.state, "paid")
        line = order.lines.filtered(lambda line: line.product_id == self.item)
        self.assertEqual(line.omni_warehouse_id, self.valencia)
        self.assertEqual(line.omni_fulfilment, "ship")
        moves = self.env["stock.move"].search([("product_id", "=", self.item.id)])
        self.assertEqual(moves.location_id.warehouse_id, self.valencia)
        self.assertEqual(moves.location_dest_id.usage, "customer")
        self.assertEqual(moves.partner_id | moves.picking_id.partner_id, self.lucia)
        holds = self.env["omni.stock.hold"].search(
            [("res_model", "=", "pos.order"), ("res_id", "=", order.id)]
        )
        self.assertEqual(holds.warehouse_id, self.valencia)
        self.assertEqual(holds.state, "consumed")
        # the picking reserved the unit: the hold does not count it twice
        data = self.env["omni.stock.availability"]._omni_get(self.item, self.valencia)
        self.assertEqual(data[self.item.id]["nodes"][self.valencia.id]["promisable"], 2)
