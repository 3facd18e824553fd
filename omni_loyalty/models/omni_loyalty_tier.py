# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class OmniLoyaltyTier(models.Model):
    _name = "omni.loyalty.tier"
    _description = "Loyalty tier"
    _order = "min_spend, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    min_spend = fields.Monetary(
        "Minimum spend",
        currency_field="currency_id",
        required=True,
        help="Rolling spend in all channels (orders and store tickets, minus returns) "
        "needed to reach this tier.",
    )
    points_multiplier = fields.Float(default=1.0, help="Loyalty points earned are multiplied by this factor.")
    reward_program_ids = fields.Many2many(
        "loyalty.program",
        string="Tier-only programs",
        compute="_compute_reward_program_ids",
    )
    description = fields.Text(translate=True)
    color = fields.Integer()
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    partner_count = fields.Integer(compute="_compute_partner_count")

    _sql_constraints = [
        (
            "min_spend_company_uniq",
            "unique(company_id, min_spend)",
            "Two tiers cannot start at the same spend.",
        ),
    ]

    @api.constrains("min_spend", "points_multiplier")
    def _check_values(self):
        for tier in self:
            if tier.min_spend < 0:
                raise ValidationError(self.env._("A tier cannot start below zero spend."))
            if tier.points_multiplier <= 0:
                raise ValidationError(self.env._("The points multiplier must be positive."))

    def _compute_reward_program_ids(self):
        programs = self.env["loyalty.program"].search([("omni_tier_ids", "in", self.ids)])
        for tier in self:
            tier.reward_program_ids = programs.filtered(lambda p, t=tier: t in p.omni_tier_ids)

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("omni_tier_id", "in", self.ids)], ["omni_tier_id"], ["__count"]
            )
        )
        for tier in self:
            tier.partner_count = counts.get(tier, 0)

    @api.model
    def _omni_tier_for_spend(self, spend, company):
        """Highest active tier of ``company`` whose minimum ``spend`` reaches."""
        tiers = self.search(
            [("company_id", "=", company.id), ("min_spend", "<=", spend)], order="min_spend desc"
        )
        return tiers[:1]
