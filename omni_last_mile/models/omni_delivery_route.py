# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmniDeliveryRoute(models.Model):
    """One driver's round of the chain's own vans on one day."""

    _name = "omni.delivery.route"
    _description = "Driver route"
    _order = "date desc, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today, index=True)
    driver_id = fields.Many2one("res.users", string="Driver", required=True, index=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda s: s.env.company)
    stop_ids = fields.One2many("omni.delivery.stop", "route_id", string="Stops")
