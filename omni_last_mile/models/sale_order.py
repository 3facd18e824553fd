# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt
import secrets

import pytz

from odoo import api, fields, models
from odoo.addons.omni_inventory_aisle.models.sale_order_sourcing import SOURCING_ORDER_FIELDS
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..tools import promise
from .omni_delivery_event import STEPS

PICKUP_CODE_DAYS = 7


class SaleOrder(models.Model):
    _inherit = "sale.order"

    omni_promise_date = fields.Date(string="Promised on", readonly=True, copy=False)
    omni_promise_date_to = fields.Date(string="Promised by", readonly=True, copy=False)
    omni_promise_note = fields.Char(string="Promise", readonly=True, copy=False)
    omni_slot_id = fields.Many2one("omni.delivery.slot", string="Slot", readonly=True, copy=False, index=True)
    omni_event_ids = fields.One2many("omni.delivery.event", "order_id", string="Delivery timeline")
    omni_delivery_step = fields.Selection(
        STEPS, string="Delivery step", readonly=True, copy=False, index=True
    )
    omni_tracking_token = fields.Char(copy=False, groups="base.group_user", index="btree_not_null")
    omni_pickup_code = fields.Char(string="Pickup code", copy=False, readonly=True, groups="base.group_user")
    omni_pickup_expires = fields.Datetime(string="Pickup code expires", copy=False, readonly=True)

    _sql_constraints = [
        ("omni_tracking_token_uniq", "unique(omni_tracking_token)", "Tracking tokens are unique."),
        ("omni_pickup_code_uniq", "unique(omni_pickup_code)", "Pickup codes are unique."),
    ]

    # ------------------------------------------------------------------
    # Promise
    # ------------------------------------------------------------------
    def _omni_promise_zone(self, country=None, postcode=None):
        self.ensure_one()
        partner = self.partner_shipping_id
        if postcode:
            country = country or partner.country_id or self.company_id.country_id
            return self.env["omni.delivery.zone"]._omni_match(country, None, postcode, self.company_id)
        if not partner.country_id:
            raise UserError(self.env._("Give a delivery address or a postcode to see the delivery date."))
        return self.env["omni.delivery.zone"]._omni_match(
            partner.country_id, partner.state_id, partner.zip, self.company_id
        )

    def _omni_promise_nodes(self):
        """The nodes omni_inventory_aisle's sourcing ships this order from (same choice as checkout)."""
        self.ensure_one()
        if self.state in ("sale", "done") and self.omni_decision_ids:
            return self.omni_decision_ids.warehouse_id
        plan, _lines, _nodes, _strategy = self._omni_sourcing_plan()
        nodes = self.env["stock.warehouse"].browse(plan.node_ids)
        return nodes or self._omni_pickup_node() or self.warehouse_id

    def _omni_delivery_promise(self, country=None, postcode=None, now=None, carrier=None, nodes=None):
        """Earliest delivery (or pickup) of this order: dates, deadline and explanation.

        ``carrier`` (default: the order's) and ``nodes`` (default: the sourcing
        plan's, see ``_omni_promise_nodes``) let the checkout promise every
        delivery method from one sourcing plan. Raises ``UserError`` when it
        cannot be promised (no zone, carrier without transit time for it,
        nonsense configuration).
        """
        self.ensure_one()
        if self.id:  # a saved order (a virtual one, on the product page, is all in the cache)
            self._omni_promise_fetch()
        now = now or fields.Datetime.now()
        carrier = self.carrier_id if carrier is None else carrier
        carrier.fetch(["delivery_type"])
        nodes = self._omni_promise_nodes() if nodes is None else nodes
        if not nodes:
            raise UserError(self.env._("No node can prepare this order."))
        pickup = carrier == self.carrier_id and bool(self._omni_pickup_node())
        if not pickup and carrier.delivery_type == "in_store":
            raise UserError(self.env._("Choose a store to see when the order can be collected."))
        if not pickup and not carrier:
            raise UserError(self.env._("Choose a delivery method to see the delivery date."))
        zone = self.env["omni.delivery.zone"] if pickup else self._omni_promise_zone(country, postcode)
        local_now = nodes[0]._omni_local_now(now)
        pure_nodes = nodes._omni_pure(local_now.date())
        if not pickup:
            pure_carrier = carrier._omni_pure()
            if zone.code not in pure_carrier.transit:
                # The usual reason, said in the customer's words (the pure module's
                # messages are for the back office's nonsense configurations).
                raise UserError(
                    self.env._(
                        "%(method)s does not deliver to %(zone)s.", method=carrier.name, zone=zone.name
                    )
                )
            carrier = pure_carrier
        else:
            carrier = None
        legs = [(pure_nodes[node.id], carrier, zone.code or None) for node in nodes]
        try:
            result = promise.promise_order(local_now, legs)
        except ValueError as exc:
            raise UserError(self.env._("No delivery date can be promised: %(error)s", error=exc)) from exc
        return {
            "date": result.date,
            "date_to": result.date_to,
            "order_by": result.order_by,
            "pickup": result.pickup,
            "zone": zone.name or "",
            "explanation": self._omni_promise_explanation(result, local_now.date()),
            "headline": self._omni_promise_headline(result, local_now),
            "tz": nodes[0]._omni_tz(),
        }

    def _omni_promise_fetch(self):
        """Read what the promise and its sourcing plan use of the order and its address: two queries.

        On a cold cache (a new request), the first read of each record would
        fetch its whole row (see omni_inventory_aisle's ``_omni_sourcing_fetch``).
        """
        self.fetch(["state", *SOURCING_ORDER_FIELDS])
        self.partner_shipping_id.fetch(
            ["country_id", "state_id", "zip", "partner_latitude", "partner_longitude"]
        )

    def _omni_promise_explanation(self, result, today):
        parts = []
        for leg in result.legs:
            if leg.ready_date == today:
                ready = self.env._("ready today")
            elif leg.ready_date == today + dt.timedelta(days=1):
                ready = self.env._("ready tomorrow")
            else:
                ready = self.env._("ready on %(date)s", date=format_date(self.env, leg.ready_date))
            parts.append(", ".join([leg.node, ready, leg.carrier or self.env._("collect in store")]))
        return "; ".join(parts)

    def _omni_promise_headline(self, result, local_now):
        day = format_date(self.env, result.date, date_format="EEEE d")
        hour = f"{int(result.order_by.hour):02d}:{result.order_by.minute:02d}"
        if result.pickup:
            if result.order_by.date() == local_now.date():
                return self.env._("Collect it on %(day)s if you order before %(hour)s", day=day, hour=hour)
            return self.env._("Collect it on %(day)s", day=day)
        if result.date_to != result.date:
            day_to = format_date(self.env, result.date_to, date_format="EEEE d")
            return self.env._("Delivered between %(day)s and %(day_to)s", day=day, day_to=day_to)
        if result.order_by.date() == local_now.date():
            return self.env._("Get it on %(day)s if you order before %(hour)s", day=day, hour=hour)
        return self.env._("Get it on %(day)s", day=day)

    def _omni_write_promise(self, nodes_by_order=None):
        """At confirmation: the promise becomes ``commitment_date`` (kept if a user set one).

        ``nodes_by_order`` (``{order id: warehouses}``): the nodes the sourcing
        has just chosen for an order, so that its promise needs no second plan.
        """
        nodes_by_order = nodes_by_order or {}
        for order in self:
            try:
                data = order._omni_delivery_promise(nodes=nodes_by_order.get(order.id))
            except UserError as exc:
                order.omni_promise_note = self.env._("No promise: %(why)s", why=exc.args[0])
                continue
            tz = pytz.timezone(data["tz"])
            noon = tz.localize(dt.datetime.combine(data["date_to"], dt.time(12))).astimezone(pytz.utc)
            vals = {
                "omni_promise_date": data["date"],
                "omni_promise_date_to": data["date_to"],
                "omni_promise_note": data["explanation"],
            }
            if not order.commitment_date:
                vals["commitment_date"] = noon.replace(tzinfo=None)
            order.write(vals)

    def _omni_source(self):
        """Write the promise from the nodes the sourcing has just chosen.

        Before the core's confirmation, whose procurements read
        ``commitment_date``; from the sourcing's own allocations, in the plan's
        order (each node as its first line uses it), not from a second plan.
        """
        allocations = super()._omni_source()
        nodes_by_order = {}
        for order in self:
            node_ids = []
            for line in order.order_line:
                for node_id, _qty in allocations.get(line.id, ()):
                    if node_id not in node_ids:
                        node_ids.append(node_id)
            if node_ids:
                nodes_by_order[order.id] = self.env["stock.warehouse"].browse(node_ids)
        self._omni_write_promise(nodes_by_order)
        return allocations

    def _action_confirm(self):
        res = super()._action_confirm()  # the promise is written by _omni_source, above
        for order in self:
            # sudo: the tracking token is written by the confirmation, whoever confirms.
            order.sudo().omni_tracking_token = secrets.token_urlsafe(32)
        self.env["omni.delivery.event"]._omni_record(self, "confirmed")
        return res

    def _action_cancel(self):
        res = super()._action_cancel()
        for order in self.filtered("omni_slot_id"):
            order.omni_slot_id._omni_release()
            order.omni_slot_id = False
        return res

    # ------------------------------------------------------------------
    # Slots
    # ------------------------------------------------------------------
    def _omni_book_slot(self, slot):
        """Book ``slot`` for this order (releasing the previous one), or a ``UserError``."""
        self.ensure_one()
        if self.state == "cancel":
            raise UserError(self.env._("A cancelled order cannot book a slot."))
        slot = slot.exists()
        if not slot or slot.company_id != self.company_id:
            raise UserError(self.env._("Unknown slot."))
        pickup = self._omni_pickup_node()
        if pickup:
            if slot.slot_type != "pickup" or slot.warehouse_id != pickup:
                raise UserError(self.env._("This slot is not a pickup slot of the chosen store."))
        elif slot.slot_type != "delivery" or slot.zone_id != self._omni_promise_zone():
            raise UserError(self.env._("This slot does not deliver to the order's address."))
        if slot == self.omni_slot_id:
            return slot
        slot._omni_book()
        self.omni_slot_id._omni_release()
        self.omni_slot_id = slot
        return slot

    # ------------------------------------------------------------------
    # Tracking and click and collect
    # ------------------------------------------------------------------
    def _omni_tracking_url(self):
        self.ensure_one()
        # sudo: the token is hidden from non-employees; the link is for the customer.
        token = self.sudo().omni_tracking_token
        return f"{self.get_base_url()}/omni/track/{token}" if token else ""

    def _omni_ready_for_pickup(self):
        """The store has prepared the order: pickup code, deadline, step (and the customer told)."""
        for order in self:
            if not order._omni_pickup_node():
                raise UserError(self.env._("%(order)s is not collected in a store.", order=order.name))
            # sudo: the pickup code is written by the store flow, read by employees only.
            order.sudo().write(
                {
                    "omni_pickup_code": "%06d" % secrets.randbelow(10**6) + secrets.token_hex(1).upper(),
                    "omni_pickup_expires": fields.Datetime.now() + dt.timedelta(days=PICKUP_CODE_DAYS),
                }
            )
        self.env["omni.delivery.event"]._omni_record(self, "ready_for_pickup")

    @api.model
    def _omni_find_pickup(self, code, warehouse):
        """The order waiting in ``warehouse`` for ``code``, or a clear ``UserError``."""
        code = (code or "").strip().upper() if isinstance(code, str) else ""
        order = code and self.search([("omni_pickup_code", "=", code)], limit=1)
        if not order or order.omni_delivery_step != "ready_for_pickup":
            raise UserError(self.env._("No order is waiting for this pickup code."))
        if order._omni_pickup_node() != warehouse:
            raise UserError(self.env._("This order is waiting in another store."))
        if order.omni_pickup_expires and order.omni_pickup_expires < fields.Datetime.now():
            raise UserError(self.env._("This pickup code has expired."))
        return order

    def _omni_hand_over(self):
        """Validate the store picking and close the timeline with *collected*."""
        self.ensure_one()
        pickings = self.picking_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for move in pickings.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        pickings.with_context(skip_backorder=True, skip_sms=True)._action_done()
        # sudo: the code is single use, cleared by the hand-over.
        self.sudo().omni_pickup_code = False
        self.env["omni.delivery.event"]._omni_record(self, "collected")
        return True

    def _omni_cart_promise(self):
        """Promise shown in the cart: the headline, or ``{}`` when none can be made yet."""
        self.ensure_one()
        try:
            return self._omni_delivery_promise()
        except UserError:
            return {}
