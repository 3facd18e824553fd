# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

MAX_PRODUCTS = 500


class OmniAvailabilityMatrix(models.TransientModel):
    """Products x nodes availability, from the network service."""

    _name = "omni.availability.matrix"
    _description = "Availability matrix"

    channel_type = fields.Selection(
        selection="_selection_channel_type",
        string="Channel",
        default="website",
        help="Safety stock of this kind of channel is taken off.",
    )
    categ_id = fields.Many2one("product.category", string="Product category")
    product_ids = fields.Many2many("product.product", string="Products")
    warehouse_ids = fields.Many2many(
        "stock.warehouse", string="Nodes", domain=[("omni_in_network", "=", True)]
    )
    line_ids = fields.One2many("omni.availability.matrix.line", "matrix_id")

    def _selection_channel_type(self):
        return self.env["omni.channel"]._fields["channel_type"].selection

    def _omni_products(self):
        if self.product_ids:
            return self.product_ids
        domain = [("is_storable", "=", True)]
        if self.categ_id:
            domain.append(("categ_id", "child_of", self.categ_id.id))
        return self.env["product.product"].search(domain, limit=MAX_PRODUCTS)

    def action_compute(self):
        self.ensure_one()
        products = self._omni_products()
        nodes = self.warehouse_ids or self.env["stock.warehouse"]._omni_nodes()
        channel = self.env["omni.channel"]
        if self.channel_type:
            channel = channel.search([("channel_type", "=", self.channel_type)], limit=1)
        data = self.env["omni.stock.availability"]._omni_get(products, nodes, channel=channel)
        self.line_ids.unlink()
        self.env["omni.availability.matrix.line"].create(
            [
                {
                    "matrix_id": self.id,
                    "product_id": product_id,
                    "warehouse_id": node_id,
                    **cell,
                }
                for product_id, values in data.items()
                for node_id, cell in values["nodes"].items()
            ]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Availability"),
            "res_model": "omni.availability.matrix.line",
            "view_mode": "pivot,list",
            "domain": [("matrix_id", "=", self.id)],
            "context": {"search_default_groupby_product": 1},
        }
