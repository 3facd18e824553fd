# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PosOrder(models.Model):
    """Store refunds take back the loyalty effect of the goods they refund."""

    _inherit = "pos.order"

    def action_pos_order_paid(self):
        res = super().action_pos_order_paid()
        self._omni_return_loyalty()
        return res

    def _omni_return_loyalty(self):
        """A store refund takes back the loyalty effect of the refunded goods."""
        Card = self.env["loyalty.card"]
        for refund in self:
            lines = refund.lines.filtered("refunded_orderline_id")
            for original in lines.refunded_orderline_id.order_id:
                returned = -sum(
                    lines.filtered(lambda line, o=original: line.refunded_orderline_id.order_id == o).mapped(
                        "price_subtotal_incl"
                    )
                )
                if returned > 0:
                    Card._omni_return_points(
                        original,
                        returned,
                        return_record=refund,
                        channel=self.env["omni.channel"]._omni_for_pos_config(refund.config_id),
                    )
