# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmniMergeAuditLine(models.Model):
    """One row that pointed at a merged customer before the merge."""

    _name = "omni.merge.audit.line"
    _description = "Customer merge audit row"
    _log_access = False

    audit_id = fields.Many2one("omni.merge.audit", required=True, ondelete="cascade", index=True)
    table_name = fields.Char(required=True)
    column_name = fields.Char(required=True)
    row_id = fields.Integer(help="Primary key of the row, when the table has one.")
    src_partner_id = fields.Integer(
        "Original id", required=True, help="The merged customer's id (its bank account's id for bank rows)."
    )
    target = fields.Selection(
        [("partner", "Customer"), ("reference", "Reference field"), ("bank", "Bank account")],
        "Kind of row",
        default="partner",
        required=True,
    )
    dst_value = fields.Integer("Moved to id", help="Bank rows: the survivor's account the row was moved to.")
    row_data = fields.Text(help="The row as JSON before the merge, to restore it if the merge deleted it.")
    dst_had_row = fields.Boolean(help="For tables without id: the survivor already had the same row.")
