# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from werkzeug.exceptions import NotFound

from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
from odoo.addons.omni_customer.tools.inputs import InputError
from odoo.exceptions import AccessError, UserError
from odoo.http import Controller, request, route

QTY_FIELD = re.compile(r"qty_(\d{1,12})")
MAX_LINES = 200


def _quantity(raw):
    """A quantity typed in the form: empty means nothing; else a number the model validates."""
    if not isinstance(raw, str) or len(raw) > 20:
        raise InputError(inputs.INVALID_NUMBER, "quantity")
    raw = raw.strip().replace(",", ".")
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        raise InputError(inputs.INVALID_NUMBER, "quantity") from None


def form_lines(post):
    """``qty_<line id>`` / ``reason_<line id>`` form fields as the returns' ``lines``."""
    lines = []
    for key, raw in post.items():
        match = QTY_FIELD.fullmatch(key)
        if not match:
            continue
        qty = _quantity(raw)
        if qty is None or qty == 0:
            continue
        line_id = inputs.parse_id(match.group(1), "line_id", from_text=True)
        reason = post.get(f"reason_{line_id}") or "other"
        lines.append({"line_id": line_id, "quantity": qty, "reason": reason})
        if len(lines) > MAX_LINES:
            raise InputError(inputs.INVALID_IDS, "lines")
    return lines


class OmniReturnPortal(Controller):
    """ "Return by post" on the customer's portal page of an order."""

    def _omni_own_order(self, order_id):
        """The logged-in customer's own order ``order_id`` (as superuser), or 404."""
        order = request.env["sale.order"].browse(order_id).exists()
        try:
            order.check_access("read")
        except AccessError:
            raise NotFound() from None
        partner = request.env.user.partner_id.commercial_partner_id
        if not order or order.partner_id.commercial_partner_id != partner:
            raise NotFound()
        # sudo: the customer's own order (checked above); returns read moves and create transfers.
        return order.sudo()

    def _omni_lines(self, post):
        return form_lines(post)

    @route(
        "/my/orders/<int:order_id>/omni_return",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
    )
    def omni_portal_return(self, order_id, **post):
        try:
            order_id = inputs.parse_id(order_id, "order_id")
        except InputError:
            raise NotFound() from None
        order_sudo = self._omni_own_order(order_id)
        Return = request.env["omni.return"].sudo()
        values = {"order_sudo": order_sudo, "error": False, "post": post}
        try:
            values["preview"] = Return._omni_preview(order_sudo)
        except UserError as exc:
            values.update(preview=False, error=exc.args[0])
            return request.render("omni_last_mile.omni_portal_return_form", values, status=400)
        if request.httprequest.method != "POST":
            return request.render("omni_last_mile.omni_portal_return_form", values)
        refund_method = post.get("refund_method") or "original"
        try:
            lines = self._omni_lines(post)
            ret = Return._omni_request_by_post(
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
                "omni_last_mile.omni_portal_return_done", {"order_sudo": order_sudo, "ret": ret}
            )
        return request.render("omni_last_mile.omni_portal_return_form", values, status=400)
