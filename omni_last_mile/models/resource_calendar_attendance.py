# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResourceCalendarAttendance(models.Model):
    """Changing a working day changes delivery promises: their cached node data is dropped."""

    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "omni.promise.cache"]
