# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.addons.omni_customer.locking import lock_rows
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools.ledger import tier_points


class PosOrder(models.Model):
    _inherit = "pos.order"

    omni_loyalty_applied = fields.Boolean(
        "Loyalty applied",
        copy=False,
        readonly=True,
        help="The loyalty effect of this order (points, gift cards, eWallet) was applied. "
        "Syncing the order again does not apply it twice.",
    )
    omni_loyalty_flagged = fields.Boolean(
        "Loyalty overspend to review",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="This paid order used more from a card than the card held (taken offline, "
        "or the balance was spent in another channel meanwhile): to review.",
    )
    omni_loyalty_uncovered = fields.Float(
        "Uncovered spend",
        copy=False,
        readonly=True,
        help="Points (or amount) the order used that could not be charged to the card.",
    )
    omni_loyalty_note = fields.Text("Loyalty review note", copy=False, readonly=True)

    omni_taken_offline = fields.Boolean(
        "Taken offline",
        copy=False,
        readonly=True,
        help="The till had no server connection when the order was created.",
    )
    omni_till_sent_at = fields.Datetime(
        "Sent by the till at",
        copy=False,
        readonly=True,
        help="The till's own clock when it sent the order: compared with the order date "
        "(same clock), a late sync is detected even when the till's clock is off.",
    )

    def _omni_is_offline(self):
        """Whether the order was taken without the server, from what the till knows.

        Offline when the till says it created the order without a connection,
        or when it sent it more than the store's delay after the order date,
        both read on the till's own clock: a till whose clock is minutes off
        does not make its orders offline. A till that says neither is online
        (the server's clock cannot be compared with the till's).
        """
        self.ensure_one()
        if self.omni_taken_offline:
            return True
        if not (self.omni_till_sent_at and self.date_order):
            return False
        delay = timedelta(minutes=self.config_id.omni_offline_delay)
        return self.omni_till_sent_at - self.date_order > delay

    @api.model
    def sync_from_ui(self, orders):
        """Serialise the first sync of a new order per session, so an order synced twice is saved once.

        The core looks an order up by its uuid before creating it: two syncs of
        the same new order at once (two tabs, a retry after a lost answer)
        would both miss it and create it twice. When a batch brings an order
        the server does not have yet, touching its session row makes a second
        such sync wait for the first and fail with a serialization error, that
        Odoo's request layer retries; the retry finds the order saved. Updates
        of orders already saved (same uuid) do not touch the session; a
        restaurant's new order that core merges into its table's draft does
        (at worst a retry). Odoo also retries the rare deadlock of two batches
        that each bring new orders of the same two sessions.
        """
        pairs = [
            (order["session_id"], order["uuid"])
            for order in orders or []
            if isinstance(order, dict)
            and isinstance(order.get("session_id"), int)
            and not isinstance(order.get("session_id"), bool)
            and 0 < order["session_id"] < 2**31
            and isinstance(order.get("uuid"), str)
        ]
        if pairs:
            # One statement on the till's hot path: the sessions of the orders whose uuid
            # the server does not have yet (core's _get_open_order looks them up by uuid).
            self.env.cr.execute(
                SQL(
                    "UPDATE pos_session SET write_date = write_date WHERE id IN ("
                    " SELECT b.session_id FROM unnest(%s::int[], %s::varchar[]) AS b(session_id, uuid)"
                    " WHERE NOT EXISTS (SELECT 1 FROM pos_order o WHERE o.uuid = b.uuid))",
                    [pair[0] for pair in pairs],
                    [pair[1] for pair in pairs],
                )
            )
        return super().sync_from_ui(orders)

    @staticmethod
    def _omni_card_key(key, vals):
        """The id of an existing card a coupon_data entry moves, or False for a new card.

        The POS sends negative or non-numeric ids for cards it creates; only a
        positive integer is an existing card (``coupon_id`` when the core
        mapped a new loyalty card to the customer's existing one).
        """
        for candidate in (vals.get("coupon_id"), key):
            if isinstance(candidate, int) and not isinstance(candidate, bool) and candidate > 0:
                return candidate
        return False

    def _omni_card_moves(self, coupon_data):
        """``{card id: (won, spent)}`` of the existing cards an order's coupon_data moves."""
        moves = {}
        # sudo: cashiers cannot read cards; a card deleted meanwhile is skipped, as the core does.
        existing = set(
            self.env["loyalty.card"]
            .sudo()
            .browse([self._omni_card_key(k, v) for k, v in coupon_data.items() if self._omni_card_key(k, v)])
            .exists()
            .ids
        )
        for key, vals in coupon_data.items():
            card_id = self._omni_card_key(key, vals)
            if not card_id or card_id not in existing or vals.get("giftCardId"):
                continue
            net = float(vals.get("points") or 0.0)
            codes = vals.get("line_codes") or []
            spent_lines = sum(
                self.lines.filtered(lambda line, c=codes: line.reward_identifier_code in c).mapped(
                    "points_cost"
                )
            )
            won = max(net + spent_lines, 0.0)
            moves[card_id] = (won, won - net)
        return moves

    def validate_coupon_programs(self, point_changes, new_codes):
        """The POS pre-payment check: the rules of the debit service, on fresh balances.

        Runs before the core's check (which counts pending points as spendable
        and prints the full code); unknown cards are left to the core's answer.
        """
        Card = self.env["loyalty.card"]
        moves = {}
        for key, raw in (point_changes or {}).items():
            try:
                card_id, change = int(key), float(raw)
            except (TypeError, ValueError):
                continue
            if change < 0 and card_id > 0:
                moves[card_id] = (0.0, -change)
        # sudo: the cashier checks cards it cannot read.
        existing = Card.sudo().browse(list(moves)).exists()
        moves = {card_id: move for card_id, move in moves.items() if card_id in existing.ids}
        try:
            Card._omni_debit(moves, company=self.env.company, apply=False, lock=False)
        except (UserError, ValidationError) as exc:
            return {
                "successful": False,
                "payload": {
                    "message": str(exc),
                    "updated_points": {c.id: c.omni_available_points for c in existing},
                },
            }
        return super().validate_coupon_programs(point_changes, new_codes)

    def confirm_coupon_programs(self, coupon_data):
        """Apply the order's loyalty effect once, through the one debit service.

        The order row is locked first, so the same order synced twice (two
        tabs, a retry after a lost answer) is applied once: the second call
        returns without changing any balance. Existing cards are settled by
        ``loyalty.card._omni_debit`` on locked, fresh balances with the
        customer's tier multiplier. A paid order is a fact: a card that cannot
        cover what the order used (taken offline, or spent in another channel
        since the pre-payment check) is charged what it holds, never below
        zero, and the order is flagged for a manager with the overspend. So
        is a card that cannot be spent any more (archived, expired: charged;
        another company's: not charged): the sale is kept, the manager told.
        """
        self.ensure_one()
        lock_rows(self, ["omni_loyalty_applied"])
        if self.omni_loyalty_applied:
            return {
                "coupon_updates": [],
                "program_updates": [],
                "new_coupon_info": [],
                "coupon_report": {},
                "omni_already_applied": True,
            }
        coupon_data = self._omni_parse_coupon_data(coupon_data)
        # Map new loyalty cards to the customer's existing one first, as the core does,
        # so that they are settled (and multiplied) like any existing card.
        self._check_existing_loyalty_cards(coupon_data)
        # The two store settings read below, not the store's whole row (hot path of every sale).
        self.config_id.fetch(["omni_offline_delay", "omni_offline_allowance"])
        offline = self._omni_is_offline()
        moves = self._omni_card_moves(coupon_data)
        Card = self.env["loyalty.card"]
        results = Card._omni_debit(
            moves,
            company=self.company_id,
            partner=self.partner_id,
            channel=self.env["omni.channel"]._omni_for_pos_config(self.config_id),
            order=self,
            fact=True,
            offline=offline,
            allowance=self.config_id.omni_offline_allowance,
            description=self.env._("Onsite %s", self.display_name),
        )
        for key, vals in coupon_data.items():
            if self._omni_card_key(key, vals) in moves:
                vals["points"] = 0.0  # already moved by the debit service
        multiplier = self.partner_id._omni_points_multiplier() if self.partner_id else 1.0
        programs = (
            self.env["loyalty.program"].sudo().browse([v.get("program_id") for v in coupon_data.values()])
        )
        loyalty_ids = set(programs.filtered(lambda p: p.program_type == "loyalty").ids)
        for key, vals in coupon_data.items():
            if not self._omni_card_key(key, vals) and vals.get("program_id") in loyalty_ids:
                vals["points"] = tier_points(float(vals.get("points") or 0.0), multiplier)
        creates_cards = any(key < 0 and not vals.get("giftCardId") for key, vals in coupon_data.items())
        res = super(PosOrder, self.with_context(omni_cards_mapped=True)).confirm_coupon_programs(coupon_data)
        if creates_cards:
            self._omni_write_new_card_history()
        flagged = {card: result for card, result in results.items() if result["flag"]}
        notes = [self._omni_flag_note(card, result, offline) for card, result in flagged.items()]
        uncovered = sum(result["overspend"] for result in flagged.values())
        vals = {"omni_loyalty_applied": True}
        if notes:
            vals.update(
                {
                    "omni_loyalty_flagged": True,
                    "omni_loyalty_uncovered": uncovered,
                    "omni_loyalty_note": "\n".join(notes),
                }
            )
        # sudo: the cashier's sync records the outcome on the order.
        self.sudo().write(vals)
        if notes:
            self.sudo().message_post(
                body=self.env._("Loyalty overspend to review: %(notes)s", notes=" ".join(notes))
            )
            res["omni_warning"] = "\n".join(notes)
        return res

    def _omni_flag_note(self, card, result, offline):
        """The manager's note on a card the paid order could not be charged as it used it."""
        if result.get("unusable"):
            return card._omni_unusable_note(result)
        return self.env._(
            "%(code)s: %(overspend)s more used than the card held (%(charged)s charged%(reason)s).",
            code=card._omni_masked_code(),
            overspend=round(result["overspend"], 2),
            charged=round(result["charged"], 2),
            reason=(
                self.env._(
                    ", taken offline, %(over)s beyond the store allowance",
                    over=round(result["over_allowance"], 2),
                )
                if offline
                else self.env._(", spent in another channel since the check")
            ),
        )

    def _omni_parse_coupon_data(self, coupon_data):
        """``coupon_data`` as the POS sends it, checked: a clear error for a malformed payload."""
        if not isinstance(coupon_data, dict):
            raise UserError(self.env._("Malformed loyalty data."))
        parsed = {}
        for key, vals in coupon_data.items():
            try:
                card_key = int(key)
                points = float(vals.get("points") or 0.0) if isinstance(vals, dict) else None
            except (TypeError, ValueError) as exc:
                raise UserError(self.env._("Malformed loyalty data.")) from exc
            if points is None or math.isnan(points) or math.isinf(points):
                raise UserError(self.env._("Malformed loyalty data."))
            parsed[card_key] = dict(vals, points=points)
        return parsed

    def _check_existing_loyalty_cards(self, coupon_data):
        if self.env.context.get("omni_cards_mapped"):
            return  # confirm_coupon_programs mapped this very coupon_data before calling the core
        return super()._check_existing_loyalty_cards(coupon_data)

    def _omni_write_new_card_history(self):
        """History of the nominative cards this order created, with the points really given
        (tier multiplier applied), as the core would write them from the POS's figures.
        Like the core, sold gift cards (not nominative) get no creation row."""
        History = self.env["loyalty.history"].sudo()
        # sudo: cashiers do not read loyalty cards' history.
        cards = (
            self.env["loyalty.card"]
            .sudo()
            .search([("source_pos_order_id", "=", self.id)])
            .filtered(lambda card: card.program_id.is_nominative)
        )
        done = History.search([("order_model", "=", self._name), ("order_id", "=", self.id)]).card_id
        History.create(
            [
                {
                    "card_id": card.id,
                    "order_model": self._name,
                    "order_id": self.id,
                    "description": self.env._("Onsite %s", self.display_name),
                    "issued": card.points,
                    "used": 0.0,
                }
                for card in cards - done
                if card.points > 0
            ]
        )

    def add_loyalty_history_lines(self, coupon_data, coupon_updates):
        done = set(
            self.env["loyalty.history"]
            .sudo()
            .search([("order_model", "=", self._name), ("order_id", "in", self.ids)])
            .card_id.ids
        )
        id_mapping = {str(item["old_id"]): item["id"] for item in coupon_updates}
        # Written by confirm_coupon_programs already (the amounts really charged, the tier
        # multiplier applied): the POS's own figures for those cards are skipped.
        done = {str(card_id) for card_id in done}
        coupon_data = [
            c for c in coupon_data if str(id_mapping.get(str(c.get("card_id")), c.get("card_id"))) not in done
        ]
        return super().add_loyalty_history_lines(coupon_data, coupon_updates)
