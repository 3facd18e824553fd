# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer notices of an order: e-mail and SMS, each only where ``omni.consent`` allows."""

from markupsafe import Markup, escape

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _omni_notify_customer(self, subject, body=None):
        """Tell the customer ``subject`` by e-mail and SMS, each only where ``omni.consent`` allows.

        The SMS goes through Odoo's ``sms`` (``_message_sms``, queued for its
        cron) when that module is installed; without it, the e-mail alone is
        sent. Returns the mediums used.
        """
        self.ensure_one()
        partner = self.partner_id
        Consent = self.env["omni.consent"]
        used = []
        if partner.email and Consent._omni_allowed(partner, "service", "email"):
            html = Markup("<p>%s</p>") % subject + (body or Markup())
            html += Markup("<p><a href='%s'>%s</a></p>") % (
                self._omni_tracking_url(),
                escape(self.env._("Follow your delivery")),
            )
            # sudo: queued service mail of the customer's own order, whoever triggers it.
            self.env["mail.mail"].sudo().create(
                {
                    "subject": subject,
                    "body_html": html,
                    "recipient_ids": [(4, partner.id)],
                    "model": "sale.order",
                    "res_id": self.id,
                    "auto_delete": True,
                }
            )
            used.append("email")
        if (
            hasattr(self, "_message_sms")
            and (partner.mobile or partner.phone)
            and Consent._omni_allowed(partner, "service", "sms")
        ):
            text = f"{subject} {self._omni_tracking_url()}".strip()
            # sudo: a service SMS of the customer's own order, whoever (cashier, carrier) triggers it.
            self.sudo()._message_sms(text, partner_ids=partner.ids, put_in_queue=True)
            used.append("sms")
        return used
