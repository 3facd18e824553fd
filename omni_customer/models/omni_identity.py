# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from psycopg2 import errors as pg_errors

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools import identity


class OmniIdentity(models.AbstractModel):
    """The identity service of the golden customer: keys, rules, claims.

    Mixed into ``res.partner``: every entry point calls these methods on
    partners (``env["res.partner"]._omni_match(vals)``).
    """

    _name = "omni.identity"
    _description = "Golden customer identity service"

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
