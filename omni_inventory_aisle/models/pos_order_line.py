# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class PosOrderLine(models.Model):
    _inherit = "pos.order.line"

    omni_warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Fulfilled from",
        index="btree_not_null",
        help="Another node of the network fulfils this line.",
    )
    omni_fulfilment = fields.Selection(
        [("ship", "Ship to the customer"), ("collect", "Collect in that store")],
        string="Fulfilment",
    )
    omni_procured = fields.Boolean(copy=False)

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [*super()._load_pos_data_fields(config_id), "omni_warehouse_id", "omni_fulfilment"]

    def _omni_is_remote(self):
        self.ensure_one()
        store = self.order_id.config_id.picking_type_id.warehouse_id
        return bool(self.omni_warehouse_id) and self.omni_warehouse_id != store

    def _prepare_procurement_values(self, group_id=False):
        values = super()._prepare_procurement_values(group_id=group_id)
        if self.omni_warehouse_id:
            # The node's own delivery route creates the picking there.
            values.update(warehouse_id=self.omni_warehouse_id, route_ids=self.env["stock.route"])
        return values

    def _omni_launch_remote(self):
        """Procurement from the chosen node to the customer, one per line."""
        Procurement = self.env["procurement.group"].Procurement
        procurements = []
        todo = self.filtered(lambda line: not line.omni_procured and line.qty > 0)
        for line in (line.with_company(line.company_id) for line in todo):
            group = line._get_procurement_group()
            if not group:
                group = self.env["procurement.group"].create(line._prepare_procurement_group_vals())
                line.order_id.with_context(backend_recomputation=True).write(
                    {"procurement_group_id": group.id}
                )
            procurements.append(
                Procurement(
                    line.product_id,
                    line.qty,
                    line.product_id.uom_id,
                    line.order_id.partner_id.property_stock_customer,
                    line.full_product_name or line.product_id.display_name,
                    line.order_id.name,
                    line.order_id.company_id,
                    line._prepare_procurement_values(group_id=group),
                )
            )
            line.omni_procured = True
        if procurements:
            self.env["procurement.group"].run(procurements)
            moves = self.env["stock.move"].search(
                [
                    ("group_id", "in", todo.order_id.procurement_group_id.ids),
                    ("state", "in", ("confirmed", "partially_available")),
                ]
            )
            moves._action_assign()
