# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class OmniRegistryCacheMixin(models.AbstractModel):
    """Configuration the suite's lookups keep in Odoo's registry cache (``tools.ormcache``).

    Creating or deleting a record, or writing one of ``_omni_cache_fields``
    (any field when it is ``None``), clears that cache: in this worker at
    once, in every other worker and host through Odoo's cache signalling.
    """

    _name = "omni.registry.cache.mixin"
    _description = "Clears the suite's cached lookups when their configuration changes"

    _omni_cache_fields = None  # the fields the cached lookups read; None: any

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        self.env.registry.clear_cache()
        return records

    def write(self, vals):
        res = super().write(vals)
        if self._omni_cache_fields is None or set(self._omni_cache_fields) & set(vals):
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()
        return res
