# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OmniChannel(models.Model):
    _inherit = "omni.channel"

    channel_type = fields.Selection(
        selection_add=[("chat", "Live chat")],
        ondelete={"chat": "set default"},
    )
