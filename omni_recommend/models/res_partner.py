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
