# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPosTickets(TestPointOfSaleHttpCommon):
    """The cashier's ticket RPCs (validated input, the till's company, store legs) and the POS tour."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # POS's fixtures run in their own company, where no helpdesk manager exists yet
        cls.env = cls.env(su=True)
        cls.config = cls.main_pos_config.with_env(cls.env)
        company = {
            "company_id": cls.config.company_id.id,
            "company_ids": [Command.set(cls.config.company_id.ids)],
        }
        cls.team = cls.env["helpdesk.ticket.team"].create(
            {"name": "Tiendas (test)", "company_id": cls.config.company_id.id}
        )
        cls.config.omni_helpdesk_team_id = cls.team
        cls.rosa = cls.env["res.partner"].create({"name": "Rosa Caja Test", "email": "rosa.caja@example.com"})
        cls.luis = cls.env["res.partner"].create({"name": "Luis Otro Test", "email": "luis.otro@example.com"})
        cls.cashier = new_test_user(
            cls.env,
            login="omni_sla_cashier",
            groups="base.group_user,point_of_sale.group_pos_user",
            **company,
        )
        cls.clerk = new_test_user(cls.env, login="omni_sla_clerk", groups="base.group_user", **company)
        cls.Config = cls.env["pos.config"].with_user(cls.cashier)

    def _store_order(self, partner, ref, amount=10):
        if not self.config.current_session_id:
            self.config.with_user(self.pos_user).open_ui()
        product = self.env["product.product"].create({"name": f"Zapatillas {ref}", "list_price": amount})
        return self.env["pos.order"].create(
            {
                "session_id": self.config.current_session_id.id,
                "partner_id": partner.id,
                "pos_reference": f"Order {ref}",
                "lines": [
                    Command.create(
                        {"product_id": product.id, "qty": 1, "price_unit": amount,
                         "price_subtotal": amount, "price_subtotal_incl": amount}
                    )
                ],
                "amount_tax": 0, "amount_total": amount, "amount_paid": amount, "amount_return": 0,
                # paid: a past order, not one the till reloads as open
                "state": "paid",
            }
        )  # fmt: skip

    def _open(self, partner=None, **kwargs):
        return self.Config.omni_pos_open_ticket(
            self.config.id,
            (partner or self.rosa).id,
            kwargs.pop("subject", "Zapatillas despegadas"),
            **kwargs,
        )

    def test_open_ticket_store_leg(self):
        result = self._open(description="Se despegaron")
        ticket = self.env["helpdesk.ticket"].browse(result["id"])
        channel = self.env["omni.channel"]._omni_for_pos_config(self.config)
        self.assertEqual(ticket.partner_id, self.rosa)
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.omni_started_channel_id, channel)
        self.assertEqual(result["number"], ticket.number)
        summary = self.env["res.partner"].with_user(self.cashier).omni_pos_360(self.rosa.id)
        self.assertIn(ticket.id, [t["id"] for t in summary["open_tickets"]])
        message_id = self.Config.omni_pos_ticket_note(
            self.config.id, ticket.id, "La clienta vino a la tienda"
        )
        message = self.env["mail.message"].browse(message_id)
        self.assertEqual(message.omni_channel_id, channel)
        self.assertEqual(message.author_id, self.cashier.partner_id)
        self.assertIn("vino a la tienda", message.body)
        self.assertEqual(ticket.omni_last_channel_id, channel)

    def test_open_ticket_on_a_store_order(self):
        order = self._store_order(self.rosa, "00042-001-0001")
        ref = "00042-001-0001"
        ticket = self.env["helpdesk.ticket"].browse(self._open(order_ref=ref)["id"])
        self.assertEqual(ticket.omni_pos_order_id, order)
        with self.assertRaisesRegex(UserError, "receipt number"):
            self._open(partner=self.luis, order_ref=ref)  # another customer's receipt
        with self.assertRaisesRegex(UserError, "receipt number"):
            self._open(order_ref="99999-999-9999")
        action = order.action_omni_open_ticket()
        self.assertEqual(action["context"]["default_omni_pos_order_id"], order.id)
        self.assertEqual(action["context"]["default_partner_id"], self.rosa.id)
        self.assertEqual(
            action["context"]["omni_channel_id"],
            self.env["omni.channel"]._omni_for_pos_config(self.config).id,
        )

    def test_customer_orders_for_the_picker(self):
        old = self._store_order(self.rosa, "00042-001-0001", 10)
        new = self._store_order(self.rosa, "00042-001-0002", 25)
        old.date_order = "2026-01-10 10:00:00"
        new.date_order = "2026-02-10 10:00:00"
        self._store_order(self.luis, "00042-001-0003")
        orders = self.Config.omni_pos_customer_orders(self.config.id, self.rosa.id)
        self.assertEqual(
            [o["ref"] for o in orders], ["00042-001-0002", "00042-001-0001"], "hers, newest first"
        )
        self.assertEqual(orders[0]["amount"], 25)
        self.assertEqual(set(orders[0]), {"ref", "date", "amount", "currency"}, "nothing else leaves")
        ticket = self.env["helpdesk.ticket"].browse(self._open(order_ref=orders[0]["ref"])["id"])
        self.assertEqual(ticket.omni_pos_order_id, new)
        for partner_id in ("abc", 0, -1, None, 10**12, [1]):
            with self.assertRaises(UserError):
                self.Config.omni_pos_customer_orders(self.config.id, partner_id)
        with self.assertRaises(AccessError):
            self.env["pos.config"].with_user(self.clerk).omni_pos_customer_orders(
                self.config.id, self.rosa.id
            )

    def test_hostile_input(self):
        Ticket = self.env["helpdesk.ticket"]
        count = Ticket.search_count([])
        for config_id in ("abc", -1, None, [1], 10**12):
            with self.assertRaises(UserError):
                self.Config.omni_pos_open_ticket(config_id, self.rosa.id, "Problema")
        for partner_id in ("1 OR 1=1", 0, {"id": 1}, 10**12):
            with self.assertRaises(UserError):
                self.Config.omni_pos_open_ticket(self.config.id, partner_id, "Problema")
        for subject in ("", "   ", None, "x" * 201, ["a"]):
            with self.assertRaises(UserError):
                self.Config.omni_pos_open_ticket(self.config.id, self.rosa.id, subject)
        with self.assertRaises(UserError):
            self._open(description="x" * 4001)
        with self.assertRaises(UserError):
            self._open(order_ref={"ref": 1})
        self.assertEqual(Ticket.search_count([]), count, "nothing half written")
        ticket = Ticket.browse(self._open()["id"])
        for note in ("", None, "x" * 2001, 42):
            with self.assertRaises(UserError):
                self.Config.omni_pos_ticket_note(self.config.id, ticket.id, note)
        for ticket_id in ("abc", 10**12, -3):
            with self.assertRaises(UserError):
                self.Config.omni_pos_ticket_note(self.config.id, ticket_id, "Nota")

    def test_cashier_company_and_rights(self):
        with self.assertRaises(AccessError):
            self.env["pos.config"].with_user(self.clerk).omni_pos_open_ticket(
                self.config.id, self.rosa.id, "Problema"
            )
        other = self.env["res.company"].create({"name": "Otra tienda SL (test)"})
        # a cashier of another company cannot use this till
        foreign_cashier = new_test_user(
            self.env,
            login="omni_sla_cashier_other",
            groups="base.group_user,point_of_sale.group_pos_user",
            company_id=other.id,
            company_ids=[Command.set(other.ids)],
        )
        with self.assertRaises(AccessError):
            self.env["pos.config"].with_user(foreign_cashier).omni_pos_open_ticket(
                self.config.id, self.rosa.id, "Problema"
            )
        foreign = self.env["res.partner"].create({"name": "Cliente ajeno", "company_id": other.id})
        with self.assertRaises(AccessError):
            self._open(partner=foreign)
        # a ticket of another company, or a closed one, takes no note from this till
        foreign_ticket = self.env["helpdesk.ticket"].create(
            {"name": "Ajeno", "description": "x", "partner_id": self.rosa.id, "company_id": other.id}
        )
        with self.assertRaises(UserError):
            self.Config.omni_pos_ticket_note(self.config.id, foreign_ticket.id, "Nota")
        ticket = self.env["helpdesk.ticket"].browse(self._open()["id"])
        ticket.stage_id = self.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        with self.assertRaises(UserError):
            self.Config.omni_pos_ticket_note(self.config.id, ticket.id, "Nota")

    def test_pos_tour_open_ticket_in_360(self):
        rosa = self.env["res.partner"].create({"name": "Rosa Ticket Gil", "email": "rosa.ticket@correo.es"})
        past = self._store_order(rosa, "00077-001-0007", 42)
        self.start_pos_tour("omni_helpdesk_sla_pos_tour", login="pos_user")
        ticket = self.env["helpdesk.ticket"].search([("partner_id", "=", rosa.id)])
        self.assertEqual(len(ticket), 1)
        self.assertEqual(ticket.name, "Zapatillas despegadas")
        self.assertEqual(ticket.omni_pos_order_id, past, "the past order picked in the dialog")
        channel = self.env["omni.channel"]._omni_for_pos_config(self.main_pos_config)
        self.assertEqual(ticket.omni_started_channel_id, channel)
        note = ticket.message_ids.filtered(lambda m: "vino a la tienda" in (m.body or ""))
        self.assertEqual(note.omni_channel_id, channel)
        self.assertEqual(note.author_id, self.pos_user.partner_id)
