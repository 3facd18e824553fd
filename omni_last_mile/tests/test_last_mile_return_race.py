# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api
from odoo.addons.omni_customer.tests.common import race
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .return_race_common import QUEUE_MAILS, ReturnRaceCommon

PRODUCT = "Last returnable unit (return race test)"
PARTNER = "Return race customer"


@tagged("post_install", "-at_install", "omni_concurrency")
class TestReturnByPostRace(ReturnRaceCommon, TransactionCase):
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
            return_ids = self._ids(cr, "SELECT id FROM omni_return WHERE order_id = ANY(%s)", (orders,))
            picking_ids = self._delete_returns_and_moves(cr, return_ids, fx["product"])
            cr.execute("DELETE FROM procurement_group WHERE sale_id = ANY(%s)", (orders,))
            self._delete_chatter(
                cr, {"stock.picking": picking_ids, "sale.order": orders, "omni.return": return_ids}
            )
            cr.execute("DELETE FROM omni_delivery_event WHERE order_id = ANY(%s)", (orders,))
            cr.execute("DELETE FROM omni_sourcing_decision WHERE order_id = ANY(%s)", (orders,))
            cr.execute("DELETE FROM sale_order_line WHERE order_id = ANY(%s)", (orders,))
            cr.execute("DELETE FROM sale_order WHERE id = ANY(%s)", (orders,))
            self._delete_product(cr, fx)
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
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            returns = env["omni.return"].search([("order_id", "=", order_id)])
            self._assert_one_return_of_one_unit(results, returns)
            order = env["sale.order"].browse(order_id)
            self.assertFalse(env["omni.return"]._omni_returnable(order), "nothing left to return")
