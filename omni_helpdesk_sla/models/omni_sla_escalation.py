# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .omni_sla_policy import METRICS


class OmniSlaEscalation(models.Model):
    """A level: at ``threshold`` % of a metric's target, do something, once per ticket."""

    _name = "omni.sla.escalation"
    _description = "SLA escalation rule"
    _order = "policy_id, metric, threshold, id"
    _check_company_auto = True

    policy_id = fields.Many2one("omni.sla.policy", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="policy_id.company_id", store=True, index=True)
    metric = fields.Selection(METRICS, required=True)
    threshold = fields.Integer(
        string="At % of the target", required=True, default=100, help="100 is the breach."
    )
    action = fields.Selection(
        [
            ("notify", "Notify users"),
            ("priority", "Raise priority"),
            ("team", "Reassign to a team"),
            ("customer", "Tell the customer"),
        ],
        required=True,
        default="notify",
    )
    user_ids = fields.Many2many("res.users", string="Notify", domain=[("share", "=", False)])
    team_id = fields.Many2one("helpdesk.ticket.team", string="Reassign to", check_company=True)

    @api.constrains("threshold", "action", "team_id")
    def _check_rule(self):
        for rule in self:
            if rule.threshold <= 0 or rule.threshold > 1000:
                raise ValidationError(
                    self.env._("An escalation threshold is a percentage between 1 and 1000.")
                )
            if rule.action == "team" and not rule.team_id:
                raise ValidationError(self.env._("Choose the team tickets are reassigned to."))
