# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command, fields, models
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
from odoo.exceptions import UserError


class PosSession(models.Model):
    _inherit = "pos.session"

    def omni_pos_promise(self, partner_id, product_id, warehouse_id):
        """POS RPC: when a ship-home line of ``product_id`` from ``warehouse_id`` reaches the customer.

        ``{"headline", "explanation", "date"}`` of the earliest home-delivery
        method of the session's company, or ``{"error": message}`` when no date
        can be promised (no address, no zone, no transit time): the cashier
        then sees no date and sells all the same. Bad, unknown or another
        company's ids are refused with a ``UserError``.
        """
        session = omni_inputs.rpc_record(self, "session_id")
        partner, product, node = session._omni_promise_inputs(partner_id, product_id, warehouse_id)
        try:
            data = session._omni_ship_promise(partner, node, product)
        except UserError as exc:
            return {"error": exc.args[0]}
        return {
            "headline": data["headline"],
            "explanation": data["explanation"],
            "date": fields.Date.to_string(data["date"]),
        }

    def _omni_promise_inputs(self, partner_id, product_id, warehouse_id):
        """The customer, product and shipping node the till named, read as the cashier."""
        self.ensure_one()
        env = self.env
        company = self.company_id
        pid = omni_inputs.rpc(env, inputs.parse_id, partner_id, "partner_id")
        product_pid = omni_inputs.rpc(env, inputs.parse_id, product_id, "product_id")
        node_id = omni_inputs.rpc(env, inputs.parse_id, warehouse_id, "warehouse_id")
        shared = [("company_id", "in", [False, company.id])]
        partner = env["res.partner"].search([("id", "=", pid), *shared])
        if not partner:
            raise UserError(env._("Unknown customer."))
        product = env["product.product"].search([("id", "=", product_pid), *shared])
        if not product:
            raise UserError(env._("Unknown product."))
        node = env["stock.warehouse"].search([("id", "=", node_id), ("company_id", "=", company.id)])
        if not node or not node.omni_in_network:
            raise UserError(env._("Unknown store or warehouse of the network."))
        if not node.omni_ships:
            raise UserError(env._("%(node)s does not ship to customers.", node=node.name))
        return partner, product, node

    def _omni_ship_promise(self, partner, nodes, products, now=None):
        """Earliest promise of ``products`` shipped from ``nodes`` to ``partner``'s delivery address.

        A virtual sale order (never saved) of the session's company, promised
        with each of its home-delivery methods; ``UserError`` when none can.
        sudo: a cashier may not read sales orders, delivery methods or their
        transit times; the caller validated the records, and only the promise
        (a date and its text) goes back to the till.
        """
        self.ensure_one()
        company = self.company_id
        env_sudo = self.env(su=True)
        shipping = partner.address_get(["delivery"])["delivery"]
        order_sudo = (
            env_sudo["sale.order"]
            .with_company(company)
            .new(
                {
                    "partner_id": partner.id,
                    "partner_shipping_id": shipping,
                    "company_id": company.id,
                    "order_line": [
                        Command.create({"product_id": product.id, "product_uom_qty": 1})
                        for product in products
                    ],
                }
            )
        )
        carriers_sudo = env_sudo["delivery.carrier"]._omni_home_carriers(company)
        best, error = order_sudo._omni_earliest_promise(carriers_sudo, nodes.with_env(env_sudo), now=now)
        if best is None:
            raise error or UserError(self.env._("No delivery method of this company delivers there."))
        return best
