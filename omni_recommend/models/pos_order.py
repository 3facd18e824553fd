# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class PosOrder(models.Model):
    _inherit = "pos.order"

    def _omni_mail_receipts(self, template=None):
        """The digital receipt carries the customer's "For you" block (marketing opt-in only).

        See ``res.partner._omni_for_you_mail``; what the ticket holds is not pushed back.
        The block is passed to the template in its context, so the receipts that carry one
        are rendered one by one; the others (no opt-in, nothing to suggest) in one batch.
        """
        template = template or self.env.ref("omni_customer.mail_template_pos_receipt")
        plain = self.browse()
        for order in self:
            block = (
                order.partner_id._omni_for_you_mail(
                    company=order.company_id, exclude=order.lines.product_id.ids
                )
                if order.partner_id
                else None
            )
            if block:
                context = {"omni_for_you": block["items"], "omni_for_you_title": block["title"]}
                super(PosOrder, order)._omni_mail_receipts(template.with_context(**context))
            else:
                plain |= order
        return super(PosOrder, plain)._omni_mail_receipts(template)
