# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import SQL


class Base(models.AbstractModel):
    _inherit = "base"

    def _omni_lock_rows(self, fnames=None):
        """Lock these records' rows until the transaction ends, then reload them.

        The one lock-then-reload of the suite (cards, orders, partners, history
        rows). Rows are locked in id order, so two transactions locking several
        records cannot deadlock. Under PostgreSQL's repeatable read (Odoo's
        isolation level) a transaction that waited on a row another one changed
        fails with a serialization error; Odoo's request layer retries it, and
        the retry sees the change. ``fnames`` limits what is reloaded.
        """
        if not self.ids:
            return self
        self.flush_recordset()
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s ORDER BY id FOR UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(fnames)
        return self
