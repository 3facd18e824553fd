# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    omni_match_threshold = fields.Integer(related="company_id.omni_match_threshold", readonly=False)
    omni_auto_merge_deterministic = fields.Boolean(
        related="company_id.omni_auto_merge_deterministic", readonly=False
    )
    omni_auto_merge_max_size = fields.Integer(related="company_id.omni_auto_merge_max_size", readonly=False)
    omni_digital_receipt = fields.Boolean(related="company_id.omni_digital_receipt", readonly=False)
