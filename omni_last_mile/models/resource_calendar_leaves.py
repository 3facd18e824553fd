# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ResourceCalendarLeaves(models.Model):
    """Changing a holiday changes delivery promises: their cached node data is dropped.

    Only company-wide leaves (no resource) are holidays of a node's calendar; an
    employee's time off (HR approvals create such leaves all day long) leaves the
    cache, and every other cache of the registry, alone.
    """

    _inherit = "resource.calendar.leaves"

    @api.model_create_multi
    def create(self, vals_list):
        if any(not vals.get("resource_id") for vals in vals_list):
            self.env.registry.clear_cache()  # stock.warehouse._omni_pure_cached
        return super().create(vals_list)

    def write(self, vals):
        if not vals.get("resource_id", True) or any(not leave.resource_id for leave in self):
            self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        if any(not leave.resource_id for leave in self):
            self.env.registry.clear_cache()
        return super().unlink()
