# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL

# Notifications are queued, not sent at commit: sending opens the registry, whose lock the
# test runner holds while the threads run.
QUEUE_MAILS = {"mail_notify_force_send": False}


class ReturnRaceCommon:
    """What the return-by-post races share: deleting their committed fixtures, and the verdict.

    Mixed into a TransactionCase whose ``fixture`` names the committed rows.
    """

    @staticmethod
    def _ids(cr, query, params):
        cr.execute(query, params)
        return [row[0] for row in cr.fetchall()] or [0]

    def _delete_returns_and_moves(self, cr, return_ids, product_id):
        """The returns and their lines, then every move, move line, transfer and hold of the product.

        Returns the ids of the transfers deleted (for their chatter)."""
        move_ids = self._ids(cr, "SELECT id FROM stock_move WHERE product_id = %s", (product_id,))
        picking_ids = self._ids(
            cr,
            "SELECT DISTINCT picking_id FROM stock_move WHERE id = ANY(%s) AND picking_id IS NOT NULL",
            (move_ids,),
        )
        cr.execute("DELETE FROM omni_return_line WHERE return_id = ANY(%s)", (return_ids,))
        cr.execute("DELETE FROM omni_return WHERE id = ANY(%s)", (return_ids,))
        cr.execute("DELETE FROM stock_move_line WHERE product_id = %s", (product_id,))
        cr.execute("DELETE FROM stock_move WHERE id = ANY(%s)", (move_ids,))
        cr.execute("DELETE FROM stock_picking WHERE id = ANY(%s)", (picking_ids,))
        cr.execute("DELETE FROM omni_stock_hold WHERE product_id = %s", (product_id,))
        cr.execute("DELETE FROM omni_stock_take_lock WHERE product_id = %s", (product_id,))
        return picking_ids

    def _delete_chatter(self, cr, ids_by_model):
        """Activities and messages of these records; queued mails go with their message (cascade)."""
        for model, ids in ids_by_model.items():
            for table, column in (("mail_activity", "res_model"), ("mail_message", "model")):
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE %s = %s AND res_id = ANY(%s)",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        model,
                        ids,
                    )
                )

    def _delete_product(self, cr, fx):
        """The race's product, its stock and valuation, and its customer's interaction log."""
        cr.execute("DELETE FROM stock_quant WHERE product_id = %s", (fx["product"],))
        cr.execute("DELETE FROM stock_valuation_layer WHERE product_id = %s", (fx["product"],))
        cr.execute("DELETE FROM product_product WHERE id = %s", (fx["product"],))
        cr.execute("DELETE FROM product_template WHERE id = %s", (fx["template"],))
        cr.execute("DELETE FROM omni_interaction WHERE partner_id = %s", (fx["partner"],))

    def _assert_one_return_of_one_unit(self, results, returns):
        """One request won, the other was refused clearly: one return of one unit, one transfer."""
        self.assertEqual(sorted(r[0] for r in results), ["ok", "refused"], results)
        refused = next(r for r in results if r[0] == "refused")
        self.assertIn("left to return", refused[1])
        self.assertEqual(len(returns), 1)
        self.assertEqual(sum(returns.line_ids.mapped("quantity")), 1.0)
        self.assertEqual(len(returns.picking_ids), 1)
        self.assertEqual(sum(returns.picking_ids.move_ids.mapped("product_uom_qty")), 1.0)
