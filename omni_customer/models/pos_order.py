# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import hmac
import logging

from odoo import models

from ..tools import inputs

_logger = logging.getLogger(__name__)


class PosOrder(models.Model):
    _inherit = "pos.order"

    def action_pos_order_paid(self):
        res = super().action_pos_order_paid()
        self._omni_log_interactions()
        self._omni_send_digital_receipt()
        return res

    def _omni_log_interactions(self):
        Channel = self.env["omni.channel"]
        rows = []
        for order in self.filtered("partner_id"):
            amount = order.currency_id._convert(
                order.amount_total, order.company_id.currency_id, order.company_id, order.date_order
            )
            rows.append(
                {
                    "partner_id": order.partner_id.id,
                    "interaction_type": "refund" if amount < 0 else "pos_order",
                    "channel_id": Channel._omni_for_pos_config(order.config_id).id,
                    "date": order.date_order,
                    "amount": amount,
                    "currency_id": order.company_id.currency_id.id,
                    "company_id": order.company_id.id,
                    "record": order,
                }
            )
        self.env["omni.interaction"]._omni_log(rows)

    def _omni_send_digital_receipt(self):
        """E-mail the receipt to identified customers who consented to receipts."""
        Consent = self.env["omni.consent"]
        template = self.env.ref("omni_customer.mail_template_pos_receipt", raise_if_not_found=False)
        if not template:
            return
        for order in self.filtered(lambda o: o.partner_id.email and o.company_id.omni_digital_receipt):
            if not Consent._omni_allowed(order.partner_id, "receipts", "email"):
                continue
            order._omni_mail_receipt(template)

    def _omni_mail_receipt(self, template=None):
        self.ensure_one()
        template = template or self.env.ref("omni_customer.mail_template_pos_receipt")
        # sudo: the cashier's session sends the mail on the customer's behalf.
        template.sudo().send_mail(
            self.id, force_send=False, email_layout_xmlid="mail.mail_notification_light"
        )
        self.env["omni.interaction"]._omni_log(
            [
                {
                    "partner_id": self.partner_id.id,
                    "interaction_type": "receipt",
                    "channel_id": self.env["omni.channel"]._omni_get("email").id,
                    "record": self,
                }
            ]
        )

    def _omni_receipt_token(self):
        """Stable secret token for the receipt link sent by e-mail."""
        self.ensure_one()
        secret = self.env["ir.config_parameter"].sudo().get_param("database.secret")
        message = f"omni-receipt:{self.id}:{self.pos_reference or self.name}".encode()
        return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]

    def _omni_check_receipt_token(self, token):
        # Bytes, constant time, any characters (consteq raises on non-ASCII text).
        return inputs.tokens_equal(token, self._omni_receipt_token())

    def action_omni_resend_receipt(self):
        for order in self:
            if order.partner_id.email:
                # Re-sent on request: a new timeline row is not needed.
                self.env.ref("omni_customer.mail_template_pos_receipt").sudo().send_mail(order.id)
        return True
