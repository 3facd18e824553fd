# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import html

from odoo import http
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import OmniCustomerCommon


@tagged("post_install", "-at_install")
class TestSecurity(OmniCustomerCommon, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_a = new_test_user(
            cls.env, login="omni_portal_a", password="omni_portal_a", groups="base.group_portal"
        )
        cls.portal_b = new_test_user(
            cls.env, login="omni_portal_b", password="omni_portal_b", groups="base.group_portal"
        )
        cls.partner_a = cls.portal_a.partner_id
        cls.partner_b = cls.portal_b.partner_id
        cls.partner_a.email = "a@correo.es"
        cls.partner_b.email = "b@correo.es"

    def test_portal_sees_only_own_purchases_and_receipts(self):
        order_a = self._pos_order(self.partner_a, 11.0)
        order_b = self._pos_order(self.partner_b, 22.0, config=order_a.config_id)
        web_b = self._sale_order(self.partner_b, 33.0, website=True)
        self.authenticate("omni_portal_a", "omni_portal_a")
        page = self.url_open("/my/purchases")
        self.assertEqual(page.status_code, 200)
        self.assertIn(order_a.pos_reference or order_a.name, page.text)
        self.assertNotIn(order_b.pos_reference or order_b.name, page.text)
        self.assertNotIn(web_b.name, page.text)
        crumbs = html.fromstring(page.text).xpath(
            "//ol[contains(@class, 'o_portal_submenu')]/li[contains(@class, 'active')]/text()"
        )
        self.assertEqual([c.strip() for c in crumbs], ["My purchases"])
        self.assertEqual(self.url_open(f"/my/purchases/store/{order_a.id}").status_code, 200)
        for bad in (order_b.id, "abc", "-1", "99999999", "1 OR 1=1"):
            self.assertEqual(self.url_open(f"/my/purchases/store/{bad}").status_code, 404, bad)
        # A forged or other order's token is refused; the real one works without login.
        self.assertEqual(
            self.url_open(
                f"/my/purchases/store/{order_b.id}?access_token={order_a._omni_receipt_token()}"
            ).status_code,
            404,
        )
        self.logout()
        self.assertEqual(
            self.url_open(
                f"/my/purchases/store/{order_b.id}?access_token={order_b._omni_receipt_token()}"
            ).status_code,
            200,
        )
        self.assertEqual(self.url_open(f"/my/purchases/store/{order_b.id}?access_token=x").status_code, 404)

    def test_portal_consent_page_changes_apply_everywhere(self):
        Consent = self.env["omni.consent"]
        Consent._omni_set(self.partner_b, "marketing", "sms", True)
        self.authenticate("omni_portal_a", "omni_portal_a")
        page = self.url_open("/my/consent")
        self.assertEqual(page.status_code, 200)
        self.assertIn("omni_consent_table", page.text)
        response = self.url_open(
            "/my/consent",
            data={"csrf_token": http.Request.csrf_token(self), "marketing_email": "on", "receipts_sms": "on"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue(Consent._omni_allowed(self.partner_a, "marketing", "email"))
        self.assertFalse(Consent._omni_allowed(self.partner_a, "receipts", "email"), "unticked: withdrawn")
        self.assertTrue(Consent._omni_allowed(self.partner_b, "marketing", "sms"), "B untouched")
        self.logout()
        self.assertNotEqual(self.url_open("/my/consent", allow_redirects=False).status_code, 200)

    def test_portal_interactions_and_consents_are_own(self):
        self.env["omni.interaction"]._omni_log(
            [
                {"partner_id": self.partner_a.id, "interaction_type": "visit", "channel_code": "website"},
                {"partner_id": self.partner_b.id, "interaction_type": "visit", "channel_code": "website"},
            ]
        )
        self.env["omni.consent"]._omni_set(self.partner_b, "marketing", "sms", True)
        rows = self.env["omni.interaction"].with_user(self.portal_a).search([])
        self.assertEqual(rows.partner_id, self.partner_a)
        self.assertFalse(self.env["omni.consent"].with_user(self.portal_a).search([]))
        with self.assertRaises(AccessError):
            self.env["omni.interaction"].with_user(self.portal_a).create(
                {"partner_id": self.partner_a.id, "interaction_type": "visit"}
            )

    def test_cashier_sees_360_but_cannot_export_or_merge(self):
        partner = self.Partner.create({"name": "Cliente 360"})
        self._sale_order(partner, 10.0)
        summary = self.Partner.with_user(self.cashier).omni_pos_360(partner.id)
        self.assertEqual(summary["order_count"], 1)
        with self.assertRaises(UserError):
            self.Partner.with_user(self.cashier).search([]).export_data(["name", "email"])
        with self.assertRaises(UserError):
            self.Partner.with_user(self.cashier).omni_pos_360("not-an-id")
        with self.assertRaises(AccessError):
            self.env["omni.match.review"].with_user(self.cashier).create(
                {"partner_ids": [(6, 0, partner.ids)], "rule": "email"}
            )

    def test_multi_company_rules(self):
        other = self.env["res.company"].create(
            {"name": "Tienda México", "country_id": self.env.ref("base.mx").id}
        )
        user_other = new_test_user(
            self.env,
            login="omni_mx",
            groups="base.group_user,omni_customer.group_omni_manager",
            company_id=other.id,
            company_ids=[(6, 0, other.ids)],
        )
        partner = self.Partner.create({"name": "Cliente ES", "company_id": self.company.id})
        self.env["omni.interaction"]._omni_log(
            [{"partner_id": partner.id, "interaction_type": "visit", "company_id": self.company.id}]
        )
        self.assertFalse(
            self.env["omni.interaction"].with_user(user_other).search([("partner_id", "=", partner.id)])
        )
        channel = self.Channel.create(
            {"name": "Tienda CDMX", "code": "cdmx", "channel_type": "pos", "company_id": self.company.id}
        )
        self.assertFalse(self.Channel.with_user(user_other).search([("id", "=", channel.id)]))
