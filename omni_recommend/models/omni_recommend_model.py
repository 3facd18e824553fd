# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import math
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import engine, matrix

_logger = logging.getLogger(__name__)

# (parameter, default, minimum, maximum): ir.config_parameter keys "omni_recommend.<name>".
PARAMS = (
    ("weight_order", matrix.DEFAULT_WEIGHTS["order"], 0.0, 100.0),
    ("weight_pos", matrix.DEFAULT_WEIGHTS["pos"], 0.0, 100.0),
    ("weight_view", matrix.DEFAULT_WEIGHTS["view"], 0.0, 100.0),
    ("weight_cart", matrix.DEFAULT_WEIGHTS["cart"], 0.0, 100.0),
    ("half_life", matrix.DEFAULT_HALF_LIFE, 0.0, 3650.0),
    ("factors", 32, 2, 256),
    ("iterations", 15, 1, 100),
    ("min_support", 2, 1, 1000),
    ("holdout_days", 30, 0, 365),
    ("history_days", 730, 1, 3650),
)


class OmniRecommendModel(models.Model):
    """One training run; the latest successful run of a company serves.

    The trained model is an ``.npz`` attachment of the run (arrays only). A
    failed run records its error and serves nothing: the previous version
    keeps serving.
    """

    _name = "omni.recommend.model"
    _description = "Recommendation model (training run)"
    _order = "company_id, version desc"
    _rec_name = "display_name"

    version = fields.Integer(required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True, default=lambda s: s.env.company)
    state = fields.Selection(
        [("running", "Running"), ("done", "Done"), ("failed", "Failed")],
        required=True,
        default="running",
        readonly=True,
    )
    date_start = fields.Datetime(readonly=True, default=fields.Datetime.now)
    duration = fields.Float("Seconds", readonly=True, digits=(16, 2))
    row_count = fields.Integer("Rows", readonly=True)
    user_count = fields.Integer("Customers", readonly=True)
    item_count = fields.Integer("Products", readonly=True)
    basket_count = fields.Integer("Baskets", readonly=True)
    attachment_id = fields.Many2one("ir.attachment", readonly=True, ondelete="set null")
    error = fields.Text(readonly=True)
    holdout_days = fields.Integer("Held-out days", readonly=True)
    eval_users = fields.Integer("Evaluated customers", readonly=True)
    recall_model = fields.Float("Recall@10 (model)", readonly=True, digits=(16, 4))
    recall_popularity = fields.Float("Recall@10 (popularity)", readonly=True, digits=(16, 4))
    ndcg_model = fields.Float("NDCG@10 (model)", readonly=True, digits=(16, 4))
    ndcg_popularity = fields.Float("NDCG@10 (popularity)", readonly=True, digits=(16, 4))
    coverage_model = fields.Float("Coverage (model)", readonly=True, digits=(16, 4))
    coverage_popularity = fields.Float("Coverage (popularity)", readonly=True, digits=(16, 4))
    store_users = fields.Integer("Store customers evaluated", readonly=True)
    recall_store_all = fields.Float("Store customers: recall@10, all channels", readonly=True, digits=(16, 4))
    recall_store_online = fields.Float(
        "Store customers: recall@10, online only", readonly=True, digits=(16, 4)
    )

    _sql_constraints = [
        ("company_version_uniq", "unique(company_id, version)", "A model version is unique per company."),
    ]

    @api.depends("version", "state")
    def _compute_display_name(self):
        for run in self:
            run.display_name = self.env._("Model v%(version)s", version=run.version)

    # ------------------------------------------------------------------ params
    @api.model
    def _omni_params(self):
        """Training parameters from the settings, validated (bad values fail the run, clearly)."""
        get = self.env["ir.config_parameter"].sudo().get_param
        params = {}
        for name, default, low, high in PARAMS:
            raw = get(f"omni_recommend.{name}", default)
            try:
                value = type(default)(float(raw))
            except (TypeError, ValueError):
                value = None
            if value is None or math.isnan(value) or not low <= value <= high:
                raise UserError(
                    self.env._(
                        "The recommendation setting %(name)s must be a number between %(low)s and %(high)s.",
                        name=name,
                        low=low,
                        high=high,
                    )
                )
            params[name] = value
        return params

    # ------------------------------------------------------------------ serving
    @api.model
    def _omni_current(self, company):
        return self.search(
            [("company_id", "=", company.id), ("state", "=", "done"), ("attachment_id", "!=", False)],
            order="version desc",
            limit=1,
        )

    # ------------------------------------------------------------------ training
    @api.model
    def _omni_train(self, company=None, evaluate=True):
        """Train every model of ``company`` and record the run; returns the run.

        Everything the run writes is inside a savepoint: a failure rolls it
        back, records the error on the run and leaves the previous version serving.
        """
        company = company or self.env.company
        self.env.cr.execute(
            SQL(
                "SELECT COALESCE(MAX(version), 0) FROM omni_recommend_model WHERE company_id = %s", company.id
            )
        )
        run = self.create({"version": self.env.cr.fetchone()[0] + 1, "company_id": company.id})
        start = time.monotonic()
        try:
            with self.env.cr.savepoint():
                run.write(run._omni_fit(company, evaluate))
        except Exception as exc:
            # A warning, not an error: the run records the failure and the previous model serves.
            _logger.warning(
                "omni_recommend: training v%s of company %s failed", run.version, company.id, exc_info=True
            )
            run.write({"state": "failed", "error": str(exc) or exc.__class__.__name__})
        run.duration = time.monotonic() - start
        return run

    def _omni_fit(self, company, evaluate):
        params = self._omni_params()
        Service = self.env["omni.recommend.service"]
        raw = Service._omni_rows(company, max_age_days=params["history_days"])
        rows = [r[:5] for r in raw]
        segments = [(r[5], r[0], r[1]) for r in raw if r[5] is not None and r[2] in matrix.PURCHASE_SIGNALS]
        baskets = Service._omni_baskets(company, params["history_days"])
        weights = {s: params[f"weight_{s}"] for s in ("order", "pos", "view", "cart")}
        options = {
            "weights": weights,
            "half_life": params["half_life"],
            "factors": params["factors"],
            "iterations": params["iterations"],
        }
        bundle = engine.Bundle.train(
            rows, baskets=baskets, min_count=params["min_support"], segments=segments, **options
        )
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    # sudo: the model file belongs to the run, not to the user who started it.
                    "name": f"omni_recommend_{company.id}_v{self.version}.npz",
                    "raw": bundle.dumps(),
                    "mimetype": "application/octet-stream",
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        vals = {
            "state": "done",
            "attachment_id": attachment.id,
            "row_count": len(rows),
            "user_count": len(bundle.users),
            "item_count": len(bundle.items),
            "basket_count": len(baskets),
            "error": False,
        }
        if evaluate and rows:
            result = engine.evaluate(rows, baskets, holdout_days=params["holdout_days"], **options)
            vals.update(
                holdout_days=params["holdout_days"],
                eval_users=result["model"]["users"],
                recall_model=result["model"]["recall"],
                recall_popularity=result["popularity"]["recall"],
                ndcg_model=result["model"]["ndcg"],
                ndcg_popularity=result["popularity"]["ndcg"],
                coverage_model=result["model"]["coverage"],
                coverage_popularity=result["popularity"]["coverage"],
                store_users=result["store_all_channels"]["users"],
                recall_store_all=result["store_all_channels"]["recall"],
                recall_store_online=result["store_online_only"]["recall"],
            )
        return vals

    @api.model
    def _cron_train(self):
        """Nightly: one company per call; the cron runner calls again while some remain."""
        since = fields.Datetime.now() - timedelta(hours=20)
        recent = self.search([("date_start", ">=", since)]).company_id
        todo = self.env["res.company"].search([("id", "not in", recent.ids)])
        if todo:
            self._omni_train(todo[0])
        self.env["ir.cron"]._notify_progress(done=1 if todo else 0, remaining=max(len(todo) - 1, 0))

    def action_train(self):
        run = self._omni_train(self.env.company)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": run.id,
            "view_mode": "form",
        }
