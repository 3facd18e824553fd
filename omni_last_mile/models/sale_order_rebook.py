# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""After a failed delivery attempt: the customer picks a new delivery slot from the tracking page."""

from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_datetime


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _omni_slot_label(self, slot):
        """``slot``'s window in the company's time zone and the current language."""
        self.ensure_one()
        tz = self.company_id.resource_calendar_id.tz or "UTC"
        return "%s - %s" % (
            format_datetime(self.env, slot.date_start, tz=tz, dt_format="EEEE d MMMM, HH:mm"),
            format_datetime(self.env, slot.date_end, tz=tz, dt_format="HH:mm"),
        )

    def _omni_rebook_domain(self):
        """The slots this order may be re-booked into (``None``: it may not be re-booked).

        Only while the order's last step is a failed delivery attempt, for a
        home delivery by a method with slots (or an order that had a delivery
        slot): the future delivery slots of the zone of its address.
        """
        self.ensure_one()
        if self.state != "sale" or self.omni_delivery_step != "failed_attempt" or self._omni_pickup_node():
            return None
        if not (self.carrier_id.omni_uses_slots or self.omni_slot_id.slot_type == "delivery"):
            return None
        try:
            zone = self._omni_promise_zone()
        except UserError:
            return None
        return [
            ("slot_type", "=", "delivery"),
            ("zone_id", "=", zone.id),
            ("company_id", "=", self.company_id.id),
            ("date_start", ">", fields.Datetime.now()),
        ]

    def _omni_rebook_slot(self, slot):
        """The customer picks ``slot`` after a failed attempt.

        Booked atomically (the previous slot released) by ``_omni_book_slot``,
        then recorded on the timeline (*New slot booked*) and in the chatter.
        The promise (``omni_promise_date*``, ``commitment_date``) is kept: it
        is what the promise KPIs measure, and a slot never set it at checkout.
        A clear ``UserError`` when refused, raised before anything is written.
        """
        self.ensure_one()
        domain = self._omni_rebook_domain()
        if domain is None:
            raise UserError(
                self.env._("A new delivery slot can only be picked after a failed delivery attempt.")
            )
        # Another zone's or company's slot, or a pickup slot: nothing said about it.
        if not slot.exists() or not slot.filtered_domain(domain[:-1]):
            raise UserError(self.env._("Unknown slot."))
        slot = self._omni_book_slot(self._omni_check_slot(slot, domain))
        label = self._omni_slot_label(slot)
        self.env["omni.delivery.event"]._omni_record(self, "rescheduled", note=label)
        self.message_post(
            body=self.env._(
                "After the failed delivery attempt, the customer picked a new slot: %(slot)s", slot=label
            ),
            author_id=self.partner_id.id,
        )
        return slot

    def _omni_notice_extra(self, step):
        extra = super()._omni_notice_extra(step)
        if step == "failed_attempt" and self._omni_rebook_domain() is not None:
            extra += Markup("<p>%s</p>") % self.env._(
                "Pick a new delivery slot through the link below: we will come back then."
            )
        return extra
