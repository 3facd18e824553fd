# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.http import request
from odoo.osv import expression


class WebsiteSnippetFilter(models.Model):
    _inherit = "website.snippet.filter"

    def _omni_snippet_products(self, website, limit, domain, context_product=None):
        partner = self.env.user.partner_id if not self.env.user._is_public() else self.env["res.partner"]
        channel = self.env["omni.channel"]._omni_for_website(website)
        cart = website.sale_get_order() if request else self.env["sale.order"]
        details = self.env["omni.recommend.service"]._omni_recommend_details(
            partner,
            channel,
            limit or 8,
            context_product=context_product,
            exclude=set(cart.order_line.product_id.ids),
        )
        products = details["products"]
        if not products:
            return products
        # The snippet's own domain (published, website, company, search) still applies.
        allowed = set(
            self.env["product.product"]._search(expression.AND([domain, [("id", "in", products.ids)]]))
        )
        return products.filtered(lambda p: p.id in allowed).with_context(display_default_code=False)

    def _get_products_omni_for_you(self, website, limit, domain, **kwargs):
        """ "Recomendado para ti": the visitor's own recommendations (popularity when anonymous)."""
        return self._omni_snippet_products(website, limit, domain)

    def _get_products_omni_also_bought(self, website, limit, domain, product_template_id=None, **kwargs):
        """ "Customers who bought this also bought", on the product page."""
        template = (
            self.env["product.template"]
            .browse(int(product_template_id) if str(product_template_id or "").isdigit() else [])
            .exists()
        )
        if not template:
            return self.env["product.product"]
        return self._omni_snippet_products(
            website, limit, domain, context_product=template.product_variant_id
        )
