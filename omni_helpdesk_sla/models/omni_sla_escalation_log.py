# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OmniSlaEscalationLog(models.Model):
    """An escalation level that fired: the row that makes it fire only once."""

    _name = "omni.sla.escalation.log"
    _description = "SLA escalation fired"
    _order = "date desc, id desc"

    status_id = fields.Many2one("omni.sla.status", required=True, ondelete="cascade", index=True)
    ticket_id = fields.Many2one(related="status_id.ticket_id", store=True, index=True)
    company_id = fields.Many2one(related="status_id.company_id", store=True, index=True)
    rule_id = fields.Many2one("omni.sla.escalation", required=True, ondelete="cascade")
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    note = fields.Char()

    _sql_constraints = [
        (
            "status_rule_uniq",
            "unique(status_id, rule_id)",
            "An escalation level fires once per ticket and metric.",
        ),
    ]
