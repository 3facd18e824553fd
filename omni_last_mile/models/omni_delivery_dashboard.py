# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class OmniDeliveryDashboard(models.TransientModel):
    """Headline promise figures of a period, over the KPI rows and returns of the current company."""

    _name = "omni.delivery.dashboard"
    _description = "Delivery promise dashboard"

    def _default_date_from(self):
        return fields.Date.context_today(self) - relativedelta(days=30)

    date_from = fields.Date(string="From", required=True, default=_default_date_from)
    date_to = fields.Date(string="To", required=True, default=fields.Date.context_today)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda s: s.env.company)
    nb_orders = fields.Integer(
        string="Orders",
        compute="_compute_figures",
        help="Confirmed orders with a promised date, ordered in the period.",
    )
    nb_done = fields.Integer(string="Delivered or ready", compute="_compute_figures")
    promise_kept_rate = fields.Float(
        string="Promise kept",
        compute="_compute_figures",
        help="Orders delivered or ready by their promised date, out of the orders of the period "
        "(an order still on its way counts as not kept yet).",
    )
    first_attempt_rate = fields.Float(
        string="First-attempt success",
        compute="_compute_figures",
        help="Orders delivered or ready without a failed delivery attempt, out of those delivered or ready.",
    )
    no_show_rate = fields.Float(
        string="No-show rate",
        compute="_compute_figures",
        help="Click and collect orders never collected, out of those made ready for pickup.",
    )
    lead_days = fields.Float(
        string="Lead time (days)",
        compute="_compute_figures",
        digits=(16, 1),
        help="Average time from the order to its delivery or pickup readiness.",
    )
    nb_returns = fields.Integer(string="Returns", compute="_compute_figures")

    @api.depends("date_from", "date_to", "company_id")
    def _compute_figures(self):
        Kpi, Return = self.env["omni.delivery.kpi"], self.env["omni.return"]
        for dashboard in self:
            # One query per source: the KPI rows split by first-attempt success, and the returns.
            groups = Kpi._read_group(
                dashboard._omni_period_domain("date_order"),
                ["first_attempt"],
                [
                    "nb_orders:sum",
                    "nb_kept:sum",
                    "done_date:count",
                    "lead_days:sum",
                    "nb_no_show:sum",
                    "no_show_rate:count",
                ],
            )
            orders, kept, done, lead, no_shows, pickups = (
                sum(g[i] or 0 for g in groups) for i in range(1, 7)
            )
            first = sum(g[1] for g in groups if g[0])
            [(returns,)] = Return._read_group(dashboard._omni_period_domain("date"), [], ["__count"])
            dashboard.nb_orders, dashboard.nb_done, dashboard.nb_returns = orders, done, returns
            dashboard.promise_kept_rate = kept / orders if orders else 0.0
            dashboard.first_attempt_rate = first / done if done else 0.0
            dashboard.lead_days = lead / done if done else 0.0
            dashboard.no_show_rate = no_shows / pickups if pickups else 0.0

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for dashboard in self:
            if dashboard.date_from > dashboard.date_to:
                raise ValidationError(self.env._("The period must start on or before its last day."))

    def action_open_kpis(self):
        return self._omni_open("omni_last_mile.omni_delivery_kpi_action", "date_order")

    def action_open_returns(self):
        return self._omni_open("omni_last_mile.omni_return_line_action", "date")

    def _omni_open(self, xmlid, date_field):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(xmlid)
        action["domain"] = self._omni_period_domain(date_field)
        return action

    def _omni_period_domain(self, date_field):
        """The company's rows whose ``date_field`` falls within the period, days in the user's time zone."""
        self.ensure_one()
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

        def utc(day):
            start = tz.localize(dt.datetime.combine(day, dt.time.min)).astimezone(pytz.utc)
            return fields.Datetime.to_string(start.replace(tzinfo=None))

        return [
            ("company_id", "=", self.company_id.id),
            (date_field, ">=", utc(self.date_from or fields.Date.context_today(self))),
            (date_field, "<", utc((self.date_to or fields.Date.context_today(self)) + dt.timedelta(days=1))),
        ]
