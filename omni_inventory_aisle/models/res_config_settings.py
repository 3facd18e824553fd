# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    omni_hold_ttl_minutes = fields.Integer(related="company_id.omni_hold_ttl_minutes", readonly=False)
    omni_sourcing_strategy = fields.Char(related="company_id.omni_sourcing_strategy", readonly=False)
    omni_cart_max_qty = fields.Integer(related="company_id.omni_cart_max_qty", readonly=False)
