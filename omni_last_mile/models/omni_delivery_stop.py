# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

MAX_NAME = 128
MAX_REASON = 256


class OmniDeliveryStop(models.Model):
    """One order to hand over on a route, with its proof of delivery."""

    _name = "omni.delivery.stop"
    _description = "Route stop and proof of delivery"
    _order = "route_id, sequence, id"

    route_id = fields.Many2one("omni.delivery.route", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="route_id.company_id", store=True, index=True)
    driver_id = fields.Many2one(related="route_id.driver_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    # Related fields read as superuser: drivers see the address, not the order.
    order_name = fields.Char(related="order_id.name", string="Order reference")
    recipient_partner = fields.Char(related="order_id.partner_shipping_id.name", string="Customer")
    address = fields.Char(related="order_id.partner_shipping_id.contact_address_inline", string="Address")
    state = fields.Selection(
        [("pending", "To deliver"), ("delivered", "Delivered"), ("failed", "Failed")],
        default="pending",
        required=True,
        readonly=True,
    )
    recipient_name = fields.Char(readonly=True)
    signature = fields.Image(max_width=1024, max_height=1024, readonly=True, attachment=True)
    photo = fields.Image(max_width=1920, max_height=1920, readonly=True, attachment=True)
    latitude = fields.Float(digits=(10, 7), readonly=True)
    longitude = fields.Float(digits=(10, 7), readonly=True)
    failure_reason = fields.Char(readonly=True)
    done_at = fields.Datetime(readonly=True)

    def _omni_check_pending(self):
        self.ensure_one()
        if self.state != "pending":
            raise UserError(self.env._("This stop is already closed."))

    def _omni_coordinates(self, latitude, longitude):
        if latitude is None and longitude is None:
            return {}
        try:
            lat, lon = float(latitude), float(longitude)
        except (TypeError, ValueError):
            raise UserError(self.env._("Invalid GPS coordinates.")) from None
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise UserError(self.env._("Invalid GPS coordinates."))
        return {"latitude": lat, "longitude": lon}

    def _omni_mark_delivered(
        self, recipient_name, signature=False, photo=False, latitude=None, longitude=None
    ):
        """Proof of delivery: who took it, their signature, a photo, where; then the timeline."""
        self._omni_check_pending()
        name = (recipient_name or "").strip() if isinstance(recipient_name, str) else ""
        if not name or len(name) > MAX_NAME:
            raise UserError(self.env._("Give the name of the person who received the parcel."))
        if not signature:
            raise UserError(self.env._("The recipient must sign."))
        vals = {
            "state": "delivered",
            "recipient_name": name,
            "signature": signature,
            "photo": photo or False,
            "done_at": fields.Datetime.now(),
            **self._omni_coordinates(latitude, longitude),
        }
        # sudo: the driver closes their own stop (checked by the record rule on read) and
        # the order's timeline, which drivers cannot write.
        self.sudo().write(vals)
        self.env["omni.delivery.event"].sudo()._omni_record(
            self.sudo().order_id, "delivered", note=self.env._("Received by %(name)s", name=name)
        )
        return True

    def _omni_mark_failed(self, reason, latitude=None, longitude=None):
        """Failed attempt: the customer is told, with the link to follow and re-book."""
        self._omni_check_pending()
        reason = (reason or "").strip() if isinstance(reason, str) else ""
        if not reason or len(reason) > MAX_REASON:
            raise UserError(self.env._("Give the reason of the failed attempt."))
        # sudo: same as _omni_mark_delivered.
        self.sudo().write(
            {
                "state": "failed",
                "failure_reason": reason,
                "done_at": fields.Datetime.now(),
                **self._omni_coordinates(latitude, longitude),
            }
        )
        # sudo: a driver records the failed attempt on an order they cannot read (their own stop).
        self.env["omni.delivery.event"].sudo()._omni_record(
            self.sudo().order_id, "failed_attempt", note=reason
        )
        return True
