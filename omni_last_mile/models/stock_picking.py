# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    def action_omni_ready_for_pickup(self):
        """The store has prepared the parcel: the order becomes ready for pickup."""
        orders = self.sale_id.filtered(lambda o: o._omni_pickup_node())
        if not orders or any(p.state != "assigned" for p in self):
            raise UserError(
                self.env._("Only a reserved store-pickup transfer can be marked ready for pickup.")
            )
        orders._omni_ready_for_pickup()
        return True

    def _action_done(self):
        """A return by post is refunded when the warehouse receives its parcel."""
        res = super()._action_done()
        # Returns by post are return transfers (stock.return.picking sets return_id): a sale's or a
        # till's own delivery costs no lookup.
        received = self.filtered(lambda p: p.state == "done" and p.return_id)
        if received:
            # sudo: the warehouse user receiving the parcel may not create credit notes or eWallet credits.
            self.env["omni.return"].sudo()._omni_post_received(received)
        return res
