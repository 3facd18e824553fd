# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import http
from odoo.http import request


class OmniGuestOrderMatch(http.Controller):
    """The link mailed to a known customer when a guest checkout used their identity."""

    @http.route(
        ["/omni/order/<order_id>/verify"],
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,  # the secret token in the link is the proof; nothing else is trusted
        sitemap=False,
    )
    def omni_verify_guest_order(self, order_id, token=None, confirm=None, **kw):
        try:
            order_id = int(order_id)
        except (TypeError, ValueError):
            raise request.not_found() from None
        if order_id <= 0 or order_id > 2**31 - 1 or not isinstance(token, str) or len(token) > 128:
            raise request.not_found()
        # sudo: the visitor proves with the token that they read the customer's mailbox.
        order_sudo = request.env["sale.order"].sudo().browse(order_id).exists()
        if not order_sudo or not order_sudo._omni_check_match_token(token):
            raise request.not_found()
        done = False
        if request.httprequest.method == "POST" and confirm:
            order_sudo._omni_apply_match()
            done = True
        # The page shows the order's reference and total only: nothing of the
        # guest's address, nothing of the customer's data.
        return request.render(
            "omni_customer.guest_order_verify",
            {"order": order_sudo, "token": token, "done": done},
        )
