# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
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
            # The preview the cashier checks before handing the parcel over.
            "lines": [
                {
                    "product": line.product_id.display_name,
                    "qty": line.product_uom_qty,
                    "uom": line.product_uom.name,
                }
                for line in order_sudo.order_line
                if not line.display_type and not line.is_delivery
            ],
        }

    def omni_collect_hand_over(self, code):
        """POS RPC: hand the order over: picking validated, step *collected*."""
        order_sudo = self._omni_pickup_order(code)
        order_sudo._omni_hand_over()
        return {"id": order_sudo.id, "name": order_sudo.name, "step": order_sudo.omni_delivery_step}

    # ------------------------------------------------------------------
    # Returns anywhere: a web order taken back in this session's store
    # ------------------------------------------------------------------
    def _omni_return_store(self):
        """The session the till called (validated) and its store."""
        session = omni_inputs.rpc_record(self, "session_id")
        if session.state != "opened":
            raise UserError(self.env._("Open the session to take returns."))
        return session, session.config_id.picking_type_id.warehouse_id

    def _omni_return_order(self, reference, partner_id=None):
        """The order ``reference`` of this session's company (of ``partner_id`` if given), as superuser.

        sudo: a cashier may not read sales orders, create credit notes or
        return transfers; the open session of this till and the company pin
        what may be returned (only delivered, not yet returned quantities).
        """
        partner = None
        if partner_id:
            pid = omni_inputs.rpc(self.env, inputs.parse_id, partner_id, "partner_id")
            partner = self.env["res.partner"].sudo().browse(pid).exists()
            if not partner:
                raise UserError(self.env._("Unknown customer."))
        return self.env["omni.return"].sudo()._omni_find_order(reference, self.company_id, partner=partner)

    def omni_return_lookup(self, reference, partner_id=None):
        """POS RPC: the order and its returnable lines (``UserError`` otherwise)."""
        session, _store = self._omni_return_store()
        order_sudo = session._omni_return_order(reference, partner_id)
        return self.env["omni.return"].sudo()._omni_preview(order_sudo)

    def omni_return_create(self, reference, lines, refund_method="original", partner_id=None):
        """POS RPC: take the ``lines`` of order ``reference`` back into this store."""
        session, store = self._omni_return_store()
        order_sudo = session._omni_return_order(reference, partner_id)
        ret = (
            self.env["omni.return"]
            .sudo()
            ._omni_return_in_store(order_sudo, store, lines, refund_method=refund_method, session=session)
        )
        return {
            "id": ret.id,
            "name": ret.name,
            "amount": ret.amount,
            "refund_method": ret.refund_method,
            "credit_note": ret.credit_note_id.name,
        }
