# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools import sourcing


class ResCompany(models.Model):
    _inherit = "res.company"

    omni_hold_ttl_minutes = fields.Integer(
        string="Soft hold lifetime (minutes)",
        default=30,
        help="How long a product in a web cart or an open POS order keeps its units.",
    )
    omni_cart_max_qty = fields.Integer(
        string="Online cart limit per product",
        default=20,
        help="Most units of one product a web cart (and its soft hold) may take; 0 means no limit.",
    )
    omni_sourcing_strategy = fields.Char(
        string="Sourcing strategy",
        default="shipments,distance,stock",
        help="Ordered criteria among shipments, distance, stock and cost, comma separated.",
    )

    _sql_constraints = [
        (
            "omni_hold_ttl_minutes_range",
            "CHECK(omni_hold_ttl_minutes BETWEEN 1 AND 10080)",
            "The soft hold lifetime must be between 1 minute and 7 days.",
        ),
        (
            "omni_cart_max_qty_range",
            "CHECK(omni_cart_max_qty BETWEEN 0 AND 1000000)",
            "The online cart limit must be between 0 (no limit) and 1000000.",
        ),
    ]

    @api.constrains("omni_sourcing_strategy")
    def _check_omni_sourcing_strategy(self):
        for company in self:
            try:
                sourcing.parse_strategy(company.omni_sourcing_strategy)
            except ValueError as exc:
                raise ValidationError(self.env._("Invalid sourcing strategy: %(error)s", error=exc)) from exc
