# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import html

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalRewards(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a = new_test_user(
            cls.env, login="loy_portal_a", groups="base.group_portal", name="Ana Portal"
        )
        cls.user_b = new_test_user(
            cls.env, login="loy_portal_b", groups="base.group_portal", name="Beto Portal"
        )
        program = cls.env["loyalty.program"].create(
            {"name": "Portal points", "program_type": "loyalty", "applies_on": "both", "trigger": "auto"}
        )
        cls.card_a = cls.env["loyalty.card"].create(
            {
                "program_id": program.id,
                "partner_id": cls.user_a.partner_id.id,
                "points": 321,
                "code": "CARD-ANA-0001",
            }
        )
        cls.card_b = cls.env["loyalty.card"].create(
            {
                "program_id": program.id,
                "partner_id": cls.user_b.partner_id.id,
                "points": 987,
                "code": "CARD-BETO-0002",
            }
        )

    def test_portal_shows_own_wallet_only(self):
        self.authenticate("loy_portal_a", "loy_portal_a")
        response = self.url_open("/my/rewards")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("CARD-BETO-0002", response.text)
        page = html.fromstring(response.text)
        # Read the page's content, not its markup: asset hashes, CSRF tokens
        # and session data are random and may contain any digits.
        main = page.xpath("//main")[0]
        self.assertEqual(main.xpath("string(.//strong[contains(@class, 'o_omni_points')])").strip(), "321.00")
        cards = main.xpath("string(.//table[contains(@class, 'o_omni_cards')])")
        self.assertIn("CARD-ANA-0001", cards)
        self.assertNotIn("987", main.text_content())
        crumbs = page.xpath(
            "//ol[contains(@class, 'o_portal_submenu')]/li[contains(@class, 'active')]/text()"
        )
        self.assertEqual([c.strip() for c in crumbs], ["My rewards"])
        # The core history page of B's card is not readable by A.
        response = self.url_open(f"/my/loyalty_card/{self.card_b.id}/history", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303, 403, 404))

    def test_points_in_the_customers_number_format(self):
        """A Spanish customer reads 1.234,50 points, not 1234.5."""
        spanish = self.env["res.lang"]._activate_lang("es_ES")
        # The shop speaks the customer's language only where the website offers it.
        self.env["website"].search([]).language_ids |= spanish
        self.user_a.lang = "es_ES"
        self.card_a.points = 1234.5
        self.authenticate("loy_portal_a", "loy_portal_a")
        page = html.fromstring(self.url_open("/my/rewards").text)
        points = page.xpath("string(//strong[contains(@class, 'o_omni_points')])")
        self.assertEqual(points.strip(), "1.234,50")
        self.assertIn("1.234,50", page.xpath("string(//table[contains(@class, 'o_omni_cards')])"))

    def test_b2b_contact_sees_own_cards_only(self):
        """Issue 11.6: a portal contact of a B2B customer does not see a colleague's cards."""
        company = self.env["res.partner"].create({"name": "Distribuciones Norte SL", "is_company": True})
        self.user_a.partner_id.parent_id = company
        self.user_b.partner_id.parent_id = company
        shared = self.env["loyalty.card"].create(
            {
                "program_id": self.card_a.program_id.id,
                "partner_id": company.id,
                "points": 555,
                "code": "CARD-CO-0003",
            }
        )
        self.authenticate("loy_portal_a", "loy_portal_a")
        main = html.fromstring(self.url_open("/my/rewards").text).xpath("//main")[0]
        text = main.text_content()
        self.assertIn("CARD-ANA-0001", text)
        self.assertNotIn("CARD-BETO-0002", text, "a colleague's card")
        self.assertNotIn(shared.code, text, "the company's card is not this contact's")
        self.assertNotIn("987", text)
        self.assertEqual(main.xpath("string(.//strong[contains(@class, 'o_omni_points')])").strip(), "321.00")

    def test_anonymous_redirected_to_login(self):
        response = self.url_open("/my/rewards", allow_redirects=False)
        self.assertIn(response.status_code, (302, 303))
        self.assertIn("/web/login", response.headers.get("Location", ""))
