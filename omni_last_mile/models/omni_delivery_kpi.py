# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class OmniDeliveryKpi(models.Model):
    """Promise KPIs per confirmed order: kept, first attempt, lead time per node and carrier."""

    _name = "omni.delivery.kpi"
    _description = "Delivery promise KPIs"
    _auto = False
    _order = "date_order desc"
    # What the view reads: searching or grouping it flushes these first (pending writes included).
    _depends = {
        "sale.order": [
            "company_id",
            "warehouse_id",
            "carrier_id",
            "date_order",
            "omni_promise_date_to",
            "state",
        ],
        "omni.delivery.event": ["order_id", "step", "date"],
    }

    order_id = fields.Many2one("sale.order", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    warehouse_id = fields.Many2one("stock.warehouse", string="Node", readonly=True)
    carrier_id = fields.Many2one("delivery.carrier", readonly=True)
    date_order = fields.Datetime(string="Order date", readonly=True)
    promise_date = fields.Date(string="Promised by", readonly=True)
    done_date = fields.Datetime(string="Delivered or ready on", readonly=True)
    is_done = fields.Boolean(string="Delivered or ready", readonly=True)
    promise_kept = fields.Boolean(readonly=True)
    first_attempt = fields.Boolean(string="First-attempt success", readonly=True)
    failed_attempts = fields.Integer(readonly=True, aggregator="sum")
    lead_days = fields.Float(string="Lead time (days)", readonly=True, aggregator="avg")
    nb_orders = fields.Integer(string="Orders", readonly=True, aggregator="sum")
    nb_kept = fields.Integer(string="Promises kept", readonly=True, aggregator="sum")
    nb_no_show = fields.Integer(string="No-shows", readonly=True, aggregator="sum")
    # 100 for a pickup never collected, 0 for one collected or waiting, empty for home deliveries.
    no_show_rate = fields.Float(string="No-show rate (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE OR REPLACE VIEW %s AS (
                WITH done AS (
                    SELECT order_id, MIN(date) AS done_date
                      FROM omni_delivery_event
                     WHERE step IN ('delivered', 'ready_for_pickup', 'collected')
                  GROUP BY order_id
                ), failed AS (
                    SELECT order_id, COUNT(*) AS nb
                      FROM omni_delivery_event
                     WHERE step = 'failed_attempt'
                  GROUP BY order_id
                ), pickup AS (
                    SELECT order_id, BOOL_OR(step = 'no_show') AS no_show
                      FROM omni_delivery_event
                     WHERE step IN ('ready_for_pickup', 'no_show')
                  GROUP BY order_id
                )
                SELECT so.id AS id,
                       so.id AS order_id,
                       so.company_id,
                       so.warehouse_id,
                       so.carrier_id,
                       so.date_order,
                       so.omni_promise_date_to AS promise_date,
                       done.done_date,
                       done.done_date IS NOT NULL AS is_done,
                       COALESCE(done.done_date::date <= so.omni_promise_date_to, FALSE) AS promise_kept,
                       (done.done_date IS NOT NULL AND COALESCE(failed.nb, 0) = 0) AS first_attempt,
                       COALESCE(failed.nb, 0) AS failed_attempts,
                       EXTRACT(EPOCH FROM (done.done_date - so.date_order)) / 86400.0 AS lead_days,
                       1 AS nb_orders,
                       CASE WHEN done.done_date::date <= so.omni_promise_date_to THEN 1 ELSE 0 END AS nb_kept,
                       CASE WHEN pickup.no_show THEN 1 ELSE 0 END AS nb_no_show,
                       CASE WHEN pickup.no_show THEN 100.0 WHEN pickup.order_id IS NOT NULL THEN 0.0 END
                           AS no_show_rate
                  FROM sale_order so
             LEFT JOIN done ON done.order_id = so.id
             LEFT JOIN failed ON failed.order_id = so.id
             LEFT JOIN pickup ON pickup.order_id = so.id
                 WHERE (so.state = 'sale' OR pickup.no_show) AND so.omni_promise_date_to IS NOT NULL
            )
                """,
                SQL.identifier(self._table),
            )
        )
