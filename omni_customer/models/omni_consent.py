# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

PURPOSES = [("marketing", "Marketing"), ("service", "Service"), ("receipts", "Receipts")]
MEDIUMS = [("email", "E-mail"), ("sms", "SMS"), ("whatsapp", "WhatsApp"), ("phone", "Phone")]
# Service messages and receipts are allowed unless withdrawn; marketing needs an opt-in.
DEFAULT_GRANTED = {"marketing": False, "service": True, "receipts": True}


class OmniConsent(models.Model):
    """Current consent of a customer for one purpose through one medium.

    One row per (partner, purpose, medium): a change in any channel (portal,
    POS, back office, unsubscribe link) rewrites that row, so it applies
    everywhere; the history of changes is in the chatter and the timeline.
    """

    _name = "omni.consent"
    _description = "Customer consent"
    _inherit = ["mail.thread"]
    _order = "partner_id, purpose, medium"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    purpose = fields.Selection(PURPOSES, required=True)
    medium = fields.Selection(MEDIUMS, required=True)
    granted = fields.Boolean(tracking=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    channel_id = fields.Many2one("omni.channel", "Through channel", tracking=True)
    user_id = fields.Many2one("res.users", "Recorded by", default=lambda self: self.env.user, tracking=True)
    company_id = fields.Many2one(related="partner_id.company_id", store=True, index=True)

    _sql_constraints = [
        (
            "partner_purpose_medium_uniq",
            "unique(partner_id, purpose, medium)",
            "A customer has one consent per purpose and medium.",
        ),
    ]

    @api.model
    def _omni_allowed(self, partner, purpose, medium):
        """The single check every addon calls before sending anything."""
        if purpose not in DEFAULT_GRANTED or medium not in dict(MEDIUMS):
            raise ValidationError(self.env._("Unknown consent purpose or medium."))
        partner = partner.commercial_partner_id if partner else partner
        if not partner:
            return False
        if purpose == "marketing" and medium == "email" and partner.sudo().is_blacklisted:
            return False
        row = self._omni_row(partner, purpose, medium)
        return row.granted if row else DEFAULT_GRANTED[purpose]

    @api.model
    def _omni_row(self, partner, purpose, medium):
        # sudo: the check runs for any sender (cron, cashier, website).
        return self.sudo().search(
            [("partner_id", "=", partner.id), ("purpose", "=", purpose), ("medium", "=", medium)], limit=1
        )

    @api.model
    def _omni_set(self, partner, purpose, medium, granted, channel=None):
        """Grant or withdraw; returns the consent row. Logged on the timeline."""
        if purpose not in DEFAULT_GRANTED or medium not in dict(MEDIUMS):
            raise ValidationError(self.env._("Unknown consent purpose or medium."))
        if not partner:
            raise ValidationError(self.env._("A consent needs a customer."))
        partner = partner.commercial_partner_id
        row = self._omni_row(partner, purpose, medium)
        vals = {
            "granted": bool(granted),
            "date": fields.Datetime.now(),
            "channel_id": channel.id if channel else False,
            "user_id": self.env.uid,
        }
        if row:
            row.write(vals)
        else:
            # sudo: portal users and cashiers record their own / their customer's choice.
            row = self.sudo().create(dict(vals, partner_id=partner.id, purpose=purpose, medium=medium))
        self.env["omni.interaction"]._omni_log(
            [
                {
                    "partner_id": partner.id,
                    "interaction_type": "consent",
                    "channel_id": channel.id if channel else False,
                    "note": self.env._(
                        "%(purpose)s by %(medium)s: %(state)s",
                        purpose=dict(PURPOSES)[purpose],
                        medium=dict(MEDIUMS)[medium],
                        state=self.env._("granted") if granted else self.env._("withdrawn"),
                    ),
                }
            ]
        )
        if purpose == "marketing" and medium == "email" and partner.email and not granted:
            # Unsubscribing here also blacklists the address for mass mailing.
            self.env["mail.blacklist"].sudo()._add(partner.email)
        return row
