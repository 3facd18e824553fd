# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.http import request


class Website(models.Model):
    _inherit = "website"

    def _omni_current_cart_ids(self):
        if request and request.session.get("sale_order_id"):
            return [request.session["sale_order_id"]]
        return []

    def _omni_website_nodes(self):
        """The network nodes this website sells from.

        Every node that ships or accepts pickups; a website bound to a warehouse
        (Website settings > Warehouse) sells, as in Odoo's website_sale_stock and
        website_sale_collect, from that warehouse and its in-store pickup points.
        """
        self.ensure_one()
        # sudo: public visitors read availability, not stock documents.
        nodes = self.env["stock.warehouse"].sudo()._omni_nodes(self.company_id)
        if self.warehouse_id:
            nodes &= self.warehouse_id.sudo() | self.sudo().in_store_dm_id.warehouse_ids
        return nodes.filtered(lambda n: n.omni_ships or n.omni_pickup)

    def _get_product_available_qty(self, product, **kwargs):
        """Network figure instead of the website warehouse's free quantity.

        Sums what every node the website sells from can promise to the website
        channel; the shopper's own cart does not compete with itself.
        """
        self.ensure_one()
        data = self.env["omni.stock.availability"]._omni_website_data(product, None, self)
        return data[product.id]["total"]
