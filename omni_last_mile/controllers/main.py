# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import hmac
import json
import re

from werkzeug.exceptions import NotFound

from odoo import fields
from odoo.addons.omni_customer.inputs import InputError, json_refusal, message
from odoo.addons.omni_customer.tools import inputs
from odoo.exceptions import UserError
from odoo.http import Controller, request, route

from .checkout import _slot_values

CARRIER_STEPS = ("shipped", "out_for_delivery", "delivered", "failed_attempt")
MAX_BODY = 16 * 1024
# secrets.token_urlsafe(32): 43 characters of the URL-safe base64 alphabet.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,128}")


def _json_response(status, payload):
    return request.make_json_response(payload, status=status)


class OmniLastMileController(Controller):
    # ------------------------------------------------------------------
    # Promise (product page, cart, checkout)
    # ------------------------------------------------------------------
    @route("/omni/last_mile/promise", type="json", auth="public", website=True, methods=["POST"])
    def omni_promise(self, postcode=None, country_code=None, product_id=None):
        """Promise of the visitor's cart for a typed postcode (or the cart's address).

        With ``product_id`` (product page): the promise of that variant ordered
        alone; the typed postcode is kept in the session for the next pages.
        """
        try:
            postcode = inputs.parse_postcode(postcode)
            country_code = inputs.parse_country_code(country_code)
            product_id = inputs.parse_id(product_id, "product_id", required=False)
        except InputError as exc:
            return json_refusal(request.env, exc)
        if product_id:
            return self._omni_product_promise(product_id, postcode, country_code)
        order = request.website.sale_get_order()
        if not order or not order.order_line:
            return {"error": request.env._("Your cart is empty.")}
        country = request.env["res.country"].search([("code", "=", country_code)], limit=1)
        try:
            # sudo: the visitor's own cart; the promise reads nodes, calendars and carriers.
            data = order.sudo()._omni_delivery_promise(country=country, postcode=postcode)
        except UserError as exc:
            return {"error": exc.args[0]}
        return {
            "date": fields.Date.to_string(data["date"]),
            "date_to": fields.Date.to_string(data["date_to"]),
            "headline": data["headline"],
            "explanation": data["explanation"],
        }

    def _omni_product_promise(self, product_id, postcode, country_code):
        website = request.website
        product = request.env["product.product"].search(
            [("id", "=", product_id), *website.sale_product_domain()], limit=1
        )
        if not product:
            return {"error": request.env._("Unknown product.")}
        if postcode:
            request.session["omni_postcode"] = [postcode, country_code]
        else:
            postcode, country_code = request.session.get("omni_postcode") or [None, country_code]
        country = request.env["res.country"].search([("code", "=", country_code)], limit=1)
        partner = request.env.user.partner_id
        if not postcode and not partner.country_id:
            return {"error": request.env._("Type your postcode to see the delivery date."), "ask": True}
        try:
            # sudo: a virtual order (never saved) read against nodes, calendars and carriers.
            data = product.sudo()._omni_web_promise(
                website, partner.sudo(), country=country, postcode=postcode
            )
        except UserError as exc:
            return {"error": exc.args[0], "postcode": postcode or ""}
        return {
            "date": fields.Date.to_string(data["date"]),
            "date_to": fields.Date.to_string(data["date_to"]),
            "headline": data["headline"],
            "explanation": data["explanation"],
            "postcode": postcode or "",
        }

    # ------------------------------------------------------------------
    # Public tracking page
    # ------------------------------------------------------------------
    # readonly: renders the order found by its token, writes nothing: a replica may serve it.
    @route(
        "/omni/track/<string:token>", type="http", auth="public", website=True, methods=["GET"], readonly=True
    )
    def omni_track(self, token, **kwargs):
        return self._omni_track_render(self._omni_tracked_order(token))

    @route(
        "/omni/track/<string:token>/slot",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def omni_track_rebook(self, token, slot_id=None, **kwargs):
        """After a failed attempt, the customer picks a new slot: 404 unknown token, 400/409 refused."""
        order_sudo = self._omni_tracked_order(token)
        try:
            slot_id = inputs.parse_id(slot_id, "slot_id", from_text=True)
        except InputError as exc:
            return self._omni_track_render(order_sudo, error=message(request.env, exc), status=400)
        # sudo: visitors cannot read slots; the order's re-booking checks decide which one it may take.
        slot_sudo = request.env["omni.delivery.slot"].sudo().browse(slot_id)
        try:
            with request.env.cr.savepoint():
                order_sudo._omni_rebook_slot(slot_sudo)
        except UserError as exc:
            return self._omni_track_render(order_sudo, error=exc.args[0], status=409)
        return request.redirect(f"/omni/track/{order_sudo.omni_tracking_token}", code=303)

    def _omni_tracked_order(self, token):
        """The order of ``token`` (sudo), else 404: one answer for a malformed, wrong or unknown token."""
        try:
            token = inputs.parse_token(token, required=True)
        except InputError:
            raise NotFound() from None
        if not TOKEN_RE.fullmatch(token):
            raise NotFound()
        # sudo: public page, the order is found by its unguessable token only (compared below).
        order_sudo = request.env["sale.order"].sudo().search([("omni_tracking_token", "=", token)], limit=1)
        if not order_sudo or not inputs.tokens_equal(token, order_sudo.omni_tracking_token):
            raise NotFound()
        return order_sudo

    def _omni_track_render(self, order_sudo, error=None, status=200):
        slot_sudo = order_sudo.omni_slot_id
        rebook_domain = order_sudo._omni_rebook_domain()
        slots_sudo = order_sudo._omni_free_slots(rebook_domain)
        return request.render(
            "omni_last_mile.omni_track_page",
            {
                "order_sudo": order_sudo,
                "events_sudo": order_sudo.omni_event_ids,
                "token": order_sudo.omni_tracking_token,
                "slot_label": slot_sudo and order_sudo._omni_slot_label(slot_sudo),
                "rebook": rebook_domain is not None,
                "rebook_slots": _slot_values(slots_sudo, order_sudo),
                "error": error,
            },
            status=status,
        )

    # ------------------------------------------------------------------
    # Carrier webhook
    # ------------------------------------------------------------------
    @route(
        "/omni/carrier/<int:carrier_id>/webhook",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def omni_carrier_webhook(self, carrier_id, **kwargs):
        """Status push of a carrier: HMAC-SHA256 of the body, idempotent on ``event_id``."""
        body = request.httprequest.get_data(cache=False, as_text=False)
        # sudo: the caller is a carrier, authenticated below by its secret, not a user.
        carrier_sudo = request.env["delivery.carrier"].sudo().browse(carrier_id).exists()
        secret = carrier_sudo.omni_webhook_secret if carrier_sudo else False
        signature = request.httprequest.headers.get("X-Omni-Signature", "")
        if not secret or len(body) > MAX_BODY:
            return _json_response(401, {"error": "unauthorized"})
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        if not inputs.tokens_equal(signature, expected):
            return _json_response(401, {"error": "unauthorized"})
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return _json_response(400, {"error": "invalid JSON"})
        error = self._omni_check_payload(payload)
        if error:
            return _json_response(400, {"error": error})
        Event = request.env["omni.delivery.event"].sudo()
        if Event.search_count(
            [("carrier_id", "=", carrier_sudo.id), ("external_id", "=", payload["event_id"])]
        ):
            return _json_response(200, {"status": "duplicate"})
        reference = payload["reference"]
        picking = (
            request.env["stock.picking"]
            .sudo()
            .search([("carrier_tracking_ref", "=", reference), ("carrier_id", "=", carrier_sudo.id)], limit=1)
        )
        order = picking.sale_id or request.env["sale.order"].sudo().search(
            [("name", "=", reference), ("carrier_id", "=", carrier_sudo.id), ("state", "=", "sale")], limit=1
        )
        if not order:
            return _json_response(404, {"error": "unknown reference"})
        Event._omni_record(
            order,
            payload["step"],
            note=payload.get("note") or False,
            carrier=carrier_sudo,
            external_id=payload["event_id"],
        )
        return _json_response(200, {"status": "ok"})

    def _omni_check_payload(self, payload):
        if not isinstance(payload, dict):
            return "an object is expected"
        if set(payload) - {"event_id", "reference", "step", "note"}:
            return "unknown keys"
        for key in ("event_id", "reference"):
            value = payload.get(key)
            if not isinstance(value, str) or not value.strip() or len(value) > 64:
                return f"{key} must be a short text"
        if payload.get("step") not in CARRIER_STEPS:
            return "unknown step"
        note = payload.get("note")
        if note is not None and (not isinstance(note, str) or len(note) > 256):
            return "note must be a short text"
        return ""
