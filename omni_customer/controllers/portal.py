# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.exceptions import ValidationError
from odoo.http import request

from ..inputs import InputError
from ..tools import inputs


class OmniPurchasesPortal(CustomerPortal):
    """*My purchases*: online and in-store orders of the logged-in customer, together."""

    def _omni_purchase_domains(self):
        partner = request.env.user.partner_id.commercial_partner_id
        sale_domain = [("partner_id", "child_of", [partner.id]), ("state", "=", "sale")]
        pos_domain = [("partner_id", "child_of", [partner.id]), ("state", "in", ("paid", "done", "invoiced"))]
        return sale_domain, pos_domain

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "omni_purchase_count" in counters:
            sale_domain, pos_domain = self._omni_purchase_domains()
            # sudo: portal users have no access to POS orders; the domain is
            # pinned to the user's own commercial entity.
            values["omni_purchase_count"] = request.env["sale.order"].sudo().search_count(
                sale_domain
            ) + request.env["pos.order"].sudo().search_count(pos_domain)
        return values

    @http.route(["/my/purchases"], type="http", auth="user", website=True)
    def omni_my_purchases(self, **kw):
        sale_domain, pos_domain = self._omni_purchase_domains()
        # sudo: same pinned domains as above; only the user's own orders are read.
        sales_sudo = request.env["sale.order"].sudo().search(sale_domain, order="date_order desc", limit=200)
        pos_sudo = request.env["pos.order"].sudo().search(pos_domain, order="date_order desc", limit=200)
        purchases = [
            {
                "kind": "sale",
                "id": o.id,
                "date": o.date_order,
                "name": o.name,
                "channel": o.omni_channel_id.name or "",
                "amount": o.amount_total,
                "currency": o.currency_id,
                "url": o.get_portal_url(),
                "invoice_url": o.invoice_ids[:1].get_portal_url() if o.invoice_ids else False,
            }
            for o in sales_sudo
        ] + [
            {
                "kind": "pos",
                "id": o.id,
                "date": o.date_order,
                "name": o.pos_reference or o.name,
                "channel": o.config_id.name,
                "amount": o.amount_total,
                "currency": o.currency_id,
                "url": f"/my/purchases/store/{o.id}?access_token={o._omni_receipt_token()}",
                "invoice_url": o.account_move.get_portal_url() if o.account_move else False,
            }
            for o in pos_sudo
        ]
        purchases.sort(key=lambda p: p["date"], reverse=True)
        values = self._prepare_portal_layout_values()
        values.update({"purchases": purchases, "page_name": "omni_purchases"})
        return request.render("omni_customer.portal_my_purchases", values)

    def _omni_pos_order_sudo(self, order_id, access_token=None):
        # A wrong id, a missing order, a wrong or malformed token: the same None (404).
        try:
            order_id = inputs.parse_id(order_id, "order_id", from_text=True)
            access_token = inputs.parse_token(access_token)
        except InputError:
            return None
        # sudo: checked right below against the user's commercial entity or the token.
        order_sudo = request.env["pos.order"].sudo().browse(order_id).exists()
        if not order_sudo or not order_sudo.partner_id:
            return None
        own = order_sudo.partner_id.commercial_partner_id == request.env.user.partner_id.commercial_partner_id
        if own and not request.env.user._is_public():
            return order_sudo
        if access_token and order_sudo._omni_check_receipt_token(access_token):
            return order_sudo
        return None

    @http.route(["/my/purchases/store/<order_id>"], type="http", auth="public", website=True)
    def omni_store_receipt(self, order_id, access_token=None, **kw):
        order_sudo = self._omni_pos_order_sudo(order_id, access_token)
        if order_sudo is None:
            raise request.not_found()
        values = self._prepare_portal_layout_values() if not request.env.user._is_public() else {}
        values.update({"order": order_sudo, "page_name": "omni_purchases"})
        return request.render("omni_customer.portal_store_receipt", values)

    @http.route(
        ["/my/purchases/store/<order_id>/resend"], type="http", auth="user", methods=["POST"], website=True
    )
    def omni_store_receipt_resend(self, order_id, **kw):
        order_sudo = self._omni_pos_order_sudo(order_id)
        if order_sudo is None or request.env.user._is_public():
            raise request.not_found()
        order_sudo.action_omni_resend_receipt()
        return request.redirect(f"/my/purchases/store/{order_sudo.id}?sent=1")

    @http.route(["/my/consent"], type="http", auth="user", website=True, methods=["GET", "POST"])
    def omni_my_consent(self, **post):
        """The customer's own consents; a change here applies in every channel."""
        Consent = request.env["omni.consent"]
        partner = request.env.user.partner_id.commercial_partner_id
        purposes = dict(Consent._fields["purpose"].selection)
        mediums = dict(Consent._fields["medium"].selection)
        saved = False
        if request.httprequest.method == "POST":
            channel = request.env["omni.channel"]._omni_for_website(request.website)
            try:
                for purpose in purposes:
                    for medium in mediums:
                        wanted = bool(post.get(f"{purpose}_{medium}"))
                        if Consent._omni_allowed(partner, purpose, medium) != wanted:
                            Consent._omni_set(partner, purpose, medium, wanted, channel)
            except ValidationError as exc:
                raise request.not_found() from exc
            saved = True
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "purposes": purposes,
                "mediums": mediums,
                "state": {(p, m): Consent._omni_allowed(partner, p, m) for p in purposes for m in mediums},
                "saved": saved,
                "page_name": "omni_consent",
            }
        )
        return request.render("omni_customer.portal_my_consent", values)
