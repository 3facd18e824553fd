# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from .common import OmniRecommendCommon


@tagged("post_install", "-at_install")
class TestRecommendService(OmniRecommendCommon, TransactionCase):
    def test_training_run_is_recorded_and_versioned(self):
        run = self.trained
        self.assertEqual(run.state, "done", run.error)
        self.assertTrue(run.attachment_id.raw, "the model is stored as an attachment")
        self.assertEqual(run.attachment_id.res_model, "omni.recommend.model")
        self.assertGreaterEqual(run.user_count, 36)
        self.assertGreaterEqual(run.item_count, 16)
        self.assertGreater(run.row_count, 100)
        self.assertGreater(run.basket_count, 30)
        again = self.env["omni.recommend.model"]._omni_train(self.company, evaluate=False)
        self.assertEqual(again.version, run.version + 1)
        self.assertEqual(self.env["omni.recommend.model"]._omni_current(self.company), again)

    def test_store_only_customer_gets_store_informed_recommendations_on_the_website(self):
        # Their only purchases are a POS ticket made after the training: folded in at once.
        top = self._top(self.store_customer, self.web_channel)
        details = self.Service._omni_recommend_details(self.store_customer, self.web_channel, 4)
        self.assertEqual(details["source"], "personal")
        self.assertGreaterEqual(len(top & self.groups[2]), 3, top.mapped("name"))
        anonymous = self._top(self.env["res.partner"], self.web_channel)
        self.assertEqual(anonymous[:1], self.popular, "an anonymous visitor gets the best seller")
        self.assertNotEqual(top.ids, anonymous.ids)

    def test_merge_brings_the_second_history_in(self):
        store_twin = self.env["res.partner"].create({"name": "Rec twin", "email": "twin@example.com"})
        web_twin = self.env["res.partner"].create({"name": "Rec twin", "email": "twin@example.com"})
        self._pos_ticket(store_twin, self.groups[0][:2])
        self._web_order(web_twin, self.groups[1][:3])
        before = self._top(store_twin, self.web_channel, limit=5)
        self.assertFalse(before & self.groups[1][3:], before.mapped("name"))
        self.env["omni.merge.audit"].with_user(self.manager)._omni_merge(store_twin | web_twin, store_twin)
        after = self._top(store_twin, self.web_channel, limit=5)
        self.assertTrue(after & self.groups[1], "the web twin's tastes now count: %s" % after.mapped("name"))
        # Both twins' purchases are now the survivor's history, which the model folds in. (Which
        # of the store twin's products make the top 5 is the model's call: its multithreaded
        # training is not bit-for-bit the same from run to run on a large demo database.)
        rows = self.Service._omni_rows(self.company, partner_ids=[store_twin.id])
        self.assertEqual({row[0] for row in rows}, {store_twin.id})
        bought = {row[1] for row in rows}
        self.assertLessEqual(set((self.groups[0][:2] | self.groups[1][:3]).ids), bought)
        self.assertFalse(self.Service._omni_rows(self.company, partner_ids=[web_twin.id]))

    def test_withdrawn_personalisation_gives_popularity_only(self):
        Consent = self.env["omni.consent"]
        self.assertTrue(Consent._omni_allowed(self.store_customer, "personalisation", "email"))
        popular = self._top(self.env["res.partner"], self.web_channel)
        Consent._omni_set(self.store_customer, "personalisation", "email", False)
        self.assertFalse(Consent._omni_allowed(self.store_customer, "personalisation", "sms"))
        for channel in (self.web_channel, self.pos_channel, self.sale_channel):
            details = self.Service._omni_recommend_details(self.store_customer, channel, 4)
            self.assertEqual(details["source"], "popular")
        self.assertEqual(self._top(self.store_customer, self.web_channel), popular)
        with self.assertRaises(ValidationError):
            Consent._omni_allowed(self.store_customer, "personalisation", "pigeon")
        with self.assertRaises(ValidationError):
            Consent._omni_set(self.env["res.partner"], "personalisation", "email", False)
        Consent._omni_set(self.store_customer, "personalisation", "email", True)
        self.assertEqual(
            self.Service._omni_recommend_details(self.store_customer, self.web_channel, 4)["source"],
            "personal",
        )

    def test_unavailable_product_is_never_recommended_in_that_channel(self):
        first = self._top(self.store_customer, self.web_channel, limit=1)
        self.assertIn(first, self.groups[2])
        first.is_published = False
        self.assertNotIn(first, self._top(self.store_customer, self.web_channel, limit=15))
        self.assertIn(
            first, self._top(self.store_customer, self.pos_channel, limit=15), "the store still sells it"
        )
        first.available_in_pos = False
        self.assertNotIn(first, self._top(self.store_customer, self.pos_channel, limit=15))
        # No stock that can be promised: nowhere.
        second = self._top(self.store_customer, self.web_channel, limit=1)
        second.is_storable = True
        for channel in (self.web_channel, self.pos_channel, self.sale_channel):
            self.assertNotIn(second, self._top(self.store_customer, channel, limit=15))

    def test_returned_and_durable_owned_products_are_not_pushed_back(self):
        customer = self.env["res.partner"].create({"name": "Rec returner"})
        bought = self.groups[1][:3]
        self._pos_ticket(customer, bought)
        self.assertTrue(self._top(customer, self.web_channel, limit=15) & bought[:1])
        refund = self._pos_vals(customer, bought[:1])
        refund["lines"][0][2]["qty"] = -1
        self.env["pos.order"].create(refund).write({"state": "paid"})
        self.assertNotIn(bought[0], self._top(customer, self.web_channel, limit=15))
        bought[1].categ_id = self.env["product.category"].create(
            {"name": "Rec fridges", "omni_durable": True}
        )
        self.assertNotIn(bought[1], self._top(customer, self.web_channel, limit=15))
        self.assertIn(bought[2], self._top(customer, self.web_channel, limit=15), "consumables come back")

    def test_failed_training_keeps_the_previous_model_serving(self):
        before = self._top(self.store_customer, self.web_channel)
        self.env["ir.config_parameter"].sudo().set_param("omni_recommend.factors", "lots")
        failed = self.env["omni.recommend.model"]._omni_train(self.company)
        self.assertEqual(failed.state, "failed")
        self.assertIn("factors", failed.error)
        self.assertFalse(failed.attachment_id)
        self.assertEqual(self.env["omni.recommend.model"]._omni_current(self.company), self.trained)
        self.assertEqual(self._top(self.store_customer, self.web_channel), before)
        with self.assertRaises(UserError):
            self.env["omni.recommend.model"]._omni_params()

    def test_offline_evaluation_is_recorded_on_the_run(self):
        self.env["ir.config_parameter"].sudo().set_param("omni_recommend.holdout_days", "30")
        self._pos_ticket(self.other_customer, self.groups[0][:1])
        self._web_order(self.other_customer, self.groups[0][1:3])
        run = self.env["omni.recommend.model"]._omni_train(self.company)
        self.assertEqual(run.state, "done", run.error)
        self.assertEqual(run.holdout_days, 30)
        self.assertGreaterEqual(run.eval_users, 2, "the customers who bought today are held out")
        self.assertGreater(run.coverage_model, 0.0)
        self.assertGreaterEqual(run.recall_model, run.recall_popularity)

    def test_nightly_cron_skips_companies_trained_today(self):
        runs = self.env["omni.recommend.model"].search_count([("company_id", "=", self.company.id)])
        self.env["omni.recommend.model"]._cron_train()
        self.assertEqual(
            self.env["omni.recommend.model"].search_count([("company_id", "=", self.company.id)]), runs
        )

    def test_views_and_cart_adds_count_through_the_visitor(self):
        viewer = self.env["res.partner"].create({"name": "Rec viewer"})
        visitor = self.env["website.visitor"].create(
            {"access_token": str(viewer.id), "website_id": self.website.id}
        )
        self.assertEqual(visitor.partner_id, viewer)
        self.env["website.track"].create(
            [{"visitor_id": visitor.id, "product_id": p.id, "url": "/shop"} for p in self.groups[1][:2]]
        )
        cart = self.env["sale.order"].create(self._sale_vals(viewer, self.groups[1][2:3]))
        self.assertEqual(cart.state, "draft")
        rows = self.Service._omni_rows(self.company, partner_ids=[viewer.id])
        signals = {(r[1], r[2]) for r in rows}
        self.assertEqual(
            signals,
            {(self.groups[1][0].id, "view"), (self.groups[1][1].id, "view"), (self.groups[1][2].id, "cart")},
        )
        top = self._top(viewer, self.web_channel)
        self.assertGreaterEqual(len(top & self.groups[1]), 2, top.mapped("name"))

    def test_training_runs_are_private_to_their_company(self):
        other = self.env["res.company"].create({"name": "Rec other company"})
        other_run = self.env["omni.recommend.model"]._omni_train(other, evaluate=False)
        self.assertEqual(other_run.state, "done", other_run.error)
        self.assertEqual(other_run.user_count, 0, "another company's history is not mixed in")
        self.assertFalse(self.Service.with_company(other)._omni_recommend(self.store_customer, None))
        self.assertTrue(self.Service._omni_recommend(self.store_customer, None))
        user = self.env["res.users"].create(
            {
                "name": "Rec other manager",
                "login": "rec_other_mgr",
                "company_id": other.id,
                "company_ids": [(6, 0, other.ids)],
                "groups_id": [(6, 0, [self.env.ref("omni_customer.group_omni_manager").id])],
            }
        )
        visible = self.env["omni.recommend.model"].with_user(user).search([])
        self.assertEqual(visible, other_run)
