# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OmniSlaPause(models.Model):
    """Audit of a stopped clock: who paused a ticket, why, when it resumed."""

    _name = "omni.sla.pause"
    _description = "SLA pause"
    _order = "date_start desc, id desc"

    ticket_id = fields.Many2one("helpdesk.ticket", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="ticket_id.company_id", store=True, index=True)
    reason = fields.Selection([("customer", "Waiting for the customer"), ("hold", "On hold")], required=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", ondelete="set null")
    date_start = fields.Datetime(required=True, default=fields.Datetime.now)
    date_stop = fields.Datetime()
    user_id = fields.Many2one("res.users", string="Paused by", default=lambda self: self.env.user)
    resume_user_id = fields.Many2one("res.users", string="Resumed by")
