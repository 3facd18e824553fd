# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.addons.omni_customer.tools import inputs
from odoo.exceptions import UserError


class ProductProduct(models.Model):
    _inherit = "product.product"

    def action_omni_add_to_order(self):
        """Button of a suggestion row on a sale order: the order comes from the view's context."""
        self.ensure_one()
        try:
            order_id = inputs.parse_id(self.env.context.get("omni_order_id"), "omni_order_id")
        except inputs.InputError:
            raise UserError(self.env._("Open the suggestion from a quotation.")) from None
        order = self.env["sale.order"].browse(order_id).exists()
        if not order:
            raise UserError(self.env._("Open the suggestion from a quotation."))
        order.check_access("write")
        return order._omni_add_recommended(self)
