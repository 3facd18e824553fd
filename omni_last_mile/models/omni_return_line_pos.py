# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class OmniReturnLine(models.Model):
    """A returned line of a store (POS) order."""

    _inherit = "omni.return.line"

    pos_line_id = fields.Many2one(
        "pos.order.line", string="Store order line", index="btree_not_null", ondelete="restrict"
    )

    _sql_constraints = [
        (
            "one_order_line",
            "CHECK((sale_line_id IS NULL) != (pos_line_id IS NULL))",
            "A returned line is a sale order line or a store order line.",
        )
    ]

    @api.depends("pos_line_id.product_id")
    def _compute_product_id(self):
        res = super()._compute_product_id()
        for line in self.filtered("pos_line_id"):
            line.product_id = line.pos_line_id.product_id
        return res
