# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import fields
from odoo.addons.omni_inventory_aisle.tests.common import pos_order_payload
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import OmniLastMileCommon


@tagged("post_install", "-at_install")
class TestPosShipPromise(OmniLastMileCommon, TestPointOfSaleHttpCommon):
    """The promise and the slot of a POS ship-home line: the RPCs, the synced order and the till.

    TestPointOfSaleHttpCommon (a TransactionCase on the real database) gives a
    real till and cashier; common.py the network, zones and the SEUR carrier.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accounting test user of the POS common has no Omnicanal rights: fixtures as superuser;
        # what is tested runs as the cashier (``pos_user``).
        cls.env = cls.env(su=True)
        cls._omni_last_mile_setup()
        env = cls.env
        # Only the fixture's carrier promises: another method with transit times would compete.
        env["delivery.carrier"].search([("id", "!=", cls.carrier.id)]).omni_transit_ids.unlink()
        cls.product_a.write({"available_in_pos": True, "taxes_id": False})
        cls._stock(cls.product_a, cls.wh_valencia, 5)
        cls.no_address = env["res.partner"].create({"name": "No address"})
        cls.other_company = env["res.company"].create({"name": "Other chain"})
        cls.other_partner = env["res.partner"].create({"name": "Other", "company_id": cls.other_company.id})
        cls.other_warehouse = env["stock.warehouse"].search(
            [("company_id", "=", cls.other_company.id)], limit=1
        ) or env["stock.warehouse"].create(
            {"name": "Other", "code": "OTH", "company_id": cls.other_company.id}
        )
        cls.other_warehouse.write({"omni_in_network": True, "omni_ships": True})
        # Vans' slots of Lucía's zone (the soonest is booked by the tour), one of another zone,
        # one full, one other company's and a pickup slot of the Valencia store.
        start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=2)

        def slot(hours, **vals):
            begin = start + dt.timedelta(hours=hours)
            vals = {"zone_id": cls.zone_peninsula.id, "capacity": 2, **vals}
            return env["omni.delivery.slot"].create(
                {"date_start": begin, "date_end": begin + dt.timedelta(hours=2), **vals}
            )

        cls.slot_full = slot(0, capacity=1)
        cls.slot_full.booked = 1
        cls.slot_soon = slot(2)
        cls.slot_later = slot(24)
        cls.slot_baleares = slot(2, zone_id=cls.zone_baleares.id)
        cls.slot_pickup = slot(4, slot_type="pickup", zone_id=False, warehouse_id=cls.wh_valencia.id)
        other_zone = env["omni.delivery.zone"].create(
            {
                "name": "Other",
                "code": "other",
                "country_id": cls.country_es.id,
                "company_id": cls.other_company.id,
            }
        )
        cls.slot_other_company = slot(2, zone_id=other_zone.id, company_id=cls.other_company.id)

    def _open_till(self):
        """The cashier's open session (not in setUpClass: the tour opens its own register)."""
        config = self.main_pos_config
        if not config.current_session_id:
            config.with_user(self.pos_user).open_ui()
            config.current_session_id.set_opening_control(0, None)
        return config.current_session_id

    def _rpc(self, partner_id, product_id, warehouse_id):
        session = self._open_till().with_user(self.pos_user)
        return session.omni_pos_promise(partner_id, product_id, warehouse_id)

    def _expected(self, now=None):
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        return order._omni_delivery_promise(now=now, carrier=self.carrier, nodes=self.wh_valencia)

    def test_rpc_gives_the_order_promise_of_the_ship_node(self):
        slow_product = self.env["product.product"].create({"name": "Slow shipping", "type": "service"})
        self.env["delivery.carrier"].create(
            {
                "name": "Slow post",
                "delivery_type": "fixed",
                "product_id": slow_product.id,
                "omni_transit_ids": [(0, 0, {"zone_id": self.zone_peninsula.id, "transit_days": 4})],
            }
        )
        data = self._rpc(self.customer_valencia.id, self.product_a.id, self.wh_valencia.id)
        expected = self._expected()
        self.assertEqual(data["headline"], expected["headline"])
        self.assertEqual(data["date"], fields.Date.to_string(expected["date"]))
        self.assertEqual(data["explanation"], expected["explanation"])
        self.assertIn("Aisle Valencia", data["explanation"])
        self.assertIn("SEUR 24 h", data["explanation"], "the earliest method wins over the slow one")

    def test_rpc_refuses_bad_ids(self):
        good = (self.customer_valencia.id, self.product_a.id, self.wh_valencia.id)
        bad_values = ["12", None, 0, -3, True, 2**40, 999_999_999]
        for position in range(3):
            for value in bad_values:
                args = list(good)
                args[position] = value
                with self.subTest(position=position, value=value), self.assertRaises(UserError):
                    self._rpc(*args)
        with self.assertRaises(UserError):
            self._rpc(self.other_partner.id, self.product_a.id, self.wh_valencia.id)
        with self.assertRaises(UserError):
            self._rpc(self.customer_valencia.id, self.product_a.id, self.other_warehouse.id)
        self.wh_sevilla.omni_ships = False
        with self.assertRaisesRegex(UserError, "does not ship"):
            self._rpc(self.customer_valencia.id, self.product_a.id, self.wh_sevilla.id)
        self.wh_madrid.omni_in_network = False
        with self.assertRaises(UserError):
            self._rpc(self.customer_valencia.id, self.product_a.id, self.wh_madrid.id)
        with self.assertRaises(UserError):
            self.env["pos.session"].with_user(self.pos_user).browse(999_999_999).omni_pos_promise(*good)

    def test_rpc_cannot_promise_is_an_error_not_an_exception(self):
        data = self._rpc(self.no_address.id, self.product_a.id, self.wh_valencia.id)
        self.assertEqual(set(data), {"error"})
        self.assertIn("delivery address", data["error"])
        self.carrier.omni_transit_ids.filtered(lambda t: t.zone_id == self.zone_peninsula).unlink()
        data = self._rpc(self.customer_valencia.id, self.product_a.id, self.wh_valencia.id)
        self.assertEqual(set(data), {"error"})

    def _ship_payload(self, partner, fulfilment="ship", **order_vals):
        self._open_till()
        payload = pos_order_payload(self.env, self.main_pos_config, [(self.product_a, 1)], partner=partner)
        payload["lines"][0][2].update(
            {"omni_warehouse_id": self.wh_valencia.id, "omni_fulfilment": fulfilment}
        )
        payload.update(order_vals)
        return payload

    def _sync(self, payload):
        result = self.env["pos.order"].with_user(self.pos_user).sync_from_ui([payload])
        return self.env["pos.order"].browse(result["pos.order"][0]["id"])

    def _sync_ship_sale(self, partner, fulfilment="ship", **order_vals):
        return self._sync(self._ship_payload(partner, fulfilment, **order_vals))

    def test_synced_ship_sale_stores_the_promise(self):
        order = self._sync_ship_sale(self.customer_valencia)
        self.assertEqual(order.state, "paid")
        expected = self._expected(now=order.date_order)
        self.assertEqual(order.omni_promise_date, expected["date"])
        self.assertEqual(order.omni_promise_note, expected["explanation"])
        collect = self._sync_ship_sale(self.customer_valencia, fulfilment="collect")
        self.assertFalse(collect.omni_promise_date, "no home delivery, no promise")

    def test_synced_sale_without_promise_is_saved_all_the_same(self):
        order = self._sync_ship_sale(self.no_address)
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.omni_fulfilment, "ship")
        self.assertFalse(order.omni_promise_date)
        self.assertFalse(order.omni_promise_note)

    def test_pos_tour_ship_line_shows_the_promise_and_books_a_slot(self):
        self.start_pos_tour("omni_last_mile_ship_promise_tour", login="pos_user")
        order = self.env["pos.order"].search(
            [("lines.product_id", "=", self.product_a.id)], order="id desc", limit=1
        )
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.lines.omni_warehouse_id, self.wh_valencia)
        self.assertEqual(order.omni_promise_note, self._expected(now=order.date_order)["explanation"])
        self.assertEqual(order.omni_slot_wanted_id, self.slot_soon, "the soonest slot with a place left")
        self.assertEqual(order.omni_slot_id, self.slot_soon)
        self.assertEqual(self.slot_soon.booked, 1)
        self.assertFalse(order.omni_slot_issue)

    # ------------------------------------------------------------------
    # Slots
    # ------------------------------------------------------------------
    def _slots(self, partner_id, warehouse_id, fulfilment):
        session = self._open_till().with_user(self.pos_user)
        return session.omni_pos_slots(partner_id, warehouse_id, fulfilment)

    def test_slot_rpc_lists_the_free_slots_of_the_zone_or_the_store(self):
        data = self._slots(self.customer_valencia.id, self.wh_valencia.id, "ship")
        self.assertEqual([s["id"] for s in data["slots"]], [self.slot_soon.id, self.slot_later.id])
        self.assertEqual(data["slots"][0]["label"], self.slot_soon.with_user(self.pos_user).display_name)
        self.assertEqual(data["slots"][0]["remaining"], 2)
        data = self._slots(self.customer_valencia.id, self.wh_valencia.id, "collect")
        self.assertEqual([s["id"] for s in data["slots"]], [self.slot_pickup.id])
        data = self._slots(self.no_address.id, self.wh_valencia.id, "ship")
        self.assertEqual(set(data), {"error"})
        self.assertIn("delivery address", data["error"])

    def test_slot_rpc_refuses_bad_input(self):
        good = (self.customer_valencia.id, self.wh_valencia.id, "ship")
        bad = {
            0: ["12", None, 0, -3, True, 2**40, 999_999_999],
            2: ["", "deliver", None, 3, ["ship"], "SHIP"],
        }
        bad[1] = bad[0]
        for position, values in bad.items():
            for value in values:
                args = list(good)
                args[position] = value
                with self.subTest(position=position, value=value), self.assertRaises(UserError):
                    self._slots(*args)
        with self.assertRaises(UserError):
            self._slots(self.other_partner.id, self.wh_valencia.id, "ship")
        with self.assertRaises(UserError):
            self._slots(self.customer_valencia.id, self.other_warehouse.id, "ship")
        self.wh_sevilla.omni_pickup = False
        with self.assertRaisesRegex(UserError, "does not accept pickups"):
            self._slots(self.customer_valencia.id, self.wh_sevilla.id, "collect")
        with self.assertRaises(UserError):
            self.env["pos.session"].with_user(self.pos_user).browse(999_999_999).omni_pos_slots(*good)

    def test_synced_sale_books_its_slot_once_and_a_refund_releases_it(self):
        # A till sends every field of the order: the booked slot and the issue are the server's.
        payload = self._ship_payload(
            self.customer_valencia,
            omni_slot_wanted_id=self.slot_soon.id,
            omni_slot_id=self.slot_later.id,
            omni_slot_issue="forged",
        )
        order = self._sync(dict(payload))
        self.assertEqual(order.state, "paid")
        self.assertEqual(order.omni_slot_id, self.slot_soon)
        self.assertEqual((self.slot_soon.booked, self.slot_later.booked), (1, 0))
        self.assertFalse(order.omni_slot_issue)
        self.assertEqual(self._sync(dict(payload)), order, "the till resends the same sale")
        self.assertEqual(self.slot_soon.booked, 1, "booked once")
        refund = pos_order_payload(
            self.env, self.main_pos_config, [(self.product_a, -1)], partner=self.customer_valencia
        )
        refund["lines"][0][2]["refunded_orderline_id"] = order.lines.id
        self.assertEqual(self._sync(refund).state, "paid")
        self.assertEqual(self.slot_soon.booked, 0, "the refund gives the place back")
        self.assertFalse(order.omni_slot_id)

    def test_full_slot_books_the_next_one_and_no_slot_flags_the_paid_sale(self):
        self.slot_soon.booked = 2
        order = self._sync_ship_sale(self.customer_valencia, omni_slot_wanted_id=self.slot_soon.id)
        self.assertEqual(order.omni_slot_id, self.slot_later, "the next free slot of the same zone")
        self.assertIn("filled up", "".join(order.message_ids.mapped("body")))
        self.slot_later.booked = 2
        stale = (self.slot_soon.id, self.slot_baleares.id, self.slot_other_company.id, 999_999_999, "x")
        for wanted in stale:
            with self.subTest(wanted=wanted):
                order = self._sync_ship_sale(self.customer_valencia, omni_slot_wanted_id=wanted)
                self.assertEqual(order.state, "paid", "a paid sale is a fact")
                self.assertFalse(order.omni_slot_id)
                self.assertTrue(order.omni_slot_issue, "a manager gives it a slot")
        self.assertEqual((self.slot_baleares.booked, self.slot_other_company.booked), (0, 0))
        self.assertEqual((self.slot_soon.booked, self.slot_later.booked), (2, 2))
