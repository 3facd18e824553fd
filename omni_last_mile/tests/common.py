# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo.addons.omni_inventory_aisle.tests.common import OmniInventoryCommon

# Monday 7 December 2026, 09:00 UTC = 10:00 in Madrid.
MONDAY_10 = dt.datetime(2026, 12, 7, 9, 0)
MONDAY = MONDAY_10.date()


class OmniLastMileCommon(OmniInventoryCommon):
    """The endless-aisle network plus zones, a carrier with transit times and calendars."""

    @classmethod
    def _omni_last_mile_setup(cls):
        cls._omni_setup()
        env = cls.env
        cls.calendar = env["resource.calendar"].create(
            {"name": "Store calendar", "tz": "Europe/Madrid", "company_id": cls.company.id}
        )
        (cls.wh_madrid | cls.wh_valencia | cls.wh_sevilla).write(
            {"omni_calendar_id": cls.calendar.id, "omni_cutoff": 14.0, "omni_prep_days": 0}
        )
        Zone = env["omni.delivery.zone"]
        env["omni.delivery.zone"].search([("company_id", "=", cls.company.id)]).unlink()
        cls.zone_peninsula = Zone.create(
            {"name": "Peninsula", "code": "peninsula", "country_id": cls.country_es.id, "sequence": 30}
        )
        cls.zone_baleares = Zone.create(
            {
                "name": "Balearic Islands",
                "code": "baleares",
                "country_id": cls.country_es.id,
                "zip_prefixes": "07",
            }
        )
        cls.zone_canarias = Zone.create(
            {
                "name": "Canary Islands",
                "code": "canarias",
                "country_id": cls.country_es.id,
                "zip_prefixes": "35,38",
            }
        )
        ship_product = env["product.product"].create({"name": "SEUR shipping", "type": "service"})
        cls.carrier = env["delivery.carrier"].create(
            {
                "name": "SEUR 24 h",
                "delivery_type": "fixed",
                "product_id": ship_product.id,
                "fixed_price": 5.0,
                "omni_webhook_secret": "seur-test-secret",
                "omni_transit_ids": [
                    (0, 0, {"zone_id": cls.zone_peninsula.id, "transit_days": 1}),
                    (0, 0, {"zone_id": cls.zone_baleares.id, "transit_days": 2}),
                    (0, 0, {"zone_id": cls.zone_canarias.id, "transit_days": 3, "transit_days_max": 5}),
                ],
            }
        )
        cls.customer_valencia.email = "lucia@example.com"

    @classmethod
    def _ship_order(cls, partner, lines, warehouse=None):
        return cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "warehouse_id": (warehouse or cls.wh_madrid).id,
                "carrier_id": cls.carrier.id,
                "order_line": [(0, 0, {"product_id": p.id, "product_uom_qty": qty}) for p, qty in lines],
            }
        )
