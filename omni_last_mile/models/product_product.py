# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, models
from odoo.exceptions import UserError


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _omni_web_carriers(self, website):
        """Home-delivery methods the website offers (in-store pickup has its own promise)."""
        return self.env["delivery.carrier"]._omni_home_carriers(website.company_id, website=website)

    def _omni_web_promise(self, website, partner, country=None, postcode=None, now=None):
        """Promise of this variant ordered alone (product page, not yet in the cart).

        The same service as the cart and the checkout: a virtual order (never
        saved) of one unit, shipped to ``partner`` or to the typed ``postcode``,
        sourced by omni_inventory_aisle, promised with each home-delivery
        method of the website; the earliest one wins. ``UserError`` when no
        date can be promised.
        """
        self.ensure_one()
        company = website.company_id
        shipping = partner
        if postcode:
            # The typed postcode drives both the sourcing distance and the zone.
            shipping = self.env["res.partner"].new(
                {"zip": postcode, "country_id": (country or partner.country_id or company.country_id).id}
            )
        order = (
            self.env["sale.order"]
            .with_company(company)
            .new(
                {
                    "partner_id": partner,
                    "partner_shipping_id": shipping,
                    "company_id": company.id,
                    "website_id": website.id,
                    "order_line": [Command.create({"product_id": self.id, "product_uom_qty": 1})],
                }
            )
        )
        plan, lines, _nodes, _strategy = order._omni_sourcing_plan()
        if not lines or plan.shortages or not plan.node_ids:
            raise UserError(self.env._("This product cannot be delivered from our stock right now."))
        nodes = self.env["stock.warehouse"].browse(plan.node_ids)
        best, error = order._omni_earliest_promise(self._omni_web_carriers(website), nodes, now=now)
        if best is None:
            raise error or UserError(self.env._("No delivery method of this website delivers this product."))
        return best
