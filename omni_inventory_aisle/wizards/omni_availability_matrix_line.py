# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmniAvailabilityMatrixLine(models.TransientModel):
    _name = "omni.availability.matrix.line"
    _description = "Availability matrix cell"
    _order = "product_id, warehouse_id"

    matrix_id = fields.Many2one("omni.availability.matrix", required=True, ondelete="cascade")
    product_id = fields.Many2one("product.product", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Node", readonly=True)
    on_hand = fields.Float(readonly=True, digits="Product Unit of Measure")
    reserved = fields.Float(readonly=True, digits="Product Unit of Measure")
    held = fields.Float(readonly=True, digits="Product Unit of Measure")
    safety = fields.Float(string="Safety stock", readonly=True, digits="Product Unit of Measure")
    promisable = fields.Float(readonly=True, digits="Product Unit of Measure")
