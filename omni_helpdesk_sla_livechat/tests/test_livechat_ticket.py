# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

from odoo import Command
from odoo.addons.omni_helpdesk_sla.tests.common import OmniHelpdeskCommon
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import html2plaintext


@tagged("post_install", "-at_install")
class TestLivechatTicket(OmniHelpdeskCommon, TransactionCase):
    """``/ticket`` in a live chat, called as the composer calls it
    (``discuss.channel.execute_command_ticket(body=...)``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.livechat = cls.env["im_livechat.channel"].create(
            {
                "name": "Chat web (test)",
                "user_ids": [Command.link(cls.agent.id)],
                "omni_helpdesk_team_id": cls.team.id,
            }
        )
        cls.chat_channel = cls.env.ref("omni_helpdesk_sla_livechat.channel_chat")
        cls.public_user = cls.env.ref("base.public_user")
        cls.non_agent = new_test_user(
            cls.env, login="omni_chat_operator", groups="base.group_user,im_livechat.im_livechat_group_user"
        )

    def _chat(self, visitor=None, lines=()):
        """A live chat of the agent with ``visitor`` (a partner) or with a guest;
        ``lines`` alternate visitor / operator, the visitor first."""
        visitor = visitor or self.env["res.partner"]
        guest = self.env["mail.guest"].create({"name": "Visitante"}) if not visitor else None
        channel = self.env["discuss.channel"].create(
            {
                "name": "Visitante Agente",
                "channel_type": "livechat",
                "livechat_active": True,
                "livechat_channel_id": self.livechat.id,
                "livechat_operator_id": self.agent.partner_id.id,
                "anonymous_name": False if visitor else "Visitante",
                "channel_member_ids": [
                    Command.create({"partner_id": partner.id}) for partner in self.agent.partner_id | visitor
                ],
            }
        )
        if guest:
            channel.add_members(guest_ids=guest.ids, post_joined_message=False)
        for index, line in enumerate(lines):
            if index % 2:
                speaker = channel.with_user(self.agent)
            elif visitor:
                speaker = channel.sudo()
            else:
                # a guest posts as the public user, the guest in the context (as /mail/message/post)
                speaker = channel.with_user(self.public_user).sudo().with_context(guest=guest)
            speaker.message_post(
                body=line,
                author_id=visitor.id if visitor and not index % 2 else None,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        return channel

    def _ticket_cmd(self, channel, body, user=None):
        """The transient answers the operator sees after typing ``body``."""
        before = len(self.env.cr.precommit.data.get("bus.bus.values", []))
        channel.with_user(user or self.agent).execute_command_ticket(body=body)
        sent = [json.loads(v["message"]) for v in self.env.cr.precommit.data["bus.bus.values"][before:]]
        answers = [
            html2plaintext(m["payload"]["body"])
            for m in sent
            if m["type"] == "discuss.channel/transient_message"
        ]
        self.assertEqual(len(answers), 1, "one answer in the chat")
        return answers[0]

    def _chat_legs(self, ticket):
        return ticket.message_ids.filtered(lambda m: m.omni_channel_id == self.chat_channel)

    def test_open_then_continue_own_ticket_as_chat_legs(self):
        chat = self._chat(self.ana, ["Hola, mi pedido no llega", "Lo miro ahora mismo"])
        answer = self._ticket_cmd(chat, "/ticket   Pedido   retrasado")
        ticket = self.env["helpdesk.ticket"].search([("partner_id", "=", self.ana.id)])
        self.assertEqual(len(ticket), 1)
        self.assertIn(ticket.number, answer)
        self.assertEqual(ticket.name, "Pedido retrasado")
        self.assertEqual((ticket.team_id, ticket.user_id), (self.team, self.agent))
        self.assertEqual(ticket.omni_started_channel_id, self.chat_channel)
        self.assertFalse(ticket.omni_channel_changed)
        leg = self._chat_legs(ticket)
        self.assertEqual(len(leg), 1)
        self.assertEqual(leg.author_id, self.ana)
        text = html2plaintext(leg.body)
        self.assertIn("Hola, mi pedido no llega", text)
        self.assertIn("Lo miro ahora mismo", text)
        self.assertIn("Chat", ticket.omni_journey)
        self.assertEqual(ticket.omni_sla_policy_id, self.policy)
        self.assertFalse(self._status(ticket, "first_reply").achieved_at)
        self.assertFalse(self._status(ticket, "next_reply"), "the opening chat leg is not a follow-up")
        self.assertIn(
            "ticket_leg",
            self.env["omni.interaction"]
            .search([("partner_id", "=", self.ana.id), ("channel_id", "=", self.chat_channel.id)])
            .mapped("interaction_type"),
        )
        # the agent answers by e-mail/portal; the customer comes back through the chat
        ticket.with_user(self.agent).message_post(
            body="Sale mañana", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self.assertTrue(self._status(ticket, "first_reply").achieved_at)
        later = self._chat(self.ana, ["Sigue sin llegar"])
        answer = self._ticket_cmd(later, f"/ticket #{ticket.number.lower()}")
        self.assertIn(ticket.number, answer)
        self.assertEqual(len(self._chat_legs(ticket)), 2)
        self.assertIn("Sigue sin llegar", html2plaintext(self._chat_legs(ticket).sorted("id")[-1].body))
        nxt = self._status(ticket, "next_reply")
        self.assertEqual(len(nxt), 1, "the chat leg is the customer's message: the next reply clock runs")
        self.assertFalse(nxt.achieved_at)
        # by id as well; still one ticket for Ana
        self._ticket_cmd(self._chat(self.ana, ["¿Alguna novedad?"]), f"/ticket {ticket.id}")
        self.assertEqual(len(self._chat_legs(ticket)), 3)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([("partner_id", "=", self.ana.id)]), 1)
        self.assertEqual(ticket.omni_last_channel_id, self.chat_channel)

    def test_guest_resolved_by_the_email_they_gave(self):
        Partner = self.env["res.partner"]
        partners = Partner.search_count([])
        # a known e-mail in another casing: the golden customer, no new partner
        chat = self._chat(lines=["Hola", "¿Su correo?", "Es Bea.Lopez@Example.com"])
        self._ticket_cmd(chat, "/ticket")
        ticket = self.env["helpdesk.ticket"].search([("partner_id", "=", self.bea.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.name, f"Live chat with {self.bea.name}")
        self.assertEqual(Partner.search_count([]), partners)
        # an unknown e-mail: the identity service creates the customer, on the chat channel
        chat = self._chat(lines=["Soy nueva, carla.ruiz@example.com"])
        self._ticket_cmd(chat, "/ticket Alta")
        carla = Partner.search([("email", "=", "carla.ruiz@example.com")])
        self.assertEqual(len(carla), 1)
        self.assertEqual(carla.omni_source_channel_id, self.chat_channel)
        self.assertEqual(self.env["helpdesk.ticket"].search([("name", "=", "Alta")]).partner_id, carla)
        # no e-mail: anonymous, refused, nothing written
        tickets = self.env["helpdesk.ticket"].search_count([])
        partners = Partner.search_count([])
        answer = self._ticket_cmd(self._chat(lines=["Hola, una duda"]), "/ticket")
        self.assertIn("anonymous", answer)
        self.assertEqual(self.env["helpdesk.ticket"].search_count([]), tickets)
        self.assertEqual(Partner.search_count([]), partners)

    def test_refusals_write_nothing(self):
        Ticket = self.env["helpdesk.ticket"]
        own_closed = self._ticket(self.ana)
        own_closed.stage_id = self.stage_done
        bea_ticket = self._ticket(self.bea)
        chat = self._chat(self.ana, ["Hola"])
        empty_chat = self._chat(self.ana)
        tickets, messages = Ticket.search_count([]), self.env["mail.message"].search_count([])
        cases = [
            (f"/ticket {bea_ticket.id}", "another customer's"),
            (f"/ticket #{bea_ticket.number}", "another customer's"),
            (f"/ticket {own_closed.id}", "is closed"),
            ("/ticket 2147483000", "no ticket"),
            ("/ticket 99999999999", "not a ticket reference"),
            ("/ticket #HT 1", "not a ticket reference"),
            ("/ticket #", "not a ticket reference"),
            ("/ticket " + "x" * 201, "at most 200"),
            ("/ticket hola\x00", "at most 200"),
            ("/tickets", "Type /ticket"),
            (None, "Type /ticket"),
            (42, "Type /ticket"),
        ]
        for body, expected in cases:
            with self.subTest(body=body):
                self.assertIn(expected.lower(), self._ticket_cmd(chat, body).lower())
        # an operator who is not a helpdesk agent, a chat with nothing said
        answer = self._ticket_cmd(chat, "/ticket", user=self.non_agent)
        self.assertIn("Only helpdesk agents", answer)
        self.assertIn("empty", self._ticket_cmd(empty_chat, "/ticket"))
        self.assertEqual(Ticket.search_count([]), tickets)
        self.assertEqual(self.env["mail.message"].search_count([]), messages)
        self.assertFalse(self._chat_legs(bea_ticket | own_closed))
