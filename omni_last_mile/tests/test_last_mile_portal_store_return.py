# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import OmniLastMileCommon


@tagged("post_install", "-at_install")
class TestPortalStoreReturnByPost(OmniLastMileCommon, HttpCase):
    """A customer sends part of a store (POS) receipt back by post from the portal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        # Credit notes cannot be posted in an inactive currency.
        cls.env.ref("base.EUR").active = True
        cls._stock(cls.product_a, cls.wh_madrid, 10)
        cls._stock(cls.product_b, cls.wh_madrid, 10)
        cls.company.omni_return_post_instructions = "Drop the parcel at any Correos office."
        cash = cls.env["account.journal"].search(
            [("type", "=", "cash"), ("company_id", "=", cls.company.id)], limit=1
        )
        method = cls.env["pos.payment.method"].create({"name": "Store cash", "journal_id": cash.id})
        cls.config = cls.env["pos.config"].create(
            {
                "name": "Madrid till",
                "picking_type_id": cls.wh_madrid.pos_type_id.id,
                "payment_method_ids": [Command.set(method.ids)],
            }
        )
        cls.config.open_ui()
        cls.user_a = new_test_user(
            cls.env, login="omni_sreturn_a", password="omni_sreturn_a", groups="base.group_portal"
        )
        cls.user_b = new_test_user(
            cls.env, login="omni_sreturn_b", password="omni_sreturn_b", groups="base.group_portal"
        )
        for user in cls.user_a | cls.user_b:
            user.partner_id.email = f"{user.login}@example.com"
        cls.receipt = cls._store_sale(cls.user_a.partner_id)

    @classmethod
    def _store_sale(cls, partner):
        """A paid till order: 3 A and 1 B, taken home (the till's delivery is done)."""
        lines = []
        total = 0.0
        for product, qty in ((cls.product_a, 3), (cls.product_b, 1)):
            taxes = product.taxes_id.filtered(lambda t: t.company_id == cls.company)
            computed = taxes.compute_all(product.lst_price, quantity=qty, product=product)
            total += computed["total_included"]
            lines.append(
                Command.create(
                    {
                        "product_id": product.id,
                        "qty": qty,
                        "price_unit": product.lst_price,
                        "price_subtotal": computed["total_excluded"],
                        "price_subtotal_incl": computed["total_included"],
                        "tax_ids": [Command.set(taxes.ids)],
                    }
                )
            )
        order = cls.env["pos.order"].create(
            {
                "session_id": cls.config.current_session_id.id,
                "partner_id": partner.id,
                "lines": lines,
                "amount_tax": total - sum(cmd[2]["price_subtotal"] for cmd in lines),
                "amount_total": total,
                "amount_paid": 0.0,
                "amount_return": 0.0,
            }
        )
        cls.env["pos.make.payment"].with_context(active_id=order.id, active_ids=order.ids).create(
            {"amount": total, "payment_method_id": cls.config.payment_method_ids.id}
        ).check()
        assert order.state == "paid" and order.picking_ids.state == "done", "a paid, delivered receipt"
        return order

    def _line(self, product, order=None):
        return (order or self.receipt).lines.filtered(lambda ln: ln.product_id == product)

    def _url(self, order=None):
        return f"/my/purchases/store/{(order or self.receipt).id}/omni_return"

    def _post(self, data, order=None):
        page = self.url_open(self._url(order))
        match = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        token = match.group(1) if match else ""
        return self.url_open(self._url(order), data={"csrf_token": token, **data})

    def _returns(self, order=None):
        return self.env["omni.return"].search([("pos_order_id", "=", (order or self.receipt).id)])

    def _receive(self, ret):
        for move in ret.picking_ids.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        ret.picking_ids.button_validate()

    def test_store_receipt_returned_by_post_and_refunded_when_received(self):
        self.authenticate("omni_sreturn_a", "omni_sreturn_a")
        page = self.url_open(f"/my/purchases/store/{self.receipt.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn(self._url(), page.text)
        form = self.url_open(self._url())
        self.assertEqual(form.status_code, 200)
        self.assertIn(self.product_a.display_name, form.text)
        line_a = self._line(self.product_a)
        madrid_before = self.product_a.with_context(warehouse_id=self.wh_madrid.id).qty_available
        delivery = self.receipt.picking_ids
        done = self._post({f"qty_{line_a.id}": "2", f"reason_{line_a.id}": "size"})
        self.assertEqual(done.status_code, 200)
        ret = self._returns()
        self.assertEqual((ret.return_mode, ret.state, ret.refund_method), ("post", "requested", "original"))
        self.assertEqual(ret.partner_id, self.user_a.partner_id)
        self.assertFalse(ret.order_id)
        self.assertEqual(ret.line_ids.pos_line_id, line_a)
        self.assertEqual(ret.line_ids.product_id, self.product_a)
        self.assertEqual(ret.line_ids.reason, "size")
        self.assertEqual(ret.channel_id.channel_type, "website")
        self.assertIn(ret.label_ref, done.text)
        self.assertIn("Drop the parcel at any Correos office.", done.text)
        picking = ret.picking_ids
        self.assertEqual(len(picking), 1)
        self.assertEqual(picking.state, "assigned")
        self.assertEqual(picking.carrier_tracking_ref, ret.label_ref)
        self.assertEqual(picking.location_dest_id.warehouse_id, self.wh_madrid)
        self.assertEqual(picking.move_ids.origin_returned_move_id.picking_id, delivery)
        self.assertEqual(picking.move_ids.product_uom_qty, 2)
        self.assertFalse(ret.credit_note_id)
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "pos.order"),
                ("res_id", "=", self.receipt.id),
                ("subject", "ilike", "how to send it"),
            ]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(ret.label_ref, mail.body_html)
        self.assertIn("Correos", mail.body_html)
        # Waiting for the parcel: those two cannot be asked for again.
        self.assertEqual(self.env["omni.return"]._omni_pos_returnable(self.receipt)[line_a], 1.0)
        # The warehouse receives the parcel: the refund follows.
        self._receive(ret)
        self.assertEqual(picking.state, "done")
        self.assertEqual(ret.state, "done")
        credit_note = ret.credit_note_id
        self.assertEqual((credit_note.move_type, credit_note.state), ("out_refund", "posted"))
        self.assertEqual(credit_note.partner_id, self.user_a.partner_id)
        self.assertAlmostEqual(credit_note.amount_total, line_a.price_subtotal_incl * 2 / 3, places=2)
        self.assertEqual(credit_note.invoice_line_ids.omni_pos_line_id, line_a)
        self.assertEqual(credit_note.payment_state, "not_paid", "the accountant pays it back")
        self.assertAlmostEqual(ret.amount, credit_note.amount_total)
        self.assertAlmostEqual(ret.line_ids.amount, credit_note.amount_total)
        self.assertEqual(
            self.product_a.with_context(warehouse_id=self.wh_madrid.id).qty_available, madrid_before + 2
        )
        interaction = self.env["omni.interaction"].search(
            [("res_model", "=", "omni.return"), ("res_id", "=", ret.id)]
        )
        self.assertEqual(interaction.interaction_type, "refund")
        self.assertEqual(interaction.partner_id, self.user_a.partner_id)
        self.assertAlmostEqual(interaction.amount, -ret.amount)

    def test_till_refunds_and_pending_returns_count(self):
        """Odoo's POS refund of a unit and a pending return by post both lower what is left."""
        line_a = self._line(self.product_a)
        refund = self.receipt._refund()
        refund.lines.filtered(lambda ln: ln.refunded_orderline_id != line_a).unlink()
        refund.lines.qty = -1
        self.assertEqual(line_a.refunded_qty, 1)
        self.authenticate("omni_sreturn_a", "omni_sreturn_a")
        too_many = self._post({f"qty_{line_a.id}": "3"})
        self.assertEqual(too_many.status_code, 400)
        self.assertIn("Only 2.0", too_many.text)
        self.assertFalse(self._returns())
        self.assertEqual(len(self.receipt.picking_ids), 1, "no return transfer")
        self.assertEqual(self._post({f"qty_{line_a.id}": "2"}).status_code, 200)
        again = self._post({f"qty_{line_a.id}": "1"})
        self.assertEqual(again.status_code, 400)
        line_b = self._line(self.product_b)
        self.assertEqual(self._post({f"qty_{line_b.id}": "1"}).status_code, 200)
        self.assertEqual(len(self._returns()), 2)
        # Nothing left: no button, and the form says so.
        page = self.url_open(f"/my/purchases/store/{self.receipt.id}")
        self.assertNotIn(self._url(), page.text)
        empty = self.url_open(self._url())
        self.assertEqual(empty.status_code, 400)
        self.assertIn("left to return", empty.text)

    def test_ewallet_refund_where_allowed(self):
        self.authenticate("omni_sreturn_a", "omni_sreturn_a")
        line_b = self._line(self.product_b)
        refused = self._post({f"qty_{line_b.id}": "1", "refund_method": "ewallet"})
        self.assertEqual(refused.status_code, 400)
        self.assertIn("not allowed", refused.text)
        self.assertFalse(self._returns())
        topup = self.env["product.product"].create({"name": "Store return top-up", "type": "service"})
        program = self.env["loyalty.program"].create(
            {
                "name": "Store returns eWallet",
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
        self.company.write({"omni_return_ewallet": True, "omni_return_ewallet_program_id": program.id})
        self.assertEqual(self._post({f"qty_{line_b.id}": "1", "refund_method": "ewallet"}).status_code, 200)
        ret = self._returns()
        self.assertEqual(ret.refund_method, "ewallet")
        self._receive(ret)
        self.assertEqual(ret.state, "done")
        self.assertAlmostEqual(ret.amount, line_b.price_subtotal_incl, places=2)
        self.assertEqual(ret.ewallet_card_id.partner_id, self.user_a.partner_id)
        self.assertAlmostEqual(ret.ewallet_card_id.points, ret.amount, places=2)
        self.assertEqual(ret.credit_note_id.payment_state, "paid", "settled by the eWallet credit")

    def test_loyalty_points_clawed_back(self):
        Card = self.env["loyalty.card"]
        if not hasattr(Card, "_omni_return_points"):
            self.skipTest("omni_loyalty is not installed: no points to claw back")
        program = self.env["loyalty.program"].create(
            {
                "name": "Store points",
                "program_type": "loyalty",
                "applies_on": "both",
                "trigger": "auto",
                "rule_ids": [Command.create({"reward_point_mode": "money", "reward_point_amount": 1})],
            }
        )
        card = Card.create({"program_id": program.id, "partner_id": self.user_a.partner_id.id, "points": 40})
        self.env["loyalty.history"].create(
            {
                "card_id": card.id,
                "issued": 40,
                "used": 0,
                "order_model": "pos.order",
                "order_id": self.receipt.id,
                "description": "Earned at the till",
            }
        )
        ret = self.env["omni.return"]._omni_pos_request_by_post(
            self.receipt, [{"line_id": self._line(self.product_b).id, "quantity": 1, "reason": "damaged"}]
        )
        self._receive(ret)
        share = ret.amount / self.receipt.amount_total
        self.assertAlmostEqual(card.points, 40 - 40 * share, places=2)

    @mute_logger("odoo.http")
    def test_another_customer_receipt_is_not_found(self):
        self.authenticate("omni_sreturn_b", "omni_sreturn_b")
        line_a = self._line(self.product_a)
        page = self.url_open(f"/my/purchases/store/{self.receipt.id}")
        self.assertEqual(page.status_code, 404)
        for response in (
            self.url_open(self._url()),
            self.url_open(self._url(), data={f"qty_{line_a.id}": "1"}),
        ):
            self.assertIn(response.status_code, (400, 403, 404))
            self.assertNotIn(self.receipt.pos_reference or self.receipt.name, response.text)
            self.assertNotIn(self.product_a.display_name, response.text)
        own = self._store_sale(self.user_b.partner_id)
        wrong_line = self._post({f"qty_{line_a.id}": "1"}, order=own)
        self.assertEqual(wrong_line.status_code, 400)
        self.assertIn("This line cannot be returned", wrong_line.text)
        self.assertFalse(self.env["omni.return"].search([("pos_order_id", "in", (self.receipt | own).ids)]))
        self.authenticate(None, None)
        public = self.url_open(self._url(), allow_redirects=False)
        self.assertIn(public.status_code, (302, 303))

    @mute_logger("odoo.http")
    def test_hostile_form_values_refused(self):
        self.authenticate("omni_sreturn_a", "omni_sreturn_a")
        line_a = self._line(self.product_a)
        qty = f"qty_{line_a.id}"
        for data in (
            {qty: "abc"},
            {qty: "nan"},
            {qty: "inf"},
            {qty: "1e999"},
            {qty: "-1"},
            {qty: "4"},
            {qty: "9" * 25},
            {qty: "1", f"reason_{line_a.id}": "<script>alert(1)</script>"},
            {"qty_99999999": "1"},
            {"qty_0": "1"},
            {qty: "1", "refund_method": "cash"},
            {},
        ):
            response = self._post(data)
            self.assertEqual(response.status_code, 400, data)
            self.assertNotIn("<script>alert(1)</script>", response.text)
            self.assertNotIn("Traceback", response.text)
        self.assertFalse(self._returns())
        self.assertEqual(len(self.receipt.picking_ids), 1, "no return transfer")
        no_csrf = self.url_open(self._url(), data={qty: "1"})
        self.assertEqual(no_csrf.status_code, 400)
        for bad in ("0", "99999999999", "abc", "-1"):
            self.assertEqual(self.url_open(f"/my/purchases/store/{bad}/omni_return").status_code, 404)
        self.assertFalse(self._returns())
