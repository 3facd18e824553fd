# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestGuestCheckout(HttpCase):
    """A stranger typing a known customer's e-mail at checkout, through the shop's own routes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.website = cls.env["website"].get_current_website()
        cls.env.company.country_id = cls.env.ref("base.es")
        # A free product: the shop confirms a free cart on /shop/payment/validate,
        # the same _validate_order a paid transaction ends with.
        cls.product = cls.env["product.product"].create(
            {
                "name": "Omni Free Sample",
                "list_price": 0.0,
                "type": "consu",
                "sale_ok": True,
                "is_published": True,
                "website_published": True,
                "taxes_id": [Command.clear()],
            }
        )
        cls.customer_user = new_test_user(cls.env, login="omni_lucia", groups="base.group_portal")
        cls.golden = cls.customer_user.partner_id
        cls.golden.write(
            {
                "name": "Lucía Romero",
                "email": "lucia@correo.es",
                "street": "Calle Secreta 7",
                "city": "Sevilla",
                "zip": "41001",
                "phone": "+34 611 222 333",
                "country_id": cls.env.ref("base.es").id,
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="omni_guest_mgr",
            groups="base.group_user,omni_customer.group_omni_manager,sales_team.group_sale_manager",
        )
        cls.salesman = new_test_user(
            cls.env, login="omni_guest_sales", groups="base.group_user,sales_team.group_sale_salesman"
        )

    def _csrf(self, url):
        page = self.url_open(url).text
        return re.search(r'csrf_token["\']?\s*[:=]\s*["\']([0-9a-f]+o?[0-9]*)["\']', page).group(1)

    def _guest_checkout(self, email="LUCIA@correo.es", name="Lucia R.", street="Av. Nueva 1"):
        self.make_jsonrpc_request("/shop/cart/update_json", {"product_id": self.product.id, "add_qty": 1})
        response = self.url_open(
            "/shop/address/submit",
            data={
                "csrf_token": self._csrf("/shop/address"),
                "address_type": "billing",
                "use_delivery_as_billing": "true",
                "name": name,
                "email": email,
                "phone": "+34 622 999 888",
                "street": street,
                "city": "Cádiz",
                "zip": "11001",
                "country_id": str(self.env.ref("base.es").id),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("messages", response.json(), response.text)
        self.url_open("/shop/payment/validate")
        order = self.env["sale.order"].search(
            [("website_id", "=", self.website.id), ("order_line.product_id", "=", self.product.id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(order.state, "sale", "the free cart was confirmed by the shop")
        return order

    def _verify_url(self, order):
        mail = self.env["mail.mail"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("email_to", "ilike", "lucia@correo.es"),
            ]
        )
        mail = mail or self.env["mail.mail"].search(
            [
                ("model", "=", "sale.order"),
                ("res_id", "=", order.id),
                ("recipient_ids", "in", self.golden.ids),
            ]
        )
        self.assertEqual(len(mail), 1, "one verification mail, to the known address")
        self.assertNotIn("Nueva", mail.body_html, "the guest's address is not mailed to the customer")
        return re.search(r'href="[^"]*(/omni/order/\d+/verify\?token=[0-9a-f]+)"', mail.body_html).group(1)

    def _my_purchases(self):
        self.authenticate("omni_lucia", "omni_lucia")
        page = self.url_open("/my/purchases").text
        self.logout()
        return page

    def test_guest_with_known_email_is_unverified_until_the_customer_confirms(self):
        ltv_before = self.golden.omni_order_count
        order = self._guest_checkout()
        guest = order.partner_id
        # Linked for the back office, with the rule, but not the customer's yet.
        self.assertNotEqual(guest, self.golden)
        self.assertEqual(order.omni_golden_partner_id, self.golden)
        self.assertEqual(order.omni_match_rule, "email")
        self.assertEqual(order.omni_match_state, "unverified")
        self.assertFalse(guest.parent_id, "the guest's address is not added to the customer")
        self.assertNotIn(guest, self.golden.child_ids)
        self.assertEqual(self.golden.street, "Calle Secreta 7")
        # Nothing counts for the customer: LTV, orders, the interaction log (RFM, tiers read it).
        self.golden.invalidate_recordset()
        self.assertEqual(self.golden.omni_order_count, ltv_before)
        self.assertFalse(
            self.env["omni.interaction"].search(
                [
                    ("partner_id", "=", self.golden.id),
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                ]
            )
        )
        # The guest's confirmation page shows nothing of the customer.
        page = self.url_open(f"/shop/confirmation?sale_order_id={order.id}").text
        self.assertNotIn("Secreta", page)
        # The customer does not see it (nor the guest's address).
        page = self._my_purchases()
        self.assertNotIn(order.name, page)
        self.assertNotIn("Nueva", page)

        url = self._verify_url(order)
        # A wrong token or another order's id: not found, nothing changes.
        self.assertEqual(self.url_open(url[:-4] + "0000").status_code, 404)
        self.assertEqual(self.url_open(url.replace(f"/{order.id}/", f"/{order.id + 1000}/")).status_code, 404)
        self.assertEqual(self.url_open(url[:-4] + "0000", data={"confirm": "1"}).status_code, 404)
        self.assertEqual(self.url_open("/omni/order/abc/verify?token=x").status_code, 404)
        order.invalidate_recordset()
        self.assertEqual(order.omni_match_state, "unverified")
        # Opening the link asks (a mail scanner following links confirms nothing) ...
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("confirm", page.text)
        order.invalidate_recordset()
        self.assertEqual(order.omni_match_state, "unverified")
        # ... the customer's click confirms.
        self.assertEqual(self.url_open(url, data={"confirm": "1"}).status_code, 200)
        order.invalidate_recordset()
        self.assertEqual(order.omni_match_state, "verified")
        self.assertEqual(order.partner_id, self.golden)
        self.assertEqual(guest.parent_id, self.golden, "now the customer's own address")
        self.golden.invalidate_recordset()
        self.assertEqual(self.golden.omni_order_count, ltv_before + 1)
        self.assertEqual(
            self.env["omni.interaction"].search_count(
                [
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                    ("interaction_type", "=", "order"),
                ]
            ),
            1,
        )
        self.assertIn(order.name, self._my_purchases())
        # The link works once.
        self.assertEqual(self.url_open(url, data={"confirm": "1"}).status_code, 404)

    def test_manager_confirms_or_rejects_the_match(self):
        order = self._guest_checkout()
        with self.assertRaises(UserError):
            order.with_user(self.salesman).action_omni_confirm_match()
        order.with_user(self.manager).action_omni_confirm_match()
        self.assertEqual(order.omni_match_state, "verified")
        self.assertEqual(order.partner_id, self.golden)
        self.assertIn(order.name, self._my_purchases())
        with self.assertRaises(UserError):
            order.with_user(self.manager).action_omni_confirm_match()

        other = self._guest_checkout(name="Otra Persona", street="Calle Otra 3")
        other.with_user(self.manager).action_omni_reject_match()
        self.assertEqual(other.omni_match_state, "rejected")
        self.assertNotEqual(other.partner_id, self.golden)
        self.assertNotIn(other.name, self._my_purchases())
        with self.assertRaises(UserError):
            other.with_user(self.manager).action_omni_confirm_match()

    def test_guest_with_unknown_email_is_not_linked(self):
        order = self._guest_checkout(email="nadie@correo.es", name="Nadie")
        self.assertFalse(order.omni_golden_partner_id)
        self.assertFalse(order.omni_match_state)
        self.assertTrue(
            self.env["omni.interaction"].search(
                [
                    ("partner_id", "=", order.partner_id.id),
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                ]
            ),
            "an unlinked guest's order is logged on the guest",
        )
