# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The shop's scripts of this addon speak the shopper's language (Odoo sends a
        website only the translations of the modules listed here)."""
        return super()._get_translation_frontend_modules_name() + ["omni_last_mile"]
