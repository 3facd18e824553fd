# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class OmniTicketCallWizard(models.TransientModel):
    """Log a call: a phone leg of the ticket, with its duration."""

    _name = "omni.ticket.call.wizard"
    _description = "Log a call on a ticket"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    direction = fields.Selection(
        [("inbound", "The customer called"), ("outbound", "We called the customer")],
        required=True,
        default="inbound",
    )
    duration = fields.Float("Duration (minutes)", required=True, default=5.0)
    summary = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        if self.duration <= 0 or self.duration > 24 * 60:
            raise UserError(self.env._("A call lasts between a second and a day."))
        if not (self.summary or "").strip():
            raise UserError(self.env._("Write what the call was about."))
        self.ticket_id.check_access("write")
        channel = self.env["omni.channel"]._omni_get("phone")
        role = "customer" if self.direction == "inbound" else "agent"
        label = dict(self._fields["direction"].selection)[self.direction]
        self.ticket_id.with_context(omni_sla_role=role).message_post(
            body=self.env._(
                "%(direction)s (%(minutes)s min): %(summary)s",
                direction=label,
                minutes=round(self.duration, 1),
                summary=self.summary.strip(),
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            omni_channel_id=channel.id,
            omni_call_duration=self.duration,
        )
        return {"type": "ir.actions.act_window_close"}
