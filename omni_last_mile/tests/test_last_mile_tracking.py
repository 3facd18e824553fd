# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import hmac
import json

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from .common import OmniLastMileCommon


@tagged("post_install", "-at_install")
class TestTracking(OmniLastMileCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 10)
        cls.order = cls._ship_order(cls.customer_valencia, [(cls.product_a, 1)])
        cls.order.action_confirm()
        cls.other = cls._ship_order(cls.customer_madrid, [(cls.product_a, 1)])
        cls.other.action_confirm()
        cls.order.picking_ids.carrier_tracking_ref = "SEUR-TRACK-1"

    def _webhook(self, payload, secret="seur-test-secret", carrier=None, raw=None):
        body = raw if raw is not None else json.dumps(payload).encode()
        signature = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return self.url_open(
            f"/omni/carrier/{(carrier or self.carrier).id}/webhook",
            data=body,
            headers={"X-Omni-Signature": signature, "Content-Type": "application/json"},
        )

    # ------------------------------------------------------------------
    def test_tracking_page_shows_only_that_order(self):
        token = self.order.omni_tracking_token
        response = self.url_open(f"/omni/track/{token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order.name, response.text)
        self.assertIn("Confirmed", response.text)
        self.assertNotIn(self.other.name, response.text)
        self.assertNotIn(self.order.partner_id.street or "no-street", response.text)
        self.assertNotIn(str(self.order.amount_total), response.text)

    @mute_logger("odoo.http")
    def _omni_routing(self, path):
        rules = self.env["ir.http"].routing_map().iter_rules()
        return next(rule for rule in rules if rule.rule == path).endpoint.routing

    def test_tracking_page_is_readonly(self):
        """Declared readonly (a PostgreSQL replica may serve it) and renders in a read-only transaction."""
        self.assertIs(self._omni_routing("/omni/track/<string:token>")["readonly"], True)
        # a write would fail there and Odoo would log its retry on a read/write cursor
        with self.assertNoLogs("odoo.http", "WARNING"):
            response = self.url_open(f"/omni/track/{self.order.omni_tracking_token}")
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.order.name, response.text)

    def test_wrong_token_is_404_and_leaks_nothing(self):
        token = self.order.omni_tracking_token
        for bad in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", token + "x", "%00", "é" * 600):
            response = self.url_open(f"/omni/track/{bad}")
            self.assertEqual(response.status_code, 404, bad)
            self.assertNotIn(self.order.name, response.text)
        other = self.url_open(f"/omni/track/{self.other.omni_tracking_token}")
        self.assertIn(self.other.name, other.text)
        self.assertNotIn(self.order.name, other.text)

    # ------------------------------------------------------------------
    def test_webhook_records_the_step_once_and_notifies(self):
        payload = {"event_id": "EV-1", "reference": "SEUR-TRACK-1", "step": "shipped", "note": "Hub Valencia"}
        response = self._webhook(payload)
        self.assertEqual((response.status_code, response.json()["status"]), (200, "ok"))
        self.assertEqual(self.order.omni_delivery_step, "shipped")
        replay = self._webhook(payload)
        self.assertEqual((replay.status_code, replay.json()["status"]), (200, "duplicate"))
        self.assertEqual(self.order.omni_event_ids.mapped("step"), ["confirmed", "shipped"])
        mails = self.env["mail.mail"].search([("model", "=", "sale.order"), ("res_id", "=", self.order.id)])
        self.assertEqual(len(mails), 1)
        self.assertIn(self.order.omni_tracking_token, mails.body_html)

    def test_no_mail_without_consent(self):
        self.env["omni.consent"]._omni_set(self.customer_valencia, "service", "email", False)
        response = self._webhook({"event_id": "EV-2", "reference": self.order.name, "step": "delivered"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.order.omni_delivery_step, "delivered")
        self.assertFalse(
            self.env["mail.mail"].search([("model", "=", "sale.order"), ("res_id", "=", self.order.id)])
        )

    def test_forged_signature_and_unknown_carrier(self):
        payload = {"event_id": "EV-3", "reference": "SEUR-TRACK-1", "step": "delivered"}
        self.assertEqual(self._webhook(payload, secret="guess").status_code, 401)
        no_secret = self.carrier.copy({"omni_webhook_secret": False})
        self.assertEqual(self._webhook(payload, carrier=no_secret).status_code, 401)
        response = self.url_open(
            f"/omni/carrier/{self.carrier.id}/webhook", data=json.dumps(payload).encode(), headers={}
        )
        self.assertEqual(response.status_code, 401)
        self.assertEqual(self.order.omni_delivery_step, "confirmed")

    def test_bad_payloads_refused(self):
        for payload in (
            [],
            {"event_id": "EV-4", "reference": "SEUR-TRACK-1", "step": "teleported"},
            {"event_id": "", "reference": "SEUR-TRACK-1", "step": "shipped"},
            {"event_id": 5, "reference": "SEUR-TRACK-1", "step": "shipped"},
            {"event_id": "EV-4", "reference": "SEUR-TRACK-1", "step": "shipped", "admin": True},
            {"event_id": "EV-4", "reference": "x" * 65, "step": "shipped"},
            {"event_id": "EV-4", "reference": "SEUR-TRACK-1", "step": "shipped", "note": {"a": 1}},
        ):
            self.assertEqual(self._webhook(payload).status_code, 400, payload)
        self.assertEqual(self._webhook(None, raw=b"{not json").status_code, 400)
        unknown = self._webhook({"event_id": "EV-5", "reference": "NOPE", "step": "shipped"})
        self.assertEqual(unknown.status_code, 404)
        rival = self.carrier.copy({"name": "Rival", "omni_webhook_secret": "rival-secret"})
        foreign = self._webhook(
            {"event_id": "EV-6", "reference": self.order.name, "step": "shipped"},
            secret="rival-secret",
            carrier=rival,
        )
        self.assertEqual(foreign.status_code, 404, "an order of another carrier is unknown to this one")
        self.assertEqual(self.order.omni_event_ids.mapped("step"), ["confirmed"])

    def test_portal_order_shows_the_timeline(self):
        token = self.order._portal_ensure_token()
        page = self.url_open(f"/my/orders/{self.order.id}?access_token={token}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("omni_delivery_timeline", page.text)
        self.assertIn("Confirmed", page.text)
