# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmniDeliveryTransit(models.Model):
    """How many delivery days a carrier needs to reach a zone."""

    _name = "omni.delivery.transit"
    _inherit = ["omni.promise.cache"]
    _description = "Carrier transit time per zone"
    _order = "carrier_id, zone_id"

    carrier_id = fields.Many2one("delivery.carrier", required=True, index=True, ondelete="cascade")
    zone_id = fields.Many2one("omni.delivery.zone", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="zone_id.company_id", store=True, index=True)
    transit_days = fields.Integer(string="Transit days", required=True, default=1)
    transit_days_max = fields.Integer(
        string="Up to (days)", help="Latest day of the window; empty = no window."
    )

    _sql_constraints = [
        ("carrier_zone_uniq", "unique(carrier_id, zone_id)", "One transit time per carrier and zone."),
        (
            "transit_positive",
            "CHECK(transit_days >= 0 AND (transit_days_max IS NULL OR transit_days_max = 0"
            " OR transit_days_max >= transit_days))",
            "Transit days cannot be negative and the window cannot end before it starts.",
        ),
    ]

    def _omni_days(self):
        self.ensure_one()
        if self.transit_days_max and self.transit_days_max > self.transit_days:
            return (self.transit_days, self.transit_days_max)
        return self.transit_days
