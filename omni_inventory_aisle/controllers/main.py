# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import math

from odoo.addons.omni_customer.inputs import InputError, http_refusal, json_refusal
from odoo.addons.omni_customer.tools import inputs
from odoo.addons.website_sale.controllers.main import WebsiteSale
from odoo.exceptions import UserError
from odoo.http import Controller, request, route


def _int(value):
    """Positive int or None (ids coming from the browser): a real JSON int only."""
    try:
        return inputs.parse_id(value)
    except InputError:
        return None


class OmniAisleController(Controller):
    def _omni_product(self, product_id):
        """A product the visitor may see on this website, or None."""
        product_id = _int(product_id)
        if not product_id:
            return None
        website = request.website
        product = request.env["product.product"].search(
            [("id", "=", product_id), *website.sale_product_domain()], limit=1
        )
        return product or None

    def _omni_nodes(self):
        # sudo: visitors see node names and quantities, not warehouse records.
        nodes_sudo = request.env["stock.warehouse"].sudo()._omni_nodes(request.website.company_id)
        return nodes_sudo.filtered(lambda n: n.omni_ships or n.omni_pickup)

    # readonly: reads stock and nodes only, so a PostgreSQL replica may serve it.
    @route("/omni/availability", type="json", auth="public", website=True, methods=["POST"], readonly=True)
    def omni_availability(self, product_id=None, postcode=None, country_code=None):
        """Available online and per store, stores sorted by distance to a postcode."""
        try:
            postcode = inputs.parse_postcode(postcode)
            country_code = inputs.parse_country_code(country_code)
        except InputError as exc:
            return json_refusal(request.env, exc)
        product = self._omni_product(product_id)
        if not product:
            return {"error": request.env._("Unknown product.")}
        destination = None
        if postcode:
            if not isinstance(postcode, str) or len(postcode) > 12:
                return {"error": request.env._("Unknown postcode.")}
            try:
                # sudo: the postcode fallback reads nodes' postcodes only.
                destination = (
                    request.env["sale.order"]
                    .sudo()
                    ._omni_postcode_coordinates(postcode, (country_code or "ES")[:2])
                )
            except UserError as exc:
                return {"error": str(exc)}
        return request.env["omni.stock.availability"]._omni_website_summary(
            product, self._omni_nodes(), request.website, destination
        )

    @route("/omni/pickup", type="json", auth="public", website=True, methods=["POST"])
    def omni_pickup(self, product_id=None, warehouse_id=None, quantity=1):
        """Put the product in the cart, to be collected in the chosen store."""
        product = self._omni_product(product_id)
        node_id = _int(warehouse_id)
        if not product:
            return {"error": request.env._("Unknown product.")}
        if not isinstance(quantity, (int, float)) or isinstance(quantity, bool):
            return {"error": request.env._("The quantity must be a number.")}
        website = request.website
        cap = website.company_id.omni_cart_max_qty or 1000
        if not math.isfinite(quantity) or quantity <= 0 or quantity > cap:
            return {"error": request.env._("The quantity must be between 1 and %(max)s.", max=cap)}
        carrier_sudo = website.sudo().in_store_dm_id
        node_sudo = self._omni_nodes().filtered(lambda n: n.id == node_id and n.omni_pickup)
        if not node_sudo or not carrier_sudo or node_sudo not in carrier_sudo.warehouse_ids:
            return {"error": request.env._("This store does not accept pickups.")}
        summary = request.env["omni.stock.availability"]._omni_website_summary(
            product, node_sudo, website, None
        )
        if not summary["stores"] or summary["stores"][0]["qty"] < quantity:
            return {"error": request.env._("Not enough stock in this store.")}
        order_sudo = website.sale_get_order(force_create=True)
        order_sudo._cart_update(product_id=product.id, add_qty=quantity)
        order_sudo._set_delivery_method(carrier_sudo)
        partner = node_sudo.partner_id
        order_sudo._set_pickup_location(
            json.dumps(
                {
                    "id": node_sudo.id,
                    "name": node_sudo.name,
                    "street": partner.street or "",
                    "city": partner.city or "",
                    "zip_code": partner.zip or "",
                    "country_code": partner.country_code or "",
                    "state": partner.state_id.code or "",
                    "latitude": node_sudo.omni_latitude,
                    "longitude": node_sudo.omni_longitude,
                    "opening_hours": {},
                    "additional_data": {},
                }
            )
        )
        order_sudo._omni_hold_cart()
        return {"cart_quantity": order_sudo.cart_quantity, "store": node_sudo.name}


class OmniWebsiteSale(WebsiteSale):
    @route()
    def shop(self, *args, **kwargs):
        """Shop page badges: availability of the page's products in one query set."""
        # Odoo's shop calls int(category) unguarded and searches text holding NUL: 400, not 500.
        try:
            for key, value in kwargs.items():
                if isinstance(value, str):
                    inputs.parse_text(value, key, max_length=2048, strip=False)
            if isinstance(kwargs.get("category"), str) and kwargs["category"]:
                inputs.parse_id(kwargs["category"], "category", from_text=True)
        except InputError as exc:
            raise http_refusal(request.env, exc) from None
        response = super().shop(*args, **kwargs)
        products = getattr(response, "qcontext", {}).get("products")
        if products:
            variants = products.product_variant_id.filtered("is_storable")
            badges = request.env["omni.stock.availability"]._omni_website_badges(variants, request.website)
            response.qcontext["omni_badges"] = {
                variant.product_tmpl_id.id: badges[variant.id] for variant in variants
            }
        return response

    def _get_shop_payment_errors(self, order):
        """The payment page says, before any payment, what the confirmation would refuse."""
        errors = super()._get_shop_payment_errors(order)
        if order and order.state == "draft":
            # sudo: the visitor's own cart, checked against the network's figure.
            stock_errors = order.sudo()._omni_cart_stock_errors()
            if stock_errors:
                errors.append(
                    (
                        request.env._("Some products cannot be delivered in the quantity ordered."),
                        " ".join(stock_errors),
                    )
                )
        return errors
