# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    omni_loyalty_return_days = fields.Integer(related="company_id.omni_loyalty_return_days", readonly=False)
    omni_loyalty_tier_months = fields.Integer(related="company_id.omni_loyalty_tier_months", readonly=False)
    pos_omni_offline_allowance = fields.Float(related="pos_config_id.omni_offline_allowance", readonly=False)
    pos_omni_offline_delay = fields.Integer(related="pos_config_id.omni_offline_delay", readonly=False)
