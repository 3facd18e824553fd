# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
from datetime import timedelta

from psycopg2 import errors as pg_errors

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, create_index

from .. import inputs as omni_inputs
from ..tools import identity, inputs
from ..tools.rfm import rfm_segment

_logger = logging.getLogger(__name__)

RULE_SELECTION = [
    (identity.RULE_CUSTOMER_CODE, "Same customer code"),
    (identity.RULE_NATIONAL_ID, "Same national ID"),
    (identity.RULE_EMAIL, "Same e-mail"),
    (identity.RULE_PHONE_NAME, "Same phone and similar name"),
    (identity.RULE_FUZZY, "Similar name and address"),
]
RFM_SEGMENTS = [
    ("champion", "Champions"),
    ("loyal", "Loyal"),
    ("potential", "Potential loyalist"),
    ("new", "New"),
    ("promising", "Promising"),
    ("attention", "Needs attention"),
    ("at_risk", "At risk"),
    ("cant_lose", "Can't lose them"),
    ("hibernating", "Hibernating"),
    ("lost", "Lost"),
]
# Interaction types that carry money for the customer's value (LTV, RFM, tiers).
MONETARY_TYPES = ("order", "pos_order", "refund")
PURCHASE_TYPES = ("order", "pos_order")


class ResPartner(models.Model):
    _inherit = "res.partner"

    omni_customer_code = fields.Char(
        "Customer code",
        copy=False,
        readonly=True,
        help="Printed on receipts and loyalty cards; the POS identifies the customer by scanning it.",
    )
    omni_phone_key = fields.Char(
        "Phone (E.164)",
        compute="_compute_omni_keys",
        store=True,
        index="btree_not_null",
        compute_sudo=True,
    )
    omni_national_id_key = fields.Char(
        "National ID key",
        compute="_compute_omni_keys",
        store=True,
        index="btree_not_null",
        compute_sudo=True,
    )
    omni_name_key = fields.Char(
        "Name key", compute="_compute_omni_keys", store=True, index=True, compute_sudo=True
    )
    omni_source_channel_id = fields.Many2one(
        "omni.channel", "First channel", index="btree_not_null", copy=False, readonly=True
    )
    omni_merged_into_id = fields.Many2one(
        "res.partner", "Merged into", index="btree_not_null", copy=False, readonly=True
    )
    omni_last_match_rule = fields.Selection(RULE_SELECTION, "Last matched by", readonly=True, copy=False)
    omni_last_match_date = fields.Datetime("Last matched on", readonly=True, copy=False)
    omni_interaction_ids = fields.One2many("omni.interaction", "partner_id", "Interactions")
    omni_consent_ids = fields.One2many("omni.consent", "partner_id", "Consents")
    # Customer 360 (computed in one grouped query per page of partners).
    omni_interaction_count = fields.Integer("Interaction count", compute="_compute_omni_kpis")
    omni_lifetime_value = fields.Monetary(
        "Lifetime value", compute="_compute_omni_kpis", currency_field="omni_currency_id"
    )
    omni_order_count = fields.Integer("Orders (all channels)", compute="_compute_omni_kpis")
    omni_average_basket = fields.Monetary(
        "Average basket", compute="_compute_omni_kpis", currency_field="omni_currency_id"
    )
    omni_first_purchase = fields.Datetime("First purchase", compute="_compute_omni_kpis")
    omni_last_purchase = fields.Datetime("Last purchase", compute="_compute_omni_kpis")
    omni_last_interaction = fields.Datetime("Last interaction", compute="_compute_omni_kpis")
    omni_days_since_last = fields.Integer("Days since last interaction", compute="_compute_omni_kpis")
    omni_preferred_channel_id = fields.Many2one(
        "omni.channel", "Preferred channel", compute="_compute_omni_kpis"
    )
    omni_channel_summary = fields.Char("Orders per channel", compute="_compute_omni_kpis")
    omni_currency_id = fields.Many2one(
        "res.currency", compute="_compute_omni_currency", string="Omnicanal currency"
    )
    # RFM, stored by the nightly cron.
    omni_rfm_recency = fields.Integer("Recency score", readonly=True, copy=False)
    omni_rfm_frequency = fields.Integer("Frequency score", readonly=True, copy=False)
    omni_rfm_monetary = fields.Integer("Monetary score", readonly=True, copy=False)
    omni_rfm_segment = fields.Selection(
        RFM_SEGMENTS, "RFM segment", readonly=True, copy=False, index="btree_not_null"
    )
    omni_rfm_date = fields.Date("RFM computed on", readonly=True, copy=False)

    _sql_constraints = [
        (
            "omni_customer_code_uniq",
            "unique(omni_customer_code)",
            "This customer code is already used by another customer.",
        ),
    ]

    def init(self):
        res = super().init()
        # mail declares email_normalized with a trigram index, which needs
        # pg_trgm; matching compares it for equality, so it gets a btree.
        create_index(
            self.env.cr,
            "res_partner_omni_email_normalized_idx",
            self._table,
            ["email_normalized"],
            where="email_normalized IS NOT NULL",
        )
        return res

    @api.depends("phone", "mobile", "vat", "country_id", "name", "company_id")
    def _compute_omni_keys(self):
        for partner in self:
            country = partner._omni_country_code()
            partner.omni_phone_key = identity.normalize_phone(
                partner.mobile, country
            ) or identity.normalize_phone(partner.phone, country)
            partner.omni_national_id_key = identity.normalize_national_id(partner.vat, country)
            partner.omni_name_key = identity.normalize_name(partner.name) or False

    def _compute_omni_currency(self):
        self.omni_currency_id = self.env.company.currency_id

    def _compute_omni_kpis(self):
        partners = self.filtered("id")
        (self - partners).update(
            {
                "omni_interaction_count": 0,
                "omni_lifetime_value": 0.0,
                "omni_order_count": 0,
                "omni_average_basket": 0.0,
                "omni_first_purchase": False,
                "omni_last_purchase": False,
                "omni_last_interaction": False,
                "omni_days_since_last": 0,
                "omni_preferred_channel_id": False,
                "omni_channel_summary": False,
            }
        )
        if not partners:
            return
        Interaction = self.env["omni.interaction"]
        domain = [("partner_id", "in", partners.ids)]
        # One grouped query for the totals, one per channel: never one per partner.
        totals = {
            partner.id: (count, last)
            for partner, count, last in Interaction._read_group(
                domain, ["partner_id"], ["__count", "date:max"]
            )
        }
        money = {
            partner.id: (amount, first, last)
            for partner, amount, first, last in Interaction._read_group(
                domain + [("interaction_type", "in", MONETARY_TYPES)],
                ["partner_id"],
                ["amount:sum", "date:min", "date:max"],
            )
        }
        per_channel = {}
        for partner, channel, count in Interaction._read_group(
            domain + [("interaction_type", "in", PURCHASE_TYPES)],
            ["partner_id", "channel_id"],
            ["__count"],
        ):
            per_channel.setdefault(partner.id, []).append((channel, count))
        now = fields.Datetime.now()
        for partner in partners:
            count, last = totals.get(partner.id, (0, False))
            amount, first_buy, last_buy = money.get(partner.id, (0.0, False, False))
            channels = sorted(per_channel.get(partner.id, []), key=lambda c: (-c[1], c[0].sequence))
            orders = sum(c for _ch, c in channels)
            partner.omni_interaction_count = count
            partner.omni_last_interaction = last
            partner.omni_days_since_last = (now - last).days if last else 0
            partner.omni_lifetime_value = amount
            partner.omni_order_count = orders
            partner.omni_average_basket = amount / orders if orders else 0.0
            partner.omni_first_purchase = first_buy
            partner.omni_last_purchase = last_buy
            partner.omni_preferred_channel_id = channels[0][0] if channels else False
            partner.omni_channel_summary = (
                ", ".join(f"{ch.name or self.env._('Unknown')}: {c}" for ch, c in channels) or False
            )

    @api.model
    def _load_pos_data_fields(self, config_id):
        return super()._load_pos_data_fields(config_id) + [
            "omni_customer_code",
            "omni_phone_key",
            "omni_rfm_segment",
            "omni_last_match_rule",
            "omni_last_match_date",
        ]

    @api.model_create_multi
    def create(self, vals_list):
        ctx = self.env.context
        channel = self._omni_context_channel()
        for vals in vals_list:
            if channel and not vals.get("omni_source_channel_id"):
                vals["omni_source_channel_id"] = channel.id
        if not (ctx.get("omni_match_on_create") or ctx.get("import_file")):
            partners = super().create(vals_list)
            partners._omni_assign_customer_code()
            return partners
        # Entry point (website, POS, e-mail, import): an existing golden
        # customer is returned instead of creating a duplicate.
        results = [None] * len(vals_list)
        to_create = []
        for index, vals in enumerate(vals_list):
            match = self._omni_match(vals) if self._omni_is_golden_candidate(vals) else None
            if match and match["partner"]:
                results[index] = match["partner"]
                match["partner"]._omni_register_match(match["rule"])
            else:
                to_create.append(index)
        if to_create:
            self._omni_claim_identity([vals_list[i] for i in to_create])
            created = super().create([vals_list[i] for i in to_create])
            created._omni_assign_customer_code()
            for index, partner in zip(to_create, created, strict=True):
                results[index] = partner
            created._omni_queue_fuzzy_candidates()
        return self.browse([p.id for p in results])

    def find_or_create(self, email, assert_valid_email=False):
        return super(
            ResPartner,
            self.with_context(omni_match_on_create=True, omni_channel_code=self._omni_mail_channel_code()),
        ).find_or_create(email, assert_valid_email=assert_valid_email)

    @api.model
    def _find_or_create_from_emails(self, emails, additional_values=None):
        return super(
            ResPartner,
            self.with_context(omni_match_on_create=True, omni_channel_code=self._omni_mail_channel_code()),
        )._find_or_create_from_emails(emails, additional_values=additional_values)

    @api.model
    def _omni_mail_channel_code(self):
        return self.env.context.get("omni_channel_code") or "email"

    def write(self, vals):
        res = super().write(vals)
        if not self.env.context.get("omni_merging") and (
            "active" in vals or any(f in vals for f in ("email", "phone", "mobile", "vat", "name"))
        ):
            self.env["omni.match.review"]._omni_refresh_for(self)
        return res

    # ------------------------------------------------------------------
    # Identity service
    # ------------------------------------------------------------------
    def _omni_country_code(self):
        self.ensure_one()
        return self.country_id.code or (self.company_id or self.env.company).country_id.code or "ES"

    @api.model
    def _omni_context_channel(self):
        ctx = self.env.context
        Channel = self.env["omni.channel"]
        if ctx.get("omni_channel_id"):
            return Channel.browse(ctx["omni_channel_id"]).sudo().exists()
        if ctx.get("omni_channel_code"):
            return Channel._omni_get(ctx["omni_channel_code"])
        if ctx.get("omni_pos_config_id"):
            config = self.env["pos.config"].browse(ctx["omni_pos_config_id"]).exists()
            return Channel._omni_for_pos_config(config) if config else Channel
        if ctx.get("import_file"):
            return Channel._omni_get("import")
        return Channel

    @api.model
    def _omni_is_golden_candidate(self, vals):
        """Individual customers only: not companies, not child addresses."""
        return (
            not vals.get("parent_id")
            and not vals.get("is_company")
            and vals.get("type", "contact") == "contact"
        )

    @api.model
    def _omni_identity_keys(self, vals, company=None):
        """Normalised match keys of raw customer values (a dict)."""
        if not isinstance(vals, dict):
            raise UserError(self.env._("Customer values must be given as a dictionary."))
        company = company or self.env.company
        country = False
        if vals.get("country_id"):
            try:
                country = self.env["res.country"].browse(int(vals["country_id"])).exists().code
            except (TypeError, ValueError):
                country = False
        country = country or company.country_id.code or "ES"
        email = vals.get("email")
        email = tools.email_normalize(email, strict=True) if isinstance(email, str) else False
        if email and len(email) > identity.MAX_LEN:
            email = False
        return {
            "email": email or False,
            "phone": identity.normalize_phone(vals.get("mobile"), country)
            or identity.normalize_phone(vals.get("phone"), country),
            "national_id": identity.normalize_national_id(vals.get("vat"), country),
            "customer_code": identity.normalize_code(vals.get("omni_customer_code") or vals.get("barcode")),
            "name": vals.get("name") if isinstance(vals.get("name"), str) else "",
        }

    @api.model
    def _omni_match(self, vals, company=None, exclude_ids=None):
        """Find the golden customer that raw values describe.

        Returns ``{"partner": res.partner (maybe empty), "rule": str|False,
        "keys": dict}``. Only deterministic rules return a partner; fuzzy
        candidates never do (see :meth:`_omni_fuzzy_candidates`). One indexed
        query, whatever the number of partners.
        """
        company = company or self.env.company
        keys = self._omni_identity_keys(vals, company)
        result = {"partner": self.browse(), "rule": False, "keys": keys}
        parts = []
        for key, fname in (
            ("customer_code", "omni_customer_code"),
            ("national_id", "omni_national_id_key"),
            ("email", "email_normalized"),
            ("phone", "omni_phone_key"),
        ):
            if keys[key]:
                parts.append([(fname, "=", keys[key])])
        if not parts:
            return result
        domain = expression.AND(
            [
                expression.OR(parts),
                [("type", "=", "contact"), ("is_company", "=", False)],
                [("company_id", "in", [company.id, False])],
                [("id", "not in", list(exclude_ids or []))],
            ]
        )
        # sudo: matching must see every customer of the company, whatever the
        # caller may read (a website visitor or a cashier); only the id and
        # the rule leave this method, never the customer's data.
        candidates = self.sudo().search_fetch(
            domain,
            ["omni_customer_code", "omni_national_id_key", "email_normalized", "omni_phone_key", "name"],
            limit=50,
            order="id",
        )
        best, best_rank = None, None
        for partner in candidates:
            rule = identity.deterministic_rule(
                keys,
                {
                    "customer_code": partner.omni_customer_code,
                    "national_id": partner.omni_national_id_key,
                    "email": partner.email_normalized,
                    "phone": partner.omni_phone_key,
                    "name": partner.name,
                },
            )
            if rule:
                rank = identity.DETERMINISTIC_RULES.index(rule)
                if best_rank is None or rank < best_rank:
                    best, best_rank = partner, rank
        if best is not None:
            result.update(partner=self.browse(best.id), rule=identity.DETERMINISTIC_RULES[best_rank])
        return result

    @api.model
    def _omni_fuzzy_candidates(self, vals, company=None, exclude_ids=None, limit=10):
        """``[(partner, score)]`` of similar customers, best first; never merged automatically.

        Blocking: candidates share the first name token and either the postcode
        or the last six phone digits, so this reads a handful of rows.
        """
        company = company or self.env.company
        keys = self._omni_identity_keys(vals, company)
        name_key = identity.normalize_name(keys["name"])
        if not name_key:
            return []
        first = name_key.split(" ")[0]
        blocks = []
        if vals.get("zip"):
            blocks.append([("zip", "=", str(vals["zip"]).strip()[:16])])
        if keys["phone"]:
            blocks.append([("omni_phone_key", "=like", "%" + keys["phone"][-6:])])
        if keys["email"]:
            blocks.append([("email_normalized", "=like", keys["email"].split("@")[0] + "@%")])
        if not blocks:
            return []
        domain = expression.AND(
            [
                [("omni_name_key", "=like", first + "%")],
                expression.OR(blocks),
                [("type", "=", "contact"), ("is_company", "=", False)],
                [("company_id", "in", [company.id, False])],
                [("id", "not in", list(exclude_ids or []))],
            ]
        )
        # sudo: same reason as _omni_match; scores only leave this method.
        partners = self.sudo().search_fetch(
            domain, ["name", "street", "zip", "city", "email_normalized", "omni_phone_key"], limit=50
        )
        new = {
            "name": keys["name"],
            "street": vals.get("street"),
            "zip": vals.get("zip"),
            "city": vals.get("city"),
            "email": keys["email"],
            "phone": keys["phone"],
        }
        scored = []
        for partner in partners:
            score = identity.candidate_score(
                new,
                {
                    "name": partner.name,
                    "street": partner.street,
                    "zip": partner.zip,
                    "city": partner.city,
                    "email": partner.email_normalized,
                    "phone": partner.omni_phone_key,
                },
            )
            scored.append((self.browse(partner.id), score))
        scored.sort(key=lambda item: -item[1])
        return scored[:limit]

    def _omni_register_match(self, rule):
        self.ensure_one()
        # sudo: the entry point (website visitor, cashier) may not write customers.
        self.sudo().write({"omni_last_match_rule": rule, "omni_last_match_date": fields.Datetime.now()})

    @api.model
    def _omni_claim_identity(self, vals_list):
        """Serialise concurrent creations of the same customer.

        Each deterministic key of a customer about to be created is inserted
        in ``omni_identity_claim``. If another transaction is creating a
        customer with the same key at the same moment, PostgreSQL makes this
        insert wait for it, then raises a serialization failure: the request
        is retried by Odoo and the retry finds the customer the other channel
        created, so both channels end with one partner.
        """
        claims = set()
        for vals in vals_list:
            keys = self._omni_identity_keys(vals)
            for key in ("customer_code", "national_id", "email", "phone"):
                if keys[key]:
                    claims.add(f"{key}:{keys[key]}")
        if not claims:
            return
        try:
            self.env.cr.execute(
                SQL(
                    "INSERT INTO omni_identity_claim (name, create_date) SELECT unnest(%s::varchar[]), now()"
                    " ON CONFLICT (name) DO UPDATE SET create_date = now()",
                    sorted(claims),
                )
            )
        except pg_errors.UniqueViolation as exc:  # pragma: no cover - defensive
            raise pg_errors.SerializationFailure(str(exc)) from exc

    def _omni_assign_customer_code(self):
        todo = self.filtered(
            lambda p: (
                not p.omni_customer_code and not p.parent_id and not p.is_company and p.type == "contact"
            )
        )
        if not todo:
            return
        Sequence = self.env["ir.sequence"].sudo()
        for partner in todo:
            body = Sequence.next_by_code("omni.customer.code") or ""
            code = body + identity.ean13_check_digit(body) if body.isdigit() and len(body) == 12 else body
            # sudo: the code is assigned whatever the creating user may write.
            values = {"omni_customer_code": code}
            if not partner.barcode:
                values["barcode"] = code  # what the POS scanner looks customers up by
            partner.sudo().write(values)

    def _omni_queue_fuzzy_candidates(self):
        Review = self.env["omni.match.review"].sudo()
        for partner in self.filtered(lambda p: not p.parent_id and not p.is_company):
            company = partner.company_id or self.env.company
            candidates = self._omni_fuzzy_candidates(
                {
                    "name": partner.name,
                    "zip": partner.zip,
                    "street": partner.street,
                    "city": partner.city,
                    "email": partner.email,
                    "phone": partner.phone,
                    "mobile": partner.mobile,
                    "country_id": partner.country_id.id,
                },
                company=company,
                exclude_ids=partner.ids,
                limit=3,
            )
            for other, score in candidates:
                if score >= company.omni_match_threshold:
                    Review._omni_propose(partner | other, identity.RULE_FUZZY, score, origin="entry")

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

    # ------------------------------------------------------------------
    # RFM
    # ------------------------------------------------------------------
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
        cr.execute("SELECT to_regclass('omni_rfm_stage') IS NOT NULL")
        staged = cr.fetchone()[0]
        if staged:
            cr.execute("SELECT run_date FROM omni_rfm_stage LIMIT 1")
            row = cr.fetchone()
            if not row or row[0] != today:
                cr.execute("DROP TABLE omni_rfm_stage")
                staged = False
        if not staged:
            if not force and ICP.get_param("omni_customer.rfm_last_run") == str(today):
                self.env["ir.cron"]._notify_progress(done=0, remaining=0)
                return 0
            since = fields.Datetime.now() - timedelta(days=30 * months)
            cr.execute(
                "CREATE UNLOGGED TABLE omni_rfm_stage (partner_id int PRIMARY KEY, r int, f int, m int,"
                " purchases int, run_date date)"
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
            cr.execute("ANALYZE omni_rfm_stage")
            cr.execute(
                "UPDATE res_partner p SET omni_rfm_segment = NULL, omni_rfm_recency = NULL,"
                " omni_rfm_frequency = NULL, omni_rfm_monetary = NULL"
                " WHERE p.omni_rfm_segment IS NOT NULL"
                " AND NOT EXISTS (SELECT 1 FROM omni_rfm_stage s WHERE s.partner_id = p.id)"
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
        cr.execute("SELECT count(*) FROM omni_rfm_stage")
        remaining = cr.fetchone()[0]
        if not remaining:
            cr.execute("DROP TABLE omni_rfm_stage")
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

    @api.model
    def _omni_demo_fuzzy(self, partner_ids):
        """Demo: a shopper typing a near-identical identity at checkout."""
        pilar = self.browse(partner_ids).exists()
        if pilar:
            self.with_context(omni_match_on_create=True, omni_channel_code="website").create(
                {
                    "name": "Pilar Ortega",
                    "street": "Avenida de la Constitución 5",
                    "zip": pilar.zip,
                    "city": pilar.city,
                    "email": "portega@example.net",
                    "country_id": pilar.country_id.id,
                }
            )

    @api.model
    def _omni_merge_extra(self, src_partners, dst_partner, audit):
        """Hook for other addons: called inside a merge, after rows moved."""
        return True

    @api.model
    def _omni_unmerge_extra(self, audit):
        """Hook for other addons: called inside an unmerge, after rows moved back."""
        return True

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_omni_timeline(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("omni_customer.omni_interaction_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id, "search_default_group_channel": 0}
        action["name"] = self.env._("Timeline of %s", self.display_name)
        return action

    def action_omni_merge(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "omni.merge.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": self.ids},
        }

    def _omni_360_summary(self):
        """Plain dict of the customer 360 for the POS and the portal."""
        self.ensure_one()
        partner = self.commercial_partner_id
        return {
            "id": partner.id,
            "name": partner.name,
            "customer_code": partner.omni_customer_code or "",
            "lifetime_value": partner.omni_lifetime_value,
            "order_count": partner.omni_order_count,
            "average_basket": partner.omni_average_basket,
            "first_purchase": fields.Datetime.to_string(partner.omni_first_purchase) or "",
            "last_purchase": fields.Datetime.to_string(partner.omni_last_purchase) or "",
            "days_since_last": partner.omni_days_since_last,
            "preferred_channel": partner.omni_preferred_channel_id.name or "",
            "channels": partner.omni_channel_summary or "",
            "segment": dict(RFM_SEGMENTS).get(partner.omni_rfm_segment, ""),
            "currency": partner.omni_currency_id.symbol or "",
        }

    @api.model
    def omni_pos_search(self, query, config_id=None, limit=20):
        """Customer ids for a cashier's search: phone in any format, e-mail,
        national ID or card code, through the same normalisation as matching;
        names fall back to the POS's own search. Only ids readable by the user,
        of the POS's company (or shared)."""
        query = omni_inputs.rpc(self.env, inputs.parse_text, query, "query")
        config_id = omni_inputs.rpc(self.env, inputs.parse_id, config_id, "config_id", required=False)
        limit = inputs.clamp_limit(limit, default=20, maximum=100)
        if not isinstance(query, str) or not query.strip() or len(query) > 256:
            return []
        config = self.env["pos.config"].browse(config_id).exists() if isinstance(config_id, int) else False
        if config:
            config.check_access("read")  # another company's till: AccessError
        company = config.company_id if config else self.env.company
        keys = self._omni_identity_keys(
            {"phone": query, "email": query, "vat": query, "omni_customer_code": query}, company
        )
        parts = [
            [(fname, "=", keys[key])]
            for key, fname in (
                ("phone", "omni_phone_key"),
                ("email", "email_normalized"),
                ("national_id", "omni_national_id_key"),
                ("customer_code", "omni_customer_code"),
            )
            if keys[key]
        ]
        if not parts:
            return []
        domain = expression.AND([expression.OR(parts), [("company_id", "in", [company.id, False])]])
        return self.search(domain, limit=limit).ids

    @api.model
    def omni_pos_360(self, partner_id):
        """Customer 360 summary for the POS (read access to the partner required)."""
        partner_id = omni_inputs.rpc(self.env, inputs.parse_id, partner_id, "partner_id")
        partner = self.browse(partner_id).exists()
        if not partner:
            raise UserError(self.env._("Unknown customer."))
        partner.check_access("read")
        return partner._omni_360_summary()
