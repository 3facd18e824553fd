# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    # The store order line a return-by-post credit note line refunds.
    omni_pos_line_id = fields.Many2one(
        "pos.order.line", string="Store order line", readonly=True, index="btree_not_null", copy=False
    )
