# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class OmniMergeAuditField(models.Model):
    """One value of the surviving customer that a merge changed.

    Unmerge puts the value back only if nobody edited it since the merge;
    otherwise both values stay here for a manager to choose.
    """

    _name = "omni.merge.audit.field"
    _description = "Customer merge audit value"
    _order = "audit_id, id"

    audit_id = fields.Many2one("omni.merge.audit", required=True, ondelete="cascade", index=True)
    field_name = fields.Char(required=True, readonly=True)
    field_label = fields.Char("Field", compute="_compute_display_values")
    value_before = fields.Json("Value before the merge", readonly=True)
    value_merged = fields.Json("Value set by the merge", readonly=True)
    value_current = fields.Json("Value at unmerge", readonly=True)
    before_display = fields.Char("Before the merge", compute="_compute_display_values")
    merged_display = fields.Char("Set by the merge", compute="_compute_display_values")
    current_display = fields.Char("Edited since to", compute="_compute_display_values")
    state = fields.Selection(
        [
            ("merged", "Merged"),
            ("restored", "Restored"),
            ("conflict", "Edited since the merge: choose"),
            ("kept", "Edited value kept"),
            ("reverted", "Value before the merge applied"),
        ],
        default="merged",
        required=True,
        readonly=True,
    )

    @api.depends("field_name", "value_before", "value_merged", "value_current")
    def _compute_display_values(self):
        Partner = self.env["res.partner"]
        for line in self:
            field = Partner._fields.get(line.field_name)
            line.field_label = field.string if field else line.field_name
            for source, target in (
                ("value_before", "before_display"),
                ("value_merged", "merged_display"),
                ("value_current", "current_display"),
            ):
                value = line[source]
                if field and field.type == "many2one" and value:
                    value = self.env[field.comodel_name].browse(value).exists().display_name or value
                line[target] = "" if value in (None, False) else str(value)

    def _omni_partner(self):
        partner = self.audit_id.dst_partner_id.with_context(active_test=False)
        if not partner:
            raise UserError(self.env._("The surviving customer was deleted."))
        return partner

    def action_use_before(self):
        """Manager's choice: the value the customer had before the merge wins."""
        for line in self:
            if line.state != "conflict":
                raise UserError(self.env._("Only values edited since the merge wait for a choice."))
            line.audit_id._omni_check_manager()
            # sudo: the manager's right was checked; the customer may belong to any channel.
            line._omni_partner().sudo().write({line.field_name: line.value_before or False})
            line.state = "reverted"
        return True

    def action_keep_current(self):
        for line in self:
            if line.state != "conflict":
                raise UserError(self.env._("Only values edited since the merge wait for a choice."))
            line.audit_id._omni_check_manager()
            line.state = "kept"
        return True
