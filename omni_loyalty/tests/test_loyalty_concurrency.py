# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import random
import threading
import time

from psycopg2 import errors as pg_errors

from odoo import Command, api
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

_logger = logging.getLogger(__name__)

ROUNDS = 100
TRIES = 5


@tagged("post_install", "-at_install", "omni_concurrency")
class TestConcurrentRedemption(TransactionCase):
    """A gift card spent in full from the website and from a POS sync at the same moment.

    Two real connections, committed transactions, 100 rounds. The website side
    confirms a real sale order paying with the card (its cart committed
    beforehand, as earlier requests would); the POS side reads the balance and
    takes it through ``loyalty.card._omni_spend``, the locked spend the POS sync
    uses. Both hold an open transaction when they are released together, in a
    random order. Like Odoo's request handler, each side retries on a
    serialization failure. Every round: exactly one succeeds, the other is
    refused with the balance message, the balance is never negative and one
    spend is recorded. Everything committed is removed at the end.
    """

    def setUp(self):
        super().setUp()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            self.partner_id = env["res.partner"].create({"name": "Cliente Concurrente"}).id
            self.product_id = (
                env["product.product"]
                .create(
                    {
                        "name": "Concurrent item",
                        "type": "service",
                        "list_price": 150,
                        "taxes_id": [Command.clear()],
                    }
                )
                .id
            )
            program = env["loyalty.program"].create(
                {
                    "name": "Concurrent gift cards",
                    "program_type": "gift_card",
                    "applies_on": "future",
                    "trigger": "auto",
                    "pos_ok": False,
                    "reward_ids": [
                        Command.create(
                            {
                                "reward_type": "discount",
                                "discount": 1,
                                "discount_mode": "per_point",
                                "discount_applicability": "order",
                            }
                        )
                    ],
                }
            )
            self.program_id = program.id
            self.card_id = env["loyalty.card"].create({"program_id": program.id, "points": 100}).id
            self.card_code = env["loyalty.card"].browse(self.card_id).code
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            orders = env["sale.order"].search([("partner_id", "=", self.partner_id)])
            env["omni.interaction"].search([("partner_id", "=", self.partner_id)]).unlink()
            if orders:
                cr.execute(SQL("DELETE FROM sale_order WHERE id IN %s", tuple(orders.ids)))
            env["loyalty.card"].browse(self.card_id).unlink()
            program = env["loyalty.program"].browse(self.program_id)
            products = program.reward_ids.discount_line_product_id
            program.active = False
            program.unlink()
            products.unlink()
            env["product.product"].browse(self.product_id).unlink()
            env["res.partner"].browse(self.partner_id).unlink()

    def _website(self, env):
        """Prepare a website order paying with the card; return its confirmation."""
        order = env["sale.order"].create(
            {
                "partner_id": self.partner_id,
                "website_id": env["website"].search([], limit=1).id,
                "order_line": [Command.create({"product_id": self.product_id, "price_unit": 150})],
            }
        )
        status = order._try_apply_code(self.card_code)
        if "error" in status:
            raise UserError(status["error"])
        for coupon, rewards in status.items():
            result = order._apply_program_reward(rewards[:1], coupon)
            if "error" in result:
                raise UserError(result["error"])
        if order.amount_total != 50:
            raise UserError(env._("Gift card not applied."))
        # The cart is built by earlier, committed requests; confirmation is a request of its own.
        # (Inside the cart's own transaction the reward line's foreign key holds a key-share
        # lock on the card, which would make the website always win.)
        env.cr.commit()
        return order.action_confirm

    def _pos(self, env):
        """Prepare a POS sync spending the card (balance read first, as validation does); return the spend."""
        card = env["loyalty.card"].browse(self.card_id)
        if card.points < 100:
            raise UserError(env._("Gift card not applied."))
        return lambda: card._omni_spend(100, "pos")

    def _run(self, env, prepare, barrier, results, index):
        """Both sides hold an open transaction (snapshot taken) before the barrier, then confirm."""
        env.cr.rollback()  # a fresh transaction and cache for this round
        env.transaction.clear()
        try:
            act = prepare(env)
        except (UserError, ValidationError) as exc:
            env.cr.rollback()
            results[index] = f"crash: prepared nothing: {exc}"
            return
        try:
            barrier.wait(timeout=30)
        except threading.BrokenBarrierError:
            env.cr.rollback()
            results[index] = "barrier"
            return
        time.sleep(random.uniform(0, 0.01))  # either side may arrive first
        for _try in range(TRIES):
            try:
                act()
                env.cr.execute("SELECT pg_sleep(0.01)")  # hold the lock while the other side arrives
                env.cr.commit()
                results[index] = "ok"
                return
            except pg_errors.SerializationFailure:
                # What Odoo's request handler does: roll back and run the request again.
                env.cr.rollback()
                env.transaction.clear()
            except (UserError, ValidationError) as exc:
                env.cr.rollback()
                env.transaction.clear()
                results[index] = f"refused: {exc}"
                return
            except Exception as exc:
                env.cr.rollback()
                results[index] = f"crash: {exc!r}"
                return
        results[index] = "gave up"

    @mute_logger("odoo.sql_db", "odoo.models.unlink")
    def test_full_balance_spent_twice_at_once(self):
        envs = [api.Environment(self.registry.cursor(), api.SUPERUSER_ID, {}) for _i in range(2)]
        outcomes = []
        try:
            for _round in range(ROUNDS):
                with self.registry.cursor() as cr:
                    cr.execute(SQL("UPDATE loyalty_card SET points = 100 WHERE id = %s", self.card_id))
                    cr.execute(SQL("DELETE FROM loyalty_history WHERE card_id = %s", self.card_id))
                barrier = threading.Barrier(2)
                results = [None, None]
                threads = [
                    threading.Thread(target=self._run, args=(envs[0], self._website, barrier, results, 0)),
                    threading.Thread(target=self._run, args=(envs[1], self._pos, barrier, results, 1)),
                ]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(timeout=60)
                with self.registry.cursor() as cr:
                    cr.execute(SQL("SELECT points FROM loyalty_card WHERE id = %s", self.card_id))
                    points = cr.fetchone()[0]
                    cr.execute(
                        SQL(
                            "SELECT COALESCE(SUM(used), 0) FROM loyalty_history WHERE card_id = %s",
                            self.card_id,
                        )
                    )
                    used = cr.fetchone()[0]
                outcomes.append(tuple(r if r in ("ok",) else (r or "none").split(":")[0] for r in results))
                self.assertFalse(
                    [r for r in results if not r or r.startswith(("crash", "gave", "barrier"))], results
                )
                self.assertEqual(sum(r == "ok" for r in results), 1, f"round {_round}: {results}")
                loser = next(r for r in results if r != "ok")
                self.assertIn("Not enough balance", loser, "the loser gets the clear balance message")
                self.assertGreaterEqual(points, 0)
                self.assertEqual(points, 0, "the successful spend took the full balance")
                self.assertEqual(used, 100, "exactly one spend recorded")
        finally:
            for env in envs:
                env.cr.close()
        self.assertEqual(len(outcomes), ROUNDS)
        website_wins = sum(o[0] == "ok" for o in outcomes)
        _logger.info(
            "%s rounds: website won %s, POS won %s, never below zero, never both",
            ROUNDS,
            website_wins,
            ROUNDS - website_wins,
        )
