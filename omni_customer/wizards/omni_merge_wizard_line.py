# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from ..models.omni_merge_audit import SURVIVOR_FIELDS


class OmniMergeWizardLine(models.TransientModel):
    _name = "omni.merge.wizard.line"
    _description = "Merge customers: value picked for one field"

    wizard_id = fields.Many2one("omni.merge.wizard", required=True, ondelete="cascade")
    field_name = fields.Selection([(f, f.replace("_", " ").title()) for f in SURVIVOR_FIELDS], required=True)
    partner_id = fields.Many2one("res.partner", "Take value from", required=True)
