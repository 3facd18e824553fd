# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import secrets

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.addons.omni_customer.locking import claim_rows
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from .omni_return import REFUND_METHODS

RETURN_MODES = [("store", "In store"), ("post", "By post")]
RETURN_STATES = [("requested", "Waiting for the parcel"), ("done", "Refunded")]


class OmniReturn(models.Model):
    """Returns by post: requested from the portal, refunded when the warehouse receives them."""

    _inherit = "omni.return"

    return_mode = fields.Selection(
        RETURN_MODES, string="Returned", default="store", required=True, readonly=True
    )
    state = fields.Selection(RETURN_STATES, default="done", required=True, readonly=True, index=True)
    label_ref = fields.Char(string="Return label", readonly=True, copy=False, index="btree_not_null")

    _sql_constraints = [("label_ref_uniq", "unique(label_ref)", "Return labels are unique.")]

    @api.model
    def _omni_request_by_post(self, order, lines, refund_method="original", channel=None):
        """The customer sends ``lines`` of ``order`` back by post: a return waiting for the parcel.

        Validated like a return in store (only what was delivered and not yet
        returned or on its way back); Odoo's return transfer into the shipping
        warehouse is created but left for the warehouse to receive.
        """
        if refund_method not in dict(REFUND_METHODS):
            raise UserError(self.env._("Unknown refund method."))
        # Two submissions at once (a double click, two tabs) must not both take the same units:
        # the order row is claimed (written), so the second is retried and sees the first one's return.
        claim_rows(order.sudo())
        returnable = self._omni_returnable(order)
        if not returnable:
            raise UserError(self.env._("Nothing delivered on %(order)s is left to return.", order=order.name))
        clean = self._omni_clean_lines(order.order_line, lines, {ln: v[0] for ln, v in returnable.items()})
        if refund_method == "ewallet":
            self._omni_ewallet_program(order.company_id)
        channel = channel or self.env["omni.channel"]._omni_for_website(order.website_id)
        with self.env.cr.savepoint():
            pickings = self._omni_return_pickings(clean, returnable, None, validate=False)
            label = "RL" + secrets.token_hex(5).upper()
            pickings.write({"carrier_tracking_ref": label})
            count = self.search_count([("order_id", "=", order.id)]) + 1
            ret = self.create(
                {
                    "name": self.env._("%(order)s return %(n)s", order=order.name, n=count),
                    "order_id": order.id,
                    "company_id": order.company_id.id,
                    "warehouse_id": pickings[:1].picking_type_id.warehouse_id.id,
                    "channel_id": channel.id,
                    "refund_method": refund_method,
                    "return_mode": "post",
                    "state": "requested",
                    "label_ref": label,
                    "picking_ids": [Command.set(pickings.ids)],
                    "line_ids": [
                        Command.create({"sale_line_id": line.id, "quantity": qty, "reason": reason})
                        for line, (qty, reason) in clean.items()
                    ],
                }
            )
            self.env["omni.delivery.event"]._omni_record(
                order, "return_requested", note=self.env._("Return label %(label)s", label=label)
            )
            ret._omni_send_post_instructions()
        return ret

    def _omni_post_instructions(self):
        """The company's drop-off text in the current language, or a default one."""
        self.ensure_one()
        return self.company_id.omni_return_post_instructions or self.env._(
            "Pack the items, write the return label reference on the parcel and drop it at any post office."
        )

    def _omni_send_post_instructions(self):
        for ret in self:
            order = ret.order_id.with_context(lang=ret.partner_id.lang or self.env.lang)
            ret_lang = ret.with_env(order.env)
            subject = order.env._("Your return %(ret)s: how to send it", ret=ret.name)
            body = Markup("<p>%s <strong>%s</strong></p><p>%s</p>") % (
                order.env._("Return label reference:"),
                ret.label_ref,
                ret_lang._omni_post_instructions(),
            )
            order._omni_notify_customer(subject, body)

    def _omni_post_received(self, pickings):
        """Returns by post whose transfers are all received: refunded as a return in store."""
        for ret in self.search([("state", "=", "requested"), ("picking_ids", "in", pickings.ids)]):
            if any(p.state != "done" for p in ret.picking_ids):
                continue
            received = {}
            for move in ret.picking_ids.move_ids.filtered(lambda m: m.state == "done" and m.sale_line_id):
                line = move.sale_line_id
                qty = move.product_uom._compute_quantity(move.quantity, line.product_uom)
                received[line] = received.get(line, 0.0) + qty
            clean = {}
            for rline in ret.line_ids:
                line = rline.sale_line_id
                qty = min(rline.quantity, received.get(line, 0.0))
                rounding = line.product_uom.rounding
                if float_compare(qty, rline.quantity, precision_rounding=rounding) < 0:
                    rline.quantity = qty
                if not float_is_zero(qty, precision_rounding=rounding):
                    clean[line] = (qty, rline.reason)
            if not clean:
                ret.state = "done"
                continue
            credit_note = self._omni_credit_note(ret.order_id, clean)
            for rline in ret.line_ids:
                rline.amount = sum(
                    credit_note.invoice_line_ids.filtered(
                        lambda aml, sol=rline.sale_line_id: sol in aml.sale_line_ids
                    ).mapped("price_total")
                )
            ret.write({"credit_note_id": credit_note.id, "amount": credit_note.amount_total, "state": "done"})
            if ret.refund_method == "ewallet":
                ret._omni_credit_ewallet(self._omni_ewallet_program(ret.company_id))
            ret._omni_log_return()
