# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..locking import lock_rows

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


class OmniMergeAudit(models.Model):
    """What a merge did, with enough to undo it exactly."""

    _name = "omni.merge.audit"
    _inherit = ["omni.merge.rows"]
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
        lock_rows(partners)
        lines = self._omni_collect_rows(src, dst)
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
            # A copy: res.partner.write may add keys to what it is given (base_geolocalize
            # resets the coordinates when the address changes).
            dst.write(dict(survivor_values))
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
        self.env.flush_all()
        existing_src = set(self.src_partner_ids.with_context(active_test=False).exists().ids)
        report = []
        report = self._omni_restore_rows(dst, existing_src)
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
