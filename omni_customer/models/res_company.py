# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    omni_match_threshold = fields.Integer(
        string="Duplicate review threshold",
        default=85,
        help="Fuzzy score (0-100) from which a possible duplicate is queued for review.",
    )
    omni_auto_merge_deterministic = fields.Boolean(string="Auto-merge deterministic duplicates")
    omni_auto_merge_max_size = fields.Integer(
        string="Largest cluster merged automatically",
        default=5,
        help="Duplicate clusters with more customers than this always go to review.",
    )
    omni_digital_receipt = fields.Boolean(string="Digital receipts", default=True)

    _sql_constraints = [
        (
            "omni_match_threshold_range",
            "CHECK(omni_match_threshold BETWEEN 50 AND 100)",
            "The duplicate review threshold must be between 50 and 100.",
        ),
        (
            "omni_auto_merge_max_size_range",
            "CHECK(omni_auto_merge_max_size BETWEEN 2 AND 50)",
            "The largest cluster merged automatically must hold between 2 and 50 customers.",
        ),
    ]
