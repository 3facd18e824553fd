# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import secrets
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.addons.omni_customer.locking import claim_rows
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from .omni_return import REFUND_METHODS


class OmniReturn(models.Model):
    """Store (POS) orders returned by post from the portal.

    The same return: Odoo's return transfer of the till's delivery, waiting for
    the parcel; when the warehouse receives it, a customer credit note of the
    returned quantities at the till's prices (or the eWallet credit settling it).
    """

    _inherit = "omni.return"

    pos_order_id = fields.Many2one(
        "pos.order", string="Store order", index="btree_not_null", ondelete="restrict", readonly=True
    )

    _sql_constraints = [
        (
            "one_order",
            "CHECK((order_id IS NULL) != (pos_order_id IS NULL))",
            "A return is of a sale order or of a store order.",
        )
    ]

    @api.depends("pos_order_id.partner_id")
    def _compute_partner_id(self):
        res = super()._compute_partner_id()
        for ret in self.filtered("pos_order_id"):
            ret.partner_id = ret.pos_order_id.partner_id
        return res

    @api.depends("pos_order_id.currency_id")
    def _compute_currency_id(self):
        res = super()._compute_currency_id()
        for ret in self.filtered("pos_order_id"):
            ret.currency_id = ret.pos_order_id.currency_id
        return res

    # ------------------------------------------------------------------
    # What can still be returned
    # ------------------------------------------------------------------
    @api.model
    def _omni_pos_returnable(self, pos_order):
        """``{pos line: quantity still returnable}``: bought, minus refunded at a till
        (Odoo's ``refunded_qty``), minus what returns by post already take back."""
        delivered = set(
            pos_order.picking_ids.filtered(lambda p: p.state == "done")
            .move_ids.filtered(lambda m: m.state == "done" and m.location_dest_id.usage == "customer")
            .product_id.ids
        )
        lines = pos_order.lines.filtered(
            lambda ln: ln.qty > 0 and ln.product_id.type == "consu" and ln.product_id.id in delivered
        )
        taken = dict(
            self.env["omni.return.line"]._read_group(
                [("pos_line_id", "in", lines.ids)], ["pos_line_id"], ["quantity:sum"]
            )
        )
        result = {}
        for line in lines:
            left = line.qty - line.refunded_qty - taken.get(line, 0.0)
            if float_compare(left, 0.0, precision_rounding=line.product_uom_id.rounding) > 0:
                result[line] = left
        return result

    @api.model
    def _omni_pos_preview(self, pos_order):
        """The portal form: the returnable lines, the reasons and refund options."""
        returnable = self._omni_pos_returnable(pos_order)
        if not returnable:
            raise UserError(
                self.env._(
                    "Nothing on %(order)s is left to return.", order=pos_order.pos_reference or pos_order.name
                )
            )
        reasons = self.env["omni.return.line"]._fields["reason"]._description_selection(self.env)
        return {
            "id": pos_order.id,
            "name": pos_order.pos_reference or pos_order.name,
            "lines": [
                {
                    "id": line.id,
                    "product": line.full_product_name or line.product_id.display_name,
                    "returnable": qty,
                    "uom": line.product_uom_id.name,
                    "price_unit": pos_order.currency_id.round(line.price_subtotal_incl / line.qty),
                }
                for line, qty in returnable.items()
            ],
            "reasons": [list(reason) for reason in reasons],
            "ewallet_allowed": bool(pos_order.company_id.omni_return_ewallet),
        }

    # ------------------------------------------------------------------
    # Requesting, receiving, refunding
    # ------------------------------------------------------------------
    @api.model
    def _omni_pos_request_by_post(self, pos_order, lines, refund_method="original", channel=None):
        """The customer sends ``lines`` of store order ``pos_order`` back by post.

        Everything is validated before anything is written; Odoo's return
        transfer of the till's delivery is created, left for the warehouse to receive.
        """
        if refund_method not in dict(REFUND_METHODS):
            raise UserError(self.env._("Unknown refund method."))
        if not pos_order.partner_id:
            raise UserError(self.env._("Only a receipt with a customer can be returned by post."))
        # Two submissions at once (a double click, two tabs) must not both take the same units:
        # the order row is claimed (written), so the second is retried and sees the first one's return.
        claim_rows(pos_order.sudo())
        returnable = self._omni_pos_returnable(pos_order)
        if not returnable:
            raise UserError(
                self.env._(
                    "Nothing on %(order)s is left to return.", order=pos_order.pos_reference or pos_order.name
                )
            )
        clean = self._omni_clean_lines(pos_order.lines, lines, returnable)
        if refund_method == "ewallet":
            self._omni_ewallet_program(pos_order.company_id)
        channel = channel or self.env["omni.channel"]._omni_get("website", pos_order.company_id)
        with self.env.cr.savepoint():
            pickings = self._omni_pos_return_pickings(pos_order, clean)
            label = "RL" + secrets.token_hex(5).upper()
            pickings.write({"carrier_tracking_ref": label})
            count = self.search_count([("pos_order_id", "=", pos_order.id)]) + 1
            ret = self.create(
                {
                    "name": self.env._(
                        "%(order)s return %(n)s", order=pos_order.pos_reference or pos_order.name, n=count
                    ),
                    "pos_order_id": pos_order.id,
                    "company_id": pos_order.company_id.id,
                    "warehouse_id": pickings[:1].picking_type_id.warehouse_id.id,
                    "channel_id": channel.id,
                    "refund_method": refund_method,
                    "return_mode": "post",
                    "state": "requested",
                    "label_ref": label,
                    "picking_ids": [Command.set(pickings.ids)],
                    "line_ids": [
                        Command.create({"pos_line_id": line.id, "quantity": qty, "reason": reason})
                        for line, (qty, reason) in clean.items()
                    ],
                }
            )
            ret._omni_send_pos_post_instructions()
        return ret

    def _omni_pos_return_pickings(self, pos_order, clean):
        """Odoo's return wizard on the till's delivery, per product (POS moves are per product)."""
        per_product = defaultdict(float)
        for line, (qty, _reason) in clean.items():
            per_product[line.product_id] += line.product_uom_id._compute_quantity(qty, line.product_id.uom_id)
        per_picking = defaultdict(dict)
        moves = pos_order.picking_ids.move_ids.filtered(
            lambda m: m.state == "done" and m.location_dest_id.usage == "customer"
        )
        for product, wanted in per_product.items():
            qty = wanted
            product_moves = moves.filtered(lambda m, p=product: m.product_id == p)
            for i, move in enumerate(product_moves):
                # The last move takes the rest (a till refund does not show on returned_move_ids).
                take = qty if i == len(product_moves) - 1 else min(qty, move.quantity)
                if take <= 0:
                    break
                per_picking[move.picking_id][move] = take
                qty -= take
        returns = self.env["stock.picking"]
        for picking, move_qty in per_picking.items():
            wizard = self.env["stock.return.picking"].create({"picking_id": picking.id})
            for wizard_line in wizard.product_return_moves:
                wizard_line.write({"quantity": move_qty.get(wizard_line.move_id, 0.0), "to_refund": True})
            returns |= wizard._create_return()
        return returns

    def _omni_send_pos_post_instructions(self):
        Consent = self.env["omni.consent"]
        for ret in self:
            partner = ret.partner_id
            if not partner.email or not Consent._omni_allowed(partner, "service", "email"):
                continue
            lang_ret = ret.with_context(lang=partner.lang or self.env.lang)
            env = lang_ret.env
            subject = env._("Your return %(ret)s: how to send it", ret=ret.name)
            body = Markup("<p>%s</p><p>%s <strong>%s</strong></p><p>%s</p>") % (
                subject,
                env._("Return label reference:"),
                ret.label_ref,
                lang_ret._omni_post_instructions(),
            )
            # sudo: queued service mail of the customer's own return, whoever requests it.
            self.env["mail.mail"].sudo().create(
                {
                    "subject": subject,
                    "body_html": body,
                    "recipient_ids": [Command.link(partner.id)],
                    "model": "pos.order",
                    "res_id": ret.pos_order_id.id,
                    "auto_delete": True,
                }
            )

    def _omni_post_received(self, pickings):
        """Store orders' returns by post are refunded here; sale orders' by the parent."""
        for ret in self.search(
            [("state", "=", "requested"), ("pos_order_id", "!=", False), ("picking_ids", "in", pickings.ids)]
        ):
            if all(p.state == "done" for p in ret.picking_ids):
                ret._omni_pos_refund_received()
        return super()._omni_post_received(pickings)

    def _omni_pos_refund_received(self):
        """What the parcel held (per product), refunded at the till's prices."""
        self.ensure_one()
        received = defaultdict(float)
        for move in self.picking_ids.move_ids.filtered(lambda m: m.state == "done"):
            received[move.product_id] += move.product_uom._compute_quantity(
                move.quantity, move.product_id.uom_id
            )
        clean = {}
        for rline in self.line_ids:
            line = rline.pos_line_id
            wanted = line.product_id.uom_id._compute_quantity(rline.quantity, line.product_uom_id)
            qty = min(wanted, received[line.product_id])
            received[line.product_id] -= qty
            rounding = line.product_uom_id.rounding
            if float_compare(qty, rline.quantity, precision_rounding=rounding) < 0:
                rline.quantity = qty
            if not float_is_zero(qty, precision_rounding=rounding):
                clean[line] = (qty, rline.reason)
        if not clean:
            self.state = "done"
            return
        credit_note = self._omni_pos_credit_note(clean)
        for rline in self.line_ids:
            rline.amount = sum(
                credit_note.invoice_line_ids.filtered(
                    lambda aml, pl=rline.pos_line_id: aml.omni_pos_line_id == pl
                ).mapped("price_total")
            )
        self.write({"credit_note_id": credit_note.id, "amount": credit_note.amount_total, "state": "done"})
        if self.refund_method == "ewallet":
            self._omni_credit_ewallet(self._omni_ewallet_program(self.company_id))
        Card = self.env["loyalty.card"]
        if hasattr(Card, "_omni_return_points"):
            # omni_loyalty: the points earned on the returned goods are taken back.
            Card._omni_return_points(
                self.pos_order_id,
                credit_note.amount_total,
                return_record=credit_note,
                channel=self.channel_id,
            )
        self._omni_log_return()
