# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import sourcing


class OmniStockAvailability(models.AbstractModel):
    """The only source of availability for the website, the POS and the back office.

    promisable(product, node, channel) =
        on hand - reserved by moves - active holds - channel safety stock
    """

    _name = "omni.stock.availability"
    _description = "Network availability service"

    @api.model
    def _omni_get(self, products, nodes=None, channel=None, exclude=None):
        """Availability of ``products`` in ``nodes`` for ``channel``.

        One SQL query whatever the number of products and nodes (plus one to
        list the nodes when ``nodes`` is not given). ``exclude`` is
        ``(res_model, res_ids)``: holds of those documents are not deducted (a
        cart does not compete with itself).

        Returns ``{product_id: {"total": qty, "nodes": {node_id: {"on_hand",
        "reserved", "held", "safety", "promisable"}}}}``; ``total`` sums the
        promisable quantity of every node.
        """
        product_ids = list(products.ids if hasattr(products, "ids") else products)
        if nodes is None:
            nodes = self.env["stock.warehouse"]._omni_nodes()
        node_ids = list(nodes.ids if hasattr(nodes, "ids") else nodes)
        result = {
            pid: {
                "total": 0.0,
                "nodes": {
                    nid: {
                        "on_hand": 0.0,
                        "reserved": 0.0,
                        "held": 0.0,
                        "safety": 0.0,
                        "promisable": 0.0,
                    }
                    for nid in node_ids
                },
            }
            for pid in product_ids
        }
        if not product_ids or not node_ids:
            return result
        exclude_model, exclude_ids = exclude or ("", [])
        exclude_ids = list(exclude_ids) or [0]
        self.env["stock.quant"].flush_model(["quantity", "reserved_quantity"])
        self.env["omni.stock.hold"].flush_model()
        self.env["omni.safety.stock"].flush_model()
        self.env["omni.channel"].flush_model(["channel_type"])
        self.env["product.template"].flush_model(["categ_id"])
        self.env["product.category"].flush_model(["parent_path"])
        # One query: stock and holds per product and node, then (when the
        # company has any) every safety stock rule matching a product and the
        # channel's type (the most specific rule wins, see below).
        company_id = self.env.company.id
        queries = [
            SQL(
                """
                SELECT q.product_id, l.warehouse_id,
                       SUM(q.quantity), SUM(q.reserved_quantity), 0,
                       NULL::boolean, NULL::integer, NULL::numeric
                  FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE q.product_id = ANY(%(products)s)
                   AND l.warehouse_id = ANY(%(nodes)s)
                   AND l.usage = 'internal'
              GROUP BY q.product_id, l.warehouse_id
                """,
                products=product_ids,
                nodes=node_ids,
            ),
            SQL(
                """
                SELECT h.product_id, h.warehouse_id, 0, 0, SUM(h.quantity),
                       NULL::boolean, NULL::integer, NULL::numeric
                  FROM omni_stock_hold h
                 WHERE h.product_id = ANY(%(products)s)
                   AND h.warehouse_id = ANY(%(nodes)s)
                   AND (h.state = 'hard'
                        OR (h.state = 'soft'
                            AND h.expires_at > (now() AT TIME ZONE 'UTC')))
                   AND NOT (h.res_model = %(xmodel)s AND h.res_id = ANY(%(xids)s))
              GROUP BY h.product_id, h.warehouse_id
                """,
                products=product_ids,
                nodes=node_ids,
                xmodel=exclude_model,
                xids=exclude_ids,
            ),
        ]
        if self.env["omni.safety.stock"]._omni_company_has_rules(company_id):
            queries.append(
                SQL(
                    """
                SELECT p.id, r.warehouse_id, 0, 0, 0,
                       r.channel_type IS NOT NULL, COALESCE(length(rc.parent_path), 0), r.quantity
                  FROM product_product p
                  JOIN product_template t ON t.id = p.product_tmpl_id
                  JOIN product_category c ON c.id = t.categ_id
                  JOIN omni_safety_stock r
                    ON r.active
                   AND r.company_id = %(company)s
                   AND (r.channel_type IS NULL
                        OR r.channel_type = (SELECT ch.channel_type FROM omni_channel ch
                                              WHERE ch.id = %(channel)s))
                   AND (r.warehouse_id IS NULL OR r.warehouse_id = ANY(%(nodes)s))
             LEFT JOIN product_category rc ON rc.id = r.categ_id
                 WHERE p.id = ANY(%(products)s)
                   AND (r.categ_id IS NULL
                        OR left(c.parent_path, length(rc.parent_path)) = rc.parent_path)
                    """,
                    products=product_ids,
                    nodes=node_ids,
                    company=company_id,
                    channel=channel.id if channel else 0,
                )
            )
        cr = self.env.cr
        cr.execute(SQL(" UNION ALL ").join(queries))
        best = {}
        for product_id, node_id, on_hand, reserved, held, has_channel, depth, safety in cr.fetchall():
            if has_channel is None:
                cell = result[product_id]["nodes"][node_id]
                cell["on_hand"] += on_hand
                cell["reserved"] += reserved
                cell["held"] += held
                continue
            rank = (node_id is not None, depth, has_channel)
            for nid in [node_id] if node_id else node_ids:
                key = (product_id, nid)
                if key not in best or rank > best[key][0]:
                    best[key] = (rank, safety)
        for (product_id, node_id), (_rank, qty) in best.items():
            result[product_id]["nodes"][node_id]["safety"] = qty
        for data in result.values():
            for cell in data["nodes"].values():
                cell["promisable"] = max(
                    0.0, cell["on_hand"] - cell["reserved"] - cell["held"] - cell["safety"]
                )
                data["total"] += cell["promisable"]
        return result

    @api.model
    def _omni_network_qty(self, product, channel=None, exclude=None, shipping_only=True):
        """Promisable quantity of one product in the nodes that ship (or all)."""
        nodes = self.env["stock.warehouse"]._omni_nodes()
        if shipping_only:
            nodes = nodes.filtered("omni_ships")
        return self._omni_get(product, nodes, channel=channel, exclude=exclude)[product.id]["total"]

    @api.model
    def omni_matrix(self, product_ids, warehouse_ids=None, channel_code=None):
        """JSON view of the service for the POS and the back office."""
        product_ids = omni_inputs.rpc(self.env, inputs.parse_ids, product_ids, "product_ids")
        warehouse_ids = omni_inputs.rpc(self.env, inputs.parse_ids, warehouse_ids, "warehouse_ids")
        channel_code = omni_inputs.rpc(
            self.env, inputs.parse_text, channel_code, "channel_code", max_length=64
        )
        products = self.env["product.product"].browse(product_ids).exists()._filtered_access("read")
        nodes = self.env["stock.warehouse"]._omni_nodes()
        if warehouse_ids:
            nodes = nodes.filtered(lambda n: n.id in set(map(int, warehouse_ids)))
        channel = self.env["omni.channel"]._omni_get(channel_code) if channel_code else None
        data = self._omni_get(products, nodes, channel=channel)
        return {
            "nodes": [
                {
                    "id": n.id,
                    "name": n.name,
                    "type": n.omni_node_type,
                    "ships": n.omni_ships,
                    "pickup": n.omni_pickup,
                    "city": n.omni_city or "",
                }
                for n in nodes
            ],
            "products": {
                str(pid): {
                    "total": values["total"],
                    "nodes": {str(nid): cell for nid, cell in values["nodes"].items()},
                }
                for pid, values in data.items()
            },
        }

    # ------------------------------------------------------------------
    # Website
    # ------------------------------------------------------------------
    @api.model
    def _omni_website_data(self, products, nodes_sudo, website, order=None):
        """The website's one availability read (product page, badges, cart, pickup check).

        What ``nodes_sudo`` (``website``'s nodes by default) can promise to the
        website's channel, leaving out what the shopper's own cart holds
        (``order``, the session's cart by default), so the cart never competes
        with itself. With an ``order``, its channel and company are used
        (``website`` may then be empty when ``nodes_sudo`` is given).
        """
        if nodes_sudo is None:
            nodes_sudo = website._omni_website_nodes()
        if order:
            channel, cart_ids, company = order._omni_channel(), order.ids, order.company_id
        else:
            channel = self.env["omni.channel"]._omni_for_website(website)
            cart_ids, company = website._omni_current_cart_ids(), website.company_id
        # sudo: visitors read availability figures, not stock documents.
        return (
            self.sudo()
            .with_company(company)
            ._omni_get(products, nodes_sudo, channel=channel, exclude=("sale.order", cart_ids))
        )

    @api.model
    def _omni_website_summary(self, product, nodes_sudo, website, destination=None):
        """ "Available online" and the stores that have it, nearest first."""
        cells = self._omni_website_data(product, nodes_sudo, website)[product.id]["nodes"]
        online = sum(cells[n.id]["promisable"] for n in nodes_sudo if n.omni_ships)
        stores = []
        for node in nodes_sudo.filtered("omni_pickup"):
            qty = cells[node.id]["promisable"]
            if qty <= 0:
                continue
            km = None
            if destination and sourcing.valid_coordinates(node.omni_latitude, node.omni_longitude):
                km = round(sourcing.haversine_km((node.omni_latitude, node.omni_longitude), destination), 1)
            stores.append(
                {
                    "id": node.id,
                    "name": node.name,
                    "city": node.partner_id.city or "",
                    "qty": qty,
                    "km": km,
                    "opening_hours": node.opening_hours.name or "",
                }
            )
        stores.sort(key=lambda s: (s["km"] is None, s["km"] or 0.0, s["name"]))
        return {
            "product_id": product.id,
            "online": online,
            "stores": stores,
            "stores_count": len(stores),
        }

    @api.model
    def _omni_website_badges(self, products, website):
        """``{product_id: {"online": qty, "stores": n}}`` for a page of products."""
        # sudo: see _omni_website_data.
        nodes_sudo = self.env["stock.warehouse"].sudo()._omni_nodes(website.company_id)
        data = self._omni_website_data(products, nodes_sudo, website)
        shipping = nodes_sudo.filtered("omni_ships").ids
        pickup = nodes_sudo.filtered("omni_pickup").ids
        return {
            pid: {
                "online": sum(values["nodes"][n]["promisable"] for n in shipping),
                "stores": sum(1 for n in pickup if values["nodes"][n]["promisable"] > 0),
            }
            for pid, values in data.items()
        }

    # ------------------------------------------------------------------
    # POS
    # ------------------------------------------------------------------
    @api.model
    def omni_pos_availability(self, config_id, product_id):
        """What the cashier sees: this store and every other node."""
        config_id = omni_inputs.rpc(self.env, inputs.parse_id, config_id, "config_id")
        product_id = omni_inputs.rpc(self.env, inputs.parse_id, product_id, "product_id")
        config = self.env["pos.config"].browse(config_id).exists()._filtered_access("read")
        product = self.env["product.product"].browse(product_id).exists()._filtered_access("read")
        if not config or not product:
            raise UserError(self.env._("Unknown point of sale or product."))
        store = config.picking_type_id.warehouse_id
        nodes = self.env["stock.warehouse"]._omni_nodes(config.company_id)
        channel = self.env["omni.channel"]._omni_for_pos_config(config)
        cells = self._omni_get(product, nodes | store, channel=channel)[product.id]["nodes"]
        rows = [
            {
                "id": node.id,
                "name": node.name,
                "qty": cells[node.id]["promisable"],
                "ships": node.omni_ships,
                "pickup": node.omni_pickup,
                "is_store": node == store,
            }
            for node in (store | nodes)
        ]
        rows.sort(key=lambda r: (not r["is_store"], -r["qty"], r["name"]))
        return {"store_id": store.id, "nodes": rows}
