# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import binascii

from werkzeug.exceptions import NotFound

from odoo import fields
from odoo.exceptions import UserError
from odoo.http import Controller, request, route

MAX_SIGNATURE = 1024 * 1024
MAX_PHOTO = 8 * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def _coordinate(value):
    return value if value not in (None, "") else None


class OmniDriverController(Controller):
    def _omni_check_driver(self):
        if not request.env.user.has_group("omni_last_mile.group_omni_driver"):
            raise NotFound()

    def _omni_stop(self, stop_id):
        """The driver's own pending stop; record rules hide everyone else's (404)."""
        self._omni_check_driver()
        stop = request.env["omni.delivery.stop"].search([("id", "=", stop_id)], limit=1)
        if not stop:
            raise NotFound()
        return stop

    @route("/omni/driver", type="http", auth="user", website=True, methods=["GET"])
    def omni_driver_stops(self, **kwargs):
        self._omni_check_driver()
        today = fields.Date.context_today(request.env.user)
        stops = request.env["omni.delivery.stop"].search(
            [("driver_id", "=", request.env.uid), ("route_id.date", "=", today)],
            order="route_id, sequence, id",
        )
        return request.render("omni_last_mile.omni_driver_page", {"stops": stops})

    @route(
        "/omni/driver/stop/<int:stop_id>/deliver", type="http", auth="user", website=True, methods=["POST"]
    )
    def omni_driver_deliver(
        self, stop_id, recipient_name=None, signature=None, latitude=None, longitude=None, **kw
    ):
        stop = self._omni_stop(stop_id)
        photo = request.httprequest.files.get("photo")
        photo_data = photo.read(MAX_PHOTO + 1) if photo else b""
        if len(photo_data) > MAX_PHOTO:
            raise UserError(request.env._("The photo is too large."))
        stop._omni_mark_delivered(
            recipient_name,
            signature=self._omni_signature(signature),
            photo=base64.b64encode(photo_data) if photo_data else False,
            latitude=_coordinate(latitude),
            longitude=_coordinate(longitude),
        )
        return request.redirect("/omni/driver")

    @route("/omni/driver/stop/<int:stop_id>/fail", type="http", auth="user", website=True, methods=["POST"])
    def omni_driver_fail(self, stop_id, reason=None, latitude=None, longitude=None, **kw):
        stop = self._omni_stop(stop_id)
        stop._omni_mark_failed(reason, latitude=_coordinate(latitude), longitude=_coordinate(longitude))
        return request.redirect("/omni/driver")

    def _omni_signature(self, value):
        """A PNG drawn on the canvas, sent as a data URL; base64 of it, or a ``UserError``."""
        prefix = "data:image/png;base64,"
        if not isinstance(value, str) or not value.startswith(prefix) or len(value) > MAX_SIGNATURE:
            raise UserError(request.env._("The recipient must sign."))
        try:
            raw = base64.b64decode(value[len(prefix) :], validate=True)
        except (binascii.Error, ValueError):
            raise UserError(request.env._("The recipient must sign.")) from None
        if not raw.startswith(PNG_MAGIC):
            raise UserError(request.env._("The recipient must sign."))
        return base64.b64encode(raw)
