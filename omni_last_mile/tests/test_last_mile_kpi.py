# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo.tests import TransactionCase, tagged

from .common import OmniLastMileCommon


@tagged("post_install", "-at_install")
class TestPromiseKpi(OmniLastMileCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 10)

    def _confirmed(self):
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        order.action_confirm()
        self.assertTrue(order.omni_promise_date_to)
        return order

    def test_kept_first_attempt_and_late(self):
        Event = self.env["omni.delivery.event"]
        on_time, late, pending = self._confirmed(), self._confirmed(), self._confirmed()
        promised = dt.datetime.combine(on_time.omni_promise_date_to, dt.time(10))
        Event._omni_record(on_time, "delivered", date=promised)
        Event._omni_record(late, "failed_attempt", date=promised)
        Event._omni_record(late, "delivered", date=promised + dt.timedelta(days=2))
        self.env.flush_all()
        kpis = self.env["omni.delivery.kpi"].search([("order_id", "in", (on_time | late | pending).ids)])
        rows = {k.order_id: k for k in kpis}
        self.assertEqual(
            (rows[on_time].promise_kept, rows[on_time].first_attempt, rows[on_time].failed_attempts),
            (True, True, 0),
        )
        self.assertEqual(
            (rows[late].promise_kept, rows[late].first_attempt, rows[late].failed_attempts), (False, False, 1)
        )
        self.assertEqual((rows[pending].is_done, rows[pending].promise_kept), (False, False))
        self.assertGreater(rows[late].lead_days, rows[on_time].lead_days)
        groups = self.env["omni.delivery.kpi"]._read_group(
            [("order_id", "in", kpis.order_id.ids)], ["carrier_id"], ["nb_orders:sum", "nb_kept:sum"]
        )
        self.assertEqual([(g[1], g[2]) for g in groups], [(3, 1)])
