# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        posted._omni_return_loyalty()
        return posted

    def _omni_return_loyalty(self):
        """A credit note on a sale order takes back the points of the refunded goods."""
        Card = self.env["loyalty.card"]
        for move in self.filtered(lambda m: m.move_type == "out_refund"):
            orders = move.invoice_line_ids.sale_line_ids.order_id
            for order in orders:
                returned = sum(
                    move.invoice_line_ids.filtered(
                        lambda line, o=order: o in line.sale_line_ids.order_id
                    ).mapped("price_total")
                )
                if returned > 0:
                    Card._omni_return_points(
                        order, returned, return_record=move, channel=order.omni_channel_id
                    )
