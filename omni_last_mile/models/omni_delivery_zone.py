# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.exceptions import UserError

from ..tools import promise


class OmniDeliveryZone(models.Model):
    """Where a parcel goes: a country, some of its states or postcode prefixes."""

    _name = "omni.delivery.zone"
    _description = "Delivery zone"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical key, e.g. peninsula, baleares, canarias.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda s: s.env.company)
    country_id = fields.Many2one("res.country", required=True)
    state_ids = fields.Many2many(
        "res.country.state", string="States", domain="[('country_id', '=', country_id)]"
    )
    zip_prefixes = fields.Char(
        string="Postcode prefixes",
        help="Comma-separated, e.g. 35,38. The longest matching prefix wins over states and country.",
    )
    transit_ids = fields.One2many("omni.delivery.transit", "zone_id", string="Carrier transit times")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A zone code is unique per company."),
    ]

    def _omni_pure(self):
        return [
            promise.Zone(
                code=zone.code,
                country=zone.country_id.code or "",
                states=tuple(zone.state_ids.mapped("code")),
                prefixes=tuple(p.strip() for p in (zone.zip_prefixes or "").split(",") if p.strip()),
            )
            for zone in self
        ]

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # _omni_pure_zones
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()

    @api.model
    @tools.ormcache("company_id")
    def _omni_pure_zones(self, company_id):
        """``((zone_id, promise.Zone), ...)`` of a company, cached (cleared when a zone changes)."""
        # sudo: zones are configuration, the same for every user; cached for all of them.
        zones = self.sudo().search([("company_id", "=", company_id)])
        return tuple(zip(zones.ids, zones._omni_pure(), strict=True))

    @api.model
    def _omni_match(self, country, state=None, postcode=None, company=None):
        """The zone of an address (``res.country``, ``res.country.state``, text), or a ``UserError``."""
        company = company or self.env.company
        pure = self._omni_pure_zones(company.id)
        try:
            zone = promise.match_zone(
                [z for _id, z in pure],
                country.code if country else "",
                state.code if state else None,
                postcode,
            )
        except ValueError as exc:
            raise UserError(
                self.env._(
                    "No delivery zone covers %(where)s.", where=postcode or (country.name if country else "?")
                )
            ) from exc
        return self.browse(next(zone_id for zone_id, z in pure if z is zone))
