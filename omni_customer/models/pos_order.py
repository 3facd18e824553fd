# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import hashlib
import hmac
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.tools import create_index

from ..tools import inputs

_logger = logging.getLogger(__name__)

RECEIPT_BATCH = 200


class PosOrder(models.Model):
    _inherit = "pos.order"

    omni_receipt_pending = fields.Boolean(
        "Digital receipt to send",
        copy=False,
        readonly=True,
        help="The e-mailed receipt of this paid order is queued: a scheduled action renders and sends it, "
        "out of the till's request.",
    )

    def init(self):
        res = super().init()
        # The receipts cron looks up the few queued orders among all of them.
        create_index(
            self.env.cr,
            "pos_order_omni_receipt_pending_idx",
            self._table,
            ["id"],
            where="omni_receipt_pending",
        )
        # Every till sync looks its orders up by uuid (core's _get_open_order, and the
        # suite's duplicate guard): without an index, a sequential scan of all the
        # chain's tickets per sync. Named as Odoo names a field index.
        create_index(self.env.cr, "pos_order__uuid_index", self._table, ["uuid"])
        return res

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
        """Queue the e-mailed receipt of identified customers; the receipts cron sends it.

        Rendering a mail template costs more than the rest of the sale's
        side effects: the till's sync only flags the order (no query of its
        own: the order is written anyway) and schedules the cron, as Odoo's
        ``sale_async_emails`` does for order mails.
        """
        orders = self.filtered(lambda o: o.partner_id.email and o.company_id.omni_digital_receipt)
        if not orders:
            return
        orders.omni_receipt_pending = True
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "omni_customer.ir_cron_omni_digital_receipts", raise_if_not_found=False
        )
        if cron_id:
            self._omni_schedule_receipts(self.env["ir.cron"].browse(cron_id))
        else:  # the cron was deleted: send at once rather than never
            orders._omni_deliver_receipts()

    def _omni_schedule_receipts(self, cron):
        """Run the receipts cron a minute from now, without waking the cron workers now.

        A trigger due at once makes Odoo wake them with a NOTIFY on a new database
        connection, and the cron then runs for that one receipt. A trigger a minute
        ahead sends no NOTIFY: the workers pick it up on their next poll, and one run
        renders the receipts of all the sales of that minute in one batch. The
        trigger commits with the sale's pending flag, so the run that consumes it
        sees the order: the receipt leaves within about two minutes. (Sharing a
        trigger already there would save one INSERT, but a run could consume it
        before this sale commits and strand the receipt until the hourly run.)
        """
        cron._trigger(fields.Datetime.now() + timedelta(minutes=1))

    @api.model
    def _cron_omni_digital_receipts(self, batch=RECEIPT_BATCH):
        """Send one batch of queued receipts; the cron runner calls again while some remain."""
        domain = [("omni_receipt_pending", "=", True)]
        orders = self.search(domain, order="id", limit=batch)
        orders._omni_deliver_receipts()
        self.env["ir.cron"]._notify_progress(done=len(orders), remaining=self.search_count(domain))

    def _omni_deliver_receipts(self):
        """Mail the receipt of each order whose customer (still) consents; never block the queue."""
        Consent = self.env["omni.consent"]
        template = self.env.ref("omni_customer.mail_template_pos_receipt", raise_if_not_found=False)
        # sudo: the flag is cleared by whoever sends (the cron, or the cashier's sync as a fallback).
        self.sudo().omni_receipt_pending = False
        if not template:
            return
        orders = self.filtered(
            lambda o: o.partner_id.email and Consent._omni_allowed(o.partner_id, "receipts", "email")
        )
        if not orders:
            return
        try:
            # The batch in one rendering: the template is compiled once, not once per receipt.
            with self.env.cr.savepoint():
                orders._omni_mail_receipts(template)
            return
        except psycopg2.DatabaseError:
            raise  # a serialization failure: the cron runs the batch again
        except Exception:
            _logger.info("a receipt of the batch could not be rendered: sending them one by one")
        for order in orders:
            try:
                with self.env.cr.savepoint():
                    order._omni_mail_receipts(template)
            except psycopg2.DatabaseError:
                raise
            except Exception:
                # One receipt that cannot be rendered must not hold back the others.
                _logger.exception("could not send the digital receipt of %s", order.name)

    def _omni_mail_receipts(self, template=None):
        """Render and queue these orders' receipts in one batch, and log them on each customer."""
        if not self:
            return
        template = template or self.env.ref("omni_customer.mail_template_pos_receipt")
        # sudo: the cashier's session (or the cron) sends the mail on the customer's behalf.
        template.sudo().send_mail_batch(
            self.ids, force_send=False, email_layout_xmlid="mail.mail_notification_light"
        )
        email = self.env["omni.channel"]._omni_get("email")
        self.env["omni.interaction"]._omni_log(
            [
                {
                    "partner_id": order.partner_id.id,
                    "interaction_type": "receipt",
                    "channel_id": email.id,
                    "record": order,
                }
                for order in self
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
