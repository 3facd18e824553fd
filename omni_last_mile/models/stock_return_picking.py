# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class StockReturnPicking(models.TransientModel):
    _inherit = "stock.return.picking"

    def _prepare_picking_default_values_based_on(self, picking):
        """A return taken back in a store comes into THAT store's stock.

        ``omni_return_warehouse`` (context, set by ``omni.return``) is the store
        where the customer brought the goods: its receipt type and stock
        location replace the shipping warehouse's return type.
        """
        vals = super()._prepare_picking_default_values_based_on(picking)
        store = self.env.context.get("omni_return_warehouse")
        if store and picking == self.picking_id:
            warehouse = self.env["stock.warehouse"].browse(store)
            vals.update(
                {
                    "picking_type_id": warehouse.in_type_id.id,
                    "location_dest_id": warehouse.lot_stock_id.id,
                }
            )
        return vals
