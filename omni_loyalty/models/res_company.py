# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    omni_loyalty_return_days = fields.Integer(
        "Points return window (days)",
        # Off until a store sets it: with a window, points earned are not spendable
        # at once, which Odoo's loyalty flows (and their tests) otherwise expect.
        default=0,
        help="Points earned on an order stay pending (not spendable) during this "
        "many days, so that a return can take them back.",
    )
    omni_loyalty_tier_months = fields.Integer(
        "Tier spend window (months)",
        default=12,
        help="Tiers are computed from the customer's spend in all channels over this many months.",
    )
