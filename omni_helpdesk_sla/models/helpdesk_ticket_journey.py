# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re

from markupsafe import Markup, escape

from odoo import api, fields, models, tools
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs

# OCA helpdesk_mgmt channels -> omni_customer channel codes
OCA_CHANNELS = {
    "helpdesk_mgmt.helpdesk_ticket_channel_web": "website",
    "helpdesk_mgmt.helpdesk_ticket_channel_email": "email",
    "helpdesk_mgmt.helpdesk_ticket_channel_phone": "phone",
}
SALE_REF = re.compile(r"\b(S\d{5,})\b")
POS_REF = re.compile(r"\b(\d{5}-\d{3}-\d{4})\b")


class HelpdeskTicketJourney(models.Model):
    """The channel journey of a ticket: where it started, where it continued, its legs."""

    _inherit = "helpdesk.ticket"

    omni_started_channel_id = fields.Many2one(
        "omni.channel", "Started on", index=True, readonly=True, copy=False
    )
    omni_continued_channel_ids = fields.Many2many(
        "omni.channel", "helpdesk_ticket_omni_continued_rel", "ticket_id", "channel_id",
        string="Continued on", readonly=True, copy=False,
    )  # fmt: skip
    omni_last_channel_id = fields.Many2one("omni.channel", "Last contact through", readonly=True, copy=False)
    omni_last_contact = fields.Datetime("Last contact", readonly=True, copy=False)
    omni_channel_changed = fields.Boolean("Changed channel", readonly=True, copy=False, index=True)
    omni_journey = fields.Html("Journey", compute="_compute_omni_journey", sanitize=False)

    @api.depends("message_ids.omni_channel_id")
    def _compute_omni_journey(self):
        for ticket in self:
            legs = ticket.message_ids.filtered("omni_channel_id").sorted(lambda m: (m.date, m.id))
            rows = [
                Markup("<li><span>%s</span> · <strong>%s</strong>%s</li>")
                % (
                    fields.Datetime.to_string(fields.Datetime.context_timestamp(ticket, leg.date))[:16],
                    leg.omni_channel_id.name,
                    Markup(" · %s") % escape(leg.author_id.name) if leg.author_id else "",
                )
                for leg in legs
            ]
            ticket.omni_journey = (
                Markup("<ol class='mb-0'>%s</ol>") % Markup("").join(rows) if rows else False
            )

    # ------------------------------------------------------------------
    # Channels and entry points
    # ------------------------------------------------------------------
    def _omni_channel_from_context(self):
        code = self.env.context.get("omni_channel_code")
        channel_id = self.env.context.get("omni_channel_id")
        Channel = self.env["omni.channel"]
        if channel_id:
            # sudo: a portal or e-mail author names the leg's channel, which they cannot read.
            return Channel.sudo().browse(channel_id).exists()
        return Channel._omni_get(code) if code else Channel

    def _omni_channel_from_oca(self, oca_channel_id):
        if not oca_channel_id:
            return self.env["omni.channel"]
        for xmlid, code in OCA_CHANNELS.items():
            if self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=False) == oca_channel_id:
                return self.env["omni.channel"]._omni_get(code)
        return self.env["omni.channel"]

    def _omni_message_channel(self, message_type):
        channel = self._omni_channel_from_context()
        if channel:
            return channel
        if message_type == "email":
            return self.env["omni.channel"]._omni_get("email")
        if message_type == "comment" and self.env.user.share:
            return self.env["omni.channel"]._omni_get("website")
        return channel

    def _get_message_create_valid_field_names(self):
        return super()._get_message_create_valid_field_names() | {"omni_channel_id", "omni_call_duration"}

    def message_post(self, **kwargs):
        if "omni_channel_id" not in kwargs:
            channel = self._omni_message_channel(kwargs.get("message_type", "notification"))
            if channel:
                kwargs["omni_channel_id"] = channel.id
        return super().message_post(**kwargs)

    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if message.omni_channel_id:
            self._omni_add_leg(message)
        role = self._omni_message_role(message)
        if role:
            now = fields.Datetime.now()
            # an e-mail's Date header is the sender's claim: the clock uses arrival
            when = now if message.message_type == "email" else min(message.date or now, now)
            self.env["omni.sla.engine"]._omni_stamp(self, role, when)
        return res

    def _omni_message_role(self, message):
        """``agent`` for a public agent reply, ``customer`` for a public customer message."""
        ctx = self.env.context
        if ctx.get("omni_sla_auto") or ctx.get("mail_auto_reply"):
            return False
        if ctx.get("omni_sla_role"):
            return ctx["omni_sla_role"]
        if (
            message.message_type not in ("comment", "email")
            or message.is_internal
            or message.subtype_id.internal
        ):
            return False
        if not message.subtype_id:
            return False
        # sudo: who wrote a message (agent or customer) is read for any author, users included.
        authors = message.author_id.sudo().with_context(active_test=False).user_ids
        return "agent" if authors and not all(authors.mapped("share")) else "customer"

    def _omni_add_leg(self, message):
        self.ensure_one()
        # sudo: a portal customer's reply records its leg on a ticket they may only read, and
        # compares channels they cannot read; the values are computed here, not taken from the request.
        ticket_sudo = self.sudo()
        channel = message.sudo().omni_channel_id
        vals = {"omni_last_channel_id": channel.id, "omni_last_contact": message.date}
        if not ticket_sudo.omni_started_channel_id:
            vals["omni_started_channel_id"] = channel.id
        elif (
            channel != ticket_sudo.omni_started_channel_id
            and channel not in ticket_sudo.omni_continued_channel_ids
        ):
            vals["omni_continued_channel_ids"] = [fields.Command.link(channel.id)]
            vals["omni_channel_changed"] = True
        ticket_sudo.write(vals)
        partner = self.partner_id or message.author_id
        if partner:
            self.env["omni.interaction"]._omni_log(
                [
                    {
                        "partner_id": partner.id,
                        "interaction_type": "ticket_leg",
                        "channel_id": channel.id,
                        "date": message.date,
                        "record": message.sudo(),  # sudo: the log points at the message, whoever wrote it
                        "reference": self.display_name,
                        "company_id": self.company_id.id,
                        "note": self.name,
                    }
                ]
            )

    def _omni_log_tickets(self):
        self.env["omni.interaction"]._omni_log(
            [
                {
                    "partner_id": ticket.partner_id.id,
                    "interaction_type": "ticket",
                    "channel_id": ticket.omni_started_channel_id.id,
                    "record": ticket,
                    "company_id": ticket.company_id.id,
                    "note": ticket.name,
                }
                for ticket in self
                if ticket.partner_id
            ]
        )

    @api.model
    def _omni_find_orders(self, text, partner):
        """Orders of ``partner`` quoted in a text (``S00042``, a POS receipt number)."""
        # sudo: an e-mail or portal author quotes orders they cannot read; only this
        # partner's orders are matched below.
        Sale, Pos = self.env["sale.order"].sudo(), self.env["pos.order"].sudo()
        if not text or not partner:
            return Sale, Pos
        text = tools.html2plaintext(text) if "<" in text else text
        commercial = partner.commercial_partner_id
        # sudo: the mail gateway and the portal look orders up; only orders of
        # the ticket's own customer are linked.
        sales = Sale.search(
            [("name", "in", SALE_REF.findall(text)[:10]), ("partner_id", "child_of", commercial.id)], limit=1
        )
        pos_refs = POS_REF.findall(text)[:10]
        pos = Pos.search(
            [("pos_reference", "in", [f"Order {r}" for r in pos_refs] + pos_refs),
             ("partner_id", "child_of", commercial.id)], limit=1,
        ) if pos_refs else Pos  # fmt: skip
        return sales, pos

    @api.model
    def message_new(self, msg, custom_values=None):
        custom_values = dict(custom_values or {})
        email_from = msg.get("email_from") or ""
        emails = tools.email_split(email_from)
        if emails:
            match = self.env["res.partner"]._omni_match({"email": emails[0]})
            if match["partner"]:
                custom_values.setdefault("partner_id", match["partner"].id)
                msg["author_id"] = match["partner"].id
        partner = self.env["res.partner"].browse(custom_values.get("partner_id") or msg.get("author_id"))
        sale, pos = self._omni_find_orders(f"{msg.get('subject') or ''}\n{msg.get('body') or ''}", partner)
        if sale:
            custom_values.setdefault("omni_sale_order_id", sale.id)
        if pos:
            custom_values.setdefault("omni_pos_order_id", pos.id)
        email_channel = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email", raise_if_not_found=False)
        if email_channel:
            custom_values.setdefault("channel_id", email_channel.id)
        if partner:
            custom_values.setdefault("partner_name", partner.name)
            custom_values.setdefault("partner_email", partner.email)
        return super(HelpdeskTicketJourney, self.with_context(omni_channel_code="email")).message_new(
            msg, custom_values=custom_values
        )

    # ------------------------------------------------------------------
    # Store legs
    # ------------------------------------------------------------------
    def omni_add_store_note(self, note, pos_config_id=None):
        """A cashier's note on the customer's ticket ("came to the store"): a store leg."""
        ticket = omni_inputs.rpc_record(self, "ticket_id")
        text = omni_inputs.rpc(self.env, inputs.parse_text, note, "note", max_length=2000, required=True)
        config_id = omni_inputs.rpc(self.env, inputs.parse_id, pos_config_id, "pos_config_id", required=False)
        Channel = self.env["omni.channel"]
        config = self.env["pos.config"].browse(config_id).exists() if config_id else False
        if config:
            config.check_access("read")
            channel = Channel._omni_for_pos_config(config)
        else:
            channel = Channel._omni_get("pos")
        message = ticket.with_context(omni_sla_role="customer").message_post(
            body=text, message_type="comment", subtype_xmlid="mail.mt_note", omni_channel_id=channel.id
        )
        return message.id
