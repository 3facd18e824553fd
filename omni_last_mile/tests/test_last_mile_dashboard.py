# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import OmniLastMileCommon

FIGURES = [
    "nb_orders",
    "nb_done",
    "promise_kept_rate",
    "first_attempt_rate",
    "no_show_rate",
    "lead_days",
    "nb_returns",
]


@tagged("post_install", "-at_install")
class TestDeliveryDashboard(OmniLastMileCommon, TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._omni_last_mile_setup()
        cls._stock(cls.product_a, cls.wh_valencia, 30)
        env = cls.env
        cls.other_company = env["res.company"].create({"name": "Other chain"})
        cls.manager = new_test_user(
            env,
            login="omni_dash_manager",
            groups="base.group_user,omni_customer.group_omni_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, (cls.company | cls.other_company).ids)],
            tz="Europe/Madrid",
        )
        # The fixture's orders are dated long ago, in days no demo order reaches.
        cls.base = dt.datetime.combine(fields.Date.today() - dt.timedelta(days=1000), dt.time(12))
        cls.period = {"date_from": cls.base.date() - dt.timedelta(days=5), "date_to": cls.base.date()}
        Event = env["omni.delivery.event"]
        orders = cls._confirmed(6, cls.base)
        cls.on_time, cls.late, cls.pending, cls.pickup_ok, cls.no_show, cls.old = orders
        cls.period_orders = orders - cls.old
        cls.old.date_order = cls.base - dt.timedelta(days=60)
        for order in (cls.on_time, cls.old):
            Event._omni_record(order, "delivered", date=cls._promised(order))
        Event._omni_record(cls.late, "failed_attempt", date=cls._promised(cls.late))
        Event._omni_record(cls.late, "delivered", date=cls._promised(cls.late, 2))
        for order in (cls.pickup_ok, cls.no_show):
            Event._omni_record(order, "ready_for_pickup", date=cls._promised(order))
        Event._omni_record(cls.no_show, "no_show", date=cls._promised(cls.no_show, 5))
        # Another company's kept promise, ordered in the period: never counted in this company's figures.
        cls.foreign = (
            env["sale.order"]
            .with_company(cls.other_company)
            .create(
                {
                    "partner_id": cls.customer_valencia.id,
                    "company_id": cls.other_company.id,
                    "state": "sale",
                    "date_order": cls.base,
                    "omni_promise_date_to": cls.base.date() + dt.timedelta(days=3),
                }
            )
        )
        Event._omni_record(cls.foreign, "delivered", date=cls.base + dt.timedelta(days=1))
        Return = env["omni.return"]

        def ret(name, order, date):
            lines = [
                (0, 0, {"sale_line_id": sol.id, "quantity": 1, "reason": "damaged"})
                for sol in order.order_line
            ]
            return {
                "name": name,
                "company_id": order.company_id.id,
                "order_id": order.id,
                "date": date,
                "line_ids": lines,
            }

        cls.returns = Return.create([ret("RET/1", cls.on_time, cls.base), ret("RET/2", cls.late, cls.base)])
        Return.create(
            [
                ret("RET/OLD", cls.old, cls.base - dt.timedelta(days=60)),
                ret("RET/OTHER", cls.foreign, cls.base),
            ]
        )

    @classmethod
    def _promised(cls, order, days=0):
        return dt.datetime.combine(order.omni_promise_date_to, dt.time(10)) + dt.timedelta(days=days)

    @classmethod
    def _confirmed(cls, count, date_order):
        orders = cls.env["sale.order"].concat(
            *(cls._ship_order(cls.customer_valencia, [(cls.product_a, 1)]) for _ in range(count))
        )
        orders.action_confirm()
        assert all(orders.mapped("omni_promise_date_to"))
        orders.date_order = date_order
        return orders

    def _dashboard(self, **values):
        with Form(self.env["omni.delivery.dashboard"].with_user(self.manager)) as form:
            for name, value in values.items():
                setattr(form, name, value)
        return form

    def test_figures_by_hand(self):
        form = self._dashboard(**self.period)
        done = ((self.on_time, 0), (self.late, 2), (self.pickup_ok, 0), (self.no_show, 0))
        lead = [(self._promised(o, days) - self.base).total_seconds() / 86400 for o, days in done]
        self.assertEqual((form.nb_orders, form.nb_done, form.nb_returns), (5, 4, 2))
        self.assertAlmostEqual(form.promise_kept_rate, 3 / 5)  # on time, both pickups
        self.assertAlmostEqual(form.first_attempt_rate, 3 / 4)  # the late one failed once
        self.assertAlmostEqual(form.no_show_rate, 1 / 2)  # one of the two pickups
        self.assertAlmostEqual(form.lead_days, sum(lead) / 4, delta=0.05)  # shown to a tenth of a day
        # The manager sees both companies' rows; the dashboard counts the current company's only.
        both = (self.other_company | self.company).ids
        Kpi = self.env["omni.delivery.kpi"].with_user(self.manager).with_context(allowed_company_ids=both)
        self.assertEqual(Kpi.search([("order_id", "=", self.foreign.id)]).order_id, self.foreign)
        Dashboard = self.env["omni.delivery.dashboard"].with_user(self.manager)
        with Form(Dashboard.with_context(allowed_company_ids=both)) as other:
            other.date_from, other.date_to = self.period["date_from"], self.period["date_to"]
        self.assertEqual(other.record.company_id, self.other_company)
        self.assertEqual([getattr(other, f) for f in FIGURES], [1, 1, 1.0, 1.0, 0.0, 1.0, 1])

    def test_period_empty_and_bad_dates(self):
        default = self._dashboard().record
        today = fields.Date.context_today(default)
        self.assertEqual((default.date_from, default.date_to), (today - dt.timedelta(days=30), today))
        self.assertEqual(default.company_id, self.company)
        day = self.base.date() - dt.timedelta(days=60)
        old = self._dashboard(date_from=day, date_to=day)
        self.assertEqual([getattr(old, f) for f in FIGURES], [1, 1, 1.0, 1.0, 0.0, old.lead_days, 1])
        self.assertGreater(old.lead_days, 59)
        empty = self._dashboard(date_from=dt.date(2000, 1, 1), date_to=dt.date(2000, 1, 31))
        self.assertEqual([getattr(empty, f) for f in FIGURES], [0, 0, 0.0, 0.0, 0.0, 0.0, 0])
        form = Form(self.env["omni.delivery.dashboard"].with_user(self.manager))
        form.date_from = today
        form.date_to = today - dt.timedelta(days=1)
        with self.assertRaisesRegex(ValidationError, "start on or before its last day"):
            form.save()

    def test_buttons_open_the_same_period(self):
        dashboard = self._dashboard(**self.period).record
        action = dashboard.action_open_kpis()
        self.assertEqual((action["res_model"], action["view_mode"]), ("omni.delivery.kpi", "pivot,graph"))
        kpis = self.env["omni.delivery.kpi"].with_user(self.manager).search(action["domain"])
        self.assertEqual(kpis.order_id, self.period_orders)
        action = dashboard.action_open_returns()
        self.assertEqual(action["res_model"], "omni.return.line")
        lines = self.env["omni.return.line"].with_user(self.manager).search(action["domain"])
        self.assertEqual(lines, self.returns.line_ids)

    def test_query_count_independent_of_orders(self):
        days = (self.base.date() - dt.timedelta(days=300), self.base.date() - dt.timedelta(days=400))
        for day, count in zip(days, (2, 10), strict=True):
            orders = self._confirmed(count, dt.datetime.combine(day, dt.time(12)))
            self.env["omni.delivery.event"]._omni_record(orders, "delivered")
        Dashboard = self.env["omni.delivery.dashboard"].with_user(self.manager)
        dashboards = Dashboard.create([{"date_from": day, "date_to": day} for day in days])
        dashboards.read(FIGURES)  # warm the access and record rule caches
        counts = []
        for dashboard, expected in zip(dashboards, (2, 10), strict=True):
            self.env.flush_all()
            self.env.cr.flush()
            dashboard.invalidate_recordset()
            before = self.cr.sql_log_count
            with self.assertQueryCount(3):  # the dashboard's own row, then one query per source
                figures = dashboard.read(FIGURES)[0]
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual((figures["nb_orders"], figures["nb_done"]), (expected, expected))
        self.assertEqual(counts[0], counts[1])
