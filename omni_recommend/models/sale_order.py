# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    omni_recommended_product_ids = fields.Many2many(
        "product.product",
        string="Suggestions",
        compute="_compute_omni_recommended_product_ids",
        help="Recommendations for this customer that are not on the order yet.",
    )

    @api.depends("partner_id", "state", "order_line.product_id")
    def _compute_omni_recommended_product_ids(self):
        Service = self.env["omni.recommend.service"]
        for order in self:
            if order.state != "draft" or not order.partner_id:
                order.omni_recommended_product_ids = False
                continue
            channel = self.env["omni.channel"]._omni_get("sale", company=order.company_id)
            on_order = set(order.order_line.product_id.ids)
            details = Service._omni_recommend_details(order.partner_id, channel, 8, exclude=on_order)
            order.omni_recommended_product_ids = details["products"]

    def _omni_add_recommended(self, product):
        """Add one unit of a suggested product to this draft order."""
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("Suggestions can only be added to a draft quotation."))
        if not product or product not in self.omni_recommended_product_ids:
            raise UserError(self.env._("This product is not a suggestion for this order."))
        self.write({"order_line": [Command.create({"product_id": product.id, "product_uom_qty": 1})]})
        return True
