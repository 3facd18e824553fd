# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

RECEIPT_ITEMS = 4


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _omni_mail_receipt(self, template=None):
        """The digital receipt carries a "For you" block, from the one recommendation service.

        Product suggestions in an e-mail are marketing: the block is added only
        for a customer who opted in to marketing e-mails. What it lists follows
        the customer's *personalisation* consent like every other surface
        (popularity only once withdrawn), with the website's rules, since its
        links open the shop.
        """
        self.ensure_one()
        template = template or self.env.ref("omni_customer.mail_template_pos_receipt")
        block = self._omni_receipt_for_you()
        if block:
            template = template.with_context(omni_for_you=block["items"], omni_for_you_title=block["title"])
        return super()._omni_mail_receipt(template)

    def _omni_receipt_for_you(self):
        """``{"title": ..., "items": [{"name", "url"}]}`` for this receipt, or ``None``."""
        partner = self.partner_id.commercial_partner_id
        if not partner or not self.env["omni.consent"]._omni_allowed(partner, "marketing", "email"):
            return None
        website = self.env["website"].search([("company_id", "=", self.company_id.id)], limit=1)
        if not website:
            return None
        channel = self.env["omni.channel"]._omni_for_website(website)
        details = self.env["omni.recommend.service"]._omni_recommend_details(
            partner, channel, RECEIPT_ITEMS, exclude=set(self.lines.product_id.ids)
        )
        if not details["products"]:
            return None
        base_url = website.get_base_url()
        env = self.with_context(lang=partner.lang or self.env.lang).env
        title = env._("For you") if details["source"] == "personal" else env._("Our best sellers")
        # sudo: names and shop links of products the service kept for the website.
        items = [
            {"name": product.display_name, "url": base_url + product.website_url}
            for product in details["products"].sudo()
        ]
        return {"title": title, "items": items}
