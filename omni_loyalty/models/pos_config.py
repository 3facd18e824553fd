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

    def _get_program_ids(self):
        # Tier-only programs are evaluated by sales and the website only: the POS
        # evaluation does not know the customer's tier yet, so it must not grant them
        # to everyone (the parity report lists them as missing in the POS).
        return super()._get_program_ids().filtered(lambda p: not p.omni_tier_ids)
