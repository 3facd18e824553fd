# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    omni_return_ewallet = fields.Boolean(
        string="Returns to eWallet",
        help="Customers returning goods may choose a credit on their eWallet instead of a refund "
        "to the original payment.",
    )
    omni_return_ewallet_program_id = fields.Many2one(
        "loyalty.program",
        string="Returns eWallet program",
        domain="[('program_type', '=', 'ewallet')]",
        help="The eWallet program credited when a customer chooses it for a refund.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "resource_calendar_id" in vals:
            self.env.registry.clear_cache()  # a node without calendar uses its company's
        return res
