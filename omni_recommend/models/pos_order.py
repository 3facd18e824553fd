# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _omni_mail_receipt(self, template=None):
        """The digital receipt carries the customer's "For you" block (marketing opt-in only).

        See ``res.partner._omni_for_you_mail``; what the ticket holds is not pushed back.
        """
        self.ensure_one()
        template = template or self.env.ref("omni_customer.mail_template_pos_receipt")
        block = (
            self.partner_id._omni_for_you_mail(company=self.company_id, exclude=self.lines.product_id.ids)
            if self.partner_id
            else None
        )
        if block:
            template = template.with_context(omni_for_you=block["items"], omni_for_you_title=block["title"])
        return super()._omni_mail_receipt(template)
