"""Cross-channel journey on a database where the suite is installed (pytest-odoo).

A shopper buys on the website as a guest, in a store, then from the back office;
the three channels end on one golden customer whose 360 and segments add up.
"""

from odoo import Command
from odoo.tests import TransactionCase


class TestCustomerJourney(TransactionCase):
    # Odoo sets these for tests inside addons; journeys live outside them.
    test_tags = {"standard", "post_install"}
    test_module = "omni_journeys"
    test_class = "TestCustomerJourney"

    def test_guest_web_store_back_office_one_customer(self):
        env = self.env(context=dict(self.env.context, tracking_disable=True))
        Partner = env["res.partner"]
        env.company.country_id = env.ref("base.es")  # national numbers are read in the retailer's country
        product = env["product.product"].create({"name": "Journey shoes", "list_price": 80.0})
        website = env["website"].search([], limit=1)
        # 1. The customer first exists from a store sign-up on the POS.
        store = Partner.with_context(omni_match_on_create=True, omni_channel_code="pos").create(
            {"name": "Beatriz Soler", "mobile": "+34 633 44 55 66", "email": "beatriz@correo.es"}
        )
        # 2. Later she checks out on the website as a guest, same e-mail in capitals.
        guest = (
            Partner.with_user(website.user_id)
            .sudo()
            .create({"name": "Bea Soler", "email": "BEATRIZ@CORREO.ES"})
        )
        web_order = env["sale.order"].create(
            {
                "partner_id": guest.id,
                "website_id": website.id,
                "order_line": [Command.create({"product_id": product.id, "price_unit": 80.0})],
            }
        )
        web_order.with_user(website.user_id).sudo().action_confirm()
        # Anyone may type her e-mail: the order waits, unverified, until she confirms
        # it from the mail sent to her address (here: a manager confirms the match).
        assert web_order.partner_id == guest
        assert web_order.omni_golden_partner_id == store
        assert web_order.omni_match_state == "unverified"
        web_order.action_omni_confirm_match()
        # 3. She phones the shop: the back office creates her "again" by phone number.
        phone = Partner.with_context(omni_match_on_create=True, omni_channel_code="phone").create(
            {"name": "Beatriz Soler", "phone": "633445566"}
        )
        office_order = env["sale.order"].create(
            {
                "partner_id": phone.id,
                "order_line": [Command.create({"product_id": product.id, "price_unit": 20.0})],
            }
        )
        office_order.action_confirm()

        assert web_order.partner_id == store
        assert phone == store
        assert office_order.partner_id == store
        store.invalidate_recordset()
        assert store.omni_order_count == 2
        assert round(store.omni_lifetime_value, 2) == round(
            web_order.amount_total + office_order.amount_total, 2
        )
        channels = env["omni.interaction"].search([("partner_id", "=", store.id)]).channel_id
        assert channels == web_order.omni_channel_id | office_order.omni_channel_id
        assert web_order.omni_channel_id.channel_type == "website"
        assert office_order.omni_channel_id.code == "sale"
