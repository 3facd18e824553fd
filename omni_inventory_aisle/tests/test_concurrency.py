# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import random

from odoo import api
from odoo.addons.omni_customer.tests.common import race
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

_logger = logging.getLogger(__name__)

ATTEMPTS = 3
ROUNDS = 100
FULL_ROUNDS = 100


@tagged("post_install", "-at_install", "omni_concurrency")
class TestNoOversell(TransactionCase):
    """A web checkout and a POS payment want the last unit at the same moment.

    Two real connections, each committing; the later one waits on the take
    lock, fails with a serialization error, retries like Odoo's request layer
    does and gets a clear "not enough stock" message. The test commits its own
    fixtures and deletes them at the end.
    """

    def setUp(self):
        super().setUp()
        self.fixture = {}
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            warehouse = env["stock.warehouse"].search([("company_id", "=", env.company.id)], limit=1)
            warehouse.omni_in_network = True
            product = env["product.product"].create(
                {
                    "name": "Last unit (concurrency test)",
                    "is_storable": True,
                    "allow_out_of_stock_order": False,
                }
            )
            env["stock.quant"]._update_available_quantity(product, warehouse.lot_stock_id, 1)
            partner = env["res.partner"].create({"name": "Concurrency customer"})
            website = env["website"].search([("company_id", "=", env.company.id)], limit=1)
            web_doc, pos_doc = env["sale.order"].create(
                [
                    {"partner_id": partner.id, "website_id": website.id},
                    {"partner_id": partner.id},
                ]
            )
            self.fixture = {
                "warehouse": warehouse.id,
                "product": product.id,
                "template": product.product_tmpl_id.id,
                "partner": partner.id,
                "orders": [web_doc.id, pos_doc.id],
            }
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        fx = self.fixture
        with self.registry.cursor() as cr:
            cr.execute("SELECT id FROM sale_order WHERE partner_id = %s", (fx["partner"],))
            order_ids = [r[0] for r in cr.fetchall()]
            cr.execute("SELECT id FROM stock_move WHERE product_id = %s", (fx["product"],))
            move_ids = [r[0] for r in cr.fetchall()] or [0]
            cr.execute(
                "SELECT DISTINCT picking_id FROM stock_move WHERE id = ANY(%s) AND picking_id IS NOT NULL",
                (move_ids,),
            )
            picking_ids = [r[0] for r in cr.fetchall()] or [0]
            cr.execute("DELETE FROM stock_move_line WHERE product_id = %s", (fx["product"],))
            cr.execute("DELETE FROM stock_move WHERE id = ANY(%s)", (move_ids,))
            cr.execute("DELETE FROM stock_picking WHERE id = ANY(%s)", (picking_ids,))
            cr.execute("DELETE FROM omni_stock_hold WHERE product_id = %s", (fx["product"],))
            cr.execute("DELETE FROM omni_stock_take_lock WHERE product_id = %s", (fx["product"],))
            cr.execute("DELETE FROM omni_sourcing_decision WHERE order_id = ANY(%s)", (order_ids or [0],))
            cr.execute("DELETE FROM sale_order_line WHERE order_id = ANY(%s)", (order_ids or [0],))
            cr.execute("DELETE FROM sale_order WHERE id = ANY(%s)", (order_ids or [0],))
            cr.execute("DELETE FROM procurement_group WHERE sale_id = ANY(%s)", (order_ids or [0],))
            cr.execute("DELETE FROM stock_quant WHERE product_id = %s", (fx["product"],))
            cr.execute("DELETE FROM product_product WHERE id = %s", (fx["product"],))
            cr.execute("DELETE FROM product_template WHERE id = %s", (fx["template"],))
            cr.execute("DELETE FROM omni_interaction WHERE partner_id = %s", (fx["partner"],))
            cr.execute("DELETE FROM res_partner WHERE id = %s", (fx["partner"],))

    def _reset_round(self):
        with self.registry.cursor() as cr:
            cr.execute("DELETE FROM omni_stock_hold WHERE product_id = %s", (self.fixture["product"],))

    def _race(self, web_action, pos_action, pos_delay=0.0):
        """The web and the POS action at once, each on its own connection (see race())."""
        return race(self.registry, [web_action, pos_action], attempts=ATTEMPTS, delays=[0.0, pos_delay])

    def _taken(self):
        with self.registry.cursor() as cr:
            cr.execute(
                """
                SELECT COALESCE(SUM(quantity), 0) FROM omni_stock_hold
                 WHERE product_id = %s AND state IN ('soft', 'hard', 'consumed')
                """,
                (self.fixture["product"],),
            )
            return cr.fetchone()[0]

    def _take(self, order_index, channel_code):
        fx = self.fixture

        def action(env):
            order = env["sale.order"].browse(fx["orders"][order_index])
            env["omni.stock.hold"]._omni_set_holds(
                order,
                {(fx["product"], fx["warehouse"]): 1},
                state="hard",
                channel=env["omni.channel"]._omni_get(channel_code),
            )

        return action

    @mute_logger("odoo.sql_db")
    def test_last_unit_taken_once_100_times(self):
        """The take both channels call, raced 100 times: 0 oversold units."""
        oversold = 0
        outcomes = {"ok": 0, "refused": 0}
        web_wins = 0
        rnd = random.Random(7)
        for _round in range(ROUNDS):
            self._reset_round()
            results = self._race(
                self._take(0, "website"), self._take(1, "pos"), pos_delay=rnd.uniform(0, 0.01)
            )
            web_wins += results[0][0] == "ok"
            self.assertNotIn(None, results, "a channel did not finish")
            kinds = sorted(r[0] for r in results)
            self.assertEqual(kinds, ["ok", "refused"], results)
            refused = next(r for r in results if r[0] == "refused")
            self.assertIn("Not enough stock to promise", refused[1])
            oversold += max(0, self._taken() - 1)
            for kind in kinds:
                outcomes[kind] += 1
        self.assertEqual(oversold, 0)
        self.assertEqual(outcomes, {"ok": ROUNDS, "refused": ROUNDS})
        _logger.info("last unit take: web won %s, POS won %s of %s", web_wins, ROUNDS - web_wins, ROUNDS)

    @mute_logger("odoo.sql_db", "odoo.addons.stock", "odoo.models.unlink")
    def test_web_checkout_against_pos_payment(self):
        """Full web order confirmation (sourcing, hold, picking) against the POS take, 100 times."""
        fx = self.fixture
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            order = env["sale.order"].browse(fx["orders"][0])
            order.write({"order_line": [(0, 0, {"product_id": fx["product"], "product_uom_qty": 1})]})

        def web_checkout(env):
            env["sale.order"].browse(fx["orders"][0]).action_confirm()

        web_wins = 0
        rnd = random.Random(4)
        for _round in range(FULL_ROUNDS):
            self._reset_round()
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                order = env["sale.order"].browse(fx["orders"][0])
                if order.state == "sale":
                    order._action_cancel()
                    order.action_draft()
            results = self._race(web_checkout, self._take(1, "pos"), pos_delay=rnd.uniform(0, 0.08))
            self.assertEqual(sorted(r[0] for r in results), ["ok", "refused"], results)
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                order = env["sale.order"].browse(fx["orders"][0])
                live = order.picking_ids.filtered(lambda p: p.state != "cancel")
                if results[0][0] == "ok":
                    web_wins += 1
                    self.assertEqual(order.state, "sale")
                    self.assertEqual(len(live), 1)
                    self.assertIn("Not enough stock to promise", results[1][1])
                else:
                    self.assertIn("Not enough stock", results[0][1])
                    self.assertEqual(order.state, "draft")
                    self.assertFalse(live)
                cr.execute(
                    """
                    SELECT COALESCE(SUM(quantity), 0) FROM omni_stock_hold
                     WHERE product_id = %s AND state IN ('hard', 'consumed')
                    """,
                    (fx["product"],),
                )
                self.assertEqual(cr.fetchone()[0], 1, "exactly one unit promised")
        _logger.info(
            "last unit race: web checkout won %s, POS won %s of %s",
            web_wins,
            FULL_ROUNDS - web_wins,
            FULL_ROUNDS,
        )
