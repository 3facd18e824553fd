# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged

from .common import OmniCustomerCommon


@tagged("post_install", "-at_install")
class TestKpiRfm(OmniCustomerCommon, TransactionCase):
    def test_timeline_and_360_across_channels(self):
        partner = self.Partner.create({"name": "Raúl Ortega", "email": "raul@correo.es"})
        self._sale_order(partner, 100.0)
        self._sale_order(partner, 40.0, website=True)
        pos = self._pos_order(partner, 60.0)
        self._pos_order(partner, -20.0, config=pos.config_id)  # a return in store
        rows = self.env["omni.interaction"].search(
            [("partner_id", "=", partner.id), ("interaction_type", "!=", "receipt")]
        )
        self.assertEqual(sorted(rows.mapped("interaction_type")), ["order", "order", "pos_order", "refund"])
        self.assertEqual(len(rows.channel_id), 3, "back office, website and the store")
        partner.invalidate_recordset()
        self.assertAlmostEqual(partner.omni_lifetime_value, 180.0)
        self.assertEqual(partner.omni_order_count, 3)
        self.assertAlmostEqual(partner.omni_average_basket, 60.0)
        self.assertTrue(partner.omni_first_purchase)
        self.assertIn("Website", partner.omni_channel_summary)
        summary = self.Partner.with_user(self.cashier).omni_pos_360(partner.id)
        self.assertEqual(summary["order_count"], 3)
        # Logging the same document twice does nothing.
        self.env["omni.interaction"]._omni_log(
            [{"partner_id": partner.id, "interaction_type": "pos_order", "record": pos, "amount": 60.0}]
        )
        # The two store tickets' receipts, queued by the sales, logged when the cron sends them.
        self.env["pos.order"]._cron_omni_digital_receipts()
        self.assertEqual(self.env["omni.interaction"].search_count([("partner_id", "=", partner.id)]), 6)
        other = self._sale_order(partner, 5.0, confirm=False)
        logged = self.env["omni.interaction"]._omni_log(
            [{"partner_id": partner.id, "interaction_type": "order", "record": other}] * 2
        )
        self.assertEqual(len(logged), 1, "the same document twice in one call is logged once")

    def _kpi_queries(self, count):
        partners = self.Partner.create([{"name": f"KPI {i}"} for i in range(count)])
        self.env["omni.interaction"]._omni_log(
            [
                {"partner_id": p.id, "interaction_type": "order", "amount": 10.0 + i, "channel_code": "sale"}
                for i, p in enumerate(partners)
            ]
        )
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        values = partners.mapped("omni_lifetime_value")
        partners.mapped("omni_preferred_channel_id.name")
        self.assertEqual(sum(values), sum(10.0 + i for i in range(count)))
        return self.env.cr.sql_log_count - before

    def test_kpis_no_n_plus_one(self):
        """The 360 of 3 or 40 customers costs the same number of queries."""
        self.assertEqual(self._kpi_queries(3), self._kpi_queries(40))
        with self.assertQueryCount(7):  # search, 3 grouped reads, channels, currency, company
            self.env.invalidate_all()
            self.Partner.search([], limit=20).mapped("omni_lifetime_value")

    def test_rfm_scores_and_segments(self):
        now = fields.Datetime.now()
        partners = self.Partner.create([{"name": f"RFM {i}"} for i in range(10)])
        rows = []
        for i, partner in enumerate(partners):
            for n in range(i + 1):  # partner i buys i+1 times, more recently and for more
                rows.append(
                    {
                        "partner_id": partner.id,
                        "interaction_type": "pos_order",
                        "amount": 10.0 * (i + 1),
                        "date": now - timedelta(days=300 - 30 * i + n),
                        "channel_code": "pos",
                    }
                )
        self.env["omni.interaction"]._omni_log(rows)
        self.env["omni.interaction"].search([("partner_id", "not in", partners.ids)]).unlink()
        done = self.Partner._cron_omni_rfm(batch_size=4)
        self.assertEqual(done, 4, "one batch per call")
        calls = 1
        while self.Partner._cron_omni_rfm(batch_size=4):
            calls += 1
        self.assertEqual(calls, 3, "10 customers in batches of 4")
        partners.invalidate_recordset()
        best, worst = partners[-1], partners[0]
        self.assertEqual((best.omni_rfm_recency, best.omni_rfm_frequency, best.omni_rfm_monetary), (5, 5, 5))
        self.assertEqual(best.omni_rfm_segment, "champion")
        self.assertEqual((worst.omni_rfm_recency, worst.omni_rfm_frequency), (1, 1))
        self.assertEqual(worst.omni_rfm_segment, "lost")
        self.assertTrue(all(partners.mapped("omni_rfm_date")))
        segment_filter = self.Partner.search(
            [("omni_rfm_segment", "=", "champion"), ("id", "in", partners.ids)]
        )
        self.assertIn(best, segment_filter)
