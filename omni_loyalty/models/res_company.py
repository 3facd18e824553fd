# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    omni_loyalty_return_days = fields.Integer(
        "Points return window (days)",
        default=30,
        help="Points earned on an order stay pending (not spendable) during this "
        "many days, so that a return can take them back.",
    )
    omni_loyalty_tier_months = fields.Integer(
        "Tier spend window (months)",
        default=12,
        help="Tiers are computed from the customer's spend in all channels over this many months.",
    )
