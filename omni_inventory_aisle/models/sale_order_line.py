# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    omni_forced_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Ship from (override)",
        domain="[('omni_in_network', '=', True), ('company_id', '=', company_id)]",
        help="Manager override: fulfil this line from this node.",
    )
    omni_decision_ids = fields.One2many("omni.sourcing.decision", "line_id", string="Sourcing")

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("omni_forced_warehouse_id") for vals in vals_list):
            self._omni_check_override_right()
        return super().create(vals_list)

    def write(self, vals):
        if "omni_forced_warehouse_id" in vals:
            self._omni_check_override_right()
        return super().write(vals)

    def _omni_check_override_right(self):
        if not self.env.su and not self.env.user.has_group("omni_customer.group_omni_manager"):
            raise AccessError(self.env._("Only Omnicanal managers can choose the node that ships a line."))

    def _omni_product_qty(self):
        self.ensure_one()
        return self.product_uom._compute_quantity(self.product_uom_qty, self.product_id.uom_id)

    def _omni_needs_sourcing(self):
        self.ensure_one()
        return self.product_id.is_storable and not self.display_type and self.product_uom_qty > 0

    def _create_procurements(self, product_qty, procurement_uom, origin, values):
        """Run one procurement per node chosen by the sourcing engine.

        Setting ``warehouse_id`` in the procurement values makes the stock rules
        of that warehouse create the picking (delivery route of the node).
        """
        allocations = self.env.context.get("omni_allocations", {}).get(self.id)
        if not allocations:
            return super()._create_procurements(product_qty, procurement_uom, origin, values)
        procurements = []
        left = product_qty
        warehouses = self.env["stock.warehouse"]
        for index, (warehouse_id, qty) in enumerate(allocations):
            if index == len(allocations) - 1:
                part = left
            else:
                part = self.product_id.uom_id._compute_quantity(qty, procurement_uom)
                left -= part
            if part <= 0:
                continue
            procurements += super()._create_procurements(
                part,
                procurement_uom,
                origin,
                dict(values, warehouse_id=warehouses.browse(warehouse_id)),
            )
        return procurements
