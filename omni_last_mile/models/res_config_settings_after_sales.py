# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    """After-sales settings of the company: click and collect no-shows, returns by post."""

    _inherit = "res.config.settings"

    omni_noshow_reminder_days = fields.Integer(related="company_id.omni_noshow_reminder_days", readonly=False)
    omni_noshow_release_days = fields.Integer(related="company_id.omni_noshow_release_days", readonly=False)
    omni_noshow_rule = fields.Selection(related="company_id.omni_noshow_rule", readonly=False)
    omni_return_post_instructions = fields.Text(
        related="company_id.omni_return_post_instructions", readonly=False
    )
