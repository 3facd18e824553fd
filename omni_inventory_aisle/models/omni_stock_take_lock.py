# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class OmniStockTakeLock(models.Model):
    """One row per product x node, bumped by every take.

    Odoo runs transactions in REPEATABLE READ: a plain ``SELECT ... FOR UPDATE``
    followed by a read would still see the snapshot taken before a concurrent
    take committed. Updating this row makes the second taker wait for the first
    and then fail with a serialization error (Odoo retries the request, and the
    retry sees the first take), so two channels can never both promise the
    last unit.
    """

    _name = "omni.stock.take.lock"
    _description = "Stock take lock (product x node)"
    _log_access = False

    product_id = fields.Many2one("product.product", required=True, ondelete="cascade")
    warehouse_id = fields.Many2one("stock.warehouse", required=True, ondelete="cascade")
    version = fields.Integer(default=0)

    _sql_constraints = [
        (
            "product_warehouse_uniq",
            "UNIQUE(product_id, warehouse_id)",
            "One lock row per product and node.",
        ),
    ]

    def _omni_acquire(self, pairs):
        """Lock ``pairs`` of (product_id, warehouse_id) in a fixed order."""
        pairs = sorted(set(pairs))
        if not pairs:
            return
        values = SQL(", ").join(SQL("(%s, %s, 1)", p, w) for p, w in pairs)
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO omni_stock_take_lock (product_id, warehouse_id, version)
                VALUES %s
                ON CONFLICT (product_id, warehouse_id)
                DO UPDATE SET version = omni_stock_take_lock.version + 1
                """,
                values,
            )
        )
