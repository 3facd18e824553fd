# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    omni_channel_summary = fields.Char("Channels", compute="_compute_omni_parity")
    omni_parity_ok = fields.Boolean(
        "Usable in every channel",
        compute="_compute_omni_parity",
        search="_search_omni_parity_ok",
        help="Valid in back-office sales, on every website and in every point of sale.",
    )
    omni_parity_issue = fields.Char("Missing channels", compute="_compute_omni_parity")
    omni_tier_ids = fields.Many2many(
        "omni.loyalty.tier",
        string="Tiers only",
        help="When set, only customers in one of these tiers get this program.",
    )

    def _omni_missing_channels(self):
        """Names of the channels where each program cannot be used."""
        self.ensure_one()
        missing = []
        if not self.sale_ok:
            missing.append(self.env._("Back-office sales"))
        if not self.ecommerce_ok:
            missing.append(self.env._("Website"))
        elif self.website_id:
            # sudo: websites of the company are configuration, read to compare.
            others = self.env["website"].sudo().search([("id", "!=", self.website_id.id)])
            missing += [website.name for website in others]
        if not self.pos_ok:
            missing.append(self.env._("Point of sale"))
        elif self.omni_tier_ids:
            missing.append(self.env._("Point of sale (tier-only programs)"))
        elif self.pos_config_ids:
            company_ids = [self.company_id.id] if self.company_id else []
            domain = [("id", "not in", self.pos_config_ids.ids)]
            if company_ids:
                domain.append(("company_id", "in", company_ids))
            # sudo: the report lists every store, also those the user does not manage.
            missing += self.env["pos.config"].sudo().search(domain).mapped("name")
        return missing

    def _compute_omni_parity(self):
        for program in self:
            missing = program._omni_missing_channels()
            present = []
            if program.sale_ok:
                present.append(self.env._("Sales"))
            if program.ecommerce_ok:
                present.append(program.website_id.name or self.env._("All websites"))
            if program.pos_ok and not program.omni_tier_ids:
                present.append(
                    ", ".join(program.pos_config_ids.mapped("name")) or self.env._("All points of sale")
                )
            program.omni_channel_summary = " / ".join(present) or self.env._("No channel")
            program.omni_parity_ok = not missing
            program.omni_parity_issue = ", ".join(missing)

    def _search_omni_parity_ok(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        programs = self.with_context(active_test=False).search([])
        ok_ids = programs.filtered("omni_parity_ok").ids
        wanted = (operator == "=") == bool(value)
        return [("id", "in" if wanted else "not in", ok_ids)]
