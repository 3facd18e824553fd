# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Website checkout: the slots a shopper can pick and the choice of one."""

from odoo.addons.omni_customer.inputs import InputError, json_refusal, message
from odoo.addons.omni_customer.tools import inputs
from odoo.exceptions import UserError
from odoo.http import Controller, request, route


def _slot_values(slots, order):
    return [
        {"id": slot.id, "label": order._omni_slot_label(slot), "remaining": slot.capacity - slot.booked}
        for slot in slots
    ]


class OmniLastMileCheckout(Controller):
    def _omni_cart(self):
        order = request.website.sale_get_order()
        return order if order and order.state == "draft" else None

    @route("/omni/last_mile/slots", type="json", auth="public", website=True, methods=["POST"])
    def omni_slots(self, dm_id=None):
        """The slots with places left for the cart and a delivery method (default: the cart's)."""
        try:
            dm_id = inputs.parse_id(dm_id, "dm_id", required=False)
        except InputError as exc:
            return json_refusal(request.env, exc)
        order = self._omni_cart()
        if not order:
            return {"error": request.env._("Your cart is empty.")}
        carrier = order.carrier_id
        if dm_id:
            carrier = order._get_delivery_methods().filtered(lambda c: c.id == dm_id)
            if not carrier:
                return {"error": request.env._("Unknown delivery method.")}
        # sudo: the visitor's own cart; slots are read for their places left, nothing else.
        slots = order.sudo()._omni_checkout_slots(carrier.sudo())
        return {
            "slots": _slot_values(slots, order),
            "selected": order.omni_slot_wanted_id.id if order.omni_slot_wanted_id in slots else False,
        }

    @route("/omni/last_mile/slot", type="http", auth="public", website=True, methods=["POST"], sitemap=False)
    def omni_choose_slot(self, slot_id=None, **kwargs):
        """Pick a slot for the cart (booked at payment): 400 bad input, 404 unknown, 409 taken."""
        try:
            slot_id = inputs.parse_id(slot_id, "slot_id", from_text=True)
        except InputError as exc:
            return request.make_json_response({"error": message(request.env, exc)}, status=400)
        order = self._omni_cart()
        if not order:
            return request.make_json_response({"error": request.env._("Your cart is empty.")}, status=404)
        # sudo: the visitor's own cart; slots are not readable by visitors, the cart's checks decide.
        order_sudo = order.sudo()
        slot = request.env["omni.delivery.slot"].sudo().browse(slot_id).exists()
        domain = order_sudo._omni_slot_domain()
        if not slot or domain is None or not slot.filtered_domain(domain[:-1]):
            # Unknown, another company's, another zone's or store's: nothing said about it.
            return request.make_json_response({"error": request.env._("Unknown slot.")}, status=404)
        try:
            order_sudo._omni_set_wanted_slot(slot)
        except UserError as exc:
            return request.make_json_response({"error": exc.args[0]}, status=409)
        label = _slot_values(slot, order_sudo)[0]["label"]
        return request.make_json_response({"slot_id": slot.id, "label": label})
