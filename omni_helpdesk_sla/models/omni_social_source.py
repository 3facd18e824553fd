# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import hmac
import secrets

from odoo import fields, models
from odoo.addons.omni_customer.tools import inputs
from odoo.tools import SQL, html_escape

SUBJECT_LENGTH = 60


class OmniSocialSource(models.Model):
    """A WhatsApp / social account that pushes its customers' messages to a signed webhook."""

    _name = "omni.social.source"
    _description = "WhatsApp / social message source"
    _order = "name, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        "Team",
        check_company=True,
        help="Team of the tickets opened by this source's messages.",
    )
    secret = fields.Char(
        copy=False,
        groups="helpdesk_mgmt.group_helpdesk_manager",
        default=lambda self: secrets.token_urlsafe(32),
        help="Shared secret: each request carries the HMAC-SHA256 of its body in X-Omni-Signature.",
    )
    message_ids = fields.One2many("omni.social.message", "source_id", "Messages received", readonly=True)

    def _omni_signature_ok(self, body, signature):
        """Constant-time check of the hex HMAC-SHA256 of ``body`` (bytes)."""
        self.ensure_one()
        secret = self.sudo().secret  # sudo: the secret is readable by managers only
        if not secret:
            return False
        expected = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
        return inputs.tokens_equal(signature, expected)

    def _omni_receive(self, payload):
        """Record one validated inbound message; ``(ticket, created)``.

        Idempotent on the source's message id: a replay returns the ticket of
        the first delivery and writes nothing. The row carrying the unique key
        is inserted first; a delivery of the same message running at the same
        moment makes PostgreSQL refuse it with a serialization failure, which
        Odoo's request layer retries as a replay.
        """
        self.ensure_one()
        known = self._omni_known(payload["message_id"])
        if known:
            return known.ticket_id, False
        row = self._omni_claim(payload["message_id"])
        if not row:  # committed by another delivery since our read (READ COMMITTED callers)
            return self._omni_known(payload["message_id"]).ticket_id, False
        return self._omni_thread(payload, row), True

    def _omni_known(self, external_id):
        return self.env["omni.social.message"].search(
            [("source_id", "=", self.id), ("external_id", "=", external_id)], limit=1
        )

    def _omni_claim(self, external_id):
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO omni_social_message (source_id, company_id, external_id,
                                                 create_uid, create_date, write_uid, write_date)
                VALUES (%(source)s, %(company)s, %(external)s,
                        %(uid)s, now() at time zone 'utc', %(uid)s, now() at time zone 'utc')
                ON CONFLICT (source_id, external_id) DO NOTHING
                RETURNING id
                """,
                source=self.id,
                company=self.company_id.id,
                external=external_id,
                uid=self.env.uid,
            )
        )
        found = self.env.cr.fetchone()
        return self.env["omni.social.message"].browse(found[0]) if found else None

    def _omni_thread(self, payload, row):
        Partner = self.env["res.partner"]
        company = self.company_id
        match = Partner._omni_match(
            {"phone": payload.get("phone"), "email": payload.get("email"), "name": payload.get("name")},
            company=company,
        )
        partner = match["partner"]
        if not partner:
            partner = Partner.with_company(company).create(
                {
                    "name": payload.get("name") or payload.get("phone") or payload.get("email"),
                    "phone": payload.get("phone") or False,
                    "email": payload.get("email") or False,
                    "company_id": company.id,
                }
            )
        Ticket = self.env["helpdesk.ticket"].with_company(company)
        ticket = Ticket.search(
            [
                ("partner_id", "=", partner.id),
                ("company_id", "=", company.id),
                ("stage_id.closed", "=", False),
            ],
            order="id desc",
            limit=1,
        )
        channel = self.env["omni.channel"]._omni_get("social", company)
        text = payload["text"]
        if not ticket:
            subject = text if len(text) <= SUBJECT_LENGTH else text[: SUBJECT_LENGTH - 1] + "…"
            ticket = Ticket.create(
                {
                    "name": subject,
                    "description": f"<p>{html_escape(text)}</p>",
                    "partner_id": partner.id,
                    "team_id": self.team_id.id,
                    "company_id": company.id,
                    "omni_started_channel_id": channel.id,
                    "omni_last_channel_id": channel.id,
                }
            )
        message = ticket.with_context(omni_sla_role="customer").message_post(
            body=text,
            author_id=partner.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            omni_channel_id=channel.id,
        )
        row.write({"ticket_id": ticket.id, "mail_message_id": message.id, "partner_id": partner.id})
        return ticket
