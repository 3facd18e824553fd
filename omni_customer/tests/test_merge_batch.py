# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import errors as pg_errors

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import OmniCustomerCommon


@tagged("post_install", "-at_install")
class TestMergeBatch(OmniCustomerCommon, TransactionCase):
    """The duplicate scan's automatic merge: one cluster at a time, capped, within one company."""

    def _pair(self, email, **extra):
        return self.Partner.create(
            [{"name": "Dup " + email, "email": email, **extra}, {"name": "Dup " + email, "email": email}]
        )

    def test_one_failing_cluster_does_not_stop_the_batch(self):
        self.company.omni_auto_merge_deterministic = True
        first = self._pair("uno@correo.es")
        broken = self._pair("dos@correo.es")
        # Each partner of this cluster has its own login: a merge refuses it.
        for index, partner in enumerate(broken):
            new_test_user(self.env, login=f"omni_dup_{index}", partner_id=partner.id)
        last = self._pair("tres@correo.es")
        self.Partner._cron_omni_duplicate_scan()
        Review = self.env["omni.match.review"]
        for pair in (first, last):
            review = Review.search([("partner_ids", "in", pair.ids)])
            self.assertEqual(review.state, "merged")
            self.assertEqual(len(pair.filtered("active")), 1)
        review = Review.search([("partner_ids", "in", broken.ids)])
        self.assertEqual(review.state, "pending", "left for a manager")
        self.assertIn("more than one user", review.merge_error)
        self.assertIn("more than one user", review.message_ids[:1].body)
        self.assertTrue(all(broken.mapped("active")), "nothing half-merged")
        self.assertFalse(self.env["omni.merge.audit"].search([("dst_partner_id", "in", broken.ids)]))

    def test_large_cluster_goes_to_review(self):
        self.company.omni_auto_merge_deterministic = True
        self.company.omni_auto_merge_max_size = 3
        big = self.Partner.create([{"name": f"Big {i}", "email": "big@correo.es"} for i in range(4)])
        small = self.Partner.create([{"name": f"Small {i}", "email": "small@correo.es"} for i in range(3)])
        self.Partner._cron_omni_duplicate_scan()
        review = self.env["omni.match.review"].search([("partner_ids", "in", big.ids)])
        self.assertEqual(review.state, "pending")
        self.assertIn("limit of 3", review.merge_error)
        self.assertTrue(all(big.mapped("active")))
        self.assertEqual(len(small.filtered("active")), 1)
        with self.assertRaises(pg_errors.CheckViolation), self.env.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.company.omni_auto_merge_max_size = 1
            self.env.flush_all()

    def test_shared_partner_never_survives_a_company_partner(self):
        self.company.omni_auto_merge_deterministic = True
        shared = self.Partner.create({"name": "Shared", "email": "mix@correo.es", "company_id": False})
        own = self.Partner.create({"name": "Own", "email": "mix@correo.es", "company_id": self.company.id})
        self.assertLess(shared.id, own.id, "by id alone the shared one would survive")
        with self.assertRaises(UserError):
            self.env["omni.merge.audit"].with_user(self.manager)._omni_merge(shared | own, shared)
        self.Partner._cron_omni_duplicate_scan()
        self.assertTrue(own.active)
        self.assertFalse(shared.active)
        self.assertEqual(shared.omni_merged_into_id, own)

    def test_no_merge_crosses_companies(self):
        other = self.env["res.company"].create(
            {"name": "Omni Other Co", "country_id": self.env.ref("base.es").id}
        )
        a = self.Partner.create({"name": "A", "email": "cross@correo.es", "company_id": self.company.id})
        b = self.Partner.create({"name": "B", "email": "cross@correo.es", "company_id": other.id})
        Audit = self.env["omni.merge.audit"].with_user(self.manager)
        with self.assertRaises(UserError):
            Audit._omni_merge(a | b, a)
        # A shared customer who bought in the other company keeps those documents there.
        shared = self.Partner.create({"name": "S", "email": "cross@correo.es", "company_id": False})
        self.env["sale.order"].with_company(other).create({"partner_id": shared.id, "company_id": other.id})
        with self.assertRaisesRegex(UserError, "another company"):
            Audit._omni_merge(a | shared, a)
        self.assertTrue(shared.active)
        self.company.omni_auto_merge_deterministic = True
        self.Partner._cron_omni_duplicate_scan()
        self.assertTrue(a.active and shared.active and b.active)
        review = self.env["omni.match.review"].search(
            [("partner_ids", "in", shared.ids), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(review.state, "pending")
        self.assertIn("another company", review.merge_error)
