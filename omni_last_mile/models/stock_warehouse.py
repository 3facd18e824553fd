# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

import pytz

from odoo import api, fields, models, tools

from ..tools import promise

# Fields of a node the promise reads (the cache of _omni_pure is cleared when they change).
PROMISE_FIELDS = {"name", "omni_prep_days", "omni_cutoff", "omni_calendar_id", "company_id", "active"}


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    omni_prep_days = fields.Integer(
        string="Preparation (working days)",
        default=0,
        help="0: an order received before the cut-off leaves today.",
    )
    omni_cutoff = fields.Float(
        string="Daily order cut-off", default=14.0, help="Local time of the node's calendar."
    )
    omni_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working calendar",
        help="Working days and public holidays of the node; empty = the company's calendar.",
    )

    _sql_constraints = [
        ("omni_prep_positive", "CHECK(omni_prep_days >= 0)", "The preparation time cannot be negative."),
        (
            "omni_cutoff_range",
            "CHECK(omni_cutoff >= 0 AND omni_cutoff <= 24)",
            "The cut-off is an hour of the day.",
        ),
    ]

    def _omni_calendar(self):
        self.ensure_one()
        return self.omni_calendar_id or self.company_id.resource_calendar_id

    def _omni_tz(self):
        """Timezone name of the node's calendar (``UTC`` without one), from the registry cache."""
        self.ensure_one()
        return self._omni_tz_cached(self.id)

    @api.model
    @tools.ormcache("node_id")
    def _omni_tz_cached(self, node_id):
        # sudo: the same for every user; cached for all of them (cleared with _omni_pure_cached).
        return self.sudo().browse(node_id)._omni_calendar().tz or "UTC"

    def _omni_local_now(self, now=None):
        """``now`` (naive UTC) in the node's calendar timezone, naive."""
        self.ensure_one()
        now = now or fields.Datetime.now()
        tz = pytz.timezone(self._omni_tz())
        return pytz.utc.localize(now).astimezone(tz).replace(tzinfo=None)

    @api.model
    def _omni_holidays(self, calendars, start, days=60):
        """``{calendar_id: frozenset(dates)}`` of company-wide leaves, in one query."""
        end = start + dt.timedelta(days=days)
        leaves = self.env["resource.calendar.leaves"].search_fetch(
            [
                ("resource_id", "=", False),
                ("calendar_id", "in", [*calendars.ids, False]),
                ("company_id", "in", [*calendars.company_id.ids, False]),
                ("date_from", "<=", fields.Datetime.to_datetime(end)),
                ("date_to", ">=", fields.Datetime.to_datetime(start)),
            ],
            ["calendar_id", "date_from", "date_to", "company_id"],
        )
        result = {cal.id: set() for cal in calendars}
        for leave in leaves:
            tz = pytz.timezone((leave.calendar_id.tz if leave.calendar_id else None) or "UTC")
            first = pytz.utc.localize(leave.date_from).astimezone(tz).date()
            last = pytz.utc.localize(leave.date_to).astimezone(tz).date()
            dates = {first + dt.timedelta(days=i) for i in range((last - first).days + 1)}
            for cal in calendars:
                shared = not leave.calendar_id and (
                    not leave.company_id or leave.company_id == cal.company_id
                )
                if leave.calendar_id == cal or shared:
                    result[cal.id] |= dates
        return {key: frozenset(value) for key, value in result.items()}

    def write(self, vals):
        res = super().write(vals)
        if PROMISE_FIELDS & set(vals):
            self.env.registry.clear_cache()  # _omni_pure_cached, _omni_tz_cached
        return res

    def _omni_pure(self, today):
        """``{warehouse_id: promise.Node}`` for these nodes, from the registry cache.

        Node calendars, weekdays and holidays change seldom and are read by
        every promise (product page, cart, checkout): cached per node set and
        day, cleared when a node, a calendar, its attendances or its leaves
        change (see the ``write``/``create``/``unlink`` overrides).
        """
        return dict(self._omni_pure_cached(tuple(self.ids), today))

    @api.model
    @tools.ormcache("node_ids", "today")
    def _omni_pure_cached(self, node_ids, today):
        # sudo: the figures are the same for every user; cached for all of them.
        nodes = self.sudo().browse(node_ids)
        return tuple(nodes._omni_pure_read(today).items())

    def _omni_pure_read(self, today):
        """``{warehouse_id: promise.Node}`` for these nodes, holidays read once."""
        calendars = self.env["resource.calendar"]
        for node in self:
            calendars |= node._omni_calendar()
        holidays = self._omni_holidays(calendars, today)
        result = {}
        for node in self:
            calendar = node._omni_calendar()
            days = frozenset(int(d) for d in calendar.attendance_ids.mapped("dayofweek")) or promise.WEEKDAYS
            result[node.id] = promise.Node(
                name=node.name,
                prep_days=node.omni_prep_days,
                cutoff=node.omni_cutoff,
                working_days=days,
                holidays=holidays.get(calendar.id, frozenset()),
                key=node.id,
            )
        return result
