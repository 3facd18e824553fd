# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
from odoo.exceptions import UserError
from odoo.tools import float_compare

from .omni_return_line import REASONS

REFUND_METHODS = [("original", "Original payment"), ("ewallet", "eWallet")]


class OmniReturn(models.Model):
    """Goods of a sale order taken back (in any store): return pickings, credit note, refund."""

    _name = "omni.return"
    _inherit = ["omni.return.refund"]
    _description = "Return of a sale order"
    _order = "date desc, id desc"

    name = fields.Char(required=True, readonly=True)
    # A sale order, or a store (POS) order returned by post (``pos_order_id``, omni_return_pos.py).
    order_id = fields.Many2one("sale.order", index="btree_not_null", ondelete="restrict", readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", compute="_compute_partner_id", store=True, index=True
    )
    company_id = fields.Many2one("res.company", required=True, index=True, readonly=True)
    currency_id = fields.Many2one("res.currency", compute="_compute_currency_id")
    warehouse_id = fields.Many2one("stock.warehouse", string="Returned in", readonly=True, index=True)
    session_id = fields.Many2one("pos.session", readonly=True, index="btree_not_null")
    channel_id = fields.Many2one("omni.channel", readonly=True, index=True)
    channel_type = fields.Selection(related="channel_id.channel_type", store=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    refund_method = fields.Selection(REFUND_METHODS, required=True, default="original", readonly=True)
    picking_ids = fields.Many2many("stock.picking", string="Return transfers", readonly=True)
    credit_note_id = fields.Many2one("account.move", readonly=True, index="btree_not_null")
    ewallet_card_id = fields.Many2one("loyalty.card", string="eWallet", readonly=True)
    amount = fields.Monetary(string="Refunded", currency_field="currency_id", readonly=True)
    line_ids = fields.One2many("omni.return.line", "return_id", readonly=True)

    @api.depends("order_id.partner_id")
    def _compute_partner_id(self):
        for ret in self:
            ret.partner_id = ret.order_id.partner_id

    @api.depends("order_id.currency_id", "company_id")
    def _compute_currency_id(self):
        for ret in self:
            ret.currency_id = ret.order_id.currency_id or ret.company_id.currency_id

    # ------------------------------------------------------------------
    # Finding the order and what can still be returned
    # ------------------------------------------------------------------
    @api.model
    def _omni_find_order(self, reference, company, partner=None):
        """The confirmed order ``reference`` of ``company`` (and ``partner``), or a ``UserError``."""
        ref = omni_inputs.rpc(self.env, inputs.parse_text, reference, "order", max_length=64, required=True)
        order = self.env["sale.order"].search(
            [
                ("name", "in", list({ref, ref.upper()})),
                ("company_id", "=", company.id),
                ("state", "=", "sale"),
            ],
            limit=1,
        )
        if partner is not None and order.partner_id.commercial_partner_id != partner.commercial_partner_id:
            order = order.browse()
        if not order:
            raise UserError(self.env._("No order %(ref)s can be returned here.", ref=ref))
        return order

    @api.model
    def _omni_returnable(self, order):
        """``{sale line: (quantity still returnable, [(delivery move, quantity left)])}``.

        Delivered to the customer (done outgoing moves) minus what their return
        transfers already take back (done or still pending), in the line's unit.
        """
        result = {}
        for line in order.order_line.filtered(
            lambda sol: not sol.display_type and sol.product_id.type == "consu"
        ):
            moves = line.move_ids.filtered(
                lambda m: (
                    m.state == "done"
                    and m.location_dest_id.usage == "customer"
                    and not m.origin_returned_move_id
                )
            )
            per_move = []
            for move in moves:
                returned = sum(
                    r.quantity if r.state == "done" else r.product_uom_qty
                    for r in move.returned_move_ids
                    if r.state != "cancel"
                )
                left = move.product_uom._compute_quantity(move.quantity - returned, line.product_uom)
                if float_compare(left, 0.0, precision_rounding=line.product_uom.rounding) > 0:
                    per_move.append((move, left))
            total = sum(left for _move, left in per_move)
            if per_move:
                result[line] = (total, per_move)
        return result

    @api.model
    def _omni_preview(self, order):
        """What a till shows: the order, its returnable lines, the reasons and refund options."""
        returnable = self._omni_returnable(order)
        if not returnable:
            raise UserError(self.env._("Nothing delivered on %(order)s is left to return.", order=order.name))
        lines = []
        for line, (qty, _moves) in returnable.items():
            unit = line.price_total / line.product_uom_qty if line.product_uom_qty else 0.0
            lines.append(
                {
                    "id": line.id,
                    "product": line.product_id.display_name,
                    "returnable": qty,
                    "uom": line.product_uom.name,
                    "price_unit": order.currency_id.round(unit),
                }
            )
        reasons = self.env["omni.return.line"]._fields["reason"]._description_selection(self.env)
        return {
            "id": order.id,
            "name": order.name,
            "partner": order.partner_id.name,
            "currency": order.currency_id.name,
            "lines": lines,
            "reasons": [list(reason) for reason in reasons],
            "ewallet_allowed": bool(order.company_id.omni_return_ewallet),
        }

    # ------------------------------------------------------------------
    # Taking the return
    # ------------------------------------------------------------------
    def _omni_clean_lines(self, order_lines, lines, left):
        """The customer's ``lines`` (``{"line_id", "quantity", "reason"}``) checked against
        ``left`` (order line -> quantity still returnable): ``{line: (qty, reason)}``.

        One validation for sale and store (POS) order lines: a bad id, quantity or
        reason, a line picked twice or more than is left is a UserError.
        """
        reasons = dict(REASONS)
        if not isinstance(lines, list | tuple) or not lines:
            raise UserError(self.env._("Pick at least one line to return."))
        clean = {}
        for raw in lines:
            if not isinstance(raw, dict):
                raise UserError(self.env._("Pick at least one line to return."))
            line_id = omni_inputs.rpc(self.env, inputs.parse_id, raw.get("line_id"), "line_id")
            qty = omni_inputs.rpc(
                self.env, inputs.parse_quantity, raw.get("quantity"), "quantity", maximum=100000
            )
            reason = raw.get("reason") or "other"
            if not isinstance(reason, str) or reason not in reasons:
                raise UserError(self.env._("Unknown return reason."))
            line = order_lines.filtered(lambda ol, lid=line_id: ol.id == lid)
            if not line or line not in left or line in clean:
                raise UserError(self.env._("This line cannot be returned."))
            # sale.order.line's unit is product_uom, pos.order.line's product_uom_id.
            uom = line.product_uom if "product_uom" in line._fields else line.product_uom_id
            if float_compare(qty, left[line], precision_rounding=uom.rounding) > 0:
                raise UserError(
                    self.env._(
                        "Only %(qty)s %(uom)s of %(product)s can still be returned.",
                        qty=left[line],
                        uom=uom.name,
                        product=line.product_id.display_name,
                    )
                )
            clean[line] = (qty, reason)
        return clean

    @api.model
    def _omni_return_in_store(self, order, warehouse, lines, refund_method="original", session=None):
        """Take back ``lines`` of ``order`` in ``warehouse``: returns, credit note, refund, logs.

        ``lines`` is a list of ``{"line_id", "quantity", "reason"}``. Everything
        is validated before anything is written; a failure later rolls the whole
        return back (savepoint).
        """
        if warehouse.company_id != order.company_id:
            raise UserError(self.env._("No order %(ref)s can be returned here.", ref=order.name))
        if refund_method not in dict(REFUND_METHODS):
            raise UserError(self.env._("Unknown refund method."))
        returnable = self._omni_returnable(order)
        clean = self._omni_clean_lines(order.order_line, lines, {ln: v[0] for ln, v in returnable.items()})
        program = self._omni_ewallet_program(order.company_id) if refund_method == "ewallet" else None
        Channel = self.env["omni.channel"]
        channel = Channel._omni_for_pos_config(session.config_id) if session else Channel._omni_get("sale")
        with self.env.cr.savepoint():
            pickings = self._omni_return_pickings(clean, returnable, warehouse)
            credit_note = self._omni_credit_note(order, clean)
            count = self.search_count([("order_id", "=", order.id)]) + 1
            ret = self.create(
                {
                    "name": self.env._("%(order)s return %(n)s", order=order.name, n=count),
                    "order_id": order.id,
                    "company_id": order.company_id.id,
                    "warehouse_id": warehouse.id,
                    "session_id": session.id if session else False,
                    "channel_id": channel.id,
                    "refund_method": refund_method,
                    "picking_ids": [Command.set(pickings.ids)],
                    "credit_note_id": credit_note.id,
                    "amount": credit_note.amount_total,
                    "line_ids": [
                        Command.create(
                            {
                                "sale_line_id": line.id,
                                "quantity": qty,
                                "reason": reason,
                                "amount": sum(
                                    credit_note.invoice_line_ids.filtered(
                                        lambda aml, sol=line: sol in aml.sale_line_ids
                                    ).mapped("price_total")
                                ),
                            }
                        )
                        for line, (qty, reason) in clean.items()
                    ],
                }
            )
            if program:
                ret._omni_credit_ewallet(program)
            ret._omni_log_return()
        return ret

    def _omni_return_pickings(self, clean, returnable, warehouse, validate=True):
        """Odoo's return wizard on each delivery, received into ``warehouse``'s stock and validated.

        ``warehouse=None``: Odoo's return type of the delivery (its own warehouse);
        ``validate=False``: the transfers wait for the goods (returns by post).
        """
        per_picking = defaultdict(dict)
        for line, (qty, _reason) in clean.items():
            remaining = qty
            for move, left in returnable[line][1]:
                take = min(left, remaining)
                if take <= 0:
                    break
                per_picking[move.picking_id][move] = line.product_uom._compute_quantity(
                    take, move.product_uom
                )
                remaining -= take
        Wizard = self.env["stock.return.picking"].with_context(
            omni_return_warehouse=warehouse.id if warehouse else False
        )
        returns = self.env["stock.picking"]
        for picking, moves in per_picking.items():
            wizard = Wizard.create({"picking_id": picking.id})
            for wizard_line in wizard.product_return_moves:
                wizard_line.write({"quantity": moves.get(wizard_line.move_id, 0.0), "to_refund": True})
            new_picking = wizard._create_return()
            returns |= new_picking
            if not validate:
                continue
            for move in new_picking.move_ids:
                move.quantity = move.product_uom_qty
                move.picked = True
            new_picking.with_context(skip_backorder=True, skip_sms=True)._action_done()
        return returns

    def _omni_log_return(self):
        for ret in self:
            units = sum(ret.line_ids.mapped("quantity"))
            note = self.env._(
                "%(units)s unit(s) returned in %(store)s, refunded to %(method)s",
                units=units,
                store=ret.warehouse_id.name,
                method=dict(ret._fields["refund_method"]._description_selection(self.env))[ret.refund_method],
            )
            if ret.order_id:
                self.env["omni.delivery.event"]._omni_record(ret.order_id, "returned", note=note)
            self.env["omni.interaction"]._omni_log(
                [
                    {
                        "partner_id": ret.partner_id.id,
                        "interaction_type": "refund",
                        "channel_id": ret.channel_id.id,
                        "amount": -ret.amount,
                        "currency_id": ret.currency_id.id,
                        "company_id": ret.company_id.id,
                        "record": ret,
                        "note": note,
                    }
                ]
            )
