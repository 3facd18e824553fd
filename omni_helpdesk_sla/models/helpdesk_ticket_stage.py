# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    omni_sla_pause = fields.Selection(
        [("customer", "Waiting for the customer"), ("hold", "On hold")],
        string="SLA pause",
        help="Tickets in this stage stop their SLA clocks; every pause and resume is audited.",
    )
