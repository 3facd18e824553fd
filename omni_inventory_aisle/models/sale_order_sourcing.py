# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sourcing plan of an order: where it would ship from (no side effect)."""

from odoo import api, models
from odoo.exceptions import UserError

from ..tools import geo, sourcing

# What the sourcing plan reads of the order itself (see _omni_sourcing_fetch).
SOURCING_ORDER_FIELDS = [
    "carrier_id",
    "company_id",
    "partner_shipping_id",
    "pickup_location_data",
    "warehouse_id",
    "website_id",
]


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _omni_channel(self):
        self.ensure_one()
        channel = self.env["omni.channel"]
        if self.website_id:
            return channel._omni_for_website(self.website_id)
        return channel._omni_get("sale", company=self.company_id)

    def _omni_pickup_node(self):
        """Store chosen for in-store pickup (website_sale_collect), if any."""
        self.ensure_one()
        if self.pickup_location_data and self.carrier_id.delivery_type == "in_store":
            return self.warehouse_id
        return self.env["stock.warehouse"]

    @api.model
    def _omni_coordinates(self, partner):
        """Coordinates of a delivery address: geolocation, then postcode."""
        if partner and (partner.partner_latitude or partner.partner_longitude):
            return (partner.partner_latitude, partner.partner_longitude)
        if partner and partner.zip:
            try:
                return geo.postcode_coordinates(partner.zip, partner.country_id.code or "ES")
            except ValueError:
                return None
        return None

    @api.model
    def _omni_postcode_coordinates(self, postcode, country_code="ES"):
        """Coordinates of a shopper's postcode, or a clear ``UserError``."""
        try:
            return geo.postcode_coordinates(postcode, country_code)
        except ValueError as exc:
            code = (postcode or "").strip()
            node = code and self.env["stock.warehouse"].search(
                [("omni_zip", "=", code), ("omni_in_network", "=", True)], limit=1
            )
            if node and sourcing.valid_coordinates(node.omni_latitude, node.omni_longitude):
                return (node.omni_latitude, node.omni_longitude)
            raise UserError(
                self.env._("Unknown postcode %(postcode)s: %(error)s", postcode=postcode, error=exc)
            ) from exc

    def _omni_sourcing_plan(self, lines=None, nodes=None, quantities=None):
        """Where would this order ship from. No side effect.

        ``lines``, ``nodes`` and ``quantities`` (``{line_id: qty}``) narrow the
        plan (re-sourcing one line away from a node). Returns ``(plan, lines,
        nodes, strategy)``.
        """
        self.ensure_one()
        if self.id:  # a saved order (a virtual one, on the product page, is all in the cache)
            self._omni_sourcing_fetch()
        if lines is None:
            lines = self._omni_sourcing_lines().filtered(lambda line: line._omni_needs_sourcing())
        if nodes is None:
            nodes = self.env["stock.warehouse"]._omni_nodes(self.company_id)
        quantities = quantities or {}
        pickup = self._omni_pickup_node()
        strategy = sourcing.parse_strategy(self.company_id.omni_sourcing_strategy)
        if not lines or not nodes:
            return sourcing.Plan(), lines, nodes, strategy
        availability = self.env["omni.stock.availability"]._omni_get(
            lines.product_id, nodes, channel=self._omni_channel(), exclude=(self._name, self.ids)
        )
        node_data = [
            {
                "id": node.id,
                "name": node.name,
                "lat": node.omni_latitude,
                "lon": node.omni_longitude,
                "ships": (node == pickup) if pickup else node.omni_ships,
                "cost": node.omni_cost,
                "stock": {
                    pid: values["nodes"][node.id]["promisable"] for pid, values in availability.items()
                },
            }
            for node in nodes
        ]
        plan = sourcing.plan(
            [
                (line.id, line.product_id.id, quantities.get(line.id, line._omni_product_qty()))
                for line in lines
            ],
            node_data,
            destination=self._omni_coordinates(self.partner_shipping_id),
            strategy=strategy,
            forced={
                line.id: line.omni_forced_warehouse_id.id for line in lines if line.omni_forced_warehouse_id
            },
        )
        return plan, lines, nodes, strategy

    def _omni_sourcing_fetch(self):
        """Read what the plan uses of the order, its company and its address in narrow queries.

        On a cold cache (a new request), the first read of each record would
        fetch its whole row.
        """
        self.fetch(SOURCING_ORDER_FIELDS)
        self.company_id.fetch(["omni_sourcing_strategy"])
        self.partner_shipping_id.fetch(["partner_latitude", "partner_longitude", "zip", "country_id"])
        self.partner_shipping_id.country_id.fetch(["code"])

    def _omni_sourcing_lines(self):
        """The order's lines, with what the plan uses of them, their products and units."""
        lines = self.order_line
        if not self.id:
            return lines
        lines.fetch(
            ["product_id", "product_uom", "product_uom_qty", "display_type", "omni_forced_warehouse_id"]
        )
        products = lines.product_id
        products.fetch(["product_tmpl_id"])
        products.product_tmpl_id.fetch(["is_storable", "uom_id"])
        (lines.product_uom | products.uom_id).fetch(["category_id", "factor", "rounding"])
        return lines

    def _omni_reason_text(self, plan, node, nb_lines):
        km = plan.distances.get(node.id)
        where = self.env._(", %(km)s km", km=round(km)) if km is not None else ""
        info = plan.reasons.get(node.id, {})
        kind = info.get("kind")
        if kind == "only" and nb_lines == 1:
            text = self.env._("only node that has it")
        elif kind == "only":
            text = self.env._("only node with all %(n)s lines", n=nb_lines)
        elif kind == "best" and nb_lines == 1:
            text = self.env._("best of %(c)s nodes that have it", c=info.get("candidates"))
        elif kind == "best":
            text = self.env._(
                "best of %(c)s nodes with all %(n)s lines", c=info.get("candidates"), n=nb_lines
            )
        elif kind == "forced":
            text = self.env._("chosen by a manager")
        elif kind == "best_line":
            text = self.env._("best node for %(n)s line(s)", n=info.get("lines"))
        else:
            text = self.env._(
                "split: no single node could serve every line, %(n)s line(s) from here",
                n=info.get("lines"),
            )
        return self.env._("from %(node)s: %(why)s%(where)s", node=node.name, why=text, where=where)

    def action_omni_preview_sourcing(self):
        """Tell the user where this order would ship from, without changing anything."""
        self.ensure_one()
        plan, lines, nodes, _strategy = self._omni_sourcing_plan()
        message = "\n".join(
            self._omni_reason_text(plan, nodes.browse(nid), len(lines)) for nid in plan.node_ids
        ) or self.env._("Nothing to source.")
        if plan.shortages:
            message += "\n" + self.env._("%(n)s line(s) cannot be fully promised.", n=len(plan.shortages))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {"title": self.env._("Sourcing preview"), "message": message, "sticky": False},
        }
