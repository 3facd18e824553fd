# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class OmniLoyaltyMergeMove(models.Model):
    """Points a card carried into a customer merge, to split them back on unmerge."""

    _name = "omni.loyalty.merge.move"
    _description = "Loyalty points moved by a customer merge"

    audit_id = fields.Many2one("omni.merge.audit", required=True, ondelete="cascade", index=True)
    card_id = fields.Many2one("loyalty.card", required=True, ondelete="cascade")
    final_card_id = fields.Many2one("loyalty.card", ondelete="cascade")
    points = fields.Float(help="Points of the card before the merge.")
    was_active = fields.Boolean()
    company_id = fields.Many2one(related="audit_id.company_id")
