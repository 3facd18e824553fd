# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# Values kept for survivorship and shown in the audit.
SURVIVOR_FIELDS = (
    "name",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "vat",
    "lang",
    "title",
    "function",
    "website",
)
# Tables of this addon that must keep pointing at the original partners.
EXCLUDED_TABLE_PREFIXES = ("omni_merge_audit", "omni_match_review")
# Generic (model, id) references re-pointed by the merge wizard.
REFERENCE_TABLES = (
    ("mail_message", "model", "res_id"),
    ("mail_followers", "res_model", "res_id"),
    ("mail_activity", "res_model", "res_id"),
    ("ir_attachment", "res_model", "res_id"),
    ("ir_model_data", "model", "res_id"),
)


class OmniMergeAudit(models.Model):
    """What a merge did, with enough to undo it exactly."""

    _name = "omni.merge.audit"
    _description = "Customer merge audit"
    _order = "id desc"
    _rec_name = "dst_partner_id"

    # The audit outlives either customer: ids and values are kept as data.
    dst_partner_id = fields.Many2one(
        "res.partner", "Surviving customer", index=True, readonly=True, ondelete="set null"
    )
    dst_partner_name = fields.Char("Surviving customer name", readonly=True)
    dst_partner_ref = fields.Integer("Surviving customer id", readonly=True)
    src_partner_ids = fields.Many2many(
        "res.partner",
        "omni_merge_audit_src_rel",
        "audit_id",
        "partner_id",
        string="Merged customers",
        readonly=True,
        context={"active_test": False},
    )
    strategy = fields.Selection(
        [
            ("recent", "Most recent non-empty value"),
            ("trusted", "Most trusted channel"),
            ("manual", "Manual pick"),
        ],
        required=True,
        readonly=True,
    )
    state = fields.Selection(
        [("merged", "Merged"), ("unmerged", "Unmerged")], default="merged", required=True, readonly=True
    )
    losers_values = fields.Json(readonly=True, help="Values of every merged customer before the merge.")
    dst_values_before = fields.Json(readonly=True)
    losers_summary = fields.Text(compute="_compute_losers_summary")
    line_ids = fields.One2many("omni.merge.audit.line", "audit_id", readonly=True)
    field_ids = fields.One2many("omni.merge.audit.field", "audit_id", "Values changed", readonly=True)
    company_values = fields.Json(
        "Company-dependent values",
        readonly=True,
        help="Company-dependent values of every customer before the merge, per company.",
    )
    unmerge_report = fields.Text(
        "Left for review",
        readonly=True,
        help="What unmerge could not put back: rows moved again, values edited since.",
    )
    row_count = fields.Integer("Rows moved", readonly=True)
    company_id = fields.Many2one("res.company", index=True, default=lambda self: self.env.company)
    unmerge_date = fields.Datetime(readonly=True)
    unmerge_uid = fields.Many2one("res.users", "Unmerged by", readonly=True)

    def _compute_losers_summary(self):
        for audit in self:
            lines = []
            for pid, values in (audit.losers_values or {}).items():
                shown = ", ".join(f"{k}: {v}" for k, v in values.items() if v and k != "id")
                lines.append(f"#{pid} — {shown}")
            audit.losers_summary = "\n".join(lines)

    # ------------------------------------------------------------------
    @api.model
    def _omni_partner_values(self, partner):
        values = {}
        for fname in SURVIVOR_FIELDS:
            value = partner[fname]
            values[fname] = value.id if isinstance(value, models.BaseModel) else (value or False)
        values["omni_source_channel_id"] = partner.omni_source_channel_id.id
        values["write_date"] = fields.Datetime.to_string(partner.write_date)
        return values

    @api.model
    def _omni_company_values(self, partners):
        """Raw per-company values (jsonb columns) of company-dependent fields."""
        fnames = [
            name
            for name, field in partners._fields.items()
            if field.company_dependent and field.store and field.column_type
        ]
        if not fnames or not partners:
            return {}
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM res_partner WHERE id IN %s",
                SQL(", ").join(SQL("%s::text", SQL.identifier(f)) for f in fnames),
                tuple(partners.ids),
            )
        )
        return {
            str(row[0]): {f: json.loads(v) for f, v in zip(fnames, row[1:], strict=True) if v}
            for row in self.env.cr.fetchall()
        }

    @api.model
    def _omni_value(self, partner, fname):
        value = partner[fname]
        return value.id if isinstance(value, models.BaseModel) else (value or False)

    @api.model
    def _omni_survivor_values(self, partners, dst, strategy, picks=None):
        """Values the surviving record takes, field by field."""
        picks = picks or {}
        if strategy == "recent":
            ordered = partners.sorted(lambda p: (p.write_date or fields.Datetime.now(), p.id), reverse=True)
        else:  # trusted: lower channel sequence first, then the destination, then oldest
            ordered = partners.sorted(lambda p: (p.omni_source_channel_id.sequence or 999, p != dst, p.id))
        values = {}
        for fname in SURVIVOR_FIELDS:
            source = picks.get(fname)
            if source is None:
                source = next((p for p in ordered if p[fname]), dst)
            value = source[fname]
            value = value.id if isinstance(value, models.BaseModel) else value
            current = dst[fname].id if isinstance(dst[fname], models.BaseModel) else dst[fname]
            if value != current:
                values[fname] = value
        return values

    def _omni_fk_relations(self):
        wizard = self.env["base.partner.merge.automatic.wizard"]
        return [
            (table, column)
            for table, column in wizard._get_fk_on("res_partner")
            if not table.startswith(EXCLUDED_TABLE_PREFIXES) and "base_partner_merge_" not in table
        ]

    def _omni_table_has_id(self, table):
        self.env.cr.execute(
            SQL(
                "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = 'id'", table
            )
        )
        return bool(self.env.cr.fetchone())

    @api.model
    def _omni_merge(self, partners, dst, strategy="trusted", picks=None):
        """Merge ``partners`` into ``dst`` and return the audit record.

        Builds on ``base.partner.merge.automatic.wizard`` (bank accounts,
        foreign keys, reference fields, loyalty cards and website visitors
        through its extensions) but: any cluster size, survivorship per field,
        losers archived (not deleted) and every moved row recorded so that
        :meth:`action_unmerge` restores them.
        """
        partners = partners.exists()
        dst = dst.exists()
        if not self.env.user.has_group("omni_customer.group_omni_manager") and not self.env.su:
            raise UserError(self.env._("Only Omnicanal managers can merge customers."))
        if len(partners) < 2:
            raise UserError(self.env._("Select at least two customers to merge."))
        if not dst or dst not in partners:
            raise UserError(self.env._("The surviving customer must be one of the merged customers."))
        if strategy not in ("recent", "trusted", "manual"):
            raise UserError(self.env._("Unknown survivorship strategy."))
        src = partners - dst
        if src.filtered(lambda p: not p.active):
            raise UserError(self.env._("Archived or already merged customers cannot be merged."))
        for partner in partners:
            ancestor = partner.parent_id
            while ancestor:
                if ancestor in partners:
                    raise UserError(self.env._("You cannot merge a contact with one of its parents."))
                ancestor = ancestor.parent_id
        if len(partners.with_context(active_test=False).user_ids) > 1:
            raise UserError(self.env._("You cannot merge customers linked to more than one user."))
        companies = partners.company_id
        if len(companies) > 1:
            raise UserError(self.env._("Customers of different companies cannot be merged."))
        if companies and not dst.company_id:
            raise UserError(
                self.env._(
                    "A customer shared by every company cannot absorb a customer of %(company)s: "
                    "keep the company's customer as the surviving one.",
                    company=companies.display_name,
                )
            )

        sudo_self = self.sudo()
        # Lock the partners being merged: a channel writing to one of them
        # while we move its rows waits for us.
        self.env.cr.execute(
            SQL("SELECT id FROM res_partner WHERE id IN %s ORDER BY id FOR UPDATE", tuple(partners.ids))
        )
        src_ids = tuple(src.ids)
        lines = []
        for table, column in self._omni_fk_relations():
            has_id = self._omni_table_has_id(table)
            self.env.cr.execute(
                SQL(
                    "SELECT %s, row_to_json(t)::text FROM %s t WHERE %s IN %s",
                    SQL.identifier(column) if not has_id else SQL("t.id"),
                    SQL.identifier(table),
                    SQL.identifier(column),
                    src_ids,
                )
            )
            rows = self.env.cr.fetchall()
            dst_rows = []
            if rows and not has_id:
                self.env.cr.execute(
                    SQL(
                        "SELECT row_to_json(t)::text FROM %s t WHERE %s = %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        dst.id,
                    )
                )
                dst_rows = [json.loads(r[0]) for r in self.env.cr.fetchall()]
            for row_key, row_json in rows:
                data = json.loads(row_json)
                lines.append(
                    {
                        "table_name": table,
                        "column_name": column,
                        "row_id": row_key if has_id else False,
                        "src_partner_id": data[column],
                        "row_data": row_json,
                        "dst_had_row": not has_id and dict(data, **{column: dst.id}) in dst_rows,
                    }
                )
        for table, model_col, id_col in REFERENCE_TABLES:
            self.env.cr.execute(
                SQL(
                    "SELECT id, %s, row_to_json(t)::text FROM %s t WHERE %s = 'res.partner' AND %s IN %s",
                    SQL.identifier(id_col),
                    SQL.identifier(table),
                    SQL.identifier(model_col),
                    SQL.identifier(id_col),
                    src_ids,
                )
            )
            for row_id, partner_id, row_json in self.env.cr.fetchall():
                lines.append(
                    {
                        "table_name": table,
                        "column_name": id_col,
                        "row_id": row_id,
                        "src_partner_id": partner_id,
                        "row_data": row_json,
                    }
                )
        lines += self._omni_reference_lines(src_ids)
        lines += self._omni_bank_lines(src, dst)
        self._omni_check_rows_company(lines, companies)
        audit = sudo_self.create(
            {
                "dst_partner_id": dst.id,
                "dst_partner_name": dst.display_name,
                "dst_partner_ref": dst.id,
                "company_values": self._omni_company_values(partners),
                "src_partner_ids": [fields.Command.set(src.ids)],
                "strategy": strategy,
                "losers_values": {str(p.id): self._omni_partner_values(p) for p in src},
                "dst_values_before": self._omni_partner_values(dst),
                "company_id": (companies or self.env.company).id,
            }
        )
        self.env["omni.merge.audit.line"].sudo().create([dict(line, audit_id=audit.id) for line in lines])

        survivor_values = self._omni_survivor_values(partners, dst, strategy, picks)
        # sudo: the manager's right to merge was checked above; the merge
        # moves rows (visitors, cards, messages) the manager may not read.
        wizard = self.env["base.partner.merge.automatic.wizard"].sudo().with_context(omni_merge=True)
        # omni_merging: the reviews of this cluster are closed below, as merged.
        src = src.sudo().with_context(omni_merging=True)
        dst = dst.sudo().with_context(omni_merging=True)
        wizard._merge_bank_accounts(src, dst)
        wizard._update_foreign_keys(src, dst)
        wizard._update_reference_fields(src, dst)
        self.env.invalidate_all()
        self.env["res.partner"]._omni_merge_extra(src, dst, audit)
        # sudo: merging moves rows the manager may not read one by one.
        src.write({"active": False, "omni_merged_into_id": dst.id})
        if survivor_values:
            before = {f: self._omni_value(dst, f) for f in survivor_values}
            dst.write(survivor_values)
            self.env["omni.merge.audit.field"].sudo().create(
                [
                    {
                        "audit_id": audit.id,
                        "field_name": fname,
                        "value_before": before[fname],
                        "value_merged": self._omni_value(dst, fname),
                    }
                    for fname in survivor_values
                ]
            )
        wizard._log_merge_operation(src, dst)
        audit.row_count = len(lines)
        self.env["omni.interaction"]._omni_log(
            [
                {
                    "partner_id": dst.id,
                    "interaction_type": "merge",
                    "record": audit,
                    "note": self.env._("%(count)s customers merged", count=len(src)),
                }
            ]
        )
        self.env["omni.match.review"].sudo().search(
            [("partner_ids", "in", partners.ids), ("state", "=", "pending")]
        ).filtered(lambda r: not (r.partner_ids.filtered("active") - dst)).write(
            {"state": "merged", "audit_id": audit.id}
        )
        return audit

    @api.model
    def _omni_reference_lines(self, src_ids):
        """Rows of stored reference fields ("res.partner,<id>") that the merge re-points."""
        lines = []
        refs = {f"res.partner,{pid}": pid for pid in src_ids}
        for field in (
            self.env["ir.model.fields"].sudo().search([("ttype", "=", "reference"), ("store", "=", True)])
        ):
            model = self.env.get(field.model)
            if model is None or not model._auto or field.name not in model._fields:
                continue
            if not model._fields[field.name].store or model._fields[field.name].column_type is None:
                continue
            self.env.cr.execute(
                SQL(
                    "SELECT id, %s, row_to_json(t)::text FROM %s t WHERE %s IN %s",
                    SQL.identifier(field.name),
                    SQL.identifier(model._table),
                    SQL.identifier(field.name),
                    tuple(refs),
                )
            )
            for row_id, value, row_json in self.env.cr.fetchall():
                lines.append(
                    {
                        "table_name": model._table,
                        "column_name": field.name,
                        "row_id": row_id,
                        "src_partner_id": refs[value],
                        "row_data": row_json,
                        "target": "reference",
                    }
                )
        return lines

    @api.model
    def _omni_bank_lines(self, src, dst):
        """Rows pointing at a merged customer's bank account that the merge folds
        into the survivor's identical account (the merged account is deleted)."""
        lines = []
        wizard = self.env["base.partner.merge.automatic.wizard"]
        relations = None
        for account in src.bank_ids:
            twin = dst.bank_ids.filtered(
                lambda a, acc=account: a.sanitized_acc_number == acc.sanitized_acc_number
            )
            if not twin:
                continue
            if relations is None:
                relations = [
                    (table, column)
                    for table, column in wizard._get_fk_on("res_partner_bank")
                    if self._omni_table_has_id(table)
                ]
            for table, column in relations:
                self.env.cr.execute(
                    SQL(
                        "SELECT id, row_to_json(t)::text FROM %s t WHERE %s = %s",
                        SQL.identifier(table),
                        SQL.identifier(column),
                        account.id,
                    )
                )
                for row_id, row_json in self.env.cr.fetchall():
                    lines.append(
                        {
                            "table_name": table,
                            "column_name": column,
                            "row_id": row_id,
                            "src_partner_id": account.id,
                            "dst_value": twin[:1].id,
                            "row_data": row_json,
                            "target": "bank",
                        }
                    )
        return lines

    @api.model
    def _omni_check_rows_company(self, lines, companies):
        """No merge crosses companies: a shared customer's documents of another
        company never move to a company's customer."""
        if not companies:
            return
        foreign = set()
        for line in lines:
            company_id = json.loads(line["row_data"]).get("company_id")
            if isinstance(company_id, int) and company_id != companies.id:
                foreign.add(line["table_name"])
        if foreign:
            raise UserError(
                self.env._(
                    "These customers have records of another company (%(tables)s): "
                    "merging them would move them to %(company)s.",
                    tables=", ".join(sorted(foreign)),
                    company=companies.display_name,
                )
            )

    def _omni_check_manager(self):
        if not self.env.su and not self.env.user.has_group("omni_customer.group_omni_manager"):
            raise UserError(self.env._("Only Omnicanal managers can unmerge customers."))

    def action_unmerge(self):
        """Restore the merged customers and re-point every row that moved."""
        self._omni_check_manager()
        for audit in self:
            if audit.state != "merged":
                raise UserError(self.env._("This merge was already undone."))
            if not audit.dst_partner_id:
                raise UserError(
                    self.env._(
                        "The surviving customer %(name)s was deleted: this merge can no longer be undone.",
                        name=audit.dst_partner_name or "",
                    )
                )
            audit.sudo()._omni_unmerge()
        return True

    def _omni_unmerge(self):
        self.ensure_one()
        dst = self.dst_partner_id.with_context(active_test=False)
        cr = self.env.cr
        self.env.flush_all()
        existing_src = set(self.src_partner_ids.with_context(active_test=False).exists().ids)
        report = []
        for line in self.line_ids:
            table, column = SQL.identifier(line.table_name), SQL.identifier(line.column_name)
            if line.target == "partner" and line.src_partner_id not in existing_src:
                report.append(
                    self.env._(
                        "%(table)s #%(row)s: customer #%(partner)s was deleted, the row stays.",
                        table=line.table_name,
                        row=line.row_id or "-",
                        partner=line.src_partner_id,
                    )
                )
                continue
            if line.row_id:
                if line.target == "reference":
                    moved_to, original = f"res.partner,{dst.id}", f"res.partner,{line.src_partner_id}"
                elif line.target == "bank":
                    moved_to, original = line.dst_value, line.src_partner_id
                else:
                    moved_to, original = dst.id, line.src_partner_id
                cr.execute(SQL("SELECT %s FROM %s WHERE id = %s", column, table, line.row_id))
                current = cr.fetchone()
                if current is None:
                    if line.target != "partner":
                        continue
                    # Deleted by the merge (unique conflict): put it back as it was.
                    cr.execute(
                        SQL(
                            "INSERT INTO %s SELECT * FROM json_populate_record(NULL::%s, %s::json)",
                            table,
                            table,
                            line.row_data,
                        )
                    )
                elif current[0] == moved_to:
                    cr.execute(
                        SQL("UPDATE %s SET %s = %s WHERE id = %s", table, column, original, line.row_id)
                    )
                elif current[0] != original:
                    # Moved again since (a later merge, an edit): reported, left where it is.
                    report.append(
                        self.env._(
                            "%(table)s #%(row)s: now points at %(value)s, not at the survivor; left there.",
                            table=line.table_name,
                            row=line.row_id,
                            value=current[0],
                        )
                    )
            else:
                data = json.loads(line.row_data)
                others = [k for k in data if k != line.column_name]
                match_src = SQL(" AND ").join(
                    [SQL("%s = %s", SQL.identifier(line.column_name), line.src_partner_id)]
                    + [SQL("%s IS NOT DISTINCT FROM %s", SQL.identifier(k), data[k]) for k in others]
                )
                cr.execute(SQL("SELECT 1 FROM %s WHERE %s", table, match_src))
                if cr.fetchone():
                    continue
                if not line.dst_had_row:
                    match_dst = SQL(" AND ").join(
                        [SQL("%s = %s", SQL.identifier(line.column_name), dst.id)]
                        + [SQL("%s IS NOT DISTINCT FROM %s", SQL.identifier(k), data[k]) for k in others]
                    )
                    cr.execute(SQL("DELETE FROM %s WHERE %s", table, match_dst))
                cr.execute(
                    SQL(
                        "INSERT INTO %s SELECT * FROM json_populate_record(NULL::%s, %s::json)"
                        " ON CONFLICT DO NOTHING",
                        table,
                        table,
                        line.row_data,
                    )
                )
        self.env.invalidate_all()
        srcs = self.src_partner_ids.with_context(active_test=False).exists()
        srcs.write({"active": True, "omni_merged_into_id": False})
        # Only the values the merge changed and nobody edited since go back;
        # edited ones wait in the audit for a manager's choice.
        restore = {}
        for change in self.field_ids:
            current = self._omni_value(dst, change.field_name)
            if current == (change.value_merged or False):
                restore[change.field_name] = change.value_before or False
                change.write({"state": "restored", "value_current": current})
            else:
                change.write({"state": "conflict", "value_current": current})
                report.append(
                    self.env._(
                        "%(field)s was edited since the merge (%(current)s): kept, choose in the audit.",
                        field=change.field_label,
                        current=change.current_display,
                    )
                )
        if restore:
            dst.write(restore)
        self.env["res.partner"]._omni_unmerge_extra(self)
        self.write(
            {
                "state": "unmerged",
                "unmerge_date": fields.Datetime.now(),
                "unmerge_uid": self.env.uid,
                "unmerge_report": "\n".join(report) or False,
            }
        )
        dst.message_post(
            body=self.env._("Merge undone: %(names)s restored.", names=", ".join(srcs.mapped("display_name")))
        )
        if report:
            dst.message_post(body=self.env._("Unmerge left for review: %s", "; ".join(report)))
