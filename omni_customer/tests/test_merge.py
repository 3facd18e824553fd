# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from .common import OmniCustomerCommon


@tagged("post_install", "-at_install")
class TestMerge(OmniCustomerCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cluster = cls.Partner.create(
            [
                {"name": "Carmen Vidal", "email": "carmen@correo.es", "city": "Bilbao"},
                {"name": "Carmen Vidal", "email": "CARMEN@correo.es", "mobile": "611000111"},
                {"name": "Cármen Vidal", "email": "carmen@correo.es", "zip": "48001"},
                {"name": "C. Vidal", "email": "carmen@correo.es", "vat": "87654321X"},
                {"name": "Carmen V.", "email": "carmen@correo.es", "street": "Gran Vía 1"},
            ]
        )

    def _referencing_rows(self, partners):
        """{(table, column): sorted [(row key, partner id)]} for every FK to res_partner."""
        audit = self.env["omni.merge.audit"]
        state = {}
        for table, column in audit._omni_fk_relations():
            has_id = audit._omni_table_has_id(table)
            key = SQL("id") if has_id else SQL("ctid::text")
            self.env.cr.execute(
                SQL(
                    "SELECT %s, %s FROM %s WHERE %s = ANY(%s)",
                    key,
                    SQL.identifier(column),
                    SQL.identifier(table),
                    SQL.identifier(column),
                    partners.ids,
                )
            )
            rows = sorted(self.env.cr.fetchall()) if has_id else sorted(r[1] for r in self.env.cr.fetchall())
            if rows:
                state[(table, column)] = rows
        self.env.cr.execute(
            SQL(
                "SELECT id, res_id FROM mail_message WHERE model = 'res.partner' AND res_id = ANY(%s)",
                partners.ids,
            )
        )
        state[("mail_message", "res_id")] = sorted(self.env.cr.fetchall())
        return state

    def test_merge_cluster_of_five_and_unmerge_loses_nothing(self):
        partners = self.cluster
        for partner in partners:
            self._sale_order(partner, 10.0)
            self._sale_order(partner, 15.0, website=True)
            self._pos_order(partner, 7.5)
            partner.message_post(body=f"note for {partner.id}")
        self.Partner.create({"name": "Carmen's delivery", "parent_id": partners[2].id, "type": "delivery"})
        review = self.env["omni.match.review"]._omni_propose(partners, "email", 100.0, origin="scan")
        before = self._referencing_rows(partners)
        interactions_before = self.env["omni.interaction"].search_count([("partner_id", "in", partners.ids)])
        dst = partners[0]
        self.env.invalidate_all()
        audit = (
            self.env["omni.merge.audit"].with_user(self.manager)._omni_merge(partners, dst, strategy="recent")
        )
        # Everything points at the survivor; the losers are archived, not deleted.
        self.assertEqual(self.env["sale.order"].search_count([("partner_id", "in", (partners - dst).ids)]), 0)
        self.assertEqual(self.env["sale.order"].search_count([("partner_id", "=", dst.id)]), 10)
        self.assertEqual(self.env["pos.order"].search_count([("partner_id", "=", dst.id)]), 5)
        self.assertEqual(dst.omni_order_count, 15)
        self.assertFalse(any((partners - dst).mapped("active")))
        self.assertEqual((partners - dst).mapped("omni_merged_into_id"), dst)
        # Survivorship: the merged record took the values it lacked.
        self.assertEqual(dst.mobile, "611000111")
        self.assertEqual(dst.vat, "87654321X")
        self.assertEqual(dst.street, "Gran Vía 1")
        # The audit shows what the losers were.
        self.assertEqual(set(audit.losers_values), {str(p.id) for p in partners - dst})
        self.assertIn("Cármen Vidal", audit.losers_summary)
        self.assertEqual(audit.src_partner_ids, partners - dst)
        self.assertEqual(review.state, "merged", "the pending review of this cluster is closed by the merge")
        self.assertEqual(review.audit_id, audit)
        self.assertGreater(audit.row_count, 15)

        audit.with_user(self.manager).action_unmerge()
        self.env.invalidate_all()
        after = self._referencing_rows(partners)
        for key, rows in before.items():
            if key[0] in ("res_partner", "mail_message", "omni_interaction") or isinstance(rows[0], int):
                # New rows (merge notes, log lines) may exist; every old row is back on its partner.
                now = dict(after.get(key, [])) if not isinstance(rows[0], int) else None
                if now is None:
                    self.assertEqual(sorted(after.get(key, [])), rows, f"{key} restored")
                else:
                    self.assertEqual(
                        {k: now.get(k) for k, _v in rows}, dict(rows), f"{key} restored row by row"
                    )
            else:
                self.assertEqual(after.get(key), rows, f"{key} restored row by row")
        self.assertEqual(
            self.env["omni.interaction"].search_count(
                [("partner_id", "in", partners.ids), ("interaction_type", "!=", "merge")]
            ),
            interactions_before,
        )
        self.assertTrue(all(partners.mapped("active")))
        self.assertFalse(dst.mobile, "the survivor's own values are back")
        self.assertEqual(audit.state, "unmerged")
        with self.assertRaises(UserError):
            audit.with_user(self.manager).action_unmerge()

    def test_merge_bad_input(self):
        Audit = self.env["omni.merge.audit"].with_user(self.manager)
        with self.assertRaises(UserError):
            Audit._omni_merge(self.cluster[:1], self.cluster[0])
        with self.assertRaises(UserError):
            Audit._omni_merge(self.cluster[:2], self.cluster[3])
        with self.assertRaises(UserError):
            Audit._omni_merge(self.cluster[:2], self.cluster[0], strategy="coin_flip")
        child = self.Partner.create({"name": "Child", "parent_id": self.cluster[0].id})
        with self.assertRaises(UserError):
            Audit._omni_merge(self.cluster[0] | child, self.cluster[0])
        with self.assertRaises(UserError):
            self.env["omni.merge.audit"].with_user(self.cashier)._omni_merge(
                self.cluster[:2], self.cluster[0]
            )
        self.assertTrue(all(self.cluster.mapped("active")), "nothing half-done")

    def test_wizard_manual_pick(self):
        a, b = self.cluster[0], self.cluster[1]
        wizard = (
            self.env["omni.merge.wizard"]
            .with_user(self.manager)
            .with_context(active_model="res.partner", active_ids=(a | b).ids)
            .create({"strategy": "manual"})
        )
        wizard.dst_partner_id = a
        wizard._onchange_strategy()
        line = wizard.line_ids.filtered(lambda li: li.field_name == "mobile")
        line.partner_id = b
        wizard.action_merge()
        self.assertEqual(a.mobile, "611000111")
        self.assertFalse(b.active)

    def test_duplicate_scan_finds_clusters(self):
        self.Partner.create({"name": "Otro", "mobile": "611000111"})  # same phone, other name: not bound
        count = self.Partner._cron_omni_duplicate_scan()
        self.assertGreaterEqual(count, 1)
        review = self.env["omni.match.review"].search([("partner_ids", "in", self.cluster.ids)])
        self.assertEqual(len(review), 1)
        self.assertEqual(review.partner_ids, self.cluster)
        self.assertEqual(review.rule, "email")
        # A second scan does not queue the same cluster twice.
        self.Partner._cron_omni_duplicate_scan()
        self.assertEqual(
            self.env["omni.match.review"].search_count([("partner_ids", "in", self.cluster.ids)]), 1
        )
        review.with_user(self.manager).action_merge_auto()
        self.assertEqual(review.state, "merged")
        self.assertEqual(len(self.cluster.filtered("active")), 1)

    def test_standard_wizard_still_works_and_skips_audit_tables(self):
        a, b = self.Partner.create(
            [{"name": "Dup", "email": "dup@x.es"}, {"name": "Dup", "email": "dup@x.es"}]
        )
        audit = self.env["omni.merge.audit"]._omni_merge(a | b, a)
        tables = {t for t, _c in self.env["base.partner.merge.automatic.wizard"]._get_fk_on("res_partner")}
        self.assertFalse({t for t in tables if t.startswith("omni_merge_audit")})
        self.assertTrue(audit.exists())
