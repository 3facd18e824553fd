# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import random

from odoo import Command, api
from odoo.addons.omni_customer.tests.common import race
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

from .common import coupon_data, ui_order_payload

_logger = logging.getLogger(__name__)

ROUNDS = 100
ATTEMPTS = 4
PRICE = 150.0


@tagged("post_install", "-at_install", "omni_concurrency")
class TestConcurrentRedemption(TransactionCase):
    """One gift card of 100, spent in full at the same moment by a till and a paid web order.

    Real entry points on two real connections (``race()``), committed, 100
    rounds: the till sends its paid order to ``pos.order.sync_from_ui`` and
    then ``confirm_coupon_programs`` (as the 18.0 POS does, as its cashier);
    the website's payment transaction (payment_demo provider) is set done and
    post-processed, which confirms the order paying with the card. A paid
    sale is a fact: both succeed, the card is charged 100 once, never goes
    below zero, and the side that found it empty is flagged with an overspend
    of 100. Everything committed is removed at the end.
    """

    def setUp(self):
        super().setUp()
        self.fx = {}
        self.addCleanup(self._cleanup)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            provider = env["payment.provider"].search([("code", "=", "demo")], limit=1)
            self.assertTrue(provider, "payment_demo must be installed for the paid-checkout races")
            provider.state = "test"
            cashier = env["res.users"].create(
                {
                    "name": "Loyalty race cashier",
                    "login": f"omni_loy_race_cashier_{random.randint(0, 10**9)}",
                    "groups_id": [Command.link(env.ref("point_of_sale.group_pos_user").id)],
                }
            )
            partner = env["res.partner"].create({"name": "Cliente Concurrente", "email": "race@correo.es"})
            product = env["product.product"].create(
                {
                    "name": "Concurrent item",
                    "type": "service",
                    "available_in_pos": True,
                    "list_price": PRICE,
                    "taxes_id": [Command.clear()],
                }
            )
            gift_product = env["product.product"].create(
                {"name": "Race gift card", "type": "service", "list_price": 50, "taxes_id": [Command.clear()]}
            )
            program = env["loyalty.program"].create(
                {
                    "name": "Concurrent gift cards",
                    "mail_template_id": env.ref("loyalty.mail_template_gift_card").id,
                    "pos_report_print_id": env.ref("loyalty.report_gift_card").id,
                    "program_type": "gift_card",
                    "applies_on": "future",
                    "trigger": "auto",
                    "rule_ids": [
                        Command.create(
                            {
                                "product_ids": gift_product.ids,
                                "reward_point_amount": 1,
                                "reward_point_mode": "money",
                                "reward_point_split": True,
                            }
                        )
                    ],
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
            card = env["loyalty.card"].create({"program_id": program.id, "points": 100})
            journal = env["account.journal"].search(
                [("type", "=", "cash"), ("company_id", "=", env.company.id)], limit=1
            )
            method = env["pos.payment.method"].create({"name": "Race cash", "journal_id": journal.id})
            config = env["pos.config"].create(
                {"name": "Race till", "payment_method_ids": [Command.set(method.ids)]}
            )
            config.with_user(cashier).open_ui()
            self.fx = {
                "cashier": cashier.id,
                "partner": partner.id,
                "product": product.id,
                "template": product.product_tmpl_id.id,
                "gift_product": gift_product.id,
                "program": program.id,
                "card": card.id,
                "code": card.code,
                "method": method.id,
                "config": config.id,
                "session": config.current_session_id.id,
                "provider": provider.id,
                "website": env["website"].search([("company_id", "=", env.company.id)], limit=1).id,
            }

    def _cleanup(self):
        fx = self.fx
        if not fx:
            return
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT id FROM pos_order WHERE session_id = %s", fx["session"]))
            pos_ids = tuple(r[0] for r in cr.fetchall()) or (0,)
            cr.execute(SQL("SELECT id FROM sale_order WHERE partner_id = %s", fx["partner"]))
            sale_ids = tuple(r[0] for r in cr.fetchall()) or (0,)
            cr.execute(SQL("DELETE FROM loyalty_history WHERE card_id = %s", fx["card"]))
            cr.execute(SQL("DELETE FROM pos_payment WHERE pos_order_id IN %s", pos_ids))
            cr.execute(SQL("DELETE FROM pos_order_line WHERE order_id IN %s", pos_ids))
            cr.execute(SQL("DELETE FROM pos_order WHERE id IN %s", pos_ids))
            cr.execute(SQL("DELETE FROM pos_session WHERE id = %s", fx["session"]))
            cr.execute(
                SQL("DELETE FROM mail_activity WHERE res_model = 'sale.order' AND res_id IN %s", sale_ids)
            )
            cr.execute(SQL("DELETE FROM mail_message WHERE model = 'sale.order' AND res_id IN %s", sale_ids))
            # The payment post-processing books an account.payment per paid web order.
            cr.execute(SQL("SELECT id FROM account_move WHERE partner_id = %s", fx["partner"]))
            move_ids = tuple(r[0] for r in cr.fetchall()) or (0,)
            cr.execute(
                SQL(
                    "DELETE FROM account_partial_reconcile WHERE debit_move_id IN %s OR credit_move_id IN %s",
                    SQL("(SELECT id FROM account_move_line WHERE move_id IN %s)", move_ids),
                    SQL("(SELECT id FROM account_move_line WHERE move_id IN %s)", move_ids),
                )
            )
            cr.execute(SQL("DELETE FROM payment_transaction WHERE partner_id = %s", fx["partner"]))
            cr.execute(SQL("DELETE FROM account_payment WHERE move_id IN %s", move_ids))
            cr.execute(SQL("DELETE FROM account_move_line WHERE move_id IN %s", move_ids))
            cr.execute(SQL("DELETE FROM account_move WHERE id IN %s", move_ids))
            cr.execute(SQL("DELETE FROM sale_order_line WHERE order_id IN %s", sale_ids))
            cr.execute(SQL("DELETE FROM sale_order WHERE id IN %s", sale_ids))
            cr.execute(SQL("DELETE FROM omni_interaction WHERE partner_id = %s", fx["partner"]))
            cr.execute(SQL("DELETE FROM loyalty_card WHERE program_id = %s", fx["program"]))
            env = api.Environment(cr, api.SUPERUSER_ID, {"active_test": False})
            env["pos.config"].browse(fx["config"]).unlink()
            env["pos.payment.method"].browse(fx["method"]).unlink()
            program = env["loyalty.program"].browse(fx["program"])
            products = program.reward_ids.discount_line_product_id | env["product.product"].browse(
                fx["gift_product"]
            )
            program.active = False
            program.unlink()
            templates = tuple(products.product_tmpl_id.ids) + (fx["template"],)
            cr.execute(
                SQL("DELETE FROM product_product WHERE id IN %s", tuple(products.ids) + (fx["product"],))
            )
            cr.execute(SQL("DELETE FROM product_template WHERE id IN %s", templates))
            cashier_partner = env["res.users"].browse(fx["cashier"]).partner_id.id
            cr.execute(SQL("DELETE FROM res_users WHERE id = %s", fx["cashier"]))
            cr.execute(SQL("DELETE FROM res_partner WHERE id = %s", cashier_partner))
            cr.execute(SQL("DELETE FROM res_partner WHERE id = %s", fx["partner"]))

    def _reset_card(self, cr, points=100):
        cr.execute(SQL("UPDATE loyalty_card SET points = %s WHERE id = %s", points, self.fx["card"]))
        cr.execute(SQL("DELETE FROM loyalty_history WHERE card_id = %s", self.fx["card"]))

    def _paid_web_order(self, round_no):
        """A web cart paying 100 with the card and its demo transaction, committed like earlier requests."""
        fx = self.fx
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {"tracking_disable": True})
            order = env["sale.order"].create(
                {
                    "partner_id": fx["partner"],
                    "website_id": fx["website"],
                    "order_line": [Command.create({"product_id": fx["product"], "price_unit": PRICE})],
                }
            )
            status = order._try_apply_code(fx["code"])
            self.assertNotIn("error", status)
            for coupon, rewards in status.items():
                order._apply_program_reward(rewards[:1], coupon)
            self.assertEqual(order.amount_total, PRICE - 100)
            provider = env["payment.provider"].browse(fx["provider"])
            tx = env["payment.transaction"].create(
                {
                    "provider_id": provider.id,
                    "payment_method_id": provider.payment_method_ids[:1].id,
                    "amount": order.amount_total,
                    "currency_id": order.currency_id.id,
                    "partner_id": fx["partner"],
                    "reference": f"OMNI-RACE-{fx['card']}-{round_no}-{random.randint(0, 10**9)}",
                    "sale_order_ids": [Command.set(order.ids)],
                }
            )
            return order.id, tx.id

    def _pos_payload(self, points=100.0):
        fx = self.fx
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            config = env["pos.config"].browse(fx["config"])
            card = env["loyalty.card"].browse(fx["card"])
            payload = ui_order_payload(
                config,
                env["product.product"].browse(fx["product"]),
                env["pos.payment.method"].browse(fx["method"]),
                PRICE,
                reward=(card, points),
            )
            return payload, coupon_data(card, -points, f"R{payload['uuid'][:8]}")

    def _pos_action(self, payload, data):
        def action(env):
            cashier_env = env(user=self.fx["cashier"])
            result = cashier_env["pos.order"].sync_from_ui([payload])
            order = cashier_env["pos.order"].browse(result["pos.order"][0]["id"])
            order.confirm_coupon_programs(data)
            return order.id

        return action

    @staticmethod
    def _web_action(tx_id):
        def action(env):
            # What the payment provider's notification and the status poll do. The confirmation
            # mail is queued rather than sent after the commit: sending it opens the registry,
            # which the test runner holds while this thread runs.
            tx = env(context=dict(env.context, mail_notify_force_send=False))["payment.transaction"].browse(
                tx_id
            )
            tx._set_done()
            tx._post_process()
            return tx_id

        return action

    def _ledger(self, cr):
        cr.execute(SQL("SELECT points FROM loyalty_card WHERE id = %s", self.fx["card"]))
        points = cr.fetchone()[0]
        cr.execute(
            SQL(
                "SELECT COALESCE(SUM(used), 0), COALESCE(SUM(issued), 0)"
                " FROM loyalty_history WHERE card_id = %s",
                self.fx["card"],
            )
        )
        used, issued = cr.fetchone()
        return points, used, issued

    @mute_logger("odoo.sql_db", "odoo.models.unlink", "odoo.addons.point_of_sale.models.pos_order")
    def test_pos_sync_against_web_payment_100_times(self):
        rnd = random.Random(11)
        wins = {"pos": 0, "web": 0}
        for round_no in range(ROUNDS):
            with self.registry.cursor() as cr:
                self._reset_card(cr)
            order_id, tx_id = self._paid_web_order(round_no)
            payload, data = self._pos_payload()
            results = race(
                self.registry,
                [self._pos_action(payload, data), self._web_action(tx_id)],
                attempts=ATTEMPTS,
                delays=[rnd.uniform(0, 0.03), rnd.uniform(0, 0.03)],
            )
            self.assertEqual([r and r[0] for r in results], ["ok", "ok"], f"round {round_no}: {results}")
            with self.registry.cursor() as cr:
                env = api.Environment(cr, api.SUPERUSER_ID, {})
                points, used, issued = self._ledger(cr)
                pos_order = env["pos.order"].browse(results[0][2])
                web = env["sale.order"].browse(order_id)
                self.assertEqual(pos_order.state, "paid", "every POS order saved")
                self.assertEqual(web.state, "sale", "a paid web order is confirmed, never left unconfirmed")
                self.assertEqual(points, 0, f"round {round_no}: never negative, the full balance used")
                flagged_uncovered = pos_order.omni_loyalty_uncovered + web.omni_loyalty_uncovered
                self.assertEqual(used - issued, 100, f"round {round_no}: the card is charged its 100 once")
                self.assertEqual(
                    pos_order.omni_loyalty_flagged + web.omni_loyalty_flagged,
                    1,
                    "exactly one side is flagged",
                )
                self.assertAlmostEqual(flagged_uncovered, 100)
                if web.omni_loyalty_flagged:
                    self.assertTrue(web.activity_ids, "a manager is asked to review the paid web order")
                wins["web" if pos_order.omni_loyalty_flagged else "pos"] += 1
        with self.registry.cursor() as cr:
            cr.execute(SQL("SELECT count(*) FROM pos_order WHERE session_id = %s", self.fx["session"]))
            self.assertEqual(cr.fetchone()[0], ROUNDS, "every POS order saved, none twice")
        _logger.info("gift card, till vs paid web order over %s rounds: %s won the balance", ROUNDS, wins)

    @mute_logger("odoo.sql_db", "odoo.addons.point_of_sale.models.pos_order")
    def test_same_pos_order_synced_twice_at_once(self):
        """Two tabs (or a retry after a lost answer) send the same paid order at the same moment."""
        rnd = random.Random(12)
        for round_no in range(20):
            with self.registry.cursor() as cr:
                self._reset_card(cr)
            payload, data = self._pos_payload(30.0)
            action = self._pos_action(payload, data)
            results = race(
                self.registry,
                [action, action],
                attempts=ATTEMPTS,
                delays=[rnd.uniform(0, 0.02), rnd.uniform(0, 0.02)],
            )
            self.assertEqual([r and r[0] for r in results], ["ok", "ok"], f"round {round_no}: {results}")
            with self.registry.cursor() as cr:
                cr.execute(SQL("SELECT count(*) FROM pos_order WHERE uuid = %s", payload["uuid"]))
                self.assertEqual(cr.fetchone()[0], 1, "one order")
                points, used, issued = self._ledger(cr)
                self.assertEqual((points, used, issued), (70, 30, 0), "one loyalty effect")
