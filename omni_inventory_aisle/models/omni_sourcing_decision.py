# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmniSourcingDecision(models.Model):
    """Which node fulfils which part of an order line, and why."""

    _name = "omni.sourcing.decision"
    _description = "Sourcing decision"
    _order = "order_id desc, sequence, id"

    order_id = fields.Many2one("sale.order", required=True, index=True, ondelete="cascade")
    line_id = fields.Many2one("sale.order.line", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer()
    company_id = fields.Many2one(related="order_id.company_id", store=True, index=True)
    product_id = fields.Many2one(related="line_id.product_id", store=True, string="Product")
    warehouse_id = fields.Many2one("stock.warehouse", string="Node", required=True, index=True)
    quantity = fields.Float(digits="Product Unit of Measure", required=True)
    distance_km = fields.Float(string="Distance (km)", digits=(16, 1))
    kind = fields.Selection(
        [
            ("only", "Only node with every line"),
            ("best", "Best of several complete nodes"),
            ("split", "Split: no single node could serve"),
            ("best_line", "Best node for this line"),
            ("forced", "Chosen by a manager"),
            ("fallback", "Not promisable: default warehouse"),
            ("resourced", "Re-sourced after a sale in store"),
        ],
        required=True,
    )
    reason = fields.Char(required=True)
    strategy = fields.Char()
    is_split = fields.Boolean(related="order_id.omni_is_split", store=True, string="Split order")
