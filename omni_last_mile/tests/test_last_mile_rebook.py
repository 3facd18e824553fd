# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt
import re

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import OmniLastMileCommon

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestRebookAfterFailedAttempt(OmniLastMileCommon, HttpCase):
    """After a failed attempt, the customer picks a new slot on the tracking page (real routes)."""

    @classmethod
    def _slot(cls, zone, capacity=3, hours_ahead=48, **vals):
        start = fields.Datetime.now().replace(microsecond=0) + dt.timedelta(hours=hours_ahead)
        return cls.env["omni.delivery.slot"].create(
            {
                "zone_id": zone.id,
                "company_id": zone.company_id.id,
                "date_start": start,
                "date_end": start + dt.timedelta(hours=2),
                "capacity": capacity,
                **vals,
            }
        )

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 10)
        cls.carrier.omni_uses_slots = True
        cls.old_slot = cls._slot(cls.zone_peninsula, hours_ahead=3)
        cls.new_slot = cls._slot(cls.zone_peninsula, hours_ahead=48)
        cls.full_slot = cls._slot(cls.zone_peninsula, capacity=1, hours_ahead=50)
        cls.full_slot._omni_book()
        cls.past_slot = cls._slot(cls.zone_peninsula, hours_ahead=-5)
        cls.island_slot = cls._slot(cls.zone_canarias)
        other_company = cls.env["res.company"].create({"name": "Omni rebook other company"})
        other_zone = cls.env["omni.delivery.zone"].create(
            {
                "name": "Other company peninsula",
                "code": "omni_rebook_other",
                "country_id": cls.country_es.id,
                "company_id": other_company.id,
            }
        )
        cls.foreign_slot = cls._slot(other_zone)
        cls.order = cls._ship_order(cls.customer_valencia, [(cls.product_a, 1)], warehouse=cls.wh_valencia)
        cls.order.action_confirm()
        cls.order._omni_book_slot(cls.old_slot)
        cls.other = cls._ship_order(cls.customer_valencia, [(cls.product_a, 1)], warehouse=cls.wh_valencia)
        cls.other.action_confirm()
        # The driver's real failed attempt: timeline step and the customer's e-mail.
        driver = new_test_user(cls.env, login="omni_rebook_driver", groups="omni_last_mile.group_omni_driver")
        route = cls.env["omni.delivery.route"].create(
            {"name": "Valencia van", "driver_id": driver.id, "stop_ids": [(0, 0, {"order_id": cls.order.id})]}
        )
        route.stop_ids.with_user(driver)._omni_mark_failed("Nobody home")
        cls.promise = (cls.order.commitment_date, cls.order.omni_promise_date, cls.order.omni_promise_date_to)

    def setUp(self):
        super().setUp()
        self.authenticate(None, None)  # a public session: the form's CSRF token is bound to it

    def _page(self, order=None):
        response = self.url_open(f"/omni/track/{(order or self.order).omni_tracking_token}")
        self.assertEqual(response.status_code, 200)
        return response

    def _pick(self, slot_id, token=None, csrf=None):
        if csrf is None:
            csrf = CSRF_RE.search(self._page().text).group(1)
        data = {"slot_id": slot_id, **({"csrf_token": csrf} if csrf else {})}
        response = self.url_open(f"/omni/track/{token or self.order.omni_tracking_token}/slot", data=data)
        self.env.invalidate_all()  # the request wrote through its own environment
        return response

    def _bookings(self):
        slots = self.old_slot | self.new_slot | self.full_slot | self.past_slot
        slots |= self.island_slot | self.foreign_slot
        slots.invalidate_recordset(["booked"])
        return slots.mapped("booked")

    def test_failed_attempt_mail_offers_a_new_slot(self):
        self.assertEqual(self.order.omni_delivery_step, "failed_attempt")
        mail = self.env["mail.mail"].search(
            [("model", "=", "sale.order"), ("res_id", "=", self.order.id)], order="id desc", limit=1
        )
        self.assertIn("Pick a new delivery slot through the link below", mail.body_html)
        self.assertIn(f"/omni/track/{self.order.omni_tracking_token}", mail.body_html)

    def test_pick_moves_the_booking(self):
        # The page stays readonly (a write would be retried on a read/write cursor, with a warning).
        with self.assertNoLogs("odoo.http", "WARNING"):
            page = self._page()
        self.assertIn('id="omni_track_rebook"', page.text)
        self.assertIn(f'value="{self.new_slot.id}"', page.text)
        for hidden in (self.full_slot, self.past_slot, self.island_slot, self.foreign_slot):
            self.assertNotIn(f'value="{hidden.id}"', page.text)
        response = self._pick(str(self.new_slot.id), csrf=CSRF_RE.search(page.text).group(1))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/omni/track/{self.order.omni_tracking_token}"), response.url)
        self.assertEqual(self._bookings(), [0, 1, 1, 0, 0, 0], "old slot released, new one taken")
        self.assertEqual(self.order.omni_slot_id, self.new_slot)
        label = self.order._omni_slot_label(self.new_slot)
        self.assertIn("omni_track_slot", response.text)
        self.assertIn(label, response.text)
        self.assertNotIn('id="omni_track_rebook"', response.text, "the form is gone once re-booked")
        self.assertEqual(self.order.omni_delivery_step, "rescheduled")
        self.assertEqual(self.order.omni_event_ids[-1].note, label)
        self.assertIn(label, self.order.message_ids[0].body)
        self.assertEqual(
            (self.order.commitment_date, self.order.omni_promise_date, self.order.omni_promise_date_to),
            self.promise,
            "the promise the KPIs measure is kept",
        )
        again = self._pick(str(self.full_slot.id), csrf=CSRF_RE.search(page.text).group(1))
        self.assertEqual(again.status_code, 409, "no longer after a failed attempt")
        self.assertEqual(self._bookings(), [0, 1, 1, 0, 0, 0])

    @mute_logger("odoo.http")
    def test_refused_picks_write_nothing(self):
        before = self._bookings()
        events = len(self.order.omni_event_ids)
        for slot_id, status, text in (
            (self.island_slot.id, 409, "Unknown slot."),
            (self.foreign_slot.id, 409, "Unknown slot."),
            (self.full_slot.id, 409, "This slot is full"),
            (self.past_slot.id, 409, "This slot has already started"),
            (2**31 - 1, 409, "Unknown slot."),
            ("abc", 400, "Unknown or invalid record reference."),
            ("-3", 400, "Unknown or invalid record reference."),
            ("0", 400, "Unknown or invalid record reference."),
            ("1.5", 400, "Unknown or invalid record reference."),
            ("9" * 30, 400, "Unknown or invalid record reference."),
            ("", 400, "Unknown or invalid record reference."),
        ):
            response = self._pick(str(slot_id))
            self.assertEqual(response.status_code, status, slot_id)
            self.assertIn('id="omni_track_error"', response.text, slot_id)
            self.assertIn(text, response.text, slot_id)
            self.assertIn('id="omni_track_rebook"', response.text, "the customer can pick again")
        self.assertEqual(self._pick(str(self.new_slot.id), csrf=False).status_code, 400, "no CSRF token")
        self.assertEqual(self._bookings(), before)
        self.order.invalidate_recordset()
        self.assertEqual((self.order.omni_slot_id, len(self.order.omni_event_ids)), (self.old_slot, events))

    @mute_logger("odoo.http")
    def test_wrong_token_or_order_not_failed(self):
        csrf = CSRF_RE.search(self._page().text).group(1)
        token = self.order.omni_tracking_token
        for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", token + "x", "é" * 600):
            response = self._pick(str(self.new_slot.id), token=bad, csrf=csrf)
            self.assertEqual(response.status_code, 404, bad)
            self.assertNotIn(self.order.name, response.text)
        self.assertNotIn('id="omni_track_rebook"', self._page(self.other).text)
        response = self._pick(str(self.new_slot.id), token=self.other.omni_tracking_token, csrf=csrf)
        self.assertEqual(response.status_code, 409)
        self.assertIn("only be picked after a failed delivery attempt", response.text)
        self.assertNotIn(self.order.name, response.text)
        self.assertEqual(self._bookings(), [1, 0, 1, 0, 0, 0])
        self.assertFalse(self.other.omni_slot_id)
