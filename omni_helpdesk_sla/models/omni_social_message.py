# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class OmniSocialMessage(models.Model):
    """One message received from a social source: the key that makes the webhook idempotent."""

    _name = "omni.social.message"
    _description = "WhatsApp / social message received"
    _order = "id desc"
    _rec_name = "external_id"

    source_id = fields.Many2one("omni.social.source", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="source_id.company_id", store=True, index=True)
    external_id = fields.Char("Message id", required=True, readonly=True)
    partner_id = fields.Many2one("res.partner", "Customer", readonly=True, index="btree_not_null")
    ticket_id = fields.Many2one("helpdesk.ticket", readonly=True, ondelete="set null", index="btree_not_null")
    mail_message_id = fields.Many2one("mail.message", readonly=True, ondelete="set null")

    _sql_constraints = [
        (
            "external_uniq",
            "unique(source_id, external_id)",
            "This message of the source was already received.",
        ),
    ]
