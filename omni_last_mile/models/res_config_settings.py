# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    omni_return_ewallet = fields.Boolean(related="company_id.omni_return_ewallet", readonly=False)
    omni_return_ewallet_program_id = fields.Many2one(
        related="company_id.omni_return_ewallet_program_id", readonly=False
    )
