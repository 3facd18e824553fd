# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from psycopg2 import Error as PsycopgError

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..tools import identity
from .const import RULE_SELECTION

_logger = logging.getLogger(__name__)


class OmniMatchReview(models.Model):
    """A possible duplicate cluster waiting for a manager's decision."""

    _name = "omni.match.review"
    _description = "Duplicate customer review"
    _inherit = ["mail.thread"]
    _order = "state, score desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "omni_match_review_partner_rel",
        "review_id",
        "partner_id",
        string="Customers",
        required=True,
    )
    partner_count = fields.Integer(compute="_compute_name", store=True)
    cluster_key = fields.Char(index=True, readonly=True)
    rule = fields.Selection(RULE_SELECTION, required=True, readonly=True)
    score = fields.Float(digits=(5, 2), readonly=True)
    origin = fields.Selection(
        [("entry", "On entry"), ("scan", "Duplicate scan"), ("manual", "Manual")],
        default="manual",
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        [("pending", "To review"), ("merged", "Merged"), ("dismissed", "Not duplicates")],
        default="pending",
        required=True,
        index=True,
        tracking=True,
    )
    company_id = fields.Many2one("res.company", index=True)
    audit_id = fields.Many2one("omni.merge.audit", readonly=True)
    merge_error = fields.Text(
        "Automatic merge failed", readonly=True, help="Why the batch scan could not merge this cluster."
    )

    @api.depends("partner_ids")
    def _compute_name(self):
        for review in self:
            names = review.partner_ids.mapped("name")
            review.partner_count = len(review.partner_ids)
            review.name = " / ".join(n for n in names[:3] if n) + (" …" if len(names) > 3 else "")

    @api.model
    def _omni_cluster_key(self, ids):
        return ",".join(str(i) for i in sorted(ids))

    @api.model
    def _omni_known_keys(self):
        """Clusters already pending or dismissed: never queued again."""
        self.env.cr.execute(
            SQL("SELECT cluster_key FROM omni_match_review WHERE state IN ('pending', 'dismissed')")
        )
        return {row[0] for row in self.env.cr.fetchall()}

    @api.model
    def _omni_propose(self, partners, rule, score, origin="manual", company=None, known=None):
        """Queue a cluster unless the same one is already pending or was dismissed."""
        partners = partners.exists()
        if len(partners) < 2:
            return self.browse()
        key = self._omni_cluster_key(partners.ids)
        if known is None and self.search_count(
            [("cluster_key", "=", key), ("state", "in", ("pending", "dismissed"))]
        ):
            return self.browse()
        return self.create(
            {
                "partner_ids": [fields.Command.set(partners.ids)],
                "cluster_key": key,
                "rule": rule,
                "score": score,
                "origin": origin,
                # Shared customers (no company) give a review every company sees.
                "company_id": (company or partners.company_id[:1]).id,
            }
        )

    @api.model
    def _omni_refresh_for(self, partners):
        """Drop pending reviews that no longer hold two active customers."""
        if not partners:
            return
        reviews = self.sudo().search([("partner_ids", "in", partners.ids), ("state", "=", "pending")])
        for review in reviews:
            if len(review.partner_ids.filtered("active")) < 2:
                review.state = "dismissed"

    def action_open_merge(self):
        self.ensure_one()
        if self.state != "pending":
            raise UserError(self.env._("This review is already closed."))
        action = self.partner_ids.action_omni_merge()
        action["context"] = dict(action["context"], default_review_id=self.id)
        return action

    def action_merge_auto(self):
        """Merge with the default survivorship (batch scan, deterministic rules only).

        Each cluster merges in its own savepoint: a cluster that cannot be
        merged keeps its review pending with the reason, and the batch goes
        on. Clusters above the company's size cap are left for a manager.
        Returns the reviews merged.
        """
        if self.filtered(lambda r: r.state == "pending" and r.rule == "fuzzy"):
            raise UserError(self.env._("Fuzzy candidates are never merged automatically."))
        merged = self.browse()
        for review in self.filtered(lambda r: r.state == "pending"):
            partners = review.partner_ids.filtered("active")
            cap = (review.company_id or self.env.company).omni_auto_merge_max_size or 5
            if len(partners) > cap:
                review.merge_error = self.env._(
                    "%(count)s customers: above the automatic merge limit of %(cap)s, review them.",
                    count=len(partners),
                    cap=cap,
                )
                continue
            try:
                with self.env.cr.savepoint():
                    audit = self.env["omni.merge.audit"]._omni_merge(
                        partners, self._omni_auto_survivor(partners), strategy="trusted"
                    )
                    review.write({"state": "merged", "audit_id": audit.id, "merge_error": False})
            except (UserError, PsycopgError) as exc:
                self.env.invalidate_all()
                message = exc.args[0] if isinstance(exc, UserError) else str(exc)
                _logger.info("Automatic merge of review %s failed: %s", review.id, message)
                review.merge_error = message
                review.message_post(body=self.env._("Automatic merge failed: %(reason)s", reason=message))
                continue
            merged |= review
        return merged

    @api.model
    def _omni_auto_survivor(self, partners):
        """The surviving customer: a company's partner before a shared one, then the most trusted channel."""
        return partners.sorted(lambda p: (not p.company_id, p.omni_source_channel_id.sequence or 999, p.id))[
            :1
        ]

    def action_dismiss(self):
        self.filtered(lambda r: r.state == "pending").write({"state": "dismissed"})

    def action_reopen(self):
        self.filtered(lambda r: r.state == "dismissed").write({"state": "pending"})

    # ------------------------------------------------------------------
    # Duplicate scan (cron and benchmark)
    # ------------------------------------------------------------------
    @api.model
    def _omni_duplicate_pairs(self, company=None):
        """Pairs of partner ids bound by a deterministic rule, by blocking.

        One grouped SQL query per key (never an all-pairs scan); the phone
        rule also needs similar names, checked within each phone block.
        Without ``company``: shared partners only (no company); with one:
        groups holding at least one partner of that company.
        """
        self.env["res.partner"].flush_model(
            ["active", "type", "is_company", "company_id", "name", "email_normalized"]
            + ["omni_customer_code", "omni_national_id_key", "omni_phone_key"]
        )
        if company:
            base = SQL(
                "active AND type = 'contact' AND NOT is_company AND (company_id IS NULL OR company_id = %s)",
                company.id,
            )
            having = SQL("count(*) > 1 AND bool_or(company_id IS NOT NULL)")
        else:
            base = SQL("active AND type = 'contact' AND NOT is_company AND company_id IS NULL")
            having = SQL("count(*) > 1")
        pairs = []
        for column, rule in (
            ("omni_customer_code", identity.RULE_CUSTOMER_CODE),
            ("omni_national_id_key", identity.RULE_NATIONAL_ID),
            ("email_normalized", identity.RULE_EMAIL),
        ):
            self.env.cr.execute(
                SQL(
                    "SELECT array_agg(id ORDER BY id) FROM res_partner WHERE %s AND %s IS NOT NULL"
                    " GROUP BY %s HAVING %s",
                    base,
                    SQL.identifier(column),
                    SQL.identifier(column),
                    having,
                )
            )
            for (ids,) in self.env.cr.fetchall():
                pairs.extend((ids[0], other, rule) for other in ids[1:])
        self.env.cr.execute(
            SQL(
                "SELECT array_agg(id ORDER BY id), array_agg(coalesce(name, '') ORDER BY id) FROM res_partner"
                " WHERE %s AND omni_phone_key IS NOT NULL GROUP BY omni_phone_key"
                " HAVING %s AND count(*) <= 50",
                base,
                having,
            )
        )
        for ids, names in self.env.cr.fetchall():
            for i in range(len(ids)):
                for j in range(i + 1, len(ids)):
                    if identity.name_similarity(names[i], names[j]) >= identity.PHONE_NAME_MIN_SIMILARITY:
                        pairs.append((ids[i], ids[j], identity.RULE_PHONE_NAME))
        return pairs

    @api.model
    def _cron_omni_duplicate_scan(self, batch_size=1000):
        """Find duplicate clusters in the whole database and queue them.

        Batched for the cron runner: each call queues up to ``batch_size``
        clusters and reports progress; clusters already queued or dismissed
        are skipped, so the next call continues where this one stopped.
        """
        Review = (
            self.env["omni.match.review"].sudo().with_context(tracking_disable=True, mail_create_nolog=True)
        )
        known = Review._omni_known_keys()
        done = remaining = 0
        vals_list = []
        for company in [None, *self.env["res.company"].sudo().search([])]:
            pairs = self._omni_duplicate_pairs(company)
            rule_of = {}
            for a, b, rule in pairs:
                rule_of.setdefault((min(a, b), max(a, b)), rule)
            rules_of_member = {}
            for (a, _b), rule in rule_of.items():
                rules_of_member.setdefault(a, set()).add(rule)
            for ids in identity.clusters(rule_of):
                key = Review._omni_cluster_key(ids)
                if key in known:
                    continue
                if done >= batch_size:
                    remaining += 1
                    continue
                known.add(key)
                rules = set().union(*(rules_of_member.get(i, set()) for i in ids))
                vals_list.append(
                    {
                        "partner_ids": [fields.Command.set(ids)],
                        "cluster_key": key,
                        "rule": min(rules, key=identity.DETERMINISTIC_RULES.index),
                        "score": 100.0,
                        "origin": "scan",
                        "company_id": company.id if company else False,
                    }
                )
                done += 1
        # One create for the whole batch.
        reviews = Review.create(vals_list)
        auto = reviews.filtered(lambda r: (r.company_id or self.env.company).omni_auto_merge_deterministic)
        auto.action_merge_auto()
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done
