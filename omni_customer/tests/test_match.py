# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged

from .common import OmniCustomerCommon


@tagged("post_install", "-at_install")
class TestMatch(OmniCustomerCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ana = cls.Partner.create(
            {
                "name": "Ana García López",
                "email": "Ana.Garcia@Example.com",
                "mobile": "612 34 56 78",
                "vat": "87654321X",
                "country_id": cls.env.ref("base.es").id,
            }
        )

    def test_keys_are_normalised(self):
        self.assertEqual(self.ana.email_normalized, "ana.garcia@example.com")
        self.assertEqual(self.ana.omni_phone_key, "+34612345678")
        self.assertEqual(self.ana.omni_national_id_key, "ES87654321X")
        self.assertTrue(self.ana.omni_customer_code.startswith("042"))
        self.assertEqual(len(self.ana.omni_customer_code), 13)
        self.assertEqual(self.ana.barcode, self.ana.omni_customer_code, "the POS scanner finds the card")
        self.assertEqual(self.Partner.search([("barcode", "=", self.ana.omni_customer_code)]), self.ana)

    def test_each_rule_hits(self):
        match = self.Partner._omni_match
        cases = [
            ({"name": "X", "omni_customer_code": self.ana.omni_customer_code.lower()}, "customer_code"),
            ({"name": "X", "vat": "ES 87.654.321-x"}, "national_id"),
            ({"name": "Someone", "email": "  ANA.GARCIA@EXAMPLE.COM "}, "email"),
            ({"name": "Ana Garcia", "phone": "+34 612-345-678"}, "phone_name"),
            ({"name": "garcía lópez, ana", "mobile": "0034612345678"}, "phone_name"),
        ]
        for vals, rule in cases:
            with self.subTest(vals=vals):
                result = match(vals)
                self.assertEqual(result["partner"], self.ana)
                self.assertEqual(result["rule"], rule)

    def test_rule_priority(self):
        other = self.Partner.create({"name": "Luis Pérez", "email": "luis@example.com"})
        result = self.Partner._omni_match({"email": "luis@example.com", "vat": "87654321X"})
        self.assertEqual(result["partner"], self.ana, "national ID outranks e-mail")
        self.assertEqual(result["rule"], "national_id")
        self.assertEqual(self.Partner._omni_match({"email": "luis@example.com"})["partner"], other)

    def test_misses(self):
        misses = [
            {"name": "Luis Gómez", "phone": "612345678"},  # same phone, another person
            {"name": "Ana", "email": "ana.garcia@example.org"},
            {"name": "Ana", "vat": "87654321A"},  # bad control letter
            {"name": "Ana", "email": "not-an-email"},
            {"name": "Ana", "email": "ana.garcia@example.com, bob@example.com"},
            {"name": "Ana", "email": ""},
            {"name": "Ana", "phone": "+33 6 12 34 56 78"},  # another country's number
            {"name": "Ana", "phone": "abc"},
            {"name": "Ana" * 5000, "email": "a" * 5000 + "@example.com"},
            {"name": "安娜", "phone": "123"},
            {},
        ]
        for vals in misses:
            with self.subTest(vals=str(vals)[:80]):
                result = self.Partner._omni_match(vals)
                self.assertFalse(result["partner"])
                self.assertFalse(result["rule"])

    def test_archived_and_other_company_never_match(self):
        other_company = self.env["res.company"].create({"name": "Otra Tienda"})
        self.Partner.create({"name": "Eva", "email": "eva@example.com", "company_id": other_company.id})
        self.assertFalse(self.Partner._omni_match({"email": "eva@example.com"})["partner"])
        self.ana.active = False
        self.assertFalse(self.Partner._omni_match({"email": "ana.garcia@example.com"})["partner"])

    def test_addresses_and_companies_are_not_golden(self):
        company = self.Partner.create({"name": "ACME", "is_company": True, "email": "acme@example.com"})
        self.Partner.create(
            {"name": "Ana", "parent_id": self.ana.id, "type": "delivery", "email": "d@example.com"}
        )
        self.assertFalse(self.Partner._omni_match({"email": "acme@example.com"})["partner"])
        self.assertFalse(self.Partner._omni_match({"email": "d@example.com"})["partner"])
        self.assertTrue(company.id)

    def test_bad_input_type(self):
        with self.assertRaises(UserError):
            self.Partner._omni_match(["not", "a", "dict"])
        # A malformed country falls back to the company's country, it does not crash.
        result = self.Partner._omni_match({"country_id": "xx", "phone": "612345678", "name": "Ana García"})
        self.assertEqual(result["partner"], self.ana)

    def test_match_query_count(self):
        self.Partner._omni_match({"name": "Warm up", "email": "warm@example.com"})
        with self.assertQueryCount(1):  # one indexed search, whatever the number of keys
            result = self.Partner._omni_match(
                {
                    "name": "Ana Garcia",
                    "email": "ana.garcia@example.com",
                    "phone": "612345678",
                    "vat": "87654321X",
                }
            )
        self.assertEqual(result["partner"], self.ana)

    def test_fuzzy_candidates_go_to_review_never_merge(self):
        self.ana.write({"zip": "28013", "street": "Calle Mayor 1", "city": "Madrid"})
        newcomer = self.Partner.with_context(omni_match_on_create=True).create(
            {
                "name": "Ana Garcia Lopez",
                "zip": "28013",
                "street": "Calle Mayor, 1",
                "city": "Madrid",
                "email": "anita@correo.es",
            }
        )
        self.assertNotEqual(newcomer, self.ana, "fuzzy evidence never returns the existing customer")
        review = self.env["omni.match.review"].search([("partner_ids", "in", newcomer.ids)])
        self.assertEqual(review.rule, "fuzzy")
        self.assertEqual(review.partner_ids, newcomer | self.ana)
        self.assertEqual(review.state, "pending")
        with self.assertRaises(UserError):
            review.action_merge_auto()
        self.assertTrue(newcomer.active)

    def test_threshold_is_respected(self):
        self.company.omni_match_threshold = 100
        self.ana.write({"zip": "28013"})
        newcomer = self.Partner.with_context(omni_match_on_create=True).create(
            {"name": "Ana Garcia", "zip": "28013", "email": "other@correo.es"}
        )
        self.assertFalse(self.env["omni.match.review"].search([("partner_ids", "in", newcomer.ids)]))
