# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools

from ..tools import promise


class DeliveryCarrier(models.Model):
    _inherit = "delivery.carrier"

    omni_transit_ids = fields.One2many("omni.delivery.transit", "carrier_id", string="Transit times")
    omni_pickup_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Pickup days",
        help="Days the carrier collects parcels at the node; empty = every working day of the node.",
    )
    omni_uses_slots = fields.Boolean(
        string="Own vans (delivery slots)",
        help="The chain's own vans: the shopper picks one of the zone's delivery slots at checkout.",
    )
    omni_webhook_secret = fields.Char(
        string="Webhook secret",
        groups="base.group_system",
        copy=False,
        help="Shared secret of the carrier's tracking webhook (HMAC-SHA256 of the request body).",
    )

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()  # _omni_pure_cached
        return res

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    def _omni_home_carriers(self, company, website=None):
        """Home-delivery methods of ``company`` with transit times (in-store pickup has its own promise).

        ``website``: only those it publishes (the product page); the till offers them all.
        """
        domain = [
            ("company_id", "in", [False, company.id]),
            ("delivery_type", "!=", "in_store"),
            ("omni_transit_ids", "!=", False),
        ]
        if website is not None:
            domain += [("is_published", "=", True), ("website_id", "in", [False, website.id])]
        return self.search(domain)

    def _omni_pure(self):
        """``promise.Carrier`` of this method, from the registry cache (cleared by the
        writes of carriers, transit times and calendars)."""
        self.ensure_one()
        return self._omni_pure_cached(self.id, self.env.lang or "en_US")

    @api.model
    @tools.ormcache("carrier_id", "lang")
    def _omni_pure_cached(self, carrier_id, lang):
        # sudo: the same figures for every user; cached for all of them.
        return self.sudo().with_context(lang=lang).browse(carrier_id)._omni_pure_read()

    def _omni_pure_read(self):
        self.ensure_one()
        calendar = self.omni_pickup_calendar_id
        pickup = (
            frozenset(int(d) for d in calendar.attendance_ids.mapped("dayofweek"))
            if calendar
            else promise.ALL_DAYS
        )
        return promise.Carrier(
            name=self.name,
            transit={t.zone_id.code: t._omni_days() for t in self.omni_transit_ids},
            pickup_days=pickup,
            key=self.id,
        )
