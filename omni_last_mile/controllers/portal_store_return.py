# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.exceptions import NotFound

from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
from odoo.addons.omni_customer.tools.inputs import InputError
from odoo.exceptions import UserError
from odoo.http import Controller, request, route

from .portal_return import form_lines

FORM = "omni_last_mile.omni_portal_return_form"


class OmniStoreReturnPortal(Controller):
    """ "Return by post" on the customer's own store receipt (omni_customer's page)."""

    def _omni_own_pos_order(self, order_id):
        """The logged-in customer's own paid store order ``order_id`` (as superuser), or 404."""
        try:
            order_id = inputs.parse_id(order_id, "order_id")
        except InputError:
            raise NotFound() from None
        # sudo: portal users cannot read POS orders; pinned right below to their commercial entity.
        order_sudo = request.env["pos.order"].sudo().browse(order_id).exists()
        partner = request.env.user.partner_id.commercial_partner_id
        if (
            not order_sudo
            or not order_sudo.partner_id
            or order_sudo.partner_id.commercial_partner_id != partner
            or order_sudo.state not in ("paid", "done", "invoiced")
        ):
            raise NotFound()
        return order_sudo

    @route(
        "/my/purchases/store/<int:order_id>/omni_return",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def omni_portal_store_return(self, order_id, **post):
        order_sudo = self._omni_own_pos_order(order_id)
        # sudo: the customer's own receipt (checked above); returns read moves and create transfers.
        Return = request.env["omni.return"].sudo()
        url = f"/my/purchases/store/{order_sudo.id}/omni_return"
        values = {
            "order_sudo": order_sudo,
            "order_name": order_sudo.pos_reference or order_sudo.name,
            "action_url": url,
            "error": False,
            "post": post,
        }
        try:
            values["preview"] = Return._omni_pos_preview(order_sudo)
        except UserError as exc:
            values.update(preview=False, error=exc.args[0])
            return request.render(FORM, values, status=400)
        if request.httprequest.method != "POST":
            return request.render(FORM, values)
        refund_method = post.get("refund_method") or "original"
        try:
            lines = form_lines(post)
            ret = Return._omni_pos_request_by_post(
                order_sudo,
                lines,
                refund_method=refund_method if isinstance(refund_method, str) else "",
                channel=request.env["omni.channel"]._omni_for_website(request.website),
            )
        except InputError as exc:
            values["error"] = omni_inputs.message(request.env, exc)
        except UserError as exc:
            values["error"] = exc.args[0]
        else:
            return request.render(
                "omni_last_mile.omni_portal_return_done",
                {"order_sudo": order_sudo, "ret": ret, "back_url": f"/my/purchases/store/{order_sudo.id}"},
            )
        return request.render(FORM, values, status=400)
