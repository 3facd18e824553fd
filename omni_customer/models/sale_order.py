# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import hmac

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq

from ..locking import lock_rows
from .const import RULE_SELECTION

# Rules strong enough to propose a guest order to a known customer.
GUEST_LINK_RULES = ("email", "national_id", "customer_code")
# Order fields that follow partner_id: kept as they are when a verified order
# moves to the customer, so a confirmed order keeps its terms.
PARTNER_DEPENDENT_FIELDS = (
    "partner_invoice_id",
    "partner_shipping_id",
    "payment_term_id",
    "fiscal_position_id",
    "user_id",
    "team_id",
    "note",
)


class SaleOrder(models.Model):
    _inherit = "sale.order"

    omni_channel_id = fields.Many2one(
        "omni.channel",
        "Channel",
        compute="_compute_omni_channel_id",
        store=True,
        readonly=False,
        index="btree_not_null",
    )
    omni_golden_partner_id = fields.Many2one(
        "res.partner",
        "Matched customer",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A guest checkout typed the identity of this known customer. The order becomes theirs only "
        "once verified: by the customer from the e-mail sent to their address, or by a manager.",
    )
    omni_match_rule = fields.Selection(RULE_SELECTION, "Matched by", readonly=True, copy=False)
    omni_match_state = fields.Selection(
        [("unverified", "Unverified"), ("verified", "Verified"), ("rejected", "Rejected")],
        "Customer match",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )

    @api.depends("website_id")
    def _compute_omni_channel_id(self):
        Channel = self.env["omni.channel"]
        for order in self:
            if order.omni_channel_id:
                continue
            if order.website_id:
                order.omni_channel_id = Channel._omni_for_website(order.website_id)
            else:
                order.omni_channel_id = Channel._omni_get("sale", order.company_id)

    def _action_confirm(self):
        res = super()._action_confirm()
        self._omni_log_order()
        self._omni_match_guest_checkout()
        return res

    def _omni_log_order(self):
        self.env["omni.interaction"]._omni_log(
            [
                {
                    "partner_id": order.partner_id.id,
                    "interaction_type": "order",
                    "channel_id": order.omni_channel_id.id,
                    "date": order.date_order,
                    "amount": order.currency_id._convert(
                        order.amount_total, order.company_id.currency_id, order.company_id, order.date_order
                    ),
                    "currency_id": order.company_id.currency_id.id,
                    "company_id": order.company_id.id,
                    "record": order,
                }
                for order in self
            ]
        )

    def _omni_match_guest_checkout(self):
        """Propose guest website orders to the golden customer owning the identity.

        The order stays the guest's (its partner, its typed address): the
        match is recorded as *unverified* with the rule that fired, and a
        mail to the customer's own address asks them to confirm it. Until
        then nothing of the customer is shown to the guest, the guest's
        address is not added to the customer, and the order counts nowhere
        for the customer (the interaction log stays on the guest).
        """
        Partner = self.env["res.partner"]
        for order in self.filtered(lambda o: o.website_id and not o.omni_match_state):
            guest = order.partner_id
            # Only customers typed in by an anonymous visitor at checkout.
            if (
                guest.create_uid != order.website_id.user_id
                or guest.user_ids
                or guest.parent_id
                or guest.is_company
            ):
                continue
            match = Partner._omni_match(
                {
                    "email": guest.email,
                    "phone": guest.phone,
                    "mobile": guest.mobile,
                    "name": guest.name,
                    "vat": guest.vat,
                    "country_id": guest.country_id.id,
                },
                company=order.company_id,
                exclude_ids=guest.ids,
            )
            golden = match["partner"]
            if not golden or match["rule"] not in GUEST_LINK_RULES:
                continue
            # sudo: the public user confirming a guest order cannot write orders.
            order.sudo().write(
                {
                    "omni_golden_partner_id": golden.id,
                    "omni_match_rule": match["rule"],
                    "omni_match_state": "unverified",
                }
            )
            golden._omni_register_match(match["rule"])
            order._omni_send_match_verification()

    # ------------------------------------------------------------------
    # Verification
    # ------------------------------------------------------------------
    def _omni_match_token(self):
        """Secret of the verification link, bound to the order and the customer."""
        self.ensure_one()
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        message = f"omni-guest-match:{self.id}:{self.omni_golden_partner_id.id}".encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()

    def _omni_check_match_token(self, token):
        self.ensure_one()
        return (
            self.omni_match_state == "unverified"
            and bool(self.omni_golden_partner_id)
            and isinstance(token, str)
            and bool(token)
            and consteq(token, self._omni_match_token())
        )

    def _omni_send_match_verification(self):
        """Mail the known address (never the guest's) with the verification link."""
        template = self.env.ref("omni_customer.mail_template_guest_order_match", raise_if_not_found=False)
        for order in self.filtered(lambda o: o.omni_match_state == "unverified"):
            golden = order.omni_golden_partner_id
            if not template or not golden.email:
                continue
            url = f"{order.get_base_url()}/omni/order/{order.id}/verify?token={order._omni_match_token()}"
            # sudo: sent from the public user's checkout, to the customer's address.
            template.sudo().with_context(omni_verify_url=url).send_mail(
                order.id,
                force_send=False,
                email_layout_xmlid="mail.mail_notification_light",
            )

    def _omni_apply_match(self):
        """The customer (or a manager) confirmed: the order and its address become theirs."""
        Interaction = self.env["omni.interaction"].sudo()
        for order in self.sudo():
            # The customer's click and a manager's button may arrive together:
            # the first one applies the match, the other finds it done.
            lock_rows(order, ["omni_match_state"])
            if order.omni_match_state != "unverified":
                continue
            golden = order.omni_golden_partner_id
            guest = order.partner_id
            values = {fname: order[fname] for fname in PARTNER_DEPENDENT_FIELDS}
            values = {k: v.id if isinstance(v, models.BaseModel) else v for k, v in values.items()}
            if guest != golden and not guest.parent_id:
                guest.write({"parent_id": golden.id, "type": "other"})
            order.write(dict(values, partner_id=golden.id, omni_match_state="verified"))
            # The touchpoints of the order and its invoices move to the customer
            # through _omni_log, so every reader (KPIs, RFM, tiers) sees them once.
            moves = order.invoice_ids
            rows = Interaction.search(
                [
                    "|",
                    "&",
                    ("res_model", "=", "sale.order"),
                    ("res_id", "=", order.id),
                    "&",
                    ("res_model", "=", "account.move"),
                    ("res_id", "in", moves.ids or [0]),
                ]
            )
            vals_list = [
                {
                    "partner_id": golden.id,
                    "interaction_type": row.interaction_type,
                    "channel_id": row.channel_id.id,
                    "date": row.date,
                    "amount": row.amount,
                    "currency_id": row.currency_id.id,
                    "company_id": row.company_id.id,
                    "res_model": row.res_model,
                    "res_id": row.res_id,
                    "reference": row.reference,
                    "note": row.note,
                }
                for row in rows
            ]
            rows.unlink()
            Interaction._omni_log(vals_list)
            golden._omni_register_match(order.omni_match_rule)
            order.message_post(
                body=self.env._("The order was confirmed as %(customer)s's.", customer=golden.display_name)
            )

    def action_omni_confirm_match(self):
        self._omni_check_match_manager()
        if self.filtered(lambda o: o.omni_match_state != "unverified"):
            raise UserError(self.env._("Only unverified customer matches can be confirmed."))
        self._omni_apply_match()
        return True

    def action_omni_reject_match(self):
        self._omni_check_match_manager()
        if self.filtered(lambda o: o.omni_match_state != "unverified"):
            raise UserError(self.env._("Only unverified customer matches can be rejected."))
        # sudo: the match fields are read-only for everyone but this action.
        self.sudo().write({"omni_match_state": "rejected"})
        return True

    def _omni_check_match_manager(self):
        if not self.env.su and not self.env.user.has_group("omni_customer.group_omni_manager"):
            raise UserError(self.env._("Only Omnicanal managers can confirm or reject a customer match."))
