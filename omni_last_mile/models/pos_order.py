# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _omni_portal_returnable(self):
        """The receipt page offers *Return by post* when something is left to return."""
        self.ensure_one()
        if self.state not in ("paid", "done", "invoiced") or not self.partner_id:
            return False
        # sudo: the receipt page is the customer's own (checked by omni_customer's controller).
        return bool(self.env["omni.return"].sudo()._omni_pos_returnable(self.sudo()))
