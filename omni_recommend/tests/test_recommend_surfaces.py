# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import TransactionCase, tagged

from .common import OmniRecommendCommon


@tagged("post_install", "-at_install")
class TestRecommendSurfaces(OmniRecommendCommon, TransactionCase):
    def test_every_surface_returns_the_same_top_items(self):
        service = self._top(self.store_customer, self.web_channel, limit=4)
        Filter = (
            self.env["website.snippet.filter"]
            .with_user(self.portal_user)
            .with_context(website_id=self.website.id)
        )
        snippet = Filter._get_products_omni_for_you(self.website, 4, [("website_published", "=", True)])
        self.assertEqual(snippet.ids, service.ids)
        pos = (
            self.env["res.partner"]
            .with_user(self.cashier)
            .omni_recommend_pos(self.store_customer.id, self.pos_config.id, 4)
        )
        self.assertEqual(pos["product_ids"], service.ids)
        self.assertEqual(pos["source"], "personal")
        partner_form = self.store_customer.with_user(self.salesman).omni_recommended_product_ids
        self.assertEqual(partner_form[:4].ids, service.ids)

    def test_also_bought_on_the_product_page(self):
        product = self.groups[0][0]
        Filter = self.env["website.snippet.filter"].with_context(website_id=self.website.id)
        also = Filter._get_products_omni_also_bought(
            self.website, 4, [], product_template_id=str(product.product_tmpl_id.id)
        )
        self.assertTrue(also)
        self.assertNotIn(product, also)
        self.assertGreaterEqual(len(also & self.groups[0]), 2, also.mapped("name"))
        for hostile in (None, "", "abc", "-3", "999999999"):
            self.assertFalse(
                Filter._get_products_omni_also_bought(self.website, 4, [], product_template_id=hostile)
            )

    def test_draft_order_suggestions_and_add_button(self):
        order = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .create(
                {
                    "partner_id": self.store_customer.id,
                    "order_line": [
                        Command.create({"product_id": self.groups[2][0].id, "product_uom_qty": 1})
                    ],
                }
            )
        )
        suggestions = order.omni_recommended_product_ids
        self.assertTrue(suggestions)
        self.assertNotIn(self.groups[2][0], suggestions, "what is on the order is not suggested")
        pick = suggestions[0]
        pick.with_user(self.salesman).with_context(omni_order_id=order.id).action_omni_add_to_order()
        self.assertIn(pick, order.order_line.product_id)
        self.assertNotIn(pick, order.omni_recommended_product_ids)
        stranger = self.env["product.product"].create({"name": "Rec not suggested"})
        with self.assertRaises(UserError):
            stranger.with_user(self.salesman).with_context(omni_order_id=order.id).action_omni_add_to_order()
        for bad in (None, "1", -1, True, 2**40):
            with self.assertRaises(UserError):
                pick.with_user(self.salesman).with_context(omni_order_id=bad).action_omni_add_to_order()
        order.action_confirm()
        self.assertFalse(order.omni_recommended_product_ids)
        with self.assertRaises(UserError):
            order._omni_add_recommended(pick)

    def test_pos_rpc_refuses_bad_input_and_non_cashiers(self):
        Partner = self.env["res.partner"].with_user(self.cashier)
        for bad_partner in ("1", -5, 1.5, [1], True):
            with self.assertRaises(UserError):
                Partner.omni_recommend_pos(bad_partner, self.pos_config.id)
        for bad_config in (None, "x", 0, 2**31):
            with self.assertRaises(UserError):
                Partner.omni_recommend_pos(self.store_customer.id, bad_config)
        with self.assertRaises(AccessError):
            Partner.omni_recommend_pos(self.store_customer.id, 2**31 - 1)
        with self.assertRaises(AccessError):
            self.env["res.partner"].with_user(self.portal_user).omni_recommend_pos(None, self.pos_config.id)
        anonymous = Partner.omni_recommend_pos(None, self.pos_config.id, limit="garbage")
        self.assertEqual(anonymous["source"], "popular")
        self.assertEqual(anonymous["product_ids"][:1], self.popular.ids)

    def _paid_ticket(self, partner, products):
        ticket = self.env["pos.order"].create(self._pos_vals(partner, products))
        self.env["pos.make.payment"].with_context(active_id=ticket.id, active_ids=ticket.ids).create(
            {"amount": ticket.amount_total, "payment_method_id": self.cash_method.id}
        ).check()
        self.assertEqual(ticket.state, "paid")
        self.env["pos.order"]._cron_omni_digital_receipts()  # the queued receipt, as the cron sends it
        mail = self.env["mail.mail"].search([("model", "=", "pos.order"), ("res_id", "=", ticket.id)])
        self.assertEqual(len(mail), 1, "the digital receipt is sent")
        return ticket, mail

    def test_digital_receipt_for_you_block_needs_marketing_consent(self):
        self.company.omni_digital_receipt = True
        bought = self.groups[2][2:3]
        _ticket, mail = self._paid_ticket(self.store_customer, bought)
        self.assertNotIn("For you", mail.body_html, "no marketing opt-in: no product block")
        self.env["omni.consent"]._omni_set(self.store_customer, "marketing", "email", True)
        _ticket, mail = self._paid_ticket(self.store_customer, bought)
        expected = self.Service._omni_recommend_details(
            self.store_customer, self.web_channel, 4, exclude=set(bought.ids)
        )
        self.assertEqual(expected["source"], "personal")
        self.assertTrue(expected["products"])
        self.assertIn("For you", mail.body_html)
        for product in expected["products"]:
            self.assertIn(product.website_url, mail.body_html)
        self.assertNotIn(bought.website_url, mail.body_html, "what the ticket holds is not pushed back")
        # The same block for any mail template on customers (a mailing): the same products.
        block = self.store_customer._omni_for_you_mail(exclude=bought.ids)
        self.assertEqual(block["title"], "For you")
        self.assertEqual(
            [item["url"] for item in block["items"]],
            [self.website.get_base_url() + p.website_url for p in expected["products"]],
        )
        self.assertIsNone(self.other_customer._omni_for_you_mail(), "no marketing opt-in, no block")
        # Personalisation withdrawn: the block still comes (marketing allowed), from popularity.
        self.env["omni.consent"]._omni_set(self.store_customer, "personalisation", "email", False)
        _ticket, mail = self._paid_ticket(self.store_customer, bought)
        self.assertNotIn("For you", mail.body_html)
        self.assertIn("Our best sellers", mail.body_html)
