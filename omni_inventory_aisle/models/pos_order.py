# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import ValidationError


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _omni_pos_quantities(self):
        """``{(product_id, node_id): qty}`` the paid order takes from its store."""
        self.ensure_one()
        store = self.config_id.picking_type_id.warehouse_id
        quantities = {}
        for line in self.lines:
            product = line.product_id
            if not product.is_storable or line.qty <= 0:
                continue
            node = line.omni_warehouse_id or store
            if not node.omni_in_network or (product.allow_out_of_stock_order and not line.omni_warehouse_id):
                continue
            key = (product.id, node.id)
            quantities[key] = quantities.get(key, 0.0) + line.qty
        return quantities

    @api.constrains("lines", "partner_id")
    def _check_omni_remote_lines(self):
        for order in self:
            remote = order.lines.filtered(lambda line: line.omni_warehouse_id)
            if not remote:
                continue
            if not order.partner_id and any(line._omni_is_remote() for line in remote):
                raise ValidationError(self.env._("A line fulfilled by another store needs a customer."))
            for line in remote:
                node = line.omni_warehouse_id
                if not node.omni_in_network or node.company_id != order.company_id:
                    raise ValidationError(
                        self.env._("%(node)s is not a node of the network.", node=node.name)
                    )
                if line.omni_fulfilment == "ship" and not node.omni_ships:
                    raise ValidationError(self.env._("%(node)s does not ship to customers.", node=node.name))
                if line.omni_fulfilment == "collect" and not node.omni_pickup:
                    raise ValidationError(self.env._("%(node)s does not accept pickups.", node=node.name))

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
        """Holds are consumed once the order's moves reserved or moved the units."""
        holds = self.env["omni.stock.hold"]._omni_holds_of(self)
        if holds:
            moves = self.picking_ids.move_ids | self.env["stock.move"].search(
                [("group_id", "in", self.procurement_group_id.ids)]
            )
            holds._omni_consume_covered(moves)

    def _process_saved_order(self, draft):
        if not draft and self.state != "cancel":
            self._omni_take_pos_holds()
        res = super()._process_saved_order(draft)
        self._omni_consume_pos_holds()
        return res
