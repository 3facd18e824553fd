# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from uuid import uuid4

from odoo import Command, fields, http
from odoo.tests import HttpCase, new_test_user, tagged

from .common import OmniLoyaltyCommon


@tagged("post_install", "-at_install")
class TestGiftCardTillToWeb(OmniLoyaltyCommon, HttpCase):
    """A gift card sold at the till, then spent on the website, on the real entry points."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env.ref("website.default_website")
        cls.gift_product.write({"available_in_pos": True, "taxes_id": [Command.clear()]})
        cls.wrap = cls.env["product.product"].create(
            {
                "name": "Omni Gift Wrap",
                "type": "service",
                "list_price": 30.0,
                "sale_ok": True,
                "is_published": True,
                "website_id": False,
                "taxes_id": [Command.clear()],
            }
        )
        # The card's points are in the company currency: so is the shopper's cart
        # (demo data prices Spain with a EUR list).
        pricelist = cls.env["product.pricelist"].create(
            {"name": "Omni gift", "currency_id": cls.company.currency_id.id, "website_id": cls.website.id}
        )
        cls.shopper = new_test_user(cls.env, login="loy_gift_shopper", groups="base.group_portal")
        cls.shopper.partner_id.property_product_pricelist = pricelist
        cls.shopper.partner_id.write(
            {
                "name": "Marta Regalo",
                "email": "marta.regalo@correo.es",
                "phone": "+34 600 000 111",
                "street": "Calle Mayor 1",
                "city": "Madrid",
                "zip": "28013",
                "country_id": cls.env.ref("base.es").id,
                "state_id": cls.env.ref("base.state_es_m").id,
            }
        )

    def _till_sells_gift_card(self, code, amount=50.0):
        """The payloads the 18.0 POS sends when it sells a gift card with a new code."""
        self.pos_config.with_user(self.cashier).open_ui()
        session = self.pos_config.current_session_id
        uid = str(uuid4())
        order_data = {
            "amount_paid": amount,
            "amount_return": 0,
            "amount_tax": 0,
            "amount_total": amount,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "fiscal_position_id": False,
            "pricelist_id": self.pos_config.pricelist_id.id,
            "name": f"Order {uid}",
            "last_order_preparation_change": "{}",
            "lines": [
                Command.create(
                    {
                        "id": 1,
                        "pack_lot_ids": [],
                        "price_unit": amount,
                        "product_id": self.gift_product.id,
                        "price_subtotal": amount,
                        "price_subtotal_incl": amount,
                        "qty": 1,
                        "tax_ids": [Command.set([])],
                    }
                )
            ],
            "partner_id": False,
            "session_id": session.id,
            "sequence_number": 1,
            "payment_ids": [
                Command.create(
                    {
                        "amount": amount,
                        "name": fields.Datetime.now(),
                        "payment_method_id": self.cash_method.id,
                    }
                )
            ],
            "uuid": uid,
            "user_id": self.cashier.id,
            "to_invoice": False,
        }
        PosOrder = self.env["pos.order"].with_user(self.cashier)
        order = PosOrder.browse(PosOrder.sync_from_ui([order_data])["pos.order"][0]["id"])
        self.assertEqual(order.state, "paid")
        # pos_loyalty's processGiftCard reuses the key of the automatic point change:
        # a key of Object.keys(couponPointChanges), so coupon_id is the string "-1".
        coupon_data = {
            "-1": {
                "points": amount,
                "program_id": self.gift_program.id,
                "coupon_id": "-1",
                "barcode": "",
                "manual": True,
                "product_id": self.gift_product.id,
                "code": code,
                "partner_id": False,
                "expiration_date": fields.Date.to_string(fields.Date.today() + timedelta(days=365)),
            }
        }
        payload = order.confirm_coupon_programs(coupon_data)
        # then the POS writes the history with the ids it knows
        order.add_loyalty_history_lines(
            [{"order_id": order.id, "card_id": "-1", "spent": 0, "won": amount}],
            [{"id": u["id"], "old_id": u["old_id"]} for u in payload["coupon_updates"]],
        )
        return order

    def test_gift_card_sold_at_till_spent_on_website(self):
        order = self._till_sells_gift_card("GIFT-OMNI-4711")
        card = self.Card.search([("code", "=", "GIFT-OMNI-4711")])
        self.assertEqual(len(card), 1, "the till created the card with the code it sent")
        self.assertEqual(card.program_id, self.gift_program)
        self.assertEqual(card.points, 50.0)
        self.assertEqual(card.source_pos_order_id, order)
        self.assertTrue(order.omni_loyalty_applied)

        # The shopper spends it on the website: cart, code, payment page, validation.
        self.authenticate("loy_gift_shopper", "loy_gift_shopper")
        self.make_jsonrpc_request("/shop/cart/update_json", {"product_id": self.wrap.id, "add_qty": 1})
        sale = self.env["sale.order"].search(
            [("partner_id", "=", self.shopper.partner_id.id), ("state", "=", "draft")]
        )
        self.assertEqual(len(sale), 1)
        self.assertEqual(sale.amount_total, 30.0)
        response = self.url_open(
            "/shop/pricelist",
            data={"promo": "GIFT-OMNI-4711", "csrf_token": http.Request.csrf_token(self)},
        )
        self.assertEqual(response.status_code, 200)
        sale.invalidate_recordset()
        self.assertEqual(sale.amount_total, 0.0, "the gift card covers the cart")
        self.assertIn(card, sale.order_line.coupon_id)
        response = self.url_open("/shop/payment")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith("/shop/payment"), response.url)
        self.url_open("/shop/payment/validate")
        sale.invalidate_recordset()
        self.assertEqual(sale.state, "sale")
        card.invalidate_recordset()
        self.assertEqual(card.points, 20.0, "50 sold at the till, 30 spent on the website")
        spends = card.history_ids.filtered(lambda h: h.order_model == "sale.order")
        self.assertEqual((spends.order_id, spends.used), (sale.id, 30.0))

        # The rest cannot be spent twice: a second cart of 30 only gets the 20 left.
        self.make_jsonrpc_request("/shop/cart/update_json", {"product_id": self.wrap.id, "add_qty": 1})
        second = self.env["sale.order"].search(
            [("partner_id", "=", self.shopper.partner_id.id), ("state", "=", "draft")]
        )
        self.url_open(
            "/shop/pricelist",
            data={"promo": "GIFT-OMNI-4711", "csrf_token": http.Request.csrf_token(self)},
        )
        second.invalidate_recordset()
        self.assertEqual(second.amount_total, 10.0)

    def test_existing_card_id_sent_as_string(self):
        """A scanned card's coupon_id may come as a string key too: charged once, history in ints."""
        card = self._gift_card(100)
        order = self._pay(self._pos_order(amount=100))
        key = str(card.id)
        order.confirm_coupon_programs(
            {key: {"points": -20.0, "program_id": self.gift_program.id, "coupon_id": key}}
        )
        self.assertEqual(card.points, 80.0)
        self.assertEqual(card.history_ids.mapped("used"), [20.0])
        order.add_loyalty_history_lines([{"order_id": order.id, "card_id": key, "spent": 20.0, "won": 0}], [])
        self.assertEqual(len(card.history_ids), 1, "the POS's own history call does not write it twice")
