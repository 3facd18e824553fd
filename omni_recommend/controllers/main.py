# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from werkzeug.exceptions import Forbidden

from odoo import http
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
from odoo.http import request

_LIMIT = re.compile(r"[0-9]{1,3}")


class OmniRecommendController(http.Controller):
    @http.route(
        "/omni_recommend/for_you",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
        # readonly: reads the precomputed lists and the cart, never writes: a replica may serve it.
        readonly=True,
    )
    def omni_for_you(self, partner_id=None, product_id=None, limit=None, **kw):
        """JSON: the visitor's own recommendations.

        ``partner_id`` may only name the visitor's own customer (403 otherwise,
        anonymous visitors included); ``product_id`` asks for "also bought".
        Bad ids answer 400 without echoing them.
        """
        try:
            partner_id = inputs.parse_id(partner_id, "partner_id", from_text=True, required=False)
            product_id = inputs.parse_id(product_id, "product_id", from_text=True, required=False)
        except inputs.InputError as exc:
            return request.make_json_response(omni_inputs.json_refusal(request.env, exc), status=400)
        limit = int(limit) if isinstance(limit, str) and _LIMIT.fullmatch(limit) else 8
        limit = max(1, min(limit, 20))
        user = request.env.user
        own = user.partner_id.commercial_partner_id if not user._is_public() else request.env["res.partner"]
        if partner_id is not None and (not own or partner_id not in (own.id, user.partner_id.id)):
            raise Forbidden()
        website = request.website
        context_product = None
        if product_id is not None:
            # sudo: the visitor may look at a published product only; checked just below.
            context_product = request.env["product.product"].sudo().browse(product_id).exists()
            if not context_product or not context_product.filtered_domain(
                [("website_published", "=", True)] + website.website_domain()
            ):
                return request.make_json_response({"error": request.env._("Unknown product.")}, status=404)
        channel = request.env["omni.channel"]._omni_for_website(website)
        # Not website.sale_get_order(): it may write the cart (partner, pricelist), and this route
        # is readonly (served by a replica). sudo: the visitor's own session cart; only its
        # products are read, to leave them out.
        cart_id = request.session.get("sale_order_id")
        cart = request.env["sale.order"].sudo().browse(cart_id if isinstance(cart_id, int) else []).exists()
        cart = cart.filtered(lambda order: order.state == "draft" and order.website_id == website)
        details = request.env["omni.recommend.service"]._omni_recommend_details(
            own, channel, limit, context_product=context_product, exclude=set(cart.order_line.product_id.ids)
        )
        # sudo: the service already kept only what this website sells; names and urls are public.
        products = details["products"].sudo()
        return request.make_json_response(
            {
                "source": details["source"],
                "products": [
                    {"id": p.id, "name": p.display_name, "url": p.website_url, "price": p.list_price}
                    for p in products
                ],
            }
        )
