# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    omni_channel_id = fields.Many2one(
        "omni.channel",
        string="Came through",
        index="btree_not_null",
        ondelete="set null",
        help="The channel a customer leg of a ticket came through (e-mail, portal, phone, store...).",
    )
    omni_call_duration = fields.Float(string="Call duration (minutes)")
