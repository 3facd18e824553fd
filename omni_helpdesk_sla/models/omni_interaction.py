# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OmniInteraction(models.Model):
    _inherit = "omni.interaction"

    interaction_type = fields.Selection(
        selection_add=[("ticket", "Ticket opened"), ("ticket_leg", "Ticket follow-up")],
        ondelete={"ticket": "cascade", "ticket_leg": "cascade"},
    )
