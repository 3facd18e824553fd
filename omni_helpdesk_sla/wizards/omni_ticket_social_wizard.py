# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError


class OmniTicketSocialWizard(models.TransientModel):
    """Log a WhatsApp / social message: a social leg of the ticket."""

    _name = "omni.ticket.social.wizard"
    _description = "Log a WhatsApp / social message on a ticket"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade")
    direction = fields.Selection(
        [("inbound", "The customer wrote"), ("outbound", "We wrote to the customer")],
        required=True,
        default="inbound",
    )
    text = fields.Text("Message", required=True)

    def action_confirm(self):
        self.ensure_one()
        text = (self.text or "").strip()
        if not text:
            raise UserError(self.env._("Write the message."))
        if len(text) > 4000:
            raise UserError(self.env._("A message is at most 4,000 characters long."))
        self.ticket_id.check_access("write")
        channel = self.env["omni.channel"]._omni_get("social", company=self.ticket_id.company_id)
        if not channel:
            raise UserError(self.env._("There is no WhatsApp / social channel."))
        role = "customer" if self.direction == "inbound" else "agent"
        label = dict(self._fields["direction"]._description_selection(self.env))[self.direction]
        self.ticket_id.with_context(omni_sla_role=role).message_post(
            body=self.env._("%(direction)s: %(text)s", direction=label, text=text),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            omni_channel_id=channel.id,
        )
        return {"type": "ir.actions.act_window_close"}
