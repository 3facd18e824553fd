# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import Markup

from odoo import models
from odoo.tools import html2plaintext

from ..tools import chat_command


class DiscussChannel(models.Model):
    """``/ticket`` in a live chat: open or continue a ticket of the visitor with
    the transcript as a chat leg (the idiom of crm_livechat's ``/lead``)."""

    _inherit = "discuss.channel"

    def execute_command_ticket(self, **kwargs):
        """Called by the composer (``static/src/core/channel_commands.esm.js``); the
        answer is a transient message only the operator sees."""
        self.ensure_one()
        answer = self._omni_ticket_command(kwargs.get("body"))
        self.env.user._bus_send_transient_message(self, answer)

    def _omni_ticket_command(self, body):
        """Run ``/ticket``; the text shown to the operator. Writes only on success."""
        self.ensure_one()
        if self.channel_type != "livechat":
            return self.env._("/ticket works in a live chat only.")
        if not self.env.user.has_group("helpdesk_mgmt.group_helpdesk_user_own"):
            return self.env._("Only helpdesk agents can open or continue a ticket from a live chat.")
        self.check_access("read")
        action, value = chat_command.parse(body)
        if action is None:
            return self._omni_ticket_refusal(value)
        customer, email = self._omni_chat_customer()
        if not customer and not email:
            return self.env._(
                "The visitor is anonymous: ask for their e-mail address in the chat, "
                "then type /ticket again. Nothing was written."
            )
        transcript = self._get_channel_history()
        if not transcript:
            return self.env._("The conversation is empty: there is nothing to put on a ticket.")
        if action == chat_command.OPEN:
            return self._omni_chat_open_ticket(value, customer, email, transcript)
        if not customer:
            return self.env._(
                "No customer has the e-mail address %(email)s: type /ticket to open a new ticket. "
                "Nothing was written.",
                email=email,
            )
        return self._omni_chat_continue_ticket(action, value, customer, transcript)

    def _omni_ticket_refusal(self, key):
        if key == chat_command.BAD_REFERENCE:
            return self.env._(
                "This is not a ticket reference: type /ticket 42 or /ticket #HT00042. Nothing was written."
            )
        if key == chat_command.BAD_SUBJECT:
            return self.env._(
                "The subject must be one line of at most %(max)s characters. Nothing was written.",
                max=chat_command.MAX_SUBJECT,
            )
        return self.env._(
            "Type /ticket to open a ticket, /ticket followed by a subject, "
            "or /ticket followed by a ticket reference (42, #HT00042) to add this chat to it."
        )

    # ------------------------------------------------------------------
    # The visitor, resolved on the golden customer
    # ------------------------------------------------------------------
    def _omni_chat_operators(self):
        """The partners that speak for the shop in this chat: operators and the chatbot."""
        # sudo: chatbot.script.step - reading the script's bot partner, as im_livechat does
        bot = self.sudo().chatbot_current_step_id.chatbot_script_id.operator_partner_id
        return self.livechat_operator_id | self.env.user.partner_id | bot.sudo(False)

    def _omni_chat_visitor_partners(self):
        """Logged-in visitors: share partners of the chat other than the operator
        (or chatbot). A public partner makes the chat anonymous, as in crm_livechat."""
        operators = self._omni_chat_operators()
        partners = self.with_context(active_test=False).channel_member_ids.partner_id.filtered(
            lambda p: p not in operators and p.partner_share
        )
        if any(p.is_public for p in partners):
            return self.env["res.partner"]
        return partners

    def _omni_chat_customer(self):
        """``(partner, e-mail)``: the logged-in visitor, else the golden customer of
        the last e-mail address the visitor typed (``partner`` empty when none
        matches; ``e-mail`` None when they gave none)."""
        partners = self._omni_chat_visitor_partners()
        if partners:
            return partners[:1], None
        operators = self._omni_chat_operators()
        visitor_lines = self.message_ids.filtered(
            lambda m: m.author_guest_id or (m.author_id.partner_share and m.author_id not in operators)
        ).sorted("id")
        email = chat_command.last_email(html2plaintext(m.body or "") for m in visitor_lines)
        if not email:
            return self.env["res.partner"], None
        match = self.env["res.partner"]._omni_match({"email": email})
        return match["partner"].sudo(False), email

    def _omni_chat_create_customer(self, email):
        """The identity service's entry point: the golden customer of ``email``,
        created (on the chat channel) when none matches."""
        chat = self.env["omni.channel"]._omni_get("chat")
        guest = self.channel_member_ids.guest_id[:1]
        # sudo: an agent without contact-creation rights records the visitor as
        # a customer; only the name and the e-mail they gave in this chat are set.
        return (
            self.env["res.partner"]
            .sudo()
            .with_context(omni_match_on_create=True, omni_channel_id=chat.id)
            .create({"name": self.anonymous_name or guest.name or email, "email": email})
            .sudo(False)
        )

    # ------------------------------------------------------------------
    # Tickets
    # ------------------------------------------------------------------
    def _omni_chat_post_leg(self, ticket, customer, transcript):
        """The transcript on the ticket as a chat leg written by the customer: a
        customer message for the SLA clocks, like an inbound call or WhatsApp."""
        chat = self.env["omni.channel"]._omni_get("chat", ticket.company_id)
        header = self.env._("Live chat transcript (%(chat)s)", chat=self.name)
        return ticket.with_context(omni_sla_role="customer").message_post(
            body=Markup("<p><strong>%s</strong></p><p>%s</p>") % (header, transcript),
            author_id=customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            omni_channel_id=chat.id,
        )

    def _omni_chat_open_ticket(self, subject, customer, email, transcript):
        customer = customer or self._omni_chat_create_customer(email)
        team = self.livechat_channel_id.omni_helpdesk_team_id
        company = team.company_id or self.env.company
        chat = self.env["omni.channel"]._omni_get("chat", company)
        ticket = (
            self.env["helpdesk.ticket"]
            .with_company(company)
            .create(
                {
                    "name": subject or self.env._("Live chat with %(name)s", name=customer.name),
                    "description": transcript,
                    "partner_id": customer.id,
                    "partner_name": customer.name,
                    "partner_email": customer.email,
                    "company_id": company.id,
                    "team_id": team.id,
                    # the operator who talked to the customer follows the ticket up
                    "user_id": self.env.uid,
                    "omni_started_channel_id": chat.id,
                    "omni_last_channel_id": chat.id,
                }
            )
        )
        self._omni_chat_post_leg(ticket, customer, transcript)
        return self.env._(
            "Opened ticket %(link)s for %(customer)s.", link=ticket._get_html_link(), customer=customer.name
        )

    def _omni_chat_continue_ticket(self, action, value, customer, transcript):
        Ticket = self.env["helpdesk.ticket"]
        if action == chat_command.CONTINUE_ID:
            ticket = Ticket.search([("id", "=", value)])
            reference = str(value)
        else:
            ticket = Ticket.search([("number", "in", [value, value.upper()])], limit=1)
            reference = value
        if not ticket:
            return self.env._(
                "There is no ticket %(ref)s that you can update. Nothing was written.", ref=reference
            )
        if ticket.partner_id != customer:
            return self.env._(
                "Ticket %(ref)s is another customer's, not %(customer)s's. Nothing was written.",
                ref=ticket.number,
                customer=customer.name,
            )
        if ticket.closed:
            return self.env._(
                "Ticket %(ref)s is closed: type /ticket to open a new one. Nothing was written.",
                ref=ticket.number,
            )
        ticket.check_access("write")
        self._omni_chat_post_leg(ticket, customer, transcript)
        return self.env._("Added this chat to ticket %(link)s.", link=ticket._get_html_link())
