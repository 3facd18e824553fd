# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api
from odoo.addons.omni_customer.tests.common import race
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

PRODUCT = "Last returnable unit (return race test)"
PARTNER = "Return race customer"
# Notifications are queued, not sent at commit: sending opens the registry, whose lock the
# test runner holds while the threads run.
QUEUE_MAILS = {"mail_notify_force_send": False}


@tagged("post_install", "-at_install", "omni_concurrency")
class TestReturnByPostRace(TransactionCase):
    """Two submissions of "return by post" for the last returnable unit of an order, at once.

    Each runs the method the portal controller calls (``omni.return._omni_request_by_post``)
    on its own real connection (``race()``, which retries a serialization failure on a fresh
    transaction as Odoo's request layer does). ``claim_rows`` on the order makes the second
    one see the first one's return: exactly one return of one unit, the other is refused with
    a clear UserError. The test commits its fixtures and deletes them at the end.
    """

    def setUp(self):
        super().setUp()
        self.fixture = {}
        self._purge_leftovers()
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, QUEUE_MAILS)
            env.ref("base.EUR").active = True
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            product = env["product.product"].create(
                {"name": PRODUCT, "is_storable": True, "list_price": 10.0, "taxes_id": False}
            )
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 1)
            partner = env["res.partner"].create({"name": PARTNER})
            order = env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "warehouse_id": warehouse.id,
                    "order_line": [(0, 0, {"product_id": product.id, "product_uom_qty": 1})],
                }
            )
            order.action_confirm()
            for move in order.picking_ids.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            order.picking_ids.button_validate()
            self.fixture = {
                "product": product.id,
                "template": product.product_tmpl_id.id,
                "partner": partner.id,
                "order": order.id,
                "line": order.order_line.id,
            }
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            order = env["sale.order"].browse(self.fixture["order"])
            returnable = env["omni.return"]._omni_returnable(order)
            self.assertEqual([qty for qty, _moves in returnable.values()], [1.0], "one unit delivered")

    def _purge_leftovers(self):
        """Fixtures an interrupted run committed and could not delete."""
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            product = env["product.product"].search([("name", "=", PRODUCT)], limit=1)
            partner = env["res.partner"].search([("name", "=", PARTNER)], limit=1)
            if not (product or partner):
                return
            order = env["sale.order"].search([("partner_id", "=", partner.id)], limit=1)
            self.fixture = {
                "product": product.id or 0,
                "template": product.product_tmpl_id.id or 0,
                "partner": partner.id or 0,
                "order": order.id or 0,
            }
        self._cleanup()
        self.fixture = {}

    def _cleanup(self):
        fx = self.fixture
        if not fx:
            return
        with self.registry.cursor() as cr:
            orders = [fx["order"]]
            cr.execute("SELECT id FROM omni_return WHERE order_id = ANY(%s)", (orders,))
            return_ids = [r[0] for r in cr.fetchall()] or [0]
            cr.execute("SELECT id FROM stock_move WHERE product_id = %s", (fx["product"],))
            move_ids = [r[0] for r in cr.fetchall()] or [0]
            cr.execute(
                "SELECT DISTINCT picking_id FROM stock_move WHERE id = ANY(%s) AND picking_id IS NOT NULL",
                (move_ids,),
            )
            picking_ids = [r[0] for r in cr.fetchall()] or [0]
            cr.execute("DELETE FROM omni_return_line WHERE return_id = ANY(%s)", (return_ids,))
            cr.execute("DELETE FROM omni_return WHERE id = ANY(%s)", (return_ids,))
            cr.execute("DELETE FROM stock_move_line WHERE product_id = %s", (fx["product"],))
            cr.execute("DELETE FROM stock_move WHERE id = ANY(%s)", (move_ids,))
            cr.execute(
                "DELETE FROM mail_message WHERE model = 'stock.picking' AND res_id = ANY(%s)", (picking_ids,)
            )
            cr.execute("DELETE FROM stock_picking WHERE id = ANY(%s)", (picking_ids,))
            cr.execute("DELETE FROM omni_stock_hold WHERE product_id = %s", (fx["product"],))
            cr.execute("DELETE FROM procurement_group WHERE sale_id = ANY(%s)", (orders,))
            for model in ("sale.order", "omni.return"):
                ids = orders if model == "sale.order" else return_ids
                # mail_mail rows (queued notifications) go with their mail_message (ON DELETE CASCADE).
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
            cr.execute("DELETE FROM omni_delivery_event WHERE order_id = ANY(%s)", (orders,))
            cr.execute("DELETE FROM omni_sourcing_decision WHERE order_id = ANY(%s)", (orders,))
            cr.execute("DELETE FROM sale_order_line WHERE order_id = ANY(%s)", (orders,))
            cr.execute("DELETE FROM sale_order WHERE id = ANY(%s)", (orders,))
            cr.execute("DELETE FROM stock_quant WHERE product_id = %s", (fx["product"],))
            cr.execute("DELETE FROM stock_valuation_layer WHERE product_id = %s", (fx["product"],))
            cr.execute("DELETE FROM product_product WHERE id = %s", (fx["product"],))
            cr.execute("DELETE FROM product_template WHERE id = %s", (fx["template"],))
            cr.execute("DELETE FROM omni_interaction WHERE partner_id = %s", (fx["partner"],))
            cr.execute("DELETE FROM res_partner WHERE id = %s", (fx["partner"],))

    @mute_logger("odoo.sql_db")
    def test_two_connections_last_unit(self):
        order_id, line_id = self.fixture["order"], self.fixture["line"]

        def request(env):
            env = env(context=dict(env.context, **QUEUE_MAILS))
            # sudo: as the portal controller, on the customer's own order.
            order = env["sale.order"].sudo().browse(order_id)
            ret = (
                env["omni.return"]
                .sudo()
                ._omni_request_by_post(order, [{"line_id": line_id, "quantity": 1, "reason": "other"}])
            )
            return ret.id

        results = race(self.registry, [request, request], overlap=0.2)
        self.assertEqual(sorted(r[0] for r in results), ["ok", "refused"], results)
        refused = next(r for r in results if r[0] == "refused")
        self.assertIn("left to return", refused[1])
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            returns = env["omni.return"].search([("order_id", "=", order_id)])
            self.assertEqual(len(returns), 1)
            self.assertEqual(sum(returns.line_ids.mapped("quantity")), 1.0)
            self.assertEqual(len(returns.picking_ids), 1)
            self.assertEqual(sum(returns.picking_ids.move_ids.mapped("product_uom_qty")), 1.0)
            order = env["sale.order"].browse(order_id)
            self.assertFalse(env["omni.return"]._omni_returnable(order), "nothing left to return")
