# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    omni_recommend_weight_order = fields.Float(
        "Weight of an order line", config_parameter="omni_recommend.weight_order", default=4.0
    )
    omni_recommend_weight_pos = fields.Float(
        "Weight of a store ticket line", config_parameter="omni_recommend.weight_pos", default=4.0
    )
    omni_recommend_weight_view = fields.Float(
        "Weight of a product view", config_parameter="omni_recommend.weight_view", default=0.5
    )
    omni_recommend_weight_cart = fields.Float(
        "Weight of a cart add", config_parameter="omni_recommend.weight_cart", default=1.5
    )
    omni_recommend_half_life = fields.Float(
        "Half-life of a signal (days)", config_parameter="omni_recommend.half_life", default=180.0
    )
    omni_recommend_factors = fields.Integer(
        "Latent factors", config_parameter="omni_recommend.factors", default=32
    )
    omni_recommend_min_support = fields.Integer(
        "Minimum baskets for a pair", config_parameter="omni_recommend.min_support", default=2
    )
    omni_recommend_holdout_days = fields.Integer(
        "Held-out days for the evaluation", config_parameter="omni_recommend.holdout_days", default=30
    )
