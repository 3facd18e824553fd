# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The slot a till's cashier picked for a ship-home or collect line, booked when the sale is synced."""

import logging

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from .sale_order_checkout import MAX_SLOTS

_logger = logging.getLogger(__name__)

# What the server decides: a till never sets them.
SERVER_FIELDS = ("omni_slot_id", "omni_slot_issue")


class PosOrder(models.Model):
    _inherit = "pos.order"

    omni_slot_wanted_id = fields.Many2one(
        "omni.delivery.slot",
        string="Slot picked at the till",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Booked when the paid sale is synced; the next free slot if it filled meanwhile.",
    )
    omni_slot_id = fields.Many2one(
        "omni.delivery.slot", string="Booked slot", readonly=True, copy=False, index="btree_not_null"
    )
    omni_slot_issue = fields.Char(
        string="Slot issue",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A manager must give this paid sale a slot: the one picked and the next ones were full.",
    )

    @api.model
    def _process_order(self, order, existing_order):
        self._omni_clean_slot_vals(order)
        return super()._process_order(order, existing_order)

    def _process_saved_order(self, draft):
        res = super()._process_saved_order(draft)
        if not draft and self.state in ("paid", "done", "invoiced"):
            self._omni_book_pos_slot()
            self.lines.refunded_orderline_id.order_id._omni_release_refunded_slot()
        return res

    @api.model
    def _omni_clean_slot_vals(self, order):
        """Keep a stale or forged slot id out of the order: the sale is saved all the same.

        A slot deleted since the till listed it, or not of the session's
        company, is dropped and the order flagged for a manager; the booked
        slot and the issue are the server's to write.
        """
        for name in SERVER_FIELDS:
            order.pop(name, None)
        if "omni_slot_wanted_id" not in order or not order["omni_slot_wanted_id"]:
            return
        wanted_id = order["omni_slot_wanted_id"]
        session = self.env["pos.session"].browse(order.get("session_id")).exists()
        slot = self.env["omni.delivery.slot"]
        valid_int = isinstance(wanted_id, int) and not isinstance(wanted_id, bool)
        if session and valid_int and 0 < wanted_id < 2**31:
            slot = slot.with_context(active_test=False).search(
                [("id", "=", wanted_id), ("company_id", "=", session.company_id.id)]
            )
        if not slot:
            order["omni_slot_wanted_id"] = False
            order["omni_slot_issue"] = self.env._(
                "The slot picked at the till no longer exists: give this sale a slot."
            )

    def _omni_slot_lines(self, slot):
        """The lines ``slot`` serves: shipped home (delivery) or collected in its store (pickup)."""
        self.ensure_one()
        if slot.slot_type == "pickup":
            return self.lines.filtered(
                lambda line: line.omni_fulfilment == "collect" and line.omni_warehouse_id == slot.warehouse_id
            )
        return self.lines.filtered(lambda line: line.omni_fulfilment == "ship" and line.omni_warehouse_id)

    def _omni_slot_candidates(self, wanted):
        """The wanted slot, then the next ones of the same zone or store, if it suits this sale."""
        self.ensure_one()
        lines = self._omni_slot_lines(wanted)
        if not lines or not self.partner_id:
            return self.env["omni.delivery.slot"]
        fulfilment = "collect" if wanted.slot_type == "pickup" else "ship"
        try:
            domain = self.session_id._omni_pos_slot_domain(
                self.partner_id, lines.omni_warehouse_id[:1], fulfilment
            )
        except UserError:
            return self.env["omni.delivery.slot"]
        if not wanted.filtered_domain(domain[:-1]):
            # The customer or the line changed after the cashier picked: not this sale's slot.
            return self.env["omni.delivery.slot"]
        return wanted | self.env["omni.delivery.slot"].search(
            [*domain, ("id", "!=", wanted.id), ("date_start", ">=", wanted.date_start)], limit=MAX_SLOTS
        )

    def _omni_book_pos_slot(self):
        """Book the slot the cashier picked; if it filled meanwhile, the next free one.

        Never raises: the paid sale is a fact. When no slot is left (or the
        picked one no longer suits the sale) the order keeps no slot, and
        ``omni_slot_issue`` and a message ask a manager to give it one. A sale
        synced again (a till resending it) books nothing more.
        """
        self.ensure_one()
        wanted = self.omni_slot_wanted_id
        if not wanted or self.omni_slot_id or self.omni_slot_issue:
            return
        try:
            with self.env.cr.savepoint():
                booked = self._omni_book_first(self._omni_slot_candidates(wanted))
                if booked:
                    self.omni_slot_id = booked
                    if booked != wanted:
                        self.message_post(
                            body=self.env._(
                                "The slot %(wanted)s filled up before the sale was synced; booked %(slot)s.",
                                wanted=wanted.display_name,
                                slot=booked.display_name,
                            )
                        )
                    return
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            raise  # another till booked the same slot meanwhile: Odoo retries the whole sync
        except Exception:
            # Never lose the sale over its slot: flagged below for a manager.
            _logger.exception("could not book the slot of POS order %s", self.name)
        self.omni_slot_issue = self.env._(
            "Slot %(wanted)s and the next ones were full, or no longer suit this sale: give it a slot.",
            wanted=wanted.display_name,
        )
        self.message_post(body=self.omni_slot_issue)

    def _omni_book_first(self, candidates):
        """The first of ``candidates`` that still has a place, booked atomically (or an empty record)."""
        for slot in candidates:
            try:
                slot._omni_book()
            except UserError:
                continue
            return slot
        return self.env["omni.delivery.slot"]

    def _omni_release_refunded_slot(self):
        """A sale whose slot lines are all refunded gives its place back."""
        for order in self.filtered("omni_slot_id"):
            slot = order.omni_slot_id
            lines = order._omni_slot_lines(slot)
            if any(line.qty - line.refunded_qty > 0 for line in lines):
                continue
            slot._omni_release()
            order.omni_slot_id = False
            order.message_post(
                body=self.env._("Refunded: the slot %(slot)s is released.", slot=slot.display_name)
            )
