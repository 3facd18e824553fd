# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)


class PosOrder(models.Model):
    _inherit = "pos.order"

    omni_promise_date = fields.Date(
        string="Promised on",
        readonly=True,
        copy=False,
        help="When the lines shipped to the customer's address should arrive (set when the sale is synced).",
    )
    omni_promise_note = fields.Char(string="Promise", readonly=True, copy=False)

    def _process_saved_order(self, draft):
        res = super()._process_saved_order(draft)
        if not draft and self.state in ("paid", "done", "invoiced"):
            self._omni_write_pos_promise()
        return res

    def _omni_write_pos_promise(self):
        """The delivery promise of the paid order's ship-home lines, stored on the order.

        Never raises: the sale is a fact; a promise that cannot be computed
        leaves both fields empty and is logged.
        """
        self.ensure_one()
        ship = self.lines.filtered(lambda line: line.omni_fulfilment == "ship" and line.omni_warehouse_id)
        if not ship or not self.partner_id:
            return
        try:
            with self.env.cr.savepoint():
                data = self.session_id._omni_ship_promise(
                    self.partner_id, ship.omni_warehouse_id, ship.product_id, now=self.date_order
                )
                self.write({"omni_promise_date": data["date"], "omni_promise_note": data["explanation"]})
        except UserError as exc:
            _logger.info("no delivery promise for POS order %s: %s", self.name, exc.args[0])
        except Exception:
            # Never lose the sale over its promise.
            _logger.exception("could not compute the delivery promise of POS order %s", self.name)

    def _omni_portal_returnable(self):
        """The receipt page offers *Return by post* when something is left to return."""
        self.ensure_one()
        if self.state not in ("paid", "done", "invoiced") or not self.partner_id:
            return False
        # sudo: the receipt page is the customer's own (checked by omni_customer's controller).
        return bool(self.env["omni.return"].sudo()._omni_pos_returnable(self.sudo()))
