# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .omni_sla_policy import METRICS


class OmniSlaTarget(models.Model):
    _name = "omni.sla.target"
    _description = "SLA target"
    _order = "policy_id, metric"

    policy_id = fields.Many2one("omni.sla.policy", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    metric = fields.Selection(METRICS, required=True)
    hours = fields.Float(required=True, help="Target in hours, counted on the policy's business hours.")

    _sql_constraints = [
        ("policy_metric_uniq", "unique(policy_id, metric)", "A policy has one target per metric."),
    ]

    @api.constrains("hours")
    def _check_hours(self):
        for target in self:
            if target.hours <= 0:
                raise ValidationError(self.env._("An SLA target must be a positive number of hours."))
