# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PosSession(models.Model):
    _inherit = "pos.session"

    def omni_collect_lookup(self, code):
        """POS RPC: the order waiting in this session's store for ``code`` (``UserError`` otherwise)."""
        self.ensure_one()
        order = self.env["sale.order"]._omni_find_pickup(code, self.config_id.picking_type_id.warehouse_id)
        return {
            "id": order.id,
            "name": order.name,
            "partner": order.partner_id.name,
            "amount": order.amount_total,
        }

    def omni_collect_hand_over(self, code):
        """POS RPC: hand the order over: picking validated, step *collected*."""
        self.ensure_one()
        order = self.env["sale.order"]._omni_find_pickup(code, self.config_id.picking_type_id.warehouse_id)
        order._omni_hand_over()
        return {"id": order.id, "name": order.name, "step": order.omni_delivery_step}
