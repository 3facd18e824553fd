# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


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
    omni_guest_linked = fields.Boolean(
        "Linked from guest checkout",
        readonly=True,
        copy=False,
        help="A guest checkout used the e-mail of this customer: the order was attached to them.",
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
        self._omni_link_guest_checkout()
        res = super()._action_confirm()
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
        return res

    def _omni_link_guest_checkout(self):
        """Attach guest website orders to the golden customer owning the e-mail.

        The guest's typed address becomes a child address of the customer:
        nothing of the customer (other addresses, history) is shown to the
        guest, and the customer sees the order once logged in.
        """
        Partner = self.env["res.partner"]
        for order in self.filtered(lambda o: o.website_id):
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
            if not golden or match["rule"] not in ("email", "national_id", "customer_code"):
                continue
            # sudo: the public user confirming a guest order cannot write partners.
            guest.sudo().write({"parent_id": golden.id, "type": "other"})
            values = {"partner_id": golden.id, "omni_guest_linked": True}
            if order.partner_invoice_id == guest:
                values["partner_invoice_id"] = guest.id
            if order.partner_shipping_id == guest:
                values["partner_shipping_id"] = guest.id
            order.sudo().write(values)
            golden._omni_register_match(match["rule"])
