# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import math

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .omni_stock_hold import MAX_QTY

_logger = logging.getLogger(__name__)


def _is_id(value):
    """A value that can be a row id: an int (not a bool) in PostgreSQL's integer range."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


class PosOrder(models.Model):
    _inherit = "pos.order"

    omni_stock_notice = fields.Text(
        string="Stock notice",
        readonly=True,
        copy=False,
        help="Web orders that were counting on the units this sale took, and what became of them.",
    )

    @api.model
    def _load_pos_data_fields(self, config_id):
        fields_list = super()._load_pos_data_fields(config_id)
        return [*fields_list, "omni_stock_notice"] if fields_list else fields_list

    @api.model
    def sync_from_ui(self, orders):
        """Refuse a malformed batch with a clear error before anything is written.

        Stock is never a reason to refuse: a well-formed paid order is saved.
        """
        self._omni_check_sync_payload(orders)
        return super().sync_from_ui(orders)

    @api.model
    def _omni_check_sync_payload(self, orders):
        if not isinstance(orders, list):
            raise ValidationError(self.env._("The till must send a list of orders."))
        product_ids, session_ids = set(), set()
        for order in orders:
            if not isinstance(order, dict):
                raise ValidationError(self.env._("Each order sent by the till must be a record."))
            session_id = order.get("session_id")
            if not _is_id(session_id):
                raise ValidationError(self.env._("The order does not name its POS session."))
            session_ids.add(session_id)
            lines = order.get("lines", [])
            if not isinstance(lines, list):
                raise ValidationError(self.env._("The order lines sent by the till are malformed."))
            for command in lines:
                if not isinstance(command, (list, tuple)) or not command:
                    raise ValidationError(self.env._("The order lines sent by the till are malformed."))
                if len(command) < 3 or command[0] not in (0, 1) or not isinstance(command[2], dict):
                    continue
                product_id, qty = command[2].get("product_id"), command[2].get("qty", 0)
                if command[0] == 1 and "product_id" not in command[2]:
                    product_id = None
                elif not _is_id(product_id):
                    raise ValidationError(self.env._("Unknown product %(id)s in the order.", id=product_id))
                if (
                    not isinstance(qty, (int, float))
                    or isinstance(qty, bool)
                    or not math.isfinite(qty)
                    or abs(qty) > MAX_QTY
                ):
                    raise ValidationError(
                        self.env._("The quantity %(qty)s of a line is not a valid number.", qty=qty)
                    )
                if product_id:
                    product_ids.add(product_id)
        if not session_ids:
            return
        # One round trip for both checks, on the till's hot path. Raw SQL, as a sudo()
        # search would be: only whether the products exist (access is checked when the
        # order is written), and a session of a company the cashier cannot use is
        # refused, not hidden. The user's companies come from Odoo's per-user cache.
        self.env.cr.execute(
            SQL(
                "SELECT (SELECT count(*) FROM product_product WHERE id = ANY(%s::int[])),"
                " (SELECT count(*) FROM pos_session s JOIN pos_config c ON c.id = s.config_id"
                " WHERE s.id = ANY(%s::int[]) AND c.company_id = ANY(%s::int[]))",
                list(product_ids),
                list(session_ids),
                list(self.env.user._get_company_ids()),
            )
        )
        products_found, sessions_found = self.env.cr.fetchone()
        if products_found != len(product_ids):
            raise ValidationError(self.env._("Unknown product in the order."))
        if sessions_found != len(session_ids):
            raise ValidationError(self.env._("Unknown POS session, or one of another company."))

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
        """Take the units of a paid order under the network lock: never refused.

        The till sold a unit it physically had: the order is a fact, whatever
        web carts soft-hold, web orders reserved or channel safety stock says.
        Returns ``{order: quantities}`` for ``_omni_settle_conflicts``.
        """
        Hold = self.env["omni.stock.hold"]
        taken = {}
        for order in self:
            quantities = order._omni_pos_quantities()
            if quantities:
                Hold._omni_take_sold(
                    order,
                    quantities,
                    channel=self.env["omni.channel"]._omni_for_pos_config(order.config_id),
                    partner=order.partner_id,
                )
                taken[order] = quantities
        return taken

    def _omni_settle_conflicts(self, taken):
        """Re-source or flag the orders that counted on the units the till sold."""
        # sudo: a cashier's sale settles web orders the cashier may not read or write.
        Conflict = self.env["omni.stock.conflict"].sudo()
        for order, quantities in taken.items():
            try:
                with self.env.cr.savepoint():
                    notices = Conflict._omni_settle(order, quantities)
            except psycopg2.DatabaseError:
                raise  # a serialization failure: the request layer retries the whole sync
            except Exception:
                # Never lose the sale over its side effects on other orders.
                _logger.exception("could not settle the stock promises broken by %s", order.name)
                notices = [self.env._("Some units were promised elsewhere: a manager must check.")]
            if notices:
                order.omni_stock_notice = "\n".join(notices)

    def _omni_consume_pos_holds(self):
        """Holds are consumed once the order's moves reserved or moved the units."""
        holds = self.env["omni.stock.hold"]._omni_holds_of(self)
        if holds:
            moves = self.picking_ids.move_ids | self.env["stock.move"].search(
                [("group_id", "in", self.procurement_group_id.ids)]
            )
            holds._omni_consume_covered(moves)

    def _process_saved_order(self, draft):
        taken = {}
        if not draft and self.state != "cancel":
            taken = self._omni_take_pos_holds()
        res = super()._process_saved_order(draft)
        if taken:  # only a paid order takes holds, here: nothing else to consume
            self._omni_consume_pos_holds()
        self._omni_settle_conflicts(taken)
        return res
