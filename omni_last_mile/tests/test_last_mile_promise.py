# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import MONDAY, MONDAY_10, OmniLastMileCommon

DAY = dt.timedelta(days=1)


@tagged("post_install", "-at_install")
class TestDeliveryPromise(OmniLastMileCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 5)
        cls._stock(cls.product_b, cls.wh_sevilla, 5)

    def test_promise_from_the_sourcing_node(self):
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        data = order._omni_delivery_promise(now=MONDAY_10)
        self.assertEqual(data["date"], MONDAY + DAY)
        self.assertEqual(data["explanation"], "Aisle Valencia, ready today, SEUR 24 h")
        self.assertIn("14:00", data["headline"])
        after_cutoff = order._omni_delivery_promise(now=MONDAY_10 + dt.timedelta(hours=5))
        self.assertEqual(after_cutoff["date"], MONDAY + 2 * DAY)
        self.assertIn("ready tomorrow", after_cutoff["explanation"])

    def test_holiday_of_the_node_calendar(self):
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Local holiday",
                "calendar_id": self.calendar.id,
                "date_from": dt.datetime(2026, 12, 7, 23, 0),  # Tuesday 8, Madrid time
                "date_to": dt.datetime(2026, 12, 8, 22, 59),
            }
        )
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        data = order._omni_delivery_promise(now=MONDAY_10 + dt.timedelta(hours=5))
        self.assertEqual(data["date"], MONDAY + 3 * DAY, "after the cut-off, the holiday pushes to Wednesday")

    def test_islands_and_typed_postcode(self):
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        baleares = order._omni_delivery_promise(postcode="07001", now=MONDAY_10)
        canarias = order._omni_delivery_promise(postcode="35001", now=MONDAY_10)
        self.assertEqual(baleares["date"], MONDAY + 2 * DAY)
        self.assertEqual((canarias["date"], canarias["date_to"]), (MONDAY + 3 * DAY, MONDAY + 7 * DAY))
        self.assertEqual(canarias["zone"], "Canary Islands")

    def test_split_order_arrives_with_its_latest_leg(self):
        self.wh_sevilla.omni_prep_days = 2
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1), (self.product_b, 1)])
        data = order._omni_delivery_promise(now=MONDAY_10)
        self.assertEqual(data["date"], MONDAY + 3 * DAY)
        self.assertIn("Aisle Valencia, ready today, SEUR 24 h", data["explanation"])
        self.assertIn("Aisle Sevilla", data["explanation"])

    def test_unknown_zone_and_missing_transit_are_clear_errors(self):
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        with self.assertUserError("No delivery zone covers"):
            order._omni_delivery_promise(country=self.env.ref("base.fr"), postcode="75001")
        self.env["omni.delivery.zone"].create(
            {"name": "Ceuta", "code": "ceuta", "country_id": self.country_es.id, "zip_prefixes": "51"}
        )
        with self.assertUserError("SEUR 24 h does not deliver to Ceuta."):
            order._omni_delivery_promise(postcode="51001", now=MONDAY_10)
        order.carrier_id = False
        with self.assertUserError("Choose a delivery method"):
            order._omni_delivery_promise(now=MONDAY_10)

    @mute_logger("odoo.sql_db")
    def test_nonsense_node_configuration_is_refused(self):
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.wh_valencia.omni_prep_days = -1
            self.wh_valencia.flush_recordset()
        with self.assertRaises(IntegrityError), self.cr.savepoint():
            self.wh_valencia.omni_cutoff = 25
            self.wh_valencia.flush_recordset()

    def test_confirmation_writes_commitment_date_and_explanation(self):
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        expected = order._omni_delivery_promise()
        order.action_confirm()
        self.assertEqual(order.omni_promise_date, expected["date"])
        self.assertEqual(order.omni_promise_note, expected["explanation"])
        self.assertEqual(order.commitment_date.date(), expected["date_to"])
        self.assertEqual(order.omni_delivery_step, "confirmed")
        self.assertEqual(order.omni_event_ids.mapped("step"), ["confirmed"])
        self.assertGreaterEqual(len(order.omni_tracking_token), 40)

    def test_confirmation_promises_from_its_sourcing_in_one_plan(self):
        """The confirmation's promise comes from the nodes its sourcing chose: one plan, both legs."""
        self.wh_sevilla.omni_prep_days = 2
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1), (self.product_b, 1)])
        expected = order._omni_delivery_promise()
        SaleOrder = type(order)
        plan = SaleOrder._omni_sourcing_plan
        with patch.object(SaleOrder, "_omni_sourcing_plan", autospec=True, side_effect=plan) as spy:
            order.action_confirm()
        self.assertEqual(spy.call_count, 1)
        self.assertEqual(order.omni_decision_ids.warehouse_id, self.wh_valencia | self.wh_sevilla)
        self.assertEqual(
            (order.omni_promise_date, order.omni_promise_date_to), (expected["date"], expected["date_to"])
        )
        self.assertEqual(order.omni_promise_note, expected["explanation"])
        self.assertIn("Aisle Sevilla", order.omni_promise_note)
        self.assertEqual(order.commitment_date.date(), expected["date_to"])

    def test_confirmation_without_promise_still_confirms(self):
        order = self._order(self.customer_valencia, [(self.product_a, 1)])
        order.action_confirm()
        self.assertEqual(order.state, "sale")
        self.assertFalse(order.commitment_date)
        self.assertIn("No promise", order.omni_promise_note)

    def test_promise_is_bounded_in_queries(self):
        """A promise on a cold cache (a new request) reads each model once, whatever its size.

        13 queries here: the order, its address, the carrier, the company's
        sourcing strategy, the country, the lines (ids, then fields), their
        products, templates and units, the nodes, the availability, the zone.
        The node calendars, zones and transit times come from the registry
        cache. Two spare for addons installed next to this one; the same count
        for 2 and 10 lines.
        """
        products = self.env["product.product"].create(
            [{"name": f"Bound {i}", "is_storable": True} for i in range(10)]
        )
        nodes = self.env["stock.warehouse"].create(
            [
                {"name": f"Bound node {i}", "code": f"BND{i}", "omni_calendar_id": self.calendar.id}
                for i in range(5)
            ]
        )
        for i, product in enumerate(products):
            self._stock(product, nodes[i % 5], 5)
        small = self._ship_order(self.customer_valencia, [(self.product_a, 1), (self.product_b, 1)])
        large = self._ship_order(self.customer_valencia, [(product, 1) for product in products])
        counts = []
        for order in (small, large):
            request_order = order.with_context(lang="en_US")  # as in a request
            request_order._omni_delivery_promise(now=MONDAY_10)  # the registry caches
            self.env.flush_all()
            self.env.cr.flush()
            self.env.invalidate_all()
            with self.assertQueryCount(__system__=15):
                before = self.cr.sql_log_count
                data = request_order._omni_delivery_promise(now=MONDAY_10)
                counts.append(self.cr.sql_log_count - before)
        self.assertEqual(data["explanation"].count(";"), 4)  # the large order ships from the 5 nodes
        self.assertEqual(counts[0], counts[1])
