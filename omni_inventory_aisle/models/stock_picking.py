# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class StockPicking(models.Model):
    _inherit = "stock.picking"

    @api.model
    def _create_picking_from_pos_order_lines(self, location_dest_id, lines, picking_type, partner=False):
        """Lines sold from another node leave from that node, not from the till's store."""
        remote = lines.filtered(lambda line: line.qty > 0 and line._omni_is_remote())
        pickings = super()._create_picking_from_pos_order_lines(
            location_dest_id, lines - remote, picking_type, partner=partner
        )
        remote._omni_launch_remote()
        return pickings
