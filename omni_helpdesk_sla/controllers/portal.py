# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from werkzeug.exceptions import BadRequest, NotFound

from odoo import http
from odoo.addons.omni_customer.tools import inputs
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.http import request
from odoo.tools import plaintext2html

ORDER_MODELS = {"sale": ("sale.order", "omni_sale_order_id"), "pos": ("pos.order", "omni_pos_order_id")}
MAX_DESCRIPTION = 4000


class OmniTicketPortal(CustomerPortal):
    def _omni_problem_order_sudo(self, kind, order_id):
        """One of the current user's own orders (web or store), or 404."""
        if kind not in ORDER_MODELS:
            raise NotFound()
        try:
            order_id = inputs.parse_id(order_id, "order_id", from_text=True)
        except inputs.InputError:
            raise NotFound() from None
        model = ORDER_MODELS[kind][0]
        user_partner = request.env.user.partner_id
        # sudo: portal users cannot read POS orders; the domain is pinned to the
        # user's own commercial entity, so another customer's order is not found.
        order_sudo = (
            request.env[model]
            .sudo()
            .search(
                [("id", "=", order_id), ("partner_id", "child_of", user_partner.commercial_partner_id.id)]
            )
        )
        if not order_sudo:
            raise NotFound()
        return order_sudo

    @http.route(
        "/my/purchases/problem/<kind>/<order_id>", type="http", auth="user", website=True, methods=["GET"]
    )
    def omni_report_problem_page(self, kind=None, order_id=None, **kw):
        """*Report a problem* from a row of *My purchases*: the same form as on the order's page."""
        order_sudo = self._omni_problem_order_sudo(kind, order_id)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "order": order_sudo,
                "kind": kind,
                "label": order_sudo.name if kind == "sale" else (order_sudo.pos_reference or order_sudo.name),
                "page_name": "omni_purchases",
            }
        )
        return request.render("omni_helpdesk_sla.portal_report_problem_page", values)

    @http.route("/my/purchases/problem", type="http", auth="user", website=True, methods=["POST"])
    def omni_report_problem(self, kind=None, order_id=None, description=None, **kw):
        """*Report a problem* on one of the customer's own orders (web or store)."""
        order_sudo = self._omni_problem_order_sudo(kind, order_id)
        text = description.replace("\r\n", "\n").strip() if isinstance(description, str) else ""
        try:
            inputs.parse_text(
                text.replace("\n", " "), "description", max_length=MAX_DESCRIPTION, required=True
            )
        except inputs.InputError:
            raise BadRequest() from None
        field = ORDER_MODELS[kind][1]
        user_partner = request.env.user.partner_id
        label = order_sudo.name if kind == "sale" else (order_sudo.pos_reference or order_sudo.name)
        web = request.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web", raise_if_not_found=False)
        # sudo: portal users cannot create tickets (OCA's form does the same);
        # every value is set here, none is taken from the request but the text.
        ticket_sudo = (
            request.env["helpdesk.ticket"]
            .sudo()
            .with_context(omni_channel_code="website")
            .create(
                {
                    "name": request.env._("Problem with %(order)s", order=label),
                    "description": plaintext2html(text),
                    "partner_id": user_partner.id,
                    "partner_name": user_partner.name,
                    "partner_email": user_partner.email,
                    "company_id": order_sudo.company_id.id,
                    "channel_id": web.id if web else False,
                    field: order_sudo.id,
                }
            )
        )
        ticket_sudo.message_subscribe(partner_ids=user_partner.ids)
        return request.redirect(f"/my/ticket/{ticket_sudo.id}")
