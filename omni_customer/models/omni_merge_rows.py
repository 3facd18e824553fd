# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .const import EXCLUDED_TABLE_PREFIXES, REFERENCE_TABLES


class OmniMergeRows(models.AbstractModel):
    """The rows a customer merge moves: recorded before, put back on unmerge.

    Mixed into ``omni.merge.audit``.
    """

    _name = "omni.merge.rows"
    _description = "Rows moved by a customer merge"

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
    def _omni_collect_rows(self, src, dst):
        """Every row pointing at a merged customer, as audit line values."""
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
        return lines

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

    def _omni_restore_rows(self, dst, existing_src):
        """Put every recorded row back; returns what could not be (the report)."""
        cr = self.env.cr
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
        return report
