# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class OmniSlaCalendarCache(models.AbstractModel):
    """Working time that SLA clocks cache: any change of it clears that cache.

    The clocks (omni.sla.status) cache working intervals per calendar and day
    range; calendars, their attendances and their leaves inherit this.
    """

    _name = "omni.sla.calendar.cache"
    _description = "Clears the SLA clocks' cached working time"

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
