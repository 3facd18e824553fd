# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import float_compare

_logger = logging.getLogger(__name__)

OPEN_MOVE_STATES = ("waiting", "confirmed", "partially_available", "assigned")


class OmniStockConflict(models.AbstractModel):
    """Promises a sale in store took the units of: re-source them or flag them.

    A till's paid order always takes the unit it sold. When a web (or back
    office) order was counting on that unit, the conflict lands on the order:
    it is re-sourced to another node that can serve it, or flagged for a
    manager (activity, chatter, search filter).
    """

    _name = "omni.stock.conflict"
    _description = "Stock promises broken by a sale in store"

    @api.model
    def _omni_settle(self, pos_order, quantities):
        """Settle the promises ``pos_order`` took units from; returns notices for the cashier."""
        notices = []
        for (product_id, node_id), sold in sorted(quantities.items()):
            product = self.env["product.product"].browse(product_id)
            node = self.env["stock.warehouse"].browse(node_id)
            notices += self._omni_settle_pair(pos_order, product, node, sold)
        return notices

    @api.model
    def _omni_open_sale_moves(self, product, node):
        """Open deliveries of unflagged confirmed sale orders from ``node``, newest order first."""
        moves = self.env["stock.move"].search(
            [
                ("product_id", "=", product.id),
                ("state", "in", OPEN_MOVE_STATES),
                ("location_id.warehouse_id", "=", node.id),
                ("sale_line_id", "!=", False),
                ("sale_line_id.order_id.state", "=", "sale"),
                ("sale_line_id.order_id.omni_stock_flag", "=", False),
            ]
        )
        return moves.sorted(lambda m: (m.state == "assigned", -m.sale_line_id.order_id.id))

    @api.model
    def _omni_settle_pair(self, pos_order, product, node, sold):
        precision = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        moves = self._omni_open_sale_moves(product, node)
        if not moves:
            return []
        cell = self.env["omni.stock.availability"]._omni_get(product, node)[product.id]["nodes"][node.id]
        pos_held = sum(
            self.env["omni.stock.hold"]
            .search(
                [
                    ("product_id", "=", product.id),
                    ("warehouse_id", "=", node.id),
                    ("res_model", "=", "pos.order"),
                    ("state", "=", "hard"),
                ]
            )
            .mapped("quantity")
        )
        demand = sum(moves.mapped("product_qty"))
        # The till can only have broken promises for what it took.
        excess = min(demand + pos_held - cell["on_hand"], sold)
        notices = []
        for line in moves.sale_line_id:
            if float_compare(excess, 0.0, precision_digits=precision) <= 0:
                break
            line_moves = moves.filtered(lambda m, line=line: m.sale_line_id == line)
            qty = sum(line_moves.mapped("product_qty"))
            excess -= qty
            notices.append(self._omni_resource_or_flag(pos_order, line, line_moves, node, qty))
        return notices

    @api.model
    def _omni_resource_or_flag(self, pos_order, line, moves, node, qty):
        order = line.order_id
        try:
            with self.env.cr.savepoint():
                target = self._omni_resource(pos_order, line, moves, node, qty)
        except UserError as exc:
            _logger.info("re-sourcing %s after %s failed: %s", order.name, pos_order.name, exc)
            target = None
        if target:
            return self.env._(
                "%(product)s was promised to %(order)s: now shipped from %(node)s.",
                product=line.product_id.display_name,
                order=order.name,
                node=target.name,
            )
        self._omni_flag(
            order,
            "sold_in_store",
            self.env._(
                "%(qty)s x %(product)s promised from %(node)s was sold in store (%(pos)s) "
                "and no other node can serve it.",
                qty=qty,
                product=line.product_id.display_name,
                node=node.name,
                pos=pos_order.name,
            ),
        )
        return self.env._(
            "%(product)s was promised to %(order)s: a manager will sort it out.",
            product=line.product_id.display_name,
            order=order.name,
        )

    @api.model
    def _omni_resource(self, pos_order, line, moves, node, qty):
        """Move ``qty`` of ``line`` from ``node`` to the best other node; the node, or None."""
        order = line.order_id
        others = self.env["stock.warehouse"]._omni_nodes(order.company_id) - node
        plan, _lines, nodes, _strategy = order._omni_sourcing_plan(
            lines=line, nodes=others, quantities={line.id: qty}
        )
        allocations = [(nid, q) for nid, q in plan.allocations.get(line.id, []) if q > 0]
        if line.id in plan.shortages or len(allocations) != 1:
            return None
        target = nodes.browse(allocations[0][0])
        Hold = self.env["omni.stock.hold"]
        key = (line.product_id.id, target.id)
        self.env["omni.stock.take.lock"]._omni_acquire([key])
        products, targets = Hold._omni_validate({key: qty})
        if Hold._omni_shortages(order, {key: qty}, products, targets, channel=order._omni_channel()):
            return None
        Hold._omni_holds_of(order).filtered(
            lambda h: h.product_id == line.product_id and h.warehouse_id == node
        ).write({"state": "released", "release_reason": self.env._("sold in store")})
        Hold._omni_create_holds(order, {key: qty}, "hard", order._omni_channel(), order.partner_id)
        moves._action_cancel()
        line.with_context(omni_allocations={line.id: [(target.id, qty)]})._action_launch_stock_rule()
        order._omni_consume_reserved_holds()
        reason = self.env._(
            "from %(node)s: re-sourced, the unit in %(old)s was sold in store (%(pos)s)",
            node=target.name,
            old=node.name,
            pos=pos_order.name,
        )
        # sudo: decisions are written by the sourcing engine only; users read them.
        self.env["omni.sourcing.decision"].sudo().create(
            {
                "order_id": order.id,
                "line_id": line.id,
                "sequence": 99,
                "warehouse_id": target.id,
                "quantity": qty,
                "distance_km": plan.distances.get(target.id) or 0.0,
                "kind": "resourced",
                "reason": reason,
                "strategy": order.company_id.omni_sourcing_strategy,
            }
        )
        order.message_post(body=reason)
        return target

    @api.model
    def _omni_flag(self, order, kind, reason):
        """Flag ``order`` for a manager: the reason in the chatter and a to-do activity."""
        issue = "\n".join(filter(None, [order.omni_stock_issue, reason]))
        order.write({"omni_stock_flag": kind, "omni_stock_issue": issue})
        order.message_post(body=reason)
        order.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("Stock issue: act on this order"),
            note=reason,
            user_id=self._omni_manager(order).id,
        )

    @api.model
    def _omni_manager(self, order):
        """Who gets the activity: an Omnicanal manager of the company, else the salesperson."""
        group = self.env.ref("omni_customer.group_omni_manager", raise_if_not_found=False)
        # sudo: whoever triggers the flag (a cashier, a visitor) reads the managers' group.
        users = group.sudo().users if group else self.env["res.users"]
        managers = users.filtered(lambda u: not u.share and order.company_id in u.company_ids)
        return managers[:1] or order.user_id or self.env.user
