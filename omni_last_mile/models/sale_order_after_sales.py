# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt
import logging
from urllib.parse import urlencode

from markupsafe import Markup
from psycopg2 import OperationalError

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools.misc import format_datetime

_logger = logging.getLogger(__name__)


class SaleOrder(models.Model):
    """After the sale: pickup QR code and notice extras, no-show reminders and release, portal returns."""

    _inherit = "sale.order"

    omni_pickup_ready_at = fields.Datetime(
        string="Ready for pickup since", readonly=True, copy=False, index="btree_not_null"
    )
    omni_noshow_reminded_at = fields.Datetime(string="No-show reminder sent", readonly=True, copy=False)
    omni_noshow_issue = fields.Char(
        string="No-show to review",
        readonly=True,
        copy=False,
        help="Not collected in time but not released on its own: paid online and not refunded "
        "by the rule, or the release failed. A manager refunds or cancels it by hand.",
    )

    def _omni_ready_for_pickup(self):
        """The pickup code stays valid until the company releases a no-show."""
        now = fields.Datetime.now()
        for order in self:
            # Written before the step so that the ready-for-pickup message shows the deadline.
            order.write({"omni_pickup_ready_at": now, "omni_noshow_reminded_at": False})
        res = super()._omni_ready_for_pickup()
        for order in self:
            days = order.company_id.omni_noshow_release_days
            order.omni_pickup_expires = now + dt.timedelta(days=days)
        return res

    def _omni_pickup_code_shown(self):
        """The pickup code while the order waits in the store, for its customer (mail, portal, token page)."""
        self.ensure_one()
        if self.omni_delivery_step != "ready_for_pickup":
            return ""
        # sudo: the code is hidden from non-employees; callers show it to the order's customer only.
        return self.sudo().omni_pickup_code or ""

    def _omni_pickup_qr_url(self, absolute=False):
        """``/report/barcode`` QR image of the pickup code (what the till scans), or ``""``."""
        self.ensure_one()
        code = self._omni_pickup_code_shown()
        if not code:
            return ""
        query = urlencode({"barcode_type": "QR", "value": code, "width": 200, "height": 200})
        path = f"/report/barcode/?{query}"
        return f"{self.get_base_url()}{path}" if absolute else path

    def _omni_notice_extra(self, step):
        """HTML added to the customer's message of ``step`` (in the current language)."""
        self.ensure_one()
        if step != "ready_for_pickup":
            return Markup()
        code = self._omni_pickup_code_shown()
        if not code:
            return Markup()
        return Markup(
            "<p>%s <strong>%s</strong></p><p><img src='%s' alt='%s' width='200' height='200'/></p>"
        ) % (
            self.env._("Show this code at the store's till:"),
            code,
            self._omni_pickup_qr_url(absolute=True),
            code,
        )

    # ------------------------------------------------------------------
    # No-shows: reminded after N days, released after M
    # ------------------------------------------------------------------
    @api.model
    def _omni_noshow_domains(self, now):
        """(release domain, reminder domain) over every company's own delays."""
        waiting = [
            ("state", "=", "sale"),
            ("omni_delivery_step", "=", "ready_for_pickup"),
            ("omni_pickup_ready_at", "!=", False),
            ("omni_noshow_issue", "=", False),
        ]
        release, remind = [], []
        for company in self.env["res.company"].search([]):
            release_by = now - dt.timedelta(days=company.omni_noshow_release_days)
            remind_by = now - dt.timedelta(days=company.omni_noshow_reminder_days)
            release.append([("company_id", "=", company.id), ("omni_pickup_ready_at", "<=", release_by)])
            remind.append([("company_id", "=", company.id), ("omni_pickup_ready_at", "<=", remind_by)])
        return (
            expression.AND([waiting, expression.OR(release or [expression.FALSE_DOMAIN])]),
            expression.AND(
                [
                    waiting,
                    [("omni_noshow_reminded_at", "=", False)],
                    expression.OR(remind or [expression.FALSE_DOMAIN]),
                ]
            ),
        )

    @api.model
    def _cron_omni_noshow(self, batch_size=200):
        """Release overdue pickups, then remind the late ones, one batch per call.

        Each order is released or reminded in its own savepoint and leaves the
        waiting domains when done: a run killed halfway is simply run again.
        """
        release_domain, remind_domain = self._omni_noshow_domains(fields.Datetime.now())
        released = self.search(release_domain, limit=batch_size, order="omni_pickup_ready_at, id")
        released._omni_noshow_release()
        left = batch_size - len(released)
        reminded = self.browse()
        if left:
            reminded = self.search(remind_domain, limit=left, order="omni_pickup_ready_at, id")
            reminded._omni_noshow_remind()
        done = len(released) + len(reminded)
        remaining = 0
        if done == batch_size:
            remaining = self.search_count(release_domain) + self.search_count(remind_domain)
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return done

    def _omni_noshow_remind(self):
        for order in self:
            with self.env.cr.savepoint():
                lang_order = order.with_context(lang=order.partner_id.lang or self.env.lang)
                subject = lang_order.env._(
                    "Your order %(order)s is waiting for you in %(store)s",
                    order=order.name,
                    store=order._omni_pickup_node().name,
                )
                body = Markup("<p>%s</p>") % lang_order.env._(
                    "Please collect it before %(date)s: after that it is released.",
                    date=format_datetime(lang_order.env, order.omni_pickup_expires, tz=order.partner_id.tz),
                )
                body += lang_order._omni_notice_extra("ready_for_pickup")
                lang_order._omni_notify_customer(
                    subject, body, template="omni_last_mile.mail_template_pickup_reminder"
                )
                order.omni_noshow_reminded_at = fields.Datetime.now()

    def _omni_noshow_release(self):
        """Not collected in time: refund (by the rule), cancel, code invalidated, step *no-show*.

        A paid sale is a fact: an order paid online that the rule would not refund in full
        (rule *cancel*, or nothing invoiced to credit) is not cancelled but flagged for a
        manager, and so is an order whose release fails; either leaves the cron's batch.
        """
        for order in self:
            reason = order._omni_noshow_paid_reason()
            if not reason:
                try:
                    with self.env.cr.savepoint():
                        order._omni_noshow_release_one()
                    continue
                except OperationalError:
                    raise  # a concurrent update: the whole run is retried, nothing to flag
                except Exception as exc:  # one order's failure must not stop the batch
                    _logger.warning("No-show release of %s failed", order.name, exc_info=True)
                    reason = self.env._("The automatic release failed: %(error)s", error=str(exc))
            order._omni_noshow_flag(reason)

    def _omni_noshow_paid_reason(self):
        """Why this order, paid online, must not be released by the rule (False when it may)."""
        self.ensure_one()
        paid = sum(
            tx.amount for tx in self.sudo().transaction_ids if tx.state in ("done", "authorized")
        )  # sudo: the cron reads the order's own payment transactions
        if not paid:
            return False
        if self.company_id.omni_noshow_rule == "cancel":
            return self.env._("Paid online and not collected: refund the payment, then cancel the order.")
        if self.invoice_status != "invoiced":
            return self.env._(
                "Paid online and not collected, but not fully invoiced: the refund rule cannot "
                "credit it all. Refund the payment, then cancel the order."
            )
        return False

    def _omni_noshow_flag(self, reason):
        self.ensure_one()
        self.omni_noshow_issue = reason
        self.message_post(body=reason)
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=self.env._("No-show: act on this order"),
            note=reason,
            user_id=self.env["omni.stock.conflict"]._omni_manager(self).id,
        )

    def _omni_noshow_release_one(self):
        self.ensure_one()
        order = self
        company = order.company_id
        credit_note = self.env["account.move"]
        if company.omni_noshow_rule == "refund":
            credit_note = order._omni_noshow_refund()
        # sudo: the code is single use; the release makes it unusable.
        order.sudo().write({"omni_pickup_code": False, "omni_pickup_expires": False})
        # Pickings cancelled (stock unreserved), omni_inventory_aisle holds and the slot released.
        order.with_context(disable_cancel_warning=True)._action_cancel()
        days = company.omni_noshow_release_days
        if credit_note:
            note = self.env._(
                "Not collected within %(days)s days: refunded (%(credit_note)s) and cancelled",
                days=days,
                credit_note=credit_note.name,
            )
        else:
            note = self.env._("Not collected within %(days)s days: cancelled", days=days)
        self.env["omni.delivery.event"]._omni_record(order, "no_show", note=note)

    def _omni_noshow_refund(self):
        """Credit note of what was invoiced, by the returns' refund logic (``omni.return.refund``)."""
        self.ensure_one()
        invoiced = {
            line: (line.qty_invoiced, "other")
            for line in self.order_line
            if not line.display_type and line.qty_invoiced > 0
        }
        if not invoiced:
            return self.env["account.move"]
        return self.env["omni.return"]._omni_credit_note(self, invoiced)

    def _omni_portal_returnable(self):
        """Whether the customer can still send something of this order back by post (portal button)."""
        self.ensure_one()
        # sudo: the portal customer's own order; what is returnable is read from its deliveries.
        return bool(self.env["omni.return"].sudo()._omni_returnable(self.sudo()))
