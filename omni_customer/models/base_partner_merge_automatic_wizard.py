# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from .const import EXCLUDED_TABLE_PREFIXES


class MergePartnerAutomatic(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _get_fk_on(self, table):
        """Merge audits and reviews keep pointing at the partners they describe."""
        relations = super()._get_fk_on(table)
        if table != "res_partner":
            return relations
        return [(tbl, col) for tbl, col in relations if not tbl.startswith(EXCLUDED_TABLE_PREFIXES)]
