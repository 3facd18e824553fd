# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PosConfig(models.Model):
    _inherit = "pos.config"

    omni_offline_allowance = fields.Float(
        "Offline spend allowance",
        default=50.0,
        help="Most a card (gift card, eWallet, points) may be charged by one order "
        "taken while the store had no server connection. A later-synced order "
        "spending more is accepted for the allowed part and flagged for a manager.",
    )
    omni_offline_delay = fields.Integer(
        "Offline after (minutes)",
        default=10,
        help="An order synced this many minutes after it was taken is treated as taken offline.",
    )

    @api.constrains("omni_offline_allowance", "omni_offline_delay")
    def _check_omni_offline(self):
        for config in self:
            if config.omni_offline_allowance < 0 or config.omni_offline_delay < 0:
                raise ValidationError(self.env._("The offline allowance and delay cannot be negative."))
