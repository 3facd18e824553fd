# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class OmniPromiseCache(models.AbstractModel):
    """Data the delivery promise caches: any change of it drops that cache.

    The node calendars, weekdays and holidays (``stock.warehouse._omni_pure_cached``)
    and the carriers' transit times (``delivery.carrier._omni_pure_cached``) are
    kept in the registry's cache; calendars, their attendances and transit times
    inherit this.
    """

    _name = "omni.promise.cache"
    _description = "Clears the delivery promise's cached data"

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    def unlink(self):
        self.env.registry.clear_cache()
        return super().unlink()
