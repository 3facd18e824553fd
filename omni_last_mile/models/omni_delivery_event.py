# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

STEPS = [
    ("confirmed", "Confirmed"),
    ("prepared", "Prepared"),
    ("shipped", "Shipped"),
    ("out_for_delivery", "Out for delivery"),
    ("delivered", "Delivered"),
    ("failed_attempt", "Failed delivery attempt"),
    ("rescheduled", "New slot booked"),
    ("ready_for_pickup", "Ready for pickup"),
    ("collected", "Collected"),
    ("return_requested", "Return requested"),
    ("returned", "Returned"),
    ("no_show", "Not collected"),
]
# Steps the customer is told about (the others only show on the timeline).
NOTIFIED_STEPS = (
    "shipped",
    "out_for_delivery",
    "delivered",
    "failed_attempt",
    "ready_for_pickup",
    "no_show",
)


class OmniDeliveryEvent(models.Model):
    """One step of an order's delivery timeline."""

    _name = "omni.delivery.event"
    _description = "Delivery timeline step"
    _order = "date, id"

    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    step = fields.Selection(STEPS, required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    note = fields.Char()
    carrier_id = fields.Many2one("delivery.carrier", index="btree_not_null")
    external_id = fields.Char(string="Carrier event id", index="btree_not_null", copy=False)
    notified = fields.Boolean(readonly=True)

    _sql_constraints = [
        (
            "carrier_event_uniq",
            "unique(carrier_id, external_id)",
            "This carrier event was already recorded.",
        ),
    ]

    @api.model
    def _omni_record(self, orders, step, note=False, carrier=None, external_id=False, date=None):
        """Append ``step`` to the timeline of ``orders`` and tell the customers who allow it."""
        events = self.create(
            [
                {
                    "order_id": order.id,
                    "step": step,
                    "note": note,
                    "carrier_id": carrier.id if carrier else False,
                    "external_id": external_id,
                    "date": date or fields.Datetime.now(),
                }
                for order in orders
            ]
        )
        for order in orders:
            order.omni_delivery_step = step
        events._omni_notify()
        return events

    def _omni_notify(self):
        """Tell the customer (e-mail, SMS) in their language, where ``omni.consent`` allows.

        The e-mail is the step's ``mail.template`` (``omni_last_mile.mail_template_step_<step>``,
        editable by managers); the generic text below is the fallback when a manager
        deleted or archived it, and the SMS text.
        """
        for event in self.filtered(lambda e: e.step in NOTIFIED_STEPS):
            order = event.order_id.with_context(lang=event.order_id.partner_id.lang or self.env.lang)
            label = dict(self._fields["step"]._description_selection(order.env))[event.step]
            subject = order.env._("Your order %(order)s: %(step)s", order=order.name, step=label)
            if order._omni_notify_customer(
                subject,
                order._omni_notice_extra(event.step),
                template=f"omni_last_mile.mail_template_step_{event.step}",
            ):
                event.notified = True
