# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

METRICS = [
    ("first_reply", "First reply"),
    ("next_reply", "Next reply"),
    ("periodic", "Periodic update"),
    ("resolution", "Resolution"),
]
PRIORITIES = [("0", "Low"), ("1", "Medium"), ("2", "High"), ("3", "Very High")]


class OmniSlaPolicy(models.Model):
    """Which targets apply to a ticket: evaluated top-down, first match wins."""

    _name = "omni.sla.policy"
    _description = "SLA policy"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True, default=lambda self: self.env.company)
    team_ids = fields.Many2many("helpdesk.ticket.team", string="Teams", check_company=True)
    category_ids = fields.Many2many("helpdesk.ticket.category", string="Categories")
    priority = fields.Selection(PRIORITIES, help="Empty: any priority.")
    channel_ids = fields.Many2many(
        "omni.channel", string="Started on", help="Channels the ticket started on. Empty: any."
    )
    partner_domain = fields.Char(
        string="Customer domain",
        default="[]",
        help="Customers this policy applies to (a loyalty tier, an RFM segment...).",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Business hours",
        check_company=True,
        help="Working time and holidays the targets are counted in. Empty: calendar hours (24/7).",
    )
    target_ids = fields.One2many("omni.sla.target", "policy_id", string="Targets", copy=True)
    escalation_ids = fields.One2many("omni.sla.escalation", "policy_id", string="Escalation rules", copy=True)

    @api.constrains("partner_domain")
    def _check_partner_domain(self):
        for policy in self:
            try:
                domain = safe_eval(policy.partner_domain or "[]")
                self.env["res.partner"].search_count(domain, limit=1)
            except Exception as exc:
                raise ValidationError(
                    self.env._("The customer domain of %(policy)s is not valid.", policy=policy.name)
                ) from exc

    @api.model
    def _omni_match_tickets(self, tickets):
        """``{ticket id: policy}`` for a batch: policies read once, one search per customer domain."""
        policies = self.search([("company_id", "in", tickets.company_id.ids + [False])])
        partners = tickets.partner_id.commercial_partner_id | tickets.partner_id
        allowed = {}
        for policy in policies:
            domain = safe_eval(policy.partner_domain or "[]")
            if domain and partners:
                allowed[policy.id] = set(
                    self.env["res.partner"].search(domain + [("id", "in", partners.ids)]).ids
                )
        result = {}
        for ticket in tickets:
            for policy in policies:
                if policy._omni_matches(ticket, allowed.get(policy.id)):
                    result[ticket.id] = policy
                    break
        return result

    def _omni_matches(self, ticket, allowed_partner_ids):
        self.ensure_one()
        if self.company_id and self.company_id != ticket.company_id:
            return False
        if self.team_ids and ticket.team_id not in self.team_ids:
            return False
        if self.category_ids and ticket.category_id not in self.category_ids:
            return False
        if self.priority and ticket.priority != self.priority:
            return False
        if self.channel_ids and ticket.omni_started_channel_id not in self.channel_ids:
            return False
        if allowed_partner_ids is not None:
            partner = ticket.partner_id
            if not partner or not ({partner.id, partner.commercial_partner_id.id} & allowed_partner_ids):
                return False
        return True
