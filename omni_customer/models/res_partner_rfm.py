# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL

from ..tools.rfm import rfm_segment
from .const import MONETARY_TYPES, PURCHASE_TYPES, RFM_SEGMENTS


class ResPartner(models.Model):
    """RFM segments, stored by the nightly cron."""

    _inherit = "res.partner"

    omni_rfm_recency = fields.Integer("Recency score", readonly=True, copy=False)
    omni_rfm_frequency = fields.Integer("Frequency score", readonly=True, copy=False)
    omni_rfm_monetary = fields.Integer("Monetary score", readonly=True, copy=False)
    omni_rfm_segment = fields.Selection(
        RFM_SEGMENTS, "RFM segment", readonly=True, copy=False, index="btree_not_null"
    )
    omni_rfm_date = fields.Date("RFM computed on", readonly=True, copy=False)

    @api.model
    def _cron_omni_rfm(self, batch_size=50000, months=24, force=False):
        """Recency, frequency and monetary quintiles over every channel.

        The first call of a run scores every customer with purchases in the
        window in one SQL statement (``ntile(5)``) into an unlogged staging
        table; each call then writes ``batch_size`` partners back and reports
        progress, so the cron runner commits and calls again until the
        staging table is empty (then dropped). One run a day unless ``force``.
        """
        cr = self.env.cr
        today = fields.Date.context_today(self)
        ICP = self.env["ir.config_parameter"].sudo()
        cr.execute(SQL("SELECT to_regclass('omni_rfm_stage') IS NOT NULL"))
        staged = cr.fetchone()[0]
        if staged:
            cr.execute(SQL("SELECT run_date FROM omni_rfm_stage LIMIT 1"))
            row = cr.fetchone()
            if not row or row[0] != today:
                cr.execute(SQL("DROP TABLE omni_rfm_stage"))
                staged = False
        if not staged:
            if not force and ICP.get_param("omni_customer.rfm_last_run") == str(today):
                self.env["ir.cron"]._notify_progress(done=0, remaining=0)
                return 0
            since = fields.Datetime.now() - timedelta(days=30 * months)
            cr.execute(
                SQL(
                    "CREATE UNLOGGED TABLE omni_rfm_stage (partner_id int PRIMARY KEY, r int, f int, m int,"
                    " purchases int, run_date date)"
                )
            )
            cr.execute(
                SQL(
                    """
                    INSERT INTO omni_rfm_stage (partner_id, r, f, m, purchases, run_date)
                    SELECT partner_id,
                           ntile(5) OVER (ORDER BY last_date),
                           ntile(5) OVER (ORDER BY freq),
                           ntile(5) OVER (ORDER BY money),
                           freq, %(today)s
                      FROM (SELECT partner_id, max(date) AS last_date,
                                   count(*) FILTER (WHERE interaction_type IN %(purchase)s) AS freq,
                                   sum(amount) AS money
                              FROM omni_interaction
                             WHERE interaction_type IN %(money_types)s AND date >= %(since)s
                          GROUP BY partner_id) agg
                    """,
                    purchase=PURCHASE_TYPES,
                    money_types=MONETARY_TYPES,
                    since=since,
                    today=today,
                )
            )
            # Customers without purchases in the window leave their segment.
            cr.execute(SQL("ANALYZE omni_rfm_stage"))
            cr.execute(
                SQL(
                    "UPDATE res_partner p SET omni_rfm_segment = NULL, omni_rfm_recency = NULL,"
                    " omni_rfm_frequency = NULL, omni_rfm_monetary = NULL"
                    " WHERE p.omni_rfm_segment IS NOT NULL"
                    " AND NOT EXISTS (SELECT 1 FROM omni_rfm_stage s WHERE s.partner_id = p.id)"
                )
            )
        cr.execute(
            SQL(
                "DELETE FROM omni_rfm_stage WHERE partner_id IN"
                " (SELECT partner_id FROM omni_rfm_stage ORDER BY partner_id LIMIT %s)"
                " RETURNING partner_id, r, f, m, purchases",
                batch_size,
            )
        )
        rows = cr.fetchall()
        if rows:
            cr.execute(
                SQL(
                    """
                    UPDATE res_partner p
                       SET omni_rfm_recency = v.r, omni_rfm_frequency = v.f,
                           omni_rfm_monetary = v.m, omni_rfm_segment = v.segment,
                           omni_rfm_date = %s
                      FROM (SELECT unnest(%s::int[]) AS id, unnest(%s::int[]) AS r,
                                   unnest(%s::int[]) AS f, unnest(%s::int[]) AS m,
                                   unnest(%s::varchar[]) AS segment) v
                     WHERE p.id = v.id
                    """,
                    today,
                    [r[0] for r in rows],
                    [r[1] for r in rows],
                    [r[2] for r in rows],
                    [r[3] for r in rows],
                    [rfm_segment(r[1], r[2], r[3], r[4]) for r in rows],
                )
            )
        cr.execute(SQL("SELECT count(*) FROM omni_rfm_stage"))
        remaining = cr.fetchone()[0]
        if not remaining:
            cr.execute(SQL("DROP TABLE omni_rfm_stage"))
            ICP.set_param("omni_customer.rfm_last_run", str(today))
        self.invalidate_model(
            [
                "omni_rfm_recency",
                "omni_rfm_frequency",
                "omni_rfm_monetary",
                "omni_rfm_segment",
                "omni_rfm_date",
            ]
        )
        self.env["ir.cron"]._notify_progress(done=len(rows), remaining=remaining)
        return len(rows)
