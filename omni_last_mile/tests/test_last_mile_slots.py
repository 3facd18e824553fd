# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import api, fields
from odoo.addons.omni_customer.tests.common import race
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import OmniLastMileCommon


def _slot_vals(zone, capacity, hours_ahead=48):
    start = fields.Datetime.now().replace(microsecond=0) + dt.timedelta(hours=hours_ahead)
    return {
        "slot_type": "delivery",
        "zone_id": zone.id,
        "company_id": zone.company_id.id,
        "date_start": start,
        "date_end": start + dt.timedelta(hours=2),
        "capacity": capacity,
    }


@tagged("post_install", "-at_install")
class TestDeliverySlots(OmniLastMileCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 10)
        cls.slot = cls.env["omni.delivery.slot"].create(_slot_vals(cls.zone_peninsula, 1))

    def test_book_full_cancel_releases(self):
        first = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        second = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        first._omni_book_slot(self.slot)
        self.assertEqual((self.slot.booked, self.slot.remaining, first.omni_slot_id), (1, 0, self.slot))
        first._omni_book_slot(self.slot)  # booking the same slot again takes no second place
        self.assertEqual(self.slot.booked, 1)
        with self.assertUserError("This slot is full"):
            second._omni_book_slot(self.slot)
        self.assertFalse(second.omni_slot_id)
        first._action_cancel()
        self.assertEqual((self.slot.booked, first.omni_slot_id.id), (0, False))
        second._omni_book_slot(self.slot)
        self.assertEqual(self.slot.booked, 1)

    def test_changing_slot_releases_the_previous_one(self):
        other = self.env["omni.delivery.slot"].create(_slot_vals(self.zone_peninsula, 3, hours_ahead=72))
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        order._omni_book_slot(self.slot)
        order._omni_book_slot(other)
        self.assertEqual((self.slot.booked, other.booked, order.omni_slot_id), (0, 1, other))

    def test_wrong_zone_past_slot_and_unknown_slot_refused(self):
        order = self._ship_order(self.customer_valencia, [(self.product_a, 1)])
        islands = self.env["omni.delivery.slot"].create(_slot_vals(self.zone_canarias, 5))
        with self.assertUserError("does not deliver to the order's address"):
            order._omni_book_slot(islands)
        past = self.env["omni.delivery.slot"].create(_slot_vals(self.zone_peninsula, 5, hours_ahead=-5))
        with self.assertUserError("no longer available"):
            order._omni_book_slot(past)
        with self.assertUserError("Unknown slot"):
            order._omni_book_slot(self.env["omni.delivery.slot"].browse(999999))
        pickup = self.env["omni.delivery.slot"].create(
            {**_slot_vals(self.zone_peninsula, 5), "slot_type": "pickup", "warehouse_id": self.wh_valencia.id}
        )
        with self.assertUserError("does not deliver"):
            order._omni_book_slot(pickup)
        self.assertEqual(past.booked + islands.booked + pickup.booked, 0)

    def test_slot_needs_a_place(self):
        with self.assertRaises(ValidationError) as cm, self.cr.savepoint():
            self.env["omni.delivery.slot"].create({**_slot_vals(self.zone_peninsula, 1), "zone_id": False})
        self.assertIn("needs a zone", str(cm.exception))

    def test_load_per_day_read_group(self):
        self.slot._omni_book()
        groups = self.env["omni.delivery.slot"]._read_group(
            [("id", "=", self.slot.id)], ["day:day"], ["booked:sum", "capacity:sum"]
        )
        self.assertEqual([(g[1], g[2]) for g in groups], [(1, 1)])


@tagged("post_install", "-at_install")
class TestSlotRace(TransactionCase):
    """Two real connections book the last place at the same moment: one wins, none overbooks."""

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            zone = env["omni.delivery.zone"].create(
                {"name": "Race zone", "code": "omni_race_zone", "country_id": env.ref("base.es").id}
            )
            slot = env["omni.delivery.slot"].create(_slot_vals(zone, 2))
            slot._omni_book()  # one place left
            self.zone_id, self.slot_id = zone.id, slot.id
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            env["omni.delivery.slot"].browse(self.slot_id).unlink()
            env["omni.delivery.zone"].browse(self.zone_id).unlink()

    @mute_logger("odoo.sql_db")
    def test_two_connections_last_place(self):
        def book(env):
            return env["omni.delivery.slot"].browse(self.slot_id)._omni_book()

        results = race(self.registry, [book, book], overlap=0.2)
        outcomes = sorted(r[0] for r in results)
        self.assertEqual(outcomes, ["ok", "refused"], results)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            slot = env["omni.delivery.slot"].browse(self.slot_id)
            self.assertEqual((slot.booked, slot.capacity), (2, 2))
