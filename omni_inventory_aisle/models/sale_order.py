# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError, ValidationError


class SaleOrder(models.Model):
    _inherit = "sale.order"

    omni_decision_ids = fields.One2many("omni.sourcing.decision", "order_id", string="Sourcing decisions")
    omni_sourcing_reason = fields.Text(string="Sourcing", readonly=True, copy=False)
    omni_is_split = fields.Boolean(string="Split shipment", readonly=True, copy=False, index=True)
    omni_hold_ids = fields.One2many(
        "omni.stock.hold",
        "res_id",
        string="Holds",
        domain=[("res_model", "=", "sale.order")],
    )
    omni_stock_flag = fields.Selection(
        [
            ("sold_in_store", "Stock sold in store"),
            ("paid_short", "Paid without stock"),
        ],
        string="Stock issue",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A manager must look at this order: the stock it counted on is gone.",
    )
    omni_stock_issue = fields.Text(string="Stock issue details", readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Sourcing (the plan: sale_order_sourcing.py)
    # ------------------------------------------------------------------
    def _omni_source(self):
        """Choose nodes, hold the units, record the decision. Returns allocations.

        Raises ``UserError`` (and writes nothing) when a line that may not be
        sold out of stock cannot be promised, unless the order is already paid:
        a paid order is confirmed anyway and flagged for a manager, with the
        shortage recorded.
        """
        allocations = {}
        Hold = self.env["omni.stock.hold"]
        for order in self:
            plan, lines, nodes, strategy = order._omni_sourcing_plan()
            if not lines:
                continue
            refused = order._omni_refused_lines(plan, lines)
            paid_short = self.env["sale.order.line"]
            if refused and order._omni_is_paid():
                # The shopper has paid: confirm anyway, record the shortage for a manager.
                paid_short, refused = refused, self.env["sale.order.line"]
            if refused:
                raise UserError(
                    self.env._(
                        "Not enough stock in the network for %(order)s:\n%(lines)s",
                        order=order.name,
                        lines=order._omni_shortage_lines_text(plan, refused),
                    )
                )
            quantities = {}
            decisions = []
            for sequence, line in enumerate(lines):
                line_allocs = [(nid, qty) for nid, qty in plan.allocations[line.id] if qty > 0]
                for node_id, qty in line_allocs:
                    key = (line.product_id.id, node_id)
                    quantities[key] = quantities.get(key, 0.0) + qty
                    decisions.append(
                        {
                            "order_id": order.id,
                            "line_id": line.id,
                            "sequence": sequence,
                            "warehouse_id": node_id,
                            "quantity": qty,
                            "distance_km": plan.distances.get(node_id) or 0.0,
                            "kind": plan.reasons.get(node_id, {}).get("kind", "split"),
                            "reason": order._omni_reason_text(plan, nodes.browse(node_id), len(lines)),
                            "strategy": ",".join(strategy),
                        }
                    )
                if line.id in plan.shortages:
                    fallback = order.warehouse_id or nodes[:1]
                    line_allocs.append((fallback.id, plan.shortages[line.id]))
                    if line in paid_short:
                        reason = self.env._(
                            "from %(node)s: paid while no node could promise it, a manager must act",
                            node=fallback.name,
                        )
                    else:
                        reason = self.env._(
                            "from %(node)s: not promisable anywhere, sold out of stock",
                            node=fallback.name,
                        )
                    decisions.append(
                        {
                            "order_id": order.id,
                            "line_id": line.id,
                            "sequence": sequence,
                            "warehouse_id": fallback.id,
                            "quantity": plan.shortages[line.id],
                            "kind": "fallback",
                            "reason": reason,
                            "strategy": ",".join(strategy),
                        }
                    )
                allocations[line.id] = line_allocs
            if quantities:
                Hold._omni_set_holds(
                    order,
                    quantities,
                    state="hard",
                    channel=order._omni_channel(),
                    partner=order.partner_id,
                    cap=bool(paid_short) or order._omni_is_paid(),
                )
            order.omni_decision_ids.sudo().unlink()  # sudo: replaced by the engine, see below
            # sudo: decisions are written by the sourcing engine only; users read them.
            self.env["omni.sourcing.decision"].sudo().create(decisions)
            used = plan.node_ids
            order.write(
                {
                    "omni_is_split": len(used) > 1,
                    "omni_sourcing_reason": "\n".join(
                        order._omni_reason_text(plan, nodes.browse(nid), len(lines)) for nid in used
                    ),
                }
            )
            if paid_short:
                self.env["omni.stock.conflict"]._omni_flag(
                    order,
                    "paid_short",
                    self.env._(
                        "Paid, but the network could not promise every unit:\n%(lines)s",
                        lines=order._omni_shortage_lines_text(plan, paid_short),
                    ),
                )
        return allocations

    def _omni_is_paid(self):
        """A payment transaction of this order is done or authorized."""
        self.ensure_one()
        # sudo: the confirmation reads the order's own transactions, whoever confirms.
        return any(tx.state in ("authorized", "done") for tx in self.sudo().transaction_ids)

    def _omni_refused_lines(self, plan, lines):
        """Lines the plan cannot fully promise and that may not be sold out of stock."""
        return lines.filtered(
            lambda line: line.id in plan.shortages and not line.product_id.allow_out_of_stock_order
        )

    def _omni_shortage_lines_text(self, plan, lines):
        return "\n".join(
            self.env._(
                "%(product)s: %(missing)s missing",
                product=line.product_id.display_name,
                missing=plan.shortages[line.id],
            )
            for line in lines
        )

    def _omni_consume_reserved_holds(self):
        """Once moves reserve the quants, the hold would count the units twice."""
        holds = self.env["omni.stock.hold"]._omni_holds_of(self)
        holds._omni_consume_covered(self.picking_ids.move_ids)

    def _action_confirm(self):
        allocations = self._omni_source()
        res = super(SaleOrder, self.with_context(omni_allocations=allocations))._action_confirm()
        self._omni_consume_reserved_holds()
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        self.env["omni.stock.hold"]._omni_release(self, reason=self.env._("order cancelled"))
        return res

    # ------------------------------------------------------------------
    # Website cart
    # ------------------------------------------------------------------
    def _get_cart_and_free_qty(self, product, line=None):
        """Cap the cart at what the network can promise to the website."""
        cart_qty, free_qty = super()._get_cart_and_free_qty(product, line=line)
        product = product or line.product_id
        if product.is_storable and self.website_id:
            nodes = self._omni_pickup_node().sudo() or None
            data = self.env["omni.stock.availability"]._omni_website_data(
                product, nodes, self.website_id, order=self
            )
            free_qty = data[product.id]["total"]
        return cart_qty, free_qty

    def _verify_updated_quantity(self, order_line, product_id, new_qty, **kwargs):
        """Never let a cart hold more than the network can promise.

        ``website_sale_collect`` skips the stock check when in-store pickup is
        enabled and defers it to checkout; the network figure includes the
        pickup stores, so capping to it here is always right.
        """
        qty, warning = super()._verify_updated_quantity(order_line, product_id, new_qty, **kwargs)
        product = self.env["product.product"].browse(product_id)
        cap = self.company_id.omni_cart_max_qty
        if self.website_id and product.is_storable and cap and qty > cap:
            qty = cap
            warning = self.env._(
                "You can order at most %(max)s of %(product)s online; your cart has been updated.",
                max=cap,
                product=product.display_name,
            )
        if self.website_id and product.is_storable and not product.allow_out_of_stock_order:
            cart_qty, free_qty = self._get_cart_and_free_qty(product, line=order_line)
            old_qty = order_line.product_uom_qty if order_line else 0
            allowed = free_qty - (cart_qty - old_qty)
            if qty > allowed:
                qty = max(allowed, 0)
                warning = self.env._(
                    "Only %(qty)s can be promised for %(product)s; your cart has been updated.",
                    qty=int(qty),
                    product=product.display_name,
                )
        return qty, warning

    def _cart_update(self, product_id, line_id=None, add_qty=0, set_qty=0, **kwargs):
        res = super()._cart_update(product_id, line_id=line_id, add_qty=add_qty, set_qty=set_qty, **kwargs)
        self._omni_hold_cart()
        return res

    def _omni_hold_cart(self):
        """Soft-hold the cart's units in the nodes that would ship them."""
        Hold = self.env["omni.stock.hold"].sudo()  # sudo: visitors hold units of their own cart
        for order in self.filtered(lambda o: o.state == "draft"):
            plan, lines, _nodes, _strategy = order._omni_sourcing_plan()
            quantities = {}
            for line in lines:
                for node_id, qty in plan.allocations.get(line.id, []):
                    key = (line.product_id.id, node_id)
                    quantities[key] = quantities.get(key, 0.0) + qty
            if not quantities:
                Hold._omni_release(order, reason=self.env._("cart emptied"))
                continue
            Hold._omni_set_holds(
                order,
                quantities,
                state="soft",
                channel=order._omni_channel(),
                partner=order.partner_id,
                cap=True,
            )

    def _omni_cart_stock_errors(self):
        """What would make the confirmation of this cart refuse it, as messages.

        Runs the same sourcing plan as the confirmation, without side effect,
        and flags the lines (``shop_warning``) so the cart page shows them.
        """
        self.ensure_one()
        plan, lines, _nodes, _strategy = self._omni_sourcing_plan()
        refused = self._omni_refused_lines(plan, lines)
        errors = []
        for line in refused:
            left = max(line._omni_product_qty() - plan.shortages[line.id], 0)
            line.shop_warning = self.env._(
                "Only %(qty)s of %(product)s can be delivered; please lower the quantity.",
                qty=int(left),
                product=line.product_id.display_name,
            )
            errors.append(line.shop_warning)
        return errors

    def _check_cart_is_ready_to_be_paid(self):
        """Refuse to start a payment the confirmation would then refuse (stock)."""
        if self.website_id and self.state == "draft":
            # sudo: the visitor's own cart, checked against the network's figure.
            errors = self.sudo()._omni_cart_stock_errors()
            if errors:
                raise ValidationError(" ".join(errors))
        return super()._check_cart_is_ready_to_be_paid()

    def _get_unavailable_order_lines(self, wh_id):
        """Pickup check of website_sale_collect with the network's figure for the store."""
        lines = self.order_line.filtered("is_storable")
        if not lines or not wh_id:
            return super()._get_unavailable_order_lines(wh_id)
        # sudo: visitors check their own cart against the store's figure.
        node_sudo = self.env["stock.warehouse"].sudo().browse(wh_id)
        data = self.env["omni.stock.availability"]._omni_website_data(
            lines.product_id, node_sudo, self.website_id, order=self
        )
        unavailable = self.env["sale.order.line"]
        for line in lines:
            free = data[line.product_id.id]["nodes"][wh_id]["promisable"]
            if line._omni_product_qty() > free:
                line.shop_warning = self.env._("Only %(new_qty)s available", new_qty=int(max(free, 0)))
                unavailable |= line
        return unavailable
