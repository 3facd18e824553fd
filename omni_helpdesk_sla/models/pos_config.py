# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
from odoo.exceptions import AccessError, UserError


class PosConfig(models.Model):
    _inherit = "pos.config"

    omni_helpdesk_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        "Helpdesk team",
        check_company=True,
        help="Team of the tickets the cashiers open from this point of sale.",
    )

    @api.model
    def _omni_pos_till(self, config_id):
        """The cashier's till, checked: a POS user of the till's company."""
        config_id = omni_inputs.rpc(self.env, inputs.parse_id, config_id, "pos_config_id")
        if not self.env.user.has_group("point_of_sale.group_pos_user"):
            raise AccessError(self.env._("Only cashiers open tickets from the point of sale."))
        config = self.browse(config_id).exists()
        if not config:
            raise UserError(self.env._("Unknown point of sale."))
        config.check_access("read")  # another company's till: AccessError
        if config.company_id not in self.env.user.company_ids:
            raise AccessError(self.env._("This point of sale belongs to another company."))
        return config

    def _omni_pos_customer(self, partner_id):
        partner_id = omni_inputs.rpc(self.env, inputs.parse_id, partner_id, "partner_id")
        partner = self.env["res.partner"].browse(partner_id).exists()
        if not partner:
            raise UserError(self.env._("Unknown customer."))
        partner.check_access("read")
        if partner.company_id and partner.company_id != self.company_id:
            raise AccessError(self.env._("This customer belongs to another company."))
        return partner

    def _omni_pos_order(self, partner, order_ref):
        """The customer's store order quoted by its receipt number, in this till's company."""
        Order = self.env["pos.order"]
        if not order_ref:
            return Order
        # sudo: a cashier quotes a receipt of another till of the store; only
        # an order of this customer and company is accepted.
        order = Order.sudo().search(
            [
                ("pos_reference", "in", [order_ref, f"Order {order_ref}"]),
                ("partner_id", "child_of", partner.commercial_partner_id.id),
                ("company_id", "=", self.company_id.id),
            ],
            limit=1,
        )
        if not order:
            raise UserError(self.env._("No store order of this customer has that receipt number."))
        return order

    @api.model
    def omni_pos_open_ticket(self, config_id, partner_id, subject, description=None, order_ref=None):
        """A cashier opens a ticket for the selected customer, optionally about a
        store order (receipt number): a store leg on the till's channel."""
        config = self._omni_pos_till(config_id)
        partner = config._omni_pos_customer(partner_id)
        subject = omni_inputs.rpc(
            self.env, inputs.parse_text, subject, "subject", max_length=200, required=True
        )
        description = omni_inputs.rpc(
            self.env, inputs.parse_text, description, "description", max_length=4000
        )
        order_ref = omni_inputs.rpc(self.env, inputs.parse_text, order_ref, "order_ref", max_length=64)
        order = config._omni_pos_order(partner, order_ref)
        channel = self.env["omni.channel"]._omni_for_pos_config(config)
        # sudo: cashiers have no helpdesk rights; the till, the customer and
        # the order were checked above and every value is set here.
        ticket = (
            self.env["helpdesk.ticket"]
            .sudo()
            .with_context(omni_channel_id=channel.id)
            .create(
                {
                    "name": subject,
                    "description": description or subject,
                    "partner_id": partner.id,
                    "partner_name": partner.name,
                    "partner_email": partner.email,
                    "company_id": config.company_id.id,
                    "team_id": config.omni_helpdesk_team_id.id,
                    "omni_pos_order_id": order.id,
                }
            )
        )
        return {"id": ticket.id, "number": ticket.number, "name": ticket.name}

    @api.model
    def omni_pos_customer_orders(self, config_id, partner_id):
        """The customer's 10 latest store orders in the till's company, for the
        ticket dialog's picker: receipt number, date and total only."""
        config = self._omni_pos_till(config_id)
        partner = config._omni_pos_customer(partner_id)
        # sudo: a cashier picks a receipt of another till of the store; only this
        # customer's orders of this company are listed, and only these fields leave.
        orders = (
            self.env["pos.order"]
            .sudo()
            .search_fetch(
                [
                    ("partner_id", "child_of", partner.commercial_partner_id.id),
                    ("company_id", "=", config.company_id.id),
                    ("state", "!=", "cancel"),
                    ("pos_reference", "!=", False),
                ],
                ["pos_reference", "date_order", "amount_total", "currency_id"],
                order="date_order desc, id desc",
                limit=10,
            )
        )
        return [
            {
                "ref": order.pos_reference.removeprefix("Order "),
                "date": fields.Datetime.to_string(order.date_order),
                "amount": order.amount_total,
                "currency": order.currency_id.symbol or "",
            }
            for order in orders
        ]

    @api.model
    def omni_pos_ticket_note(self, config_id, ticket_id, note):
        """A cashier's note ("the customer came to the store") on an open ticket of
        a customer they can read, in the till's company: a store leg."""
        config = self._omni_pos_till(config_id)
        ticket_id = omni_inputs.rpc(self.env, inputs.parse_id, ticket_id, "ticket_id")
        # sudo: cashiers have no helpdesk rights; the ticket must be open, of
        # the till's company and of a customer the cashier can read.
        ticket = self.env["helpdesk.ticket"].sudo().browse(ticket_id).exists()
        if not ticket or ticket.closed or ticket.company_id != config.company_id or not ticket.partner_id:
            raise UserError(self.env._("Unknown or closed ticket."))
        config._omni_pos_customer(ticket.partner_id.id)
        return ticket.omni_add_store_note(note, config.id)
