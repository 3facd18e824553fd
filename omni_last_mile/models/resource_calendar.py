# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class ResourceCalendar(models.Model):
    """Changing a working calendar changes delivery promises: their cached node data is dropped."""

    _name = "resource.calendar"
    _inherit = ["resource.calendar", "omni.promise.cache"]
