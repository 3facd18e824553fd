# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import TransactionCase, tagged

from .common import OmniLastMileCommon


@tagged("post_install", "-at_install")
class TestReturnsAnywhere(OmniLastMileCommon, TransactionCase):
    """A web order shipped from the central warehouse, returned in the Valencia store."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        # The chain sells in euros: credit notes cannot be posted in an inactive currency.
        cls.env.ref("base.EUR").active = True
        cls._stock(cls.product_a, cls.wh_madrid, 10)
        cls._stock(cls.product_b, cls.wh_madrid, 10)
        config = cls.env["pos.config"].create(
            {"name": "Valencia returns till", "picking_type_id": cls.wh_valencia.pos_type_id.id}
        )
        cls.till = cls.env["pos.session"].create({"config_id": config.id, "user_id": cls.env.uid})
        cls.till.state = "opened"
        topup = cls.env["product.product"].create({"name": "Return top-up", "type": "service"})
        cls.ewallet = cls.env["loyalty.program"].create(
            {
                "name": "Returns eWallet",
                "program_type": "ewallet",
                "trigger": "auto",
                "applies_on": "future",
                "rule_ids": [
                    Command.create(
                        {"reward_point_mode": "money", "reward_point_amount": 1, "product_ids": topup.ids}
                    )
                ],
                "reward_ids": [
                    Command.create(
                        {"discount_mode": "per_point", "discount": 1, "discount_applicability": "order"}
                    )
                ],
            }
        )

    def _delivered_web_order(self, partner=None):
        order = self._order(
            partner or self.customer_valencia, [(self.product_a, 3), (self.product_b, 1)], website=True
        )
        order.action_confirm()
        picking = order.picking_ids
        self.assertEqual(picking.picking_type_id.warehouse_id, self.wh_madrid)
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        return order

    def _line(self, order, product):
        return order.order_line.filtered(lambda sol: sol.product_id == product)

    def _store_qty(self, product, warehouse):
        return product.with_context(warehouse_id=warehouse.id).qty_available

    def _assert_nothing_returned(self, order):
        self.assertFalse(self.env["omni.return"].search([("order_id", "=", order.id)]))
        self.assertEqual(len(order.picking_ids), 1, "no return transfer")
        self.assertFalse(order.invoice_ids, "no credit note")
        self.assertEqual(self._store_qty(self.product_a, self.wh_valencia), 0)
        self.assertEqual(self._line(order, self.product_a).qty_delivered, 3)
        self.assertNotEqual(order.omni_delivery_step, "returned")

    def test_web_order_returned_in_store(self):
        order = self._delivered_web_order()
        line_a = self._line(order, self.product_a)
        preview = self.till.omni_return_lookup(order.name.lower())
        self.assertEqual(preview["name"], order.name)
        self.assertEqual(
            {ln["id"]: ln["returnable"] for ln in preview["lines"]},
            {line_a.id: 3, self._line(order, self.product_b).id: 1},
        )
        self.assertIn("damaged", dict(preview["reasons"]))
        self.assertFalse(preview["ewallet_allowed"])
        result = self.till.omni_return_create(
            order.name, [{"line_id": line_a.id, "quantity": 2, "reason": "damaged"}]
        )
        ret = self.env["omni.return"].browse(result["id"])
        # The units are in the Valencia store, not back in the central warehouse.
        self.assertEqual(self._store_qty(self.product_a, self.wh_valencia), 2)
        self.assertEqual(self._store_qty(self.product_a, self.wh_madrid), 7)
        back = ret.picking_ids
        self.assertEqual(back.state, "done")
        self.assertEqual(back.picking_type_id, self.wh_valencia.in_type_id)
        self.assertEqual(back.location_dest_id, self.wh_valencia.lot_stock_id)
        self.assertEqual(back.return_id, order.picking_ids.filtered(lambda p: p != back))
        self.assertEqual(line_a.qty_delivered, 1)
        # Credit note of the returned units only.
        credit = ret.credit_note_id
        self.assertEqual((credit.move_type, credit.state), ("out_refund", "posted"))
        self.assertEqual(credit.invoice_line_ids.sale_line_ids, line_a)
        self.assertAlmostEqual(credit.amount_total, order.currency_id.round(line_a.price_total * 2 / 3))
        self.assertAlmostEqual(ret.amount, credit.amount_total)
        self.assertEqual(result["credit_note"], credit.name)
        self.assertEqual(ret.line_ids.reason, "damaged")
        self.assertEqual(ret.refund_method, "original")
        # Timeline and the customer's log.
        self.assertEqual(order.omni_delivery_step, "returned")
        self.assertEqual(order.omni_event_ids[-1].step, "returned")
        self.assertIn(self.wh_valencia.name, order.omni_event_ids[-1].note)
        log = self.env["omni.interaction"].search(
            [("res_model", "=", "omni.return"), ("res_id", "=", ret.id)]
        )
        self.assertEqual(log.interaction_type, "refund")
        self.assertEqual(log.partner_id, self.customer_valencia)
        self.assertAlmostEqual(log.amount, -ret.amount)
        self.assertEqual(log.channel_id.pos_config_id, self.till.config_id)
        # What is left can still be returned, no more.
        preview = self.till.omni_return_lookup(order.name)
        self.assertEqual({ln["id"]: ln["returnable"] for ln in preview["lines"]}[line_a.id], 1)

    def test_double_return_refused(self):
        order = self._delivered_web_order()
        line_a, line_b = self._line(order, self.product_a), self._line(order, self.product_b)
        self.till.omni_return_create(order.name, [{"line_id": line_a.id, "quantity": 3, "reason": "size"}])
        with self.assertUserError("This line cannot be returned"):
            self.till.omni_return_create(order.name, [{"line_id": line_a.id, "quantity": 1}])
        self.till.omni_return_create(order.name, [{"line_id": line_b.id, "quantity": 1}])
        with self.assertUserError("Nothing delivered"):
            self.till.omni_return_lookup(order.name)
        self.assertEqual(self.env["omni.return"].search_count([("order_id", "=", order.id)]), 2)
        self.assertEqual(self._store_qty(self.product_a, self.wh_valencia), 3)
        self.assertEqual(len(order.invoice_ids), 2)

    def test_bad_lines_refused_nothing_written(self):
        order = self._delivered_web_order()
        other = self._delivered_web_order()
        line_a = self._line(order, self.product_a)
        for qty, message in (
            (4, "Only 3.0"),
            (-1, "out of the accepted range"),
            (0, "out of the accepted range"),
            ("2", "A number was expected"),
            (None, "A number was expected"),
            (True, "A number was expected"),
            (float("nan"), "A number was expected"),
        ):
            with self.assertUserError(message):
                self.till.omni_return_create(order.name, [{"line_id": line_a.id, "quantity": qty}])
        for lines, message in (
            ([], "Pick at least one line"),
            ("all", "Pick at least one line"),
            (["x"], "Pick at least one line"),
            (
                [{"line_id": self._line(other, self.product_a).id, "quantity": 1}],
                "This line cannot be returned",
            ),
            ([{"line_id": "1; drop", "quantity": 1}], "Unknown or invalid record reference"),
            ([{"line_id": line_a.id, "quantity": 1, "reason": "bogus"}], "Unknown return reason"),
            (
                [{"line_id": line_a.id, "quantity": 2}, {"line_id": line_a.id, "quantity": 2}],
                "This line cannot be returned",
            ),
        ):
            with self.assertUserError(message):
                self.till.omni_return_create(order.name, lines)
        with self.assertUserError("Unknown refund method"):
            self.till.omni_return_create(order.name, [{"line_id": line_a.id, "quantity": 1}], "cash")
        self._assert_nothing_returned(order)

    def test_unknown_foreign_undelivered_orders_and_closed_session_refused(self):
        order = self._delivered_web_order()
        line_a = self._line(order, self.product_a)
        ok_lines = [{"line_id": line_a.id, "quantity": 1}]
        for ref, message in (
            ("S99999", "No order S99999"),
            ("", "Invalid text"),
            (None, "Invalid text"),
            (42, "Invalid text"),
            ("x" * 200, "too long"),
        ):
            with self.assertUserError(message):
                self.till.omni_return_lookup(ref)
        with self.assertUserError("No order"):
            self.till.omni_return_create(order.name, ok_lines, partner_id=self.customer_madrid.id)
        self.assertEqual(
            self.till.omni_return_lookup(order.name, partner_id=self.customer_valencia.id)["id"], order.id
        )
        other_company = self.env["res.company"].create({"name": "Other chain"})
        Return = self.env["omni.return"]
        with self.assertUserError("No order"):
            Return._omni_find_order(order.name, other_company)
        other_wh = self.env["stock.warehouse"].search([("company_id", "=", other_company.id)], limit=1)
        with self.assertUserError("can be returned here"):
            Return._omni_return_in_store(order, other_wh, ok_lines)
        draft = self._order(self.customer_valencia, [(self.product_a, 1)])
        with self.assertUserError("No order"):
            self.till.omni_return_lookup(draft.name)
        undelivered = self._order(self.customer_valencia, [(self.product_a, 1)])
        undelivered.action_confirm()
        with self.assertUserError("Nothing delivered"):
            self.till.omni_return_lookup(undelivered.name)
        self.till.state = "closed"
        with self.assertUserError("Open the session"):
            self.till.omni_return_create(order.name, ok_lines)
        self._assert_nothing_returned(order)

    def test_ewallet_only_where_allowed(self):
        order = self._delivered_web_order()
        line_b = self._line(order, self.product_b)
        lines = [{"line_id": line_b.id, "quantity": 1, "reason": "changed_mind"}]
        with self.assertUserError("not allowed"):
            self.till.omni_return_create(order.name, lines, "ewallet")
        self.assertFalse(self.env["loyalty.card"].search([("program_id", "=", self.ewallet.id)]))
        self.assertFalse(order.invoice_ids)
        self.company.write({"omni_return_ewallet": True, "omni_return_ewallet_program_id": self.ewallet.id})
        self.assertTrue(self.till.omni_return_lookup(order.name)["ewallet_allowed"])
        result = self.till.omni_return_create(order.name, lines, "ewallet")
        ret = self.env["omni.return"].browse(result["id"])
        card = ret.ewallet_card_id
        self.assertEqual(card.program_id, self.ewallet)
        self.assertEqual(card.partner_id, self.customer_valencia)
        self.assertGreater(ret.amount, 0)
        self.assertAlmostEqual(card.points, ret.amount)
        self.assertEqual(ret.refund_method, "ewallet")
        self.assertEqual(card.history_ids.order_id, ret.id)
        # The eWallet credit pays the credit note: nothing left to pay back a second time.
        topup = self.env["account.move"].search(
            [("move_type", "=", "out_invoice"), ("ref", "=", f"eWallet credit of {ret.name}")]
        )
        self.assertEqual(len(topup), 1)
        self.assertEqual(topup.state, "posted")
        self.assertAlmostEqual(topup.amount_total, ret.credit_note_id.amount_total)
        # Reconciled together: Odoo marks the pair paid / reversed, with nothing left on either.
        self.assertIn(ret.credit_note_id.payment_state, ("paid", "reversed"))
        self.assertIn(topup.payment_state, ("paid", "reversed"))
        self.assertFalse(ret.credit_note_id.amount_residual)
        self.assertFalse(topup.amount_residual)

    def test_loyalty_points_clawed_back(self):
        if "_omni_return_points" not in dir(self.env["loyalty.card"]):
            self.skipTest("omni_loyalty is not installed: no points to claw back")
        points = self.env["loyalty.program"].create(
            {
                "name": "Return test points",
                "program_type": "loyalty",
                "applies_on": "both",
                "trigger": "auto",
                "rule_ids": [Command.create({"reward_point_mode": "money", "reward_point_amount": 1})],
                "reward_ids": [
                    Command.create(
                        {
                            "reward_type": "discount",
                            "discount": 10,
                            "discount_mode": "per_order",
                            "required_points": 100000,
                        }
                    )
                ],
            }
        )
        card = self.env["loyalty.card"].create(
            {"program_id": points.id, "partner_id": self.customer_valencia.id}
        )
        order = self._delivered_web_order()
        earned = card.points
        self.assertGreater(earned, 0, "the order earned points")
        line_a = self._line(order, self.product_a)
        result = self.till.omni_return_create(order.name, [{"line_id": line_a.id, "quantity": 3}])
        ret = self.env["omni.return"].browse(result["id"])
        self.assertAlmostEqual(card.points, earned * (1 - ret.amount / order.amount_total), places=2)
        self.assertLess(card.points, earned)
