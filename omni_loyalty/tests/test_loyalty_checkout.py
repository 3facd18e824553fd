# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import Command
from odoo.addons.payment.tests.http_common import PaymentHttpCommon
from odoo.addons.payment_demo.tests.common import PaymentDemoCommon
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import OmniLoyaltyCommon


@tagged("post_install", "-at_install")
class TestCheckoutWallet(OmniLoyaltyCommon, PaymentDemoCommon, PaymentHttpCommon):
    """Issue 10.2: the wallet is checked on the cart before payment; a paid order is never left unconfirmed.

    Through the real shop routes with the payment_demo provider:
    ``/shop/payment/transaction/<order>`` (website_sale's pre-payment checks),
    ``/payment/demo/simulate_payment`` and ``/payment/status/poll`` (which
    post-processes the transaction and confirms the order).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].search([("company_id", "=", cls.env.company.id)], limit=1)
        cls.service = cls.env["product.product"].create(
            {"name": "Omni workshop", "type": "service", "list_price": 150, "taxes_id": [Command.clear()]}
        )
        cls.pos_config.payment_method_ids |= cls.cash_method

    def _web_cart(self, card):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.portal_partner.id,
                "website_id": self.website.id,
                "order_line": [Command.create({"product_id": self.service.id, "price_unit": 150})],
            }
        )
        self._apply_code(order, card.code)
        self.assertEqual(order.amount_total, 50)
        return order

    def _rpc(self, route, params):
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "id": 1, "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def _pay(self, order):
        return self._rpc(
            f"/shop/payment/transaction/{order.id}",
            {
                "access_token": order._portal_ensure_token(),
                "amount": order.amount_total,
                "provider_id": self.provider.id,
                "payment_method_id": self.provider.payment_method_ids[:1].id,
                "flow": "direct",
                "token_id": None,
                "tokenization_requested": False,
                "landing_route": order.get_portal_url(),
            },
        )

    def _complete_payment(self, reference):
        """The provider accepts the payment; the status poll post-processes it (confirms the order)."""
        self.assertNotIn(
            "error",
            self._rpc(
                "/payment/demo/simulate_payment",
                {"reference": reference, "payment_details": "4242", "simulated_state": "done"},
            ),
        )
        poll = self._rpc("/payment/status/poll", {})
        self.assertNotIn("error", poll, poll)
        self.env.invalidate_all()

    @mute_logger("odoo.http")
    def test_short_wallet_refused_before_payment(self):
        card = self._gift_card(100)
        order = self._web_cart(card)
        # The till spends 60 of the card while the shopper is on the checkout.
        self._sync(amount=60, reward=(card, 60))
        self.assertEqual(card.points, 40)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        answer = self._pay(order)
        self.assertIn("error", answer, "no transaction is created for a cart the server would refuse")
        self.assertIn("Not enough balance on", answer["error"]["data"]["message"])
        self.assertIn("40", answer["error"]["data"]["message"])
        self.assertFalse(order.transaction_ids, "the shopper is not charged")
        self.assertEqual(order.state, "draft")
        self.assertEqual(card.points, 40)

    @mute_logger("odoo.http", "odoo.addons.payment.models.payment_transaction")
    def test_race_after_payment_confirms_and_flags(self):
        card = self._gift_card(100)
        order = self._web_cart(card)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        answer = self._pay(order)
        self.assertNotIn("error", answer, answer)
        reference = answer["result"]["reference"]
        # Paid at the provider; before the confirmation the till spends 60 of the card.
        self._sync(amount=60, reward=(card, 60))
        self._complete_payment(reference)
        self.assertEqual(order.transaction_ids.state, "done")
        self.assertEqual(order.state, "sale", "a paid order is confirmed, never left unconfirmed")
        self.assertEqual(card.points, 0, "charged what the card held, never below zero")
        self.assertTrue(order.omni_loyalty_flagged)
        self.assertAlmostEqual(order.omni_loyalty_uncovered, 60)
        self.assertTrue(order.activity_ids, "a manager is asked to review it")
        self.assertIn("overspend", " ".join(order.message_ids.mapped("body")).lower())

    @mute_logger("odoo.http", "odoo.addons.payment.models.payment_transaction")
    def test_card_archived_after_payment_confirms_and_flags(self):
        """Issue 16: a card archived between payment and confirmation: confirmed, charged, flagged."""
        card = self._gift_card(100)
        order = self._web_cart(card)
        self.authenticate(self.portal_user.login, self.portal_user.login)
        answer = self._pay(order)
        self.assertNotIn("error", answer, answer)
        card.active = False
        self._complete_payment(answer["result"]["reference"])
        self.assertEqual(order.transaction_ids.state, "done")
        self.assertEqual(order.state, "sale", "a paid order is confirmed, never left unconfirmed")
        self.assertEqual(order.amount_total, 50, "the reward the shopper paid with is kept")
        self.assertEqual(card.points, 0, "the card is charged what the order used")
        self.assertTrue(order.omni_loyalty_flagged)
        self.assertTrue(order.activity_ids, "a manager is asked to review it")
        self.assertIn("archived", " ".join(order.message_ids.mapped("body")))
