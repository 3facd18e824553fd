# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import OmniLastMileCommon


@tagged("post_install", "-at_install")
class TestClickAndCollect(OmniLastMileCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 10)
        cls._stock(cls.product_a, cls.wh_madrid, 10)
        cls.in_store = cls.env.ref("website_sale_collect.carrier_pick_up_in_store")
        cls.till_valencia = cls._omni_till("Valencia till", cls.wh_valencia)
        cls.till_madrid = cls._omni_till("Madrid till", cls.wh_madrid)

    @classmethod
    def _omni_till(cls, name, warehouse):
        config = cls.env["pos.config"].create({"name": name, "picking_type_id": warehouse.pos_type_id.id})
        session = cls.env["pos.session"].create({"config_id": config.id, "user_id": cls.env.uid})
        session.state = "opened"
        return session

    def _collect_order(self):
        order = self._order(self.customer_valencia, [(self.product_a, 2)], warehouse=self.wh_valencia)
        order.write(
            {
                "carrier_id": self.in_store.id,
                "pickup_location_data": {
                    "id": self.wh_valencia.id,
                    "name": self.wh_valencia.name,
                    "street": "Calle de Colón 1",
                    "city": "Valencia",
                    "zip_code": "46001",
                    "country_code": "ES",
                },
            }
        )
        order.action_confirm()
        return order

    def test_ready_for_pickup_then_collected_at_the_till(self):
        order = self._collect_order()
        self.assertEqual(order.omni_decision_ids.warehouse_id, self.wh_valencia)
        self.assertIn("collect in store", order.omni_promise_note)
        picking = order.picking_ids
        self.assertEqual(picking.state, "assigned")
        picking.action_omni_ready_for_pickup()
        self.assertEqual(order.omni_delivery_step, "ready_for_pickup")
        code = order.omni_pickup_code
        self.assertEqual(len(code), 8)
        found = self.till_valencia.omni_collect_lookup(code.lower())
        self.assertEqual(found["name"], order.name)
        result = self.till_valencia.omni_collect_hand_over(code)
        self.assertEqual(result["step"], "collected")
        self.assertEqual(picking.state, "done")
        self.assertFalse(order.omni_pickup_code)
        self.assertEqual(order.omni_event_ids.mapped("step"), ["confirmed", "ready_for_pickup", "collected"])
        with self.assertUserError("No order is waiting for this pickup code"):
            self.till_valencia.omni_collect_hand_over(code)

    def test_wrong_other_store_and_expired_codes_refused(self):
        order = self._collect_order()
        order.picking_ids.action_omni_ready_for_pickup()
        code = order.omni_pickup_code
        for bad in ("000000", "", None, 12345, "x" * 500):
            with self.assertUserError("No order is waiting for this pickup code"):
                self.till_valencia.omni_collect_lookup(bad)
        with self.assertUserError("waiting in another store"):
            self.till_madrid.omni_collect_hand_over(code)
        order.omni_pickup_expires = fields.Datetime.now() - dt.timedelta(minutes=1)
        with self.assertUserError("expired"):
            self.till_valencia.omni_collect_hand_over(code)
        order.omni_pickup_expires = False
        self.till_valencia.state = "closed"
        with self.assertUserError("Open the session"):
            self.till_valencia.omni_collect_hand_over(code)
        self.assertEqual(order.omni_delivery_step, "ready_for_pickup")
        self.assertNotEqual(order.picking_ids.state, "done")

    def test_home_delivery_cannot_be_ready_for_pickup(self):
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        order.action_confirm()
        with self.assertUserError("Only a reserved store-pickup transfer"):
            order.picking_ids.action_omni_ready_for_pickup()
        with self.assertUserError("is not collected in a store"):
            order._omni_ready_for_pickup()
