# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import re

from odoo.addons.omni_customer.tools import inputs
from odoo.http import Controller, request, route
from odoo.tools import email_normalize

MAX_BODY = 16 * 1024
MAX_TEXT = 4000
PHONE = re.compile(r"\+?[0-9][0-9 ().-]{5,31}")
KEYS = {"message_id", "phone", "email", "name", "text"}


def _json(status, payload):
    return request.make_json_response(payload, status=status)


def check_payload(payload):
    """The validated payload, or an error text (nothing is written on error)."""
    if not isinstance(payload, dict):
        return None, "an object is expected"
    if set(payload) - KEYS:
        return None, "unknown keys"
    try:
        clean = {
            "message_id": inputs.parse_text(
                payload.get("message_id"), "message_id", max_length=128, required=True
            ),
            "phone": inputs.parse_text(payload.get("phone"), "phone", max_length=32),
            "email": inputs.parse_text(payload.get("email"), "email", max_length=254),
            "name": inputs.parse_text(payload.get("name"), "name", max_length=128),
        }
        text = payload.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_TEXT or "\x00" in text:
            raise inputs.InputError(inputs.INVALID_TEXT, "text")
        text.encode("utf-8")
        clean["text"] = text.strip()
    except (inputs.InputError, UnicodeEncodeError):
        return None, "invalid field"
    if clean["phone"] and not PHONE.fullmatch(clean["phone"]):
        return None, "invalid phone"
    if clean["email"]:
        clean["email"] = email_normalize(clean["email"], strict=True)
        if not clean["email"]:
            return None, "invalid email"
    if not clean["phone"] and not clean["email"]:
        return None, "phone or email is required"
    return clean, ""


class OmniSocialWebhook(Controller):
    @route(
        "/omni/helpdesk/social/<int:source_id>/webhook",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def omni_social_webhook(self, source_id, **kwargs):
        """A WhatsApp / social message: HMAC-SHA256 of the body, idempotent on ``message_id``."""
        body = request.httprequest.get_data(cache=False, as_text=False)
        # sudo: the caller is a messaging provider authenticated by the source's
        # secret just below, not a user.
        source = request.env["omni.social.source"].sudo().browse(source_id).exists()
        if not source or not source.active:
            return _json(404, {"error": "unknown source"})
        if len(body) > MAX_BODY:
            return _json(413, {"error": "too large"})
        signature = request.httprequest.headers.get("X-Omni-Signature", "")
        if not source._omni_signature_ok(body, signature):
            return _json(401, {"error": "unauthorized"})
        try:
            payload = json.loads(body)
        except (ValueError, UnicodeDecodeError):
            return _json(400, {"error": "invalid JSON"})
        clean, error = check_payload(payload)
        if error:
            return _json(400, {"error": error})
        ticket, created = source.with_company(source.company_id)._omni_receive(clean)
        return _json(200, {"status": "ok" if created else "duplicate", "ticket_id": ticket.id})
