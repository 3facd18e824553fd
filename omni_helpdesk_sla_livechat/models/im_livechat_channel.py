# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class ImLivechatChannel(models.Model):
    _inherit = "im_livechat.channel"

    omni_helpdesk_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        "Helpdesk team",
        help="Team of the tickets the operators open from this channel's chats with /ticket.",
    )
