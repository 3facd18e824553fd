# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.omni_merge_audit import SURVIVOR_FIELDS


class OmniMergeWizard(models.TransientModel):
    _name = "omni.merge.wizard"
    _description = "Merge customers"

    partner_ids = fields.Many2many("res.partner", string="Customers", required=True)
    dst_partner_id = fields.Many2one(
        "res.partner", "Surviving customer", required=True, domain="[('id', 'in', partner_ids)]"
    )
    strategy = fields.Selection(
        [
            ("trusted", "Most trusted channel"),
            ("recent", "Most recent non-empty value"),
            ("manual", "Manual pick"),
        ],
        default="trusted",
        required=True,
    )
    line_ids = fields.One2many("omni.merge.wizard.line", "wizard_id", "Field picks")
    review_id = fields.Many2one("omni.match.review")

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        ctx = self.env.context
        if ctx.get("active_model") == "res.partner" and ctx.get("active_ids"):
            partners = self.env["res.partner"].browse(ctx["active_ids"]).exists()
            res["partner_ids"] = [fields.Command.set(partners.ids)]
            res["dst_partner_id"] = partners.sorted(
                lambda p: (p.omni_source_channel_id.sequence or 999, p.id)
            )[:1].id
        return res

    @api.onchange("strategy", "partner_ids", "dst_partner_id")
    def _onchange_strategy(self):
        if self.strategy != "manual" or not self.dst_partner_id:
            self.line_ids = [fields.Command.clear()]
            return
        lines = [fields.Command.clear()]
        for fname in SURVIVOR_FIELDS:
            if len({str(p[fname]) for p in self.partner_ids}) > 1:
                lines.append(
                    fields.Command.create({"field_name": fname, "partner_id": self.dst_partner_id.id})
                )
        self.line_ids = lines

    def action_merge(self):
        self.ensure_one()
        if self.dst_partner_id not in self.partner_ids:
            raise UserError(self.env._("The surviving customer must be one of the selected customers."))
        picks = None
        if self.strategy == "manual":
            picks = {}
            for line in self.line_ids:
                if line.partner_id not in self.partner_ids:
                    raise UserError(self.env._("Each value must come from one of the merged customers."))
                picks[line.field_name] = line.partner_id
        audit = self.env["omni.merge.audit"]._omni_merge(
            self.partner_ids, self.dst_partner_id, strategy=self.strategy, picks=picks
        )
        if self.review_id:
            self.review_id.write({"state": "merged", "audit_id": audit.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.dst_partner_id.id,
            "view_mode": "form",
        }
