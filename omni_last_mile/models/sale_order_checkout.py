# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Website checkout side of the promise: a date per delivery method, the slot the shopper picks."""

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError

MAX_SLOTS = 12


class SaleOrder(models.Model):
    _inherit = "sale.order"

    omni_slot_wanted_id = fields.Many2one(
        "omni.delivery.slot",
        string="Slot chosen at checkout",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Booked when the order is confirmed (paid); the next free slot if it filled meanwhile.",
    )
    omni_slot_issue = fields.Char(
        string="Slot issue",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A manager must give this paid order a slot: the one chosen and the next ones were full.",
    )

    # ------------------------------------------------------------------
    # A promise per delivery method
    # ------------------------------------------------------------------
    def _omni_carrier_promises(self, carriers):
        """``{carrier_id: headline}`` for the checkout's delivery methods, one sourcing plan for all."""
        self.ensure_one()
        try:
            nodes = self._omni_promise_nodes()
        except UserError:
            return {}
        result = {}
        for carrier in carriers:
            try:
                result[carrier.id] = self._omni_delivery_promise(carrier=carrier, nodes=nodes)["headline"]
            except UserError:
                continue
        return result

    def _omni_earliest_promise(self, carriers, nodes, now=None):
        """``(best, error)``: the earliest promise of this order from ``nodes`` over ``carriers``.

        ``best`` is ``_omni_delivery_promise``'s data plus the carrier's name
        (``None`` when no carrier can promise a date); ``error`` the last
        ``UserError`` met, to tell why.
        """
        self.ensure_one()
        best, error = None, None
        for carrier in carriers:
            try:
                data = self._omni_delivery_promise(now=now, carrier=carrier, nodes=nodes)
            except UserError as exc:
                error = exc
                continue
            if best is None or (data["date"], data["date_to"]) < (best["date"], best["date_to"]):
                best = data | {"carrier": carrier.name}
        return best, error

    # ------------------------------------------------------------------
    # Slot picked at checkout
    # ------------------------------------------------------------------
    def _omni_slot_domain(self, carrier=None):
        """Where this order's slots come from (``None``: the method has no slots)."""
        self.ensure_one()
        carrier = self.carrier_id if carrier is None else carrier
        pickup = self._omni_pickup_node() if carrier == self.carrier_id else self.env["stock.warehouse"]
        if pickup:
            where = [("slot_type", "=", "pickup"), ("warehouse_id", "=", pickup.id)]
        elif carrier.omni_uses_slots:
            try:
                zone = self._omni_promise_zone()
            except UserError:
                return None
            where = [("slot_type", "=", "delivery"), ("zone_id", "=", zone.id)]
        else:
            return None
        return [
            *where,
            ("company_id", "=", self.company_id.id),
            ("date_start", ">", fields.Datetime.now()),
        ]

    def _omni_checkout_slots(self, carrier=None, limit=MAX_SLOTS):
        """The next slots with places left for the order's method and address, soonest first."""
        return self._omni_free_slots(self._omni_slot_domain(carrier), limit=limit)

    def _omni_free_slots(self, domain, limit=MAX_SLOTS):
        """The next slots of ``domain`` with places left, soonest first (none for ``None``)."""
        if domain is None:
            return self.env["omni.delivery.slot"]
        Slot = self.env["omni.delivery.slot"]
        slots = Slot.search_fetch(
            domain, ["date_start", "date_end", "capacity", "booked"], order="date_start, id"
        )
        return slots.filtered(lambda s: s.booked < s.capacity)[:limit]

    def _omni_check_wanted_slot(self, slot):
        """``slot`` if the shopper may pick it for this order, else a clear ``UserError``."""
        self.ensure_one()
        domain = self._omni_slot_domain()
        if domain is None:
            raise UserError(self.env._("The chosen delivery method has no slots to pick."))
        return self._omni_check_slot(slot, domain)

    def _omni_check_slot(self, slot, domain):
        """``slot`` if one of ``domain``'s (date filter last) with a place left, else a ``UserError``."""
        slot = slot.exists()
        if not slot:
            raise UserError(self.env._("Unknown slot."))
        if not slot.filtered_domain(domain[:-1]):
            raise UserError(self.env._("This slot does not match the chosen delivery method or address."))
        if not slot.active or slot.date_start <= fields.Datetime.now():
            raise UserError(self.env._("This slot has already started; please pick another one."))
        if slot.booked >= slot.capacity:
            raise UserError(self.env._("This slot is full; please pick another one."))
        return slot

    def _omni_set_wanted_slot(self, slot):
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self.env._("This order is already confirmed."))
        self.omni_slot_wanted_id = self._omni_check_wanted_slot(slot)
        return self.omni_slot_wanted_id

    def _set_delivery_method(self, delivery_method, rate=None):
        # Another method (or store) has other slots: the shopper picks again.
        if delivery_method != self.carrier_id:
            self.omni_slot_wanted_id = False
        return super()._set_delivery_method(delivery_method, rate=rate)

    def _check_cart_is_ready_to_be_paid(self):
        """Refuse payment, with the reason, while the chosen slot is no longer available."""
        res = super()._check_cart_is_ready_to_be_paid()
        for order in self.filtered("omni_slot_wanted_id"):
            try:
                order._omni_check_wanted_slot(order.omni_slot_wanted_id)
            except UserError as exc:
                raise ValidationError(exc.args[0]) from exc
        return res

    def _omni_book_wanted_slot(self):
        """At confirmation: book the chosen slot; if it filled meanwhile, the next free one.

        A paid sale is a fact: when no slot is left the order is confirmed all
        the same and flagged for a manager (``omni_slot_issue``), never refused.
        """
        for order in self.filtered(lambda o: o.omni_slot_wanted_id and not o.omni_slot_id):
            wanted = order.omni_slot_wanted_id
            domain = order._omni_slot_domain()
            candidates = wanted
            if domain is not None:
                candidates |= self.env["omni.delivery.slot"].search(
                    [*domain, ("id", "!=", wanted.id), ("date_start", ">=", wanted.date_start)],
                    order="date_start, id",
                    limit=MAX_SLOTS,
                )
            booked = False
            for slot in candidates:
                try:
                    booked = order._omni_book_slot(slot)
                    break
                except UserError:
                    continue
            if booked and booked != wanted:
                order.message_post(
                    body=self.env._(
                        "The slot %(wanted)s filled up before payment; booked %(slot)s instead.",
                        wanted=wanted.display_name,
                        slot=booked.display_name,
                    )
                )
            elif not booked:
                order.omni_slot_issue = self.env._(
                    "Slot %(wanted)s and the next ones were full at payment: give this order a slot.",
                    wanted=wanted.display_name,
                )
                order.message_post(body=order.omni_slot_issue)

    def _action_confirm(self):
        res = super()._action_confirm()
        self._omni_book_wanted_slot()
        return res
