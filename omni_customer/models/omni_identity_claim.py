# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models


class OmniIdentityClaim(models.Model):
    """Keys of customers being created, to serialise concurrent entry points.

    See ``res.partner._omni_claim_identity``. Rows only matter while two
    transactions race; a cron prunes old ones in batches.
    """

    _name = "omni.identity.claim"
    _description = "Customer identity claim"
    _log_access = False

    name = fields.Char(required=True, index=True)
    create_date = fields.Datetime(default=fields.Datetime.now)

    _sql_constraints = [("name_uniq", "unique(name)", "Identity keys are unique.")]

    @api.autovacuum
    def _gc_old_claims(self):
        limit = fields.Datetime.now() - timedelta(days=1)
        self.search([("create_date", "<", limit)], limit=10000).unlink()
