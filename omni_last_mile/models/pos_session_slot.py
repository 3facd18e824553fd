# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The till's slot picker: the next free slots of a ship-home or collect line."""

from odoo import fields, models
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
from odoo.exceptions import UserError

from .sale_order_checkout import MAX_SLOTS

SLOT_TYPES = {"ship": "delivery", "collect": "pickup"}


class PosSession(models.Model):
    _inherit = "pos.session"

    def _load_pos_data_models(self, config_id):
        # The slot an order wants is a relation of pos.order: the model must exist in the till
        # (no rows are loaded; the picked slot is read on demand).
        return [*super()._load_pos_data_models(config_id), "omni.delivery.slot"]

    def omni_pos_slots(self, partner_id, warehouse_id, fulfilment):
        """POS RPC: the next free slots of a line shipped to ``partner_id`` or collected in a store.

        ``fulfilment`` is the line's: ``"ship"`` lists the delivery slots of the
        zone of the customer's delivery address, ``"collect"`` the pickup slots
        of the store ``warehouse_id``. Returns ``{"slots": [{"id", "label",
        "remaining"}]}`` (soonest first), or ``{"error": message}`` when the
        address is in no zone. Bad, unknown or another company's ids are
        refused with a ``UserError``.
        """
        session = omni_inputs.rpc_record(self, "session_id")
        if not isinstance(fulfilment, str) or fulfilment not in SLOT_TYPES:
            raise UserError(self.env._("A slot is booked for a line shipped to the customer or collected."))
        partner, node = session._omni_slot_inputs(partner_id, warehouse_id, fulfilment)
        try:
            domain = session._omni_pos_slot_domain(partner, node, fulfilment)
        except UserError as exc:
            return {"error": exc.args[0]}
        slots = self.env["omni.delivery.slot"].search_fetch(
            domain, ["slot_type", "zone_id", "warehouse_id", "date_start", "date_end", "capacity", "booked"]
        )
        free = slots.filtered(lambda s: s.booked < s.capacity)[:MAX_SLOTS]
        return {"slots": [{"id": s.id, "label": s.display_name, "remaining": s.remaining} for s in free]}

    def _omni_slot_inputs(self, partner_id, warehouse_id, fulfilment):
        """The customer and the node of the line the till named, read as the cashier."""
        self.ensure_one()
        env = self.env
        company = self.company_id
        pid = omni_inputs.rpc(env, inputs.parse_id, partner_id, "partner_id")
        node_id = omni_inputs.rpc(env, inputs.parse_id, warehouse_id, "warehouse_id")
        partner = env["res.partner"].search([("id", "=", pid), ("company_id", "in", [False, company.id])])
        if not partner:
            raise UserError(env._("Unknown customer."))
        node = env["stock.warehouse"].search([("id", "=", node_id), ("company_id", "=", company.id)])
        if not node or not node.omni_in_network:
            raise UserError(env._("Unknown store or warehouse of the network."))
        if fulfilment == "ship" and not node.omni_ships:
            raise UserError(env._("%(node)s does not ship to customers.", node=node.name))
        if fulfilment == "collect" and not node.omni_pickup:
            raise UserError(env._("%(node)s does not accept pickups.", node=node.name))
        return partner, node

    def _omni_pos_slot_domain(self, partner, node, fulfilment):
        """Future slots of ``partner``'s zone (ship) or of the store ``node`` (collect).

        ``UserError`` when the customer's delivery address is in no zone.
        """
        self.ensure_one()
        company = self.company_id
        if fulfilment == "collect":
            where = [("slot_type", "=", "pickup"), ("warehouse_id", "=", node.id)]
        else:
            address = self.env["res.partner"].browse(partner.address_get(["delivery"])["delivery"])
            if not address.country_id:
                raise UserError(self.env._("Give a delivery address to see the delivery slots."))
            zone = self.env["omni.delivery.zone"]._omni_match(
                address.country_id, address.state_id, address.zip, company
            )
            where = [("slot_type", "=", "delivery"), ("zone_id", "=", zone.id)]
        return [*where, ("company_id", "=", company.id), ("date_start", ">", fields.Datetime.now())]
