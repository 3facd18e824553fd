# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestNoShowDemo(TransactionCase):
    """The module's demo data holds a click and collect order released as a no-show."""

    def test_demo_no_show_order_and_kpi(self):
        order = self.env.ref("omni_last_mile.sale_order_omni_noshow_demo", raise_if_not_found=False)
        self.assertTrue(order, "the demo no-show order is missing (demo data not loaded?)")
        self.assertEqual(order._omni_pickup_node(), self.env.ref("stock.warehouse0"))
        # Released the way the no-show cron releases: cancelled, code invalidated, unit unreserved.
        self.assertEqual(order.state, "cancel")
        self.assertEqual(order.omni_delivery_step, "no_show")
        self.assertFalse(order.omni_noshow_issue)
        self.assertFalse(order.sudo().omni_pickup_code)
        self.assertEqual(set(order.picking_ids.mapped("state")), {"cancel"})
        release_days = order.company_id.omni_noshow_release_days
        self.assertLessEqual(
            order.omni_pickup_ready_at, fields.Datetime.now() - dt.timedelta(days=release_days)
        )
        events = self.env["omni.delivery.event"].search([("order_id", "=", order.id)])
        self.assertEqual(events.mapped("step"), ["confirmed", "ready_for_pickup", "no_show"])
        self.assertIn(f"{release_days} days", events[-1].note)
        kpi = self.env["omni.delivery.kpi"].search([("order_id", "=", order.id)])
        self.assertEqual((kpi.nb_no_show, kpi.no_show_rate, kpi.is_done), (1, 100.0, True))
        [[rate]] = self.env["omni.delivery.kpi"]._read_group(
            [("company_id", "=", order.company_id.id)], [], ["no_show_rate:avg"]
        )
        self.assertGreater(rate, 0.0, "the KPIs' no-show rate is not zero on the demo data")
