# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer notices of an order: e-mail and SMS, each only where ``omni.consent`` allows."""

import logging

from markupsafe import Markup, escape

from odoo import Command, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# Layout of the templated e-mails, as Odoo's own delivery confirmation (stock).
NOTICE_LAYOUT = "mail.mail_notification_light"


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _omni_notice_template(self, xmlid):
        """The ``mail.template`` of ``xmlid`` if a manager left it active, else ``None``.

        Deleted, archived or pointed at another model: the caller falls back to its
        generic text. Returned with sudo, see ``_omni_notify_customer``.
        """
        if not xmlid:
            return None
        # sudo: the template is read to send a service message of the customer's own order,
        # whoever (carrier webhook, driver, cashier, cron) triggers it.
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if template is None or template._name != "mail.template":
            return None
        template = template.sudo()
        return template if template.active and template.model == self._name else None

    def _omni_notify_customer(self, subject, body=None, template=None):
        """Tell the customer by e-mail and SMS, each only where ``omni.consent`` allows.

        ``template`` is the xmlid of the ``mail.template`` (model ``sale.order``)
        managers edit: the e-mail is rendered from it in the customer's language and
        queued; ``subject`` and ``body`` are the generic text, sent instead when the
        template was deleted or archived, or fails to render (a manager's broken
        edit must not stop a delivery step). Either way the e-mail goes to the
        order's customer only, the one whose consent was checked.

        The SMS goes through Odoo's ``sms`` (``_message_sms``, queued for its
        cron) when that module is installed; without it, the e-mail alone is
        sent. Its text is the (rendered) subject and the tracking link.
        Returns the mediums used.
        """
        self.ensure_one()
        partner = self.partner_id
        Consent = self.env["omni.consent"]
        mail_template = self._omni_notice_template(template)
        if mail_template:
            try:
                rendered = mail_template._render_field("subject", self.ids, compute_lang=True)
                subject = rendered[self.id] or subject
            except UserError:
                self._omni_notice_broken(mail_template)
                mail_template = None
        used = []
        if partner.email and Consent._omni_allowed(partner, "service", "email"):
            try:
                if mail_template:
                    with self.env.cr.savepoint():
                        mail_template.send_mail(
                            self.id,
                            # The customer only, whatever addresses an editor put on the template.
                            email_values={
                                "recipient_ids": [Command.set(partner.ids)],
                                "email_to": False,
                                "email_cc": False,
                            },
                            email_layout_xmlid=NOTICE_LAYOUT,
                        )
            except UserError:
                self._omni_notice_broken(mail_template)
                mail_template = None
            if not mail_template:
                self._omni_notify_generic_mail(subject, body)
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

    def _omni_notice_broken(self, template):
        """``template`` failed to render or send (a ``UserError``): logged, the generic text goes."""
        _logger.warning(
            "Template %s failed to render or send for %s: the generic text is sent instead",
            template.get_external_id().get(template.id) or template.id,
            self.name,
            exc_info=True,
        )

    def _omni_notify_generic_mail(self, subject, body=None):
        """The generic e-mail (no template): ``subject``, ``body`` and the tracking link."""
        self.ensure_one()
        html = Markup("<p>%s</p>") % subject + (body or Markup())
        html += Markup("<p><a href='%s'>%s</a></p>") % (
            self._omni_tracking_url(),
            escape(self.env._("Follow your delivery")),
        )
        # sudo: queued service mail of the customer's own order, whoever triggers it.
        return (
            self.env["mail.mail"]
            .sudo()
            .create(
                {
                    "subject": subject,
                    "body_html": html,
                    "recipient_ids": [Command.link(self.partner_id.id)],
                    "model": "sale.order",
                    "res_id": self.id,
                    "auto_delete": True,
                }
            )
        )
