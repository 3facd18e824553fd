# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

AGE_BUCKETS = [
    ("0_1", "0-1 days"),
    ("1_3", "1-3 days"),
    ("3_7", "3-7 days"),
    ("7_plus", "More than 7 days"),
]

BACKLOG_QUERY = SQL(
    """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.company_id,
                   t.team_id,
                   t.user_id,
                   t.stage_id,
                   t.priority,
                   t.omni_started_channel_id AS started_channel_id,
                   t.omni_last_channel_id AS last_channel_id,
                   COALESCE(t.omni_channel_changed, FALSE) AS channel_changed,
                   COALESCE(t.omni_sla_breached, FALSE) AS sla_breached,
                   t.create_date,
                   age.days AS age_days,
                   CASE WHEN age.days < 1 THEN '0_1'
                        WHEN age.days < 3 THEN '1_3'
                        WHEN age.days < 7 THEN '3_7'
                        ELSE '7_plus' END AS age_bucket,
                   1 AS ticket_count
              FROM helpdesk_ticket t
              JOIN helpdesk_ticket_stage s ON s.id = t.stage_id
             CROSS JOIN LATERAL (
                   SELECT EXTRACT(EPOCH FROM (NOW() AT TIME ZONE 'UTC' - t.create_date)) / 86400.0 AS days
             ) age
             WHERE NOT COALESCE(s.closed, FALSE)
"""
)


class OmniHelpdeskBacklogReport(models.Model):
    """Open tickets by age (calendar days since creation), team and channel."""

    _name = "omni.helpdesk.backlog.report"
    _description = "Helpdesk backlog by age"
    _auto = False
    _order = "age_days desc"
    _rec_name = "ticket_id"
    # flushed before each read of the view
    _depends = {
        "helpdesk.ticket": [
            "company_id", "team_id", "user_id", "stage_id", "priority", "create_date",
            "omni_started_channel_id", "omni_last_channel_id", "omni_channel_changed", "omni_sla_breached",
        ],
        "helpdesk.ticket.stage": ["closed"],
    }  # fmt: skip

    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", "Team", readonly=True)
    user_id = fields.Many2one("res.users", "Assigned to", readonly=True)
    stage_id = fields.Many2one("helpdesk.ticket.stage", "Stage", readonly=True)
    priority = fields.Char(readonly=True)
    started_channel_id = fields.Many2one("omni.channel", "Started on", readonly=True)
    last_channel_id = fields.Many2one("omni.channel", "Last contact through", readonly=True)
    channel_changed = fields.Boolean("Changed channel", readonly=True)
    sla_breached = fields.Boolean("SLA breached", readonly=True)
    create_date = fields.Datetime("Opened on", readonly=True)
    age_days = fields.Float("Age (days)", readonly=True, aggregator="avg")
    age_bucket = fields.Selection(AGE_BUCKETS, "Age", readonly=True)
    ticket_count = fields.Integer("Tickets", readonly=True)

    def init(self):
        # a view, not a table: the age is computed at each read, always current
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), BACKLOG_QUERY)
        )
