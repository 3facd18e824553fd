# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class OmniSlaCalendarCache(models.AbstractModel):
    """Working time that SLA clocks cache: any change of it clears that cache.

    The clocks (omni.sla.status) cache working intervals per calendar and day
    range; calendars, their attendances and their leaves inherit this.
    """

    _name = "omni.sla.calendar.cache"
    _inherit = ["omni.registry.cache.mixin"]  # any change clears
    _description = "Clears the SLA clocks' cached working time"
