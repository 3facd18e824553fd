# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _omni_pos_quantities(self):
        """``{(product_id, node_id): qty}`` the paid order takes from its store."""
        self.ensure_one()
        node = self.config_id.picking_type_id.warehouse_id
        quantities = {}
        for line in self.lines:
            product = line.product_id
            if not product.is_storable or line.qty <= 0 or product.allow_out_of_stock_order:
                continue
            key = (product.id, node.id)
            quantities[key] = quantities.get(key, 0.0) + line.qty
        return quantities if node.omni_in_network else {}

    def _omni_take_pos_holds(self):
        """Take the units of a paid order under the network lock.

        The same lock and the same figure as a web checkout: when both want
        the last unit, one of them gets a clear "not enough stock" error.
        """
        Hold = self.env["omni.stock.hold"]
        for order in self:
            quantities = order._omni_pos_quantities()
            if quantities:
                Hold._omni_set_holds(
                    order,
                    quantities,
                    state="hard",
                    channel=self.env["omni.channel"]._omni_for_pos_config(order.config_id),
                    partner=order.partner_id,
                )

    def _omni_consume_pos_holds(self):
        done = self.filtered(lambda o: o.picking_ids and all(p.state == "done" for p in o.picking_ids))
        holds = self.env["omni.stock.hold"]._omni_holds_of(done)
        holds.write({"state": "consumed"})

    def _process_saved_order(self, draft):
        if not draft and self.state != "cancel":
            self._omni_take_pos_holds()
        res = super()._process_saved_order(draft)
        self._omni_consume_pos_holds()
        return res
