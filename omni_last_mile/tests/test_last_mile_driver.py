# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

from PIL import Image

from odoo import http
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import OmniLastMileCommon


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestProofOfDelivery(OmniLastMileCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 10)
        cls.driver_a = new_test_user(
            cls.env, login="omni_driver_a", groups="omni_last_mile.group_omni_driver"
        )
        cls.driver_b = new_test_user(
            cls.env, login="omni_driver_b", groups="omni_last_mile.group_omni_driver"
        )
        orders = cls.env["sale.order"]
        for _i in range(3):
            order = cls._ship_order(cls.customer_valencia, [(cls.product_a, 1)])
            order.action_confirm()
            orders |= order
        Route = cls.env["omni.delivery.route"]
        cls.route_a = Route.create(
            {
                "name": "Valencia van 1",
                "driver_id": cls.driver_a.id,
                "stop_ids": [
                    (0, 0, {"order_id": orders[0].id, "sequence": 1}),
                    (0, 0, {"order_id": orders[1].id}),
                ],
            }
        )
        cls.route_b = Route.create(
            {
                "name": "Valencia van 2",
                "driver_id": cls.driver_b.id,
                "stop_ids": [(0, 0, {"order_id": orders[2].id})],
            }
        )
        cls.stop_a1, cls.stop_a2 = cls.route_a.stop_ids
        cls.stop_b = cls.route_b.stop_ids

    def _post(self, url, data, files=None):
        return self.url_open(url, data={**data, "csrf_token": http.Request.csrf_token(self)}, files=files)

    def _signature(self):
        return "data:image/png;base64," + base64.b64encode(_png()).decode()

    def test_driver_sees_only_own_route(self):
        Stop = self.env["omni.delivery.stop"].with_user(self.driver_a)
        self.assertEqual(Stop.search([]), self.stop_a1 | self.stop_a2)
        self.assertEqual(self.env["omni.delivery.route"].with_user(self.driver_a).search([]), self.route_a)
        with self.assertRaises(AccessError):
            self.stop_b.with_user(self.driver_a).read(["address"])
        with self.assertRaises(AccessError):
            self.stop_a1.with_user(self.driver_a).write({"state": "delivered"})
        self.authenticate("omni_driver_a", "omni_driver_a")
        page = self.url_open("/omni/driver")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.stop_a1.order_name, page.text)
        self.assertNotIn(self.stop_b.order_name, page.text)

    @mute_logger("odoo.http")
    def test_driver_cannot_close_another_drivers_stop(self):
        self.authenticate("omni_driver_a", "omni_driver_a")
        response = self._post(
            f"/omni/driver/stop/{self.stop_b.id}/deliver",
            {"recipient_name": "Intruder", "signature": self._signature()},
        )
        self.assertEqual(response.status_code, 404)
        failed = self._post(f"/omni/driver/stop/{self.stop_b.id}/fail", {"reason": "nobody"})
        self.assertEqual(failed.status_code, 404)
        self.assertEqual(self.stop_b.state, "pending")
        self.authenticate("aisle_user", "aisle_user")
        self.assertEqual(self.url_open("/omni/driver").status_code, 404, "not a driver")

    def test_delivered_with_signature_photo_and_gps(self):
        self.authenticate("omni_driver_a", "omni_driver_a")
        response = self._post(
            f"/omni/driver/stop/{self.stop_a1.id}/deliver",
            {
                "recipient_name": "Lucía",
                "signature": self._signature(),
                "latitude": "39.47",
                "longitude": "-0.38",
            },
            files={"photo": ("door.png", _png(), "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.stop_a1.state, "delivered")
        self.assertEqual(self.stop_a1.recipient_name, "Lucía")
        self.assertTrue(self.stop_a1.signature and self.stop_a1.photo)
        self.assertAlmostEqual(self.stop_a1.latitude, 39.47)
        self.assertEqual(self.stop_a1.order_id.omni_delivery_step, "delivered")

    def test_failed_attempt_notifies_the_customer(self):
        self.authenticate("omni_driver_a", "omni_driver_a")
        response = self._post(f"/omni/driver/stop/{self.stop_a2.id}/fail", {"reason": "Nobody home"})
        self.assertEqual(response.status_code, 200)
        order = self.stop_a2.order_id
        self.assertEqual((self.stop_a2.state, order.omni_delivery_step), ("failed", "failed_attempt"))
        mail = self.env["mail.mail"].search([("model", "=", "sale.order"), ("res_id", "=", order.id)])
        self.assertEqual(len(mail), 1)
        self.assertIn("/omni/track/", mail.body_html)

    @mute_logger("odoo.http")
    def test_bad_proofs_are_refused(self):
        self.authenticate("omni_driver_a", "omni_driver_a")
        url = f"/omni/driver/stop/{self.stop_a1.id}/deliver"
        for data in (
            {"recipient_name": "Lucía"},
            {"recipient_name": "Lucía", "signature": "data:image/png;base64,not-base64!"},
            {
                "recipient_name": "Lucía",
                "signature": "data:image/png;base64," + base64.b64encode(b"GIF89a").decode(),
            },
            {"recipient_name": "", "signature": self._signature()},
            {"recipient_name": "x" * 200, "signature": self._signature()},
            {
                "recipient_name": "Lucía",
                "signature": self._signature(),
                "latitude": "north",
                "longitude": "1",
            },
            {"recipient_name": "Lucía", "signature": self._signature(), "latitude": "95", "longitude": "1"},
        ):
            self.assertEqual(self._post(url, data).status_code, 400, data)
        self.assertEqual(
            self._post(f"/omni/driver/stop/{self.stop_a1.id}/fail", {"reason": ""}).status_code, 400
        )
        self.assertEqual(self.stop_a1.state, "pending")
        self.assertFalse(self.stop_a1.order_id.omni_event_ids.filtered(lambda e: e.step == "delivered"))
