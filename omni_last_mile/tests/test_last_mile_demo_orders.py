# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestLastMileDemoOrders(HttpCase):
    """The module's demo has an order at every step, moved on by the real flows."""

    def _demo(self, name):
        record = self.env.ref(f"omni_last_mile.{name}_demo", raise_if_not_found=False)
        self.assertTrue(record, f"{name}_demo is missing (demo data not loaded?)")
        return record

    def _steps(self, order):
        return order.omni_event_ids.sorted(lambda e: (e.date, e.id)).mapped("step")

    def test_demo_orders_at_every_step(self):
        delivered = self._demo("sale_order_omni_delivered")
        failed = self._demo("sale_order_omni_failed")
        collected = self._demo("sale_order_omni_collected")
        returned = self._demo("sale_order_omni_returned")
        vans = self._demo("delivery_carrier_omni_vans")
        for order in delivered | failed | returned:
            self.assertEqual(order.carrier_id, vans)
            self.assertEqual(
                order.picking_ids.filtered(lambda p: p.picking_type_code == "outgoing").state, "done"
            )
        # Proof of delivery on the van's route.
        stop = self._demo("omni_delivery_stop_delivered")
        self.assertEqual((stop.state, stop.recipient_name), ("delivered", "Lucía Fernández"))
        self.assertTrue(stop.signature)
        self.assertEqual(self._steps(delivered), ["confirmed", "delivered"])
        # The failed attempt: its reason, the step, and the re-book card on the tracking page.
        stop = self._demo("omni_delivery_stop_failed")
        self.assertEqual(stop.state, "failed")
        self.assertTrue(stop.failure_reason)
        self.assertEqual(self._steps(failed), ["confirmed", "failed_attempt"])
        page = self.url_open(f"/omni/track/{failed.omni_tracking_token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn('id="omni_track_rebook"', page.text)
        self.assertIn(f'value="{self._demo("omni_delivery_slot_madrid_morning").id}"', page.text)
        # Click and collect handed over with its code: transfer done, code spent.
        self.assertEqual(self._steps(collected), ["confirmed", "ready_for_pickup", "collected"])
        self.assertEqual(set(collected.picking_ids.mapped("state")), {"done"})
        self.assertFalse(collected.sudo().omni_pickup_code)
        # Returned in the Madrid store: its return transfer into that store, a posted credit note.
        ret = self.env["omni.return"].search([("order_id", "=", returned.id)])
        self.assertEqual(len(ret), 1)
        self.assertEqual(ret.warehouse_id, self.env.ref("stock.warehouse0"))
        self.assertEqual(ret.picking_ids.state, "done")
        self.assertEqual(ret.credit_note_id.state, "posted")
        self.assertEqual(self._steps(returned), ["confirmed", "delivered", "returned"])
        # The KPIs see them: first-attempt success, a failed attempt, and the promises kept.
        self.env.flush_all()
        kpis = {
            k.order_id: k
            for k in self.env["omni.delivery.kpi"].search(
                [("order_id", "in", (delivered | failed | collected | returned).ids)]
            )
        }
        self.assertEqual(len(kpis), 4, "every demo order has a promise")
        self.assertEqual((kpis[delivered].first_attempt, kpis[delivered].promise_kept), (True, True))
        self.assertEqual((kpis[failed].failed_attempts, kpis[failed].is_done), (1, False))
        self.assertEqual((kpis[collected].no_show_rate, kpis[collected].is_done), (0.0, True))
        self.assertGreater(kpis[delivered].lead_days, 1.0)
