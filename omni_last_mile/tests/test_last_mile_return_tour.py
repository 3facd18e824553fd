# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestPosReturnTour(TestPointOfSaleHttpCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.store = cls.main_pos_config.picking_type_id.warehouse_id
        cls.central = env["stock.warehouse"].create(
            {"name": "Central web warehouse", "code": "CWW", "company_id": cls.store.company_id.id}
        )
        cls.item = env["product.product"].create(
            {"name": "Web return item", "is_storable": True, "list_price": 20.0, "taxes_id": False}
        )
        env["stock.quant"]._update_available_quantity(cls.item, cls.central.lot_stock_id, 5)
        cls.lucia = env["res.partner"].create({"name": "Lucía Valencia", "zip": "46001"})
        cls.order = env["sale.order"].create(
            {
                "name": "OMNIWEB42",
                "partner_id": cls.lucia.id,
                "warehouse_id": cls.central.id,
                "company_id": cls.store.company_id.id,
                "order_line": [(0, 0, {"product_id": cls.item.id, "product_uom_qty": 2})],
            }
        )
        cls.order.action_confirm()
        picking = cls.order.picking_ids
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()

    def test_pos_tour_return_web_order_in_store(self):
        self.start_pos_tour("omni_last_mile_return_tour", login="pos_user")
        ret = self.env["omni.return"].search([("order_id", "=", self.order.id)])
        self.assertEqual(ret.warehouse_id, self.store)
        self.assertEqual(ret.line_ids.quantity, 1)
        self.assertEqual(ret.line_ids.reason, "damaged")
        self.assertEqual(self.item.with_context(warehouse_id=self.store.id).qty_available, 1)
        self.assertEqual(self.item.with_context(warehouse_id=self.central.id).qty_available, 3)
        self.assertAlmostEqual(ret.credit_note_id.amount_total, 20.0)
        self.assertEqual(self.order.omni_delivery_step, "returned")
