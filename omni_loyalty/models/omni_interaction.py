# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .res_partner import SPEND_TYPES


class OmniInteraction(models.Model):
    _inherit = "omni.interaction"

    @api.model_create_multi
    def create(self, vals_list):
        rows = super().create(vals_list)
        spenders = rows.filtered(lambda r: r.interaction_type in SPEND_TYPES and r.amount > 0).partner_id
        if spenders:
            # Upgrades happen at once, whatever the channel; downgrades wait for the cron.
            spenders._omni_update_tiers()
        return rows
