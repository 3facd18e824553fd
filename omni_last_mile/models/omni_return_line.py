# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

REASONS = [
    ("damaged", "Damaged or faulty"),
    ("wrong_item", "Wrong item sent"),
    ("not_as_described", "Not as described"),
    ("size", "Wrong size or fit"),
    ("changed_mind", "Changed their mind"),
    ("late", "Arrived too late"),
    ("other", "Other"),
]


class OmniReturnLine(models.Model):
    """One returned sale order line: quantity, reason, refunded value."""

    _name = "omni.return.line"
    _description = "Returned line"

    return_id = fields.Many2one("omni.return", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="return_id.company_id", store=True, index=True)
    # A sale order line, or a store (POS) order line (``pos_line_id``, omni_return_line_pos.py).
    sale_line_id = fields.Many2one("sale.order.line", index="btree_not_null", ondelete="restrict")
    product_id = fields.Many2one("product.product", compute="_compute_product_id", store=True)
    quantity = fields.Float(required=True, digits="Product Unit of Measure")
    reason = fields.Selection(REASONS, required=True, default="other", index=True)
    amount = fields.Monetary(string="Refunded", currency_field="currency_id")
    currency_id = fields.Many2one(related="return_id.currency_id")
    # Stored for the returns KPIs (by reason, channel and store).
    channel_id = fields.Many2one(related="return_id.channel_id", store=True, index=True)
    warehouse_id = fields.Many2one(related="return_id.warehouse_id", store=True)
    date = fields.Datetime(related="return_id.date", store=True)

    @api.depends("sale_line_id.product_id")
    def _compute_product_id(self):
        for line in self:
            line.product_id = line.sale_line_id.product_id
