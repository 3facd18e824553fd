# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.exceptions import UserError


class PosSession(models.Model):
    _inherit = "pos.session"

    def _omni_pickup_order(self, code):
        """The order waiting in this session's store for ``code``, as superuser.

        sudo: a cashier may not read sales orders or validate transfers; the
        code (single use, unguessable, expiring) and the store of this open
        session are what authorise the hand-over, checked by ``_omni_find_pickup``.
        """
        session = omni_inputs.rpc_record(self, "session_id")
        if session.state != "opened":
            raise UserError(self.env._("Open the session to hand orders over."))
        store = session.config_id.picking_type_id.warehouse_id
        return self.env["sale.order"].sudo()._omni_find_pickup(code, store)

    def omni_collect_lookup(self, code):
        """POS RPC: the order waiting in this session's store for ``code`` (``UserError`` otherwise)."""
        order_sudo = self._omni_pickup_order(code)
        return {
            "id": order_sudo.id,
            "name": order_sudo.name,
            "partner": order_sudo.partner_id.name,
            "amount": order_sudo.amount_total,
        }

    def omni_collect_hand_over(self, code):
        """POS RPC: hand the order over: picking validated, step *collected*."""
        order_sudo = self._omni_pickup_order(code)
        order_sudo._omni_hand_over()
        return {"id": order_sudo.id, "name": order_sudo.name, "step": order_sudo.omni_delivery_step}
