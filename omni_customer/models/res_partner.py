# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import create_index

from .. import inputs as omni_inputs
from ..tools import identity, inputs
from .const import (  # noqa: F401 - re-exported for addons importing them from here
    ADDRESS_FIELDS,
    MONETARY_TYPES,
    PURCHASE_TYPES,
    RFM_SEGMENTS,
    RULE_SELECTION,
)

_logger = logging.getLogger(__name__)


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "omni.identity"]

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
        # customer is returned instead of creating a duplicate, and so is the
        # first of two rows of one batch that describe the same person.
        results = [None] * len(vals_list)
        to_create = []
        matched = []  # (index, partner or index of the batch row that is created, rule)
        batch_keys = {}  # normalised key -> index of the first row of this batch holding it
        for index, vals in enumerate(vals_list):
            if not self._omni_is_golden_candidate(vals):
                to_create.append(index)
                continue
            match = self._omni_match(vals)
            if match["partner"]:
                matched.append((index, match["partner"], match["rule"]))
                continue
            keys = match["keys"]
            leader, rule = None, False
            for key in ("customer_code", "national_id", "email", "phone"):
                other = batch_keys.get((key, keys[key])) if keys[key] else None
                if other is not None:
                    rule = identity.deterministic_rule(keys, batch_keys[("keys", other)])
                    if rule:
                        leader = other
                        break
            if leader is not None:
                matched.append((index, leader, rule))
                continue
            to_create.append(index)
            batch_keys[("keys", index)] = keys
            for key in ("customer_code", "national_id", "email", "phone"):
                if keys[key]:
                    batch_keys.setdefault((key, keys[key]), index)
        if to_create:
            self._omni_claim_identity([vals_list[i] for i in to_create])
            created = super().create([vals_list[i] for i in to_create])
            created._omni_assign_customer_code()
            for index, partner in zip(to_create, created, strict=True):
                results[index] = partner
            created._omni_queue_fuzzy_candidates()
        for index, target, rule in matched:
            partner = results[target] if isinstance(target, int) else target
            results[index] = partner
            partner._omni_register_match(rule)
            partner._omni_keep_typed_values(vals_list[index])
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

    def _omni_keep_typed_values(self, vals):
        """Keep what a matched create typed that the customer did not have.

        Empty fields are filled; a different address becomes a child address
        (once); a different phone goes to the free phone field; what cannot
        be kept without overwriting the customer (another e-mail, national
        ID, a third phone) is logged on the customer for a manager.
        """
        self.ensure_one()
        # sudo: the entry point (website visitor, cashier, import) may not write customers.
        partner = self.sudo()
        updates, unkept = {}, []
        country = partner._omni_country_code()
        typed_phones = []
        for fname in ("mobile", "phone"):
            number = vals.get(fname)
            key = identity.normalize_phone(number, country) if isinstance(number, str) else False
            if key and key not in {k for _f, _n, k in typed_phones}:
                typed_phones.append((fname, number, key))
        known = {identity.normalize_phone(partner[f], country) for f in ("mobile", "phone") if partner[f]}
        for fname, number, key in typed_phones:
            if key in known:
                continue
            free = next((f for f in (fname, "mobile", "phone") if not partner[f] and f not in updates), None)
            if free:
                updates[free] = number
            else:
                unkept.append((partner._fields[fname].string, number))
            known.add(key)
        for fname in ("email", "vat"):
            value = vals.get(fname)
            if not isinstance(value, str) or not value.strip():
                continue
            if not partner[fname]:
                updates[fname] = value
            elif fname == "email" and tools.email_normalize(value) != partner.email_normalized:
                unkept.append((partner._fields[fname].string, value))
            elif (
                fname == "vat"
                and identity.normalize_national_id(value, country) != partner.omni_national_id_key
            ):
                unkept.append((partner._fields[fname].string, value))
        for fname in ("lang", "function", "website", "title"):
            if vals.get(fname) and not partner[fname]:
                updates[fname] = vals[fname]
        address = {f: vals[f] for f in ADDRESS_FIELDS if vals.get(f)}
        if address.get("street") or address.get("city") or address.get("zip"):
            if not (partner.street or partner.city or partner.zip):
                updates.update(address)
            elif not partner._omni_same_address(address) and not any(
                child._omni_same_address(address) for child in partner.child_ids
            ):
                partner.with_context(omni_match_on_create=False, import_file=False).create(
                    dict(
                        address,
                        parent_id=partner.id,
                        type="other",
                        name=vals.get("name") if isinstance(vals.get("name"), str) else False,
                    )
                )
        if updates:
            partner.write(updates)
        if unkept:
            partner.message_post(
                body=self.env._(
                    "Typed at a matched entry but not applied (the customer already has a value): %s",
                    "; ".join(f"{label}: {value}" for label, value in unkept),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _omni_same_address(self, address):
        self.ensure_one()

        def norm(value):
            if isinstance(value, models.BaseModel):
                value = value.id
            return identity.normalize_name(str(value)) if value not in (None, False, "") else ""

        return all(norm(self[f]) == norm(v) for f, v in address.items() if f in ("street", "zip", "city"))

    # ------------------------------------------------------------------
    # Duplicate scan: see omni.match.review (kept here for the cron and callers)
    # ------------------------------------------------------------------
    @api.model
    def _omni_duplicate_pairs(self, company=None):
        return self.env["omni.match.review"]._omni_duplicate_pairs(company)

    @api.model
    def _cron_omni_duplicate_scan(self, batch_size=1000):
        return self.env["omni.match.review"]._cron_omni_duplicate_scan(batch_size=batch_size)

    @api.model
    def _omni_merge_extra(self, src_partners, dst_partner, audit):
        """Hook for other addons: called inside a merge, after rows moved."""
        return True

    @api.model
    def _omni_unmerge_extra(self, audit):
        """Hook for other addons: called inside an unmerge, after rows moved back."""
        return True

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
