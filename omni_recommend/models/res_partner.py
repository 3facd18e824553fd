# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    _inherit = "res.partner"

    omni_recommended_product_ids = fields.Many2many(
        "product.product",
        string="Recommended products",
        compute="_compute_omni_recommended_product_ids",
        help="What the recommendation service shows this customer in the back office.",
    )

    def _compute_omni_recommended_product_ids(self):
        channel = self.env["omni.channel"]._omni_get("sale")
        Service = self.env["omni.recommend.service"]
        for partner in self:
            partner.omni_recommended_product_ids = (
                Service._omni_recommend(partner, channel, limit=8) if partner.id else False
            )

    @api.model
    def omni_recommend_pos(self, partner_id, config_id, limit=8):
        """POS: recommendations for the selected customer in this POS.

        Returns ``{"product_ids": [...], "source": ...}``; refuses bad ids and
        a POS the cashier cannot open.
        """
        partner_id = omni_inputs.rpc(self.env, inputs.parse_id, partner_id, "partner_id", required=False)
        config_id = omni_inputs.rpc(self.env, inputs.parse_id, config_id, "config_id")
        limit = inputs.clamp_limit(limit, default=8, maximum=20)
        if not self.env.user.has_group("point_of_sale.group_pos_user"):
            raise AccessError(self.env._("Only cashiers see store recommendations."))
        config = self.env["pos.config"].browse(config_id).exists()
        if not config:
            raise AccessError(self.env._("Unknown point of sale."))
        config.check_access("read")
        partner = self.browse(partner_id).exists() if partner_id else self.browse()
        if partner:
            partner.check_access("read")
        channel = self.env["omni.channel"]._omni_for_pos_config(config)
        details = self.env["omni.recommend.service"]._omni_recommend_details(partner, channel, limit)
        return {"product_ids": details["products"].ids, "source": details["source"]}

    def _omni_for_you_mail(self, company=None, exclude=(), limit=4):
        """The "For you" block of an e-mail to this customer, or ``None``: ``{"title", "items"}``.

        For any mail template (the digital receipt, a mailing on customers:
        ``object._omni_for_you_mail()``). Product suggestions in an e-mail are
        marketing, so only a customer who opted in to marketing e-mails gets
        one; what it lists follows the *personalisation* consent like every
        other surface (popularity once withdrawn), with the website's rules,
        since its links open the shop.
        """
        self.ensure_one()
        partner = self.commercial_partner_id
        if not partner.id or not self.env["omni.consent"]._omni_allowed(partner, "marketing", "email"):
            return None
        company = company or partner.company_id or self.env.company
        website = self.env["website"].search([("company_id", "=", company.id)], limit=1)
        if not website:
            return None
        channel = self.env["omni.channel"]._omni_for_website(website)
        details = self.env["omni.recommend.service"]._omni_recommend_details(
            partner, channel, limit, exclude=set(exclude)
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
