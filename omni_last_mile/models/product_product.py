# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, models
from odoo.exceptions import UserError


class ProductProduct(models.Model):
    _inherit = "product.product"

    def _omni_web_carriers(self, website):
        """Home-delivery methods the website offers (in-store pickup has its own promise)."""
        return self.env["delivery.carrier"].search(
            [
                ("is_published", "=", True),
                ("website_id", "in", [False, website.id]),
                ("company_id", "in", [False, website.company_id.id]),
                ("delivery_type", "!=", "in_store"),
                ("omni_transit_ids", "!=", False),
            ]
        )

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
        best, error = None, None
        for carrier in self._omni_web_carriers(website):
            try:
                data = order._omni_delivery_promise(now=now, carrier=carrier, nodes=nodes)
            except UserError as exc:
                error = exc
                continue
            if best is None or (data["date"], data["date_to"]) < (best["date"], best["date_to"]):
                best = data | {"carrier": carrier.name}
        if best is None:
            raise error or UserError(self.env._("No delivery method of this website delivers this product."))
        return best
