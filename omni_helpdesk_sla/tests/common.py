# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import new_test_user

EMAIL = """Return-Path: <{email_from}>
To: soporte@example.com
Message-ID: {msg_id}
{in_reply_to}Date: {date}
From: {name} <{email_from}>
MIME-Version: 1.0
Subject: {subject}
Content-Type: text/plain; charset=UTF-8

{body}
"""


class OmniHelpdeskCommon:
    """Shared fixtures: a team, pause stages, a golden customer with an order, agents, portal users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=False, mail_notrack=False))
        cls.company = cls.env.company
        cls.team = cls.env["helpdesk.ticket.team"].create({"name": "Atención al cliente (test)"})
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        cls.stage_rejected = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_rejected")
        cls.stage_waiting = cls.env["helpdesk.ticket.stage"].create(
            {"name": "Waiting for the customer (test)", "sequence": 50, "omni_sla_pause": "customer"}
        )
        cls.agent = new_test_user(
            cls.env, login="omni_sla_agent", groups="base.group_user,helpdesk_mgmt.group_helpdesk_user"
        )
        cls.leader = new_test_user(
            cls.env, login="omni_sla_leader", groups="base.group_user,helpdesk_mgmt.group_helpdesk_manager"
        )
        cls.team.user_ids = [Command.link(cls.agent.id)]
        cls.ana = cls.env["res.partner"].create(
            {"name": "Ana García Test", "email": "ana.garcia@example.com"}
        )
        cls.bea = cls.env["res.partner"].create({"name": "Bea López Test", "email": "bea.lopez@example.com"})
        cls.portal_ana = new_test_user(
            cls.env,
            login="omni_sla_portal_ana",
            groups="base.group_portal",
            partner_id=cls.ana.id,
            email=cls.ana.email,
        )
        cls.portal_bea = new_test_user(
            cls.env,
            login="omni_sla_portal_bea",
            groups="base.group_portal",
            partner_id=cls.bea.id,
            email=cls.bea.email,
        )
        product = cls.env["product.product"].create({"name": "Zapatillas test", "list_price": 50})
        cls.order = cls.env["sale.order"].create(
            {"partner_id": cls.ana.id, "order_line": [Command.create({"product_id": product.id})]}
        )
        cls.policy = cls.env["omni.sla.policy"].create(
            {
                "name": "Standard (test)",
                "sequence": 1,
                "team_ids": [Command.link(cls.team.id)],
                "target_ids": [
                    Command.create({"metric": "first_reply", "hours": 2}),
                    Command.create({"metric": "next_reply", "hours": 1}),
                    Command.create({"metric": "resolution", "hours": 24}),
                ],
            }
        )

    @classmethod
    def _ticket(cls, partner=None, **vals):
        partner = partner or cls.ana
        return cls.env["helpdesk.ticket"].create(
            dict(
                {
                    "name": "Pedido retrasado",
                    "description": "<p>Mi pedido no llega</p>",
                    "partner_id": partner.id,
                    "team_id": cls.team.id,
                },
                **vals,
            )
        )

    def _status(self, ticket, metric):
        return ticket.omni_sla_status_ids.filtered(lambda s: s.metric == metric).sorted("id")

    def _email(self, email_from, subject, body, msg_id="<omni-sla-1@example.com>", name="Ana", reply_to=None):
        raw = EMAIL.format(
            email_from=email_from,
            name=name,
            subject=subject,
            body=body,
            msg_id=msg_id,
            in_reply_to=f"In-Reply-To: {reply_to}\nReferences: {reply_to}\n" if reply_to else "",
            date=fields.Datetime.now().strftime("%a, %d %b %Y %H:%M:%S +0000"),
        )
        return self.env["mail.thread"].message_process(
            "helpdesk.ticket", raw, custom_values={"team_id": self.team.id}
        )

    def _shift_start(self, ticket, hours):
        """Move a ticket's clocks ``hours`` back in time (as if created earlier)."""
        for status in ticket.omni_sla_status_ids:
            status.start_at = status.start_at - timedelta(hours=hours)
        ticket.omni_sla_status_ids._omni_recompute()
