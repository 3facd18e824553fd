# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ProductCategory(models.Model):
    _inherit = "product.category"

    omni_durable = fields.Boolean(
        "Durable goods",
        help="A customer who bought a product of this category is not recommended it again "
        "(nobody buys a second fridge next week).",
    )
