# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL, float_compare

from ..tools.ledger import offline_charge


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
        help="Taken offline, this order spent more from a card than the server could allow.",
    )
    omni_loyalty_uncovered = fields.Float(
        "Uncovered spend",
        copy=False,
        readonly=True,
        help="Points (or amount) the order used that could not be charged to the card.",
    )
    omni_loyalty_note = fields.Text("Loyalty review note", copy=False, readonly=True)

    def _omni_is_offline(self):
        """Whether the order was taken without the server (synced late)."""
        self.ensure_one()
        if "omni_offline" in self.env.context:
            return bool(self.env.context["omni_offline"])
        delay = timedelta(minutes=self.config_id.omni_offline_delay)
        return bool(self.date_order and self.create_date and self.create_date - self.date_order > delay)

    def validate_coupon_programs(self, point_changes, new_codes):
        # Same check as the core but on locked, fresh balances, pending points excluded.
        res = super().validate_coupon_programs(point_changes, new_codes)
        if not res.get("successful"):
            return res
        spends = {int(k): -v for k, v in point_changes.items() if v < 0}
        cards = self.env["loyalty.card"].sudo().browse(list(spends)).exists()._omni_lock()
        for card in cards:
            if float_compare(card.omni_available_points, spends[card.id], precision_digits=2) < 0:
                return {
                    "successful": False,
                    "payload": {
                        "message": self.env._(
                            "Not enough balance on %(code)s: %(available)s available.",
                            code=card.code,
                            available=round(card.omni_available_points, 2),
                        ),
                        "updated_points": {c.id: c.omni_available_points for c in cards},
                    },
                }
        return res

    def confirm_coupon_programs(self, coupon_data):
        """Apply the order's loyalty effect once, on locked cards.

        The order row is locked first, so the same order synced twice (two
        tabs, a retry after a lost answer) is applied once: the second call
        returns without changing any balance. Spends are checked on locked,
        fresh balances: an online order spending more than a card holds is
        refused with a clear message (nothing moves); an order taken offline
        is charged at most the store's allowance and what the card holds,
        and flagged for a manager when that is less than it used.
        """
        self.ensure_one()
        self.flush_recordset()
        self.env.cr.execute(SQL("SELECT id FROM pos_order WHERE id = %s FOR UPDATE", self.id))
        self.invalidate_recordset(["omni_loyalty_applied"])
        if self.omni_loyalty_applied:
            return {
                "coupon_updates": [],
                "program_updates": [],
                "new_coupon_info": [],
                "coupon_report": {},
                "omni_already_applied": True,
            }
        coupon_data = {int(k): dict(v) for k, v in coupon_data.items()}
        spends = {
            k: -float(v.get("points") or 0.0)
            for k, v in coupon_data.items()
            if k > 0 and not v.get("giftCardId") and float(v.get("points") or 0.0) < 0
        }
        # sudo: cashiers do not write loyalty cards; the lock is the guard.
        cards = self.env["loyalty.card"].sudo().browse(list(spends)).exists()._omni_lock()
        cards._omni_check_usable(self.company_id)
        offline = self._omni_is_offline()
        notes, uncovered = [], 0.0
        if offline:
            allowance = self.config_id.omni_offline_allowance
            for card in cards:
                need = spends[card.id]
                allowed, short = offline_charge(need, card.omni_available_points, allowance)
                if float_compare(short, 0.0, precision_digits=2) > 0:
                    uncovered += short
                    notes.append(
                        self.env._(
                            "%(code)s: %(need)s used offline, %(allowed)s charged (card balance "
                            "%(balance)s, store allowance %(allowance)s).",
                            code=card.code,
                            need=round(need, 2),
                            allowed=round(allowed, 2),
                            balance=round(card.omni_available_points, 2),
                            allowance=round(allowance, 2),
                        )
                    )
                    coupon_data[card.id]["points"] = -allowed
        else:
            cards._omni_check_amounts({card: spends[card.id] for card in cards})
        self._omni_apply_tier_multiplier(coupon_data)
        res = super().confirm_coupon_programs(coupon_data)
        # The history of existing cards is written here with the amounts really
        # charged; add_loyalty_history_lines (called later by the POS) skips them.
        self._omni_write_history(coupon_data)
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
                body=self.env._(
                    "Loyalty overspend taken offline, to review: %(notes)s", notes=" ".join(notes)
                )
            )
            res["omni_warning"] = "\n".join(notes)
        return res

    def _omni_apply_tier_multiplier(self, coupon_data):
        tier = self.partner_id.commercial_partner_id.omni_tier_id
        if not tier or tier.points_multiplier == 1.0:
            return
        programs = (
            self.env["loyalty.program"]
            .sudo()
            .browse([v.get("program_id") for v in coupon_data.values() if v.get("program_id")])
        )
        loyalty_ids = set(programs.filtered(lambda p: p.program_type == "loyalty").ids)
        for vals in coupon_data.values():
            if vals.get("program_id") in loyalty_ids:
                won = float(vals.get("points") or 0.0)
                spent = sum(
                    self.lines.filtered(
                        lambda line, v=vals: line.reward_identifier_code in v.get("line_codes", [])
                    ).mapped("points_cost")
                )
                earned = won + spent
                if earned > 0:
                    vals["points"] = earned * tier.points_multiplier - spent

    def _omni_write_history(self, coupon_data):
        History = self.env["loyalty.history"].sudo()
        vals_list = []
        for key, vals in coupon_data.items():
            # The 18.0 POS sends a new card's coupon_id as a string key ("-1", from
            # Object.keys of couponPointChanges): compare ids as ints.
            card_id = int(vals.get("coupon_id") or key)
            points = float(vals.get("points") or 0.0)
            if card_id <= 0 or not points:
                continue
            vals_list.append(
                {
                    "card_id": card_id,
                    "order_model": self._name,
                    "order_id": self.id,
                    "description": self.env._("Onsite %s", self.display_name),
                    "used": -points if points < 0 else 0.0,
                    "issued": points if points > 0 else 0.0,
                }
            )
        if vals_list:
            History.create(vals_list)

    def add_loyalty_history_lines(self, coupon_data, coupon_updates):
        done = set(
            self.env["loyalty.history"]
            .sudo()
            .search([("order_model", "=", self._name), ("order_id", "in", self.ids)])
            .card_id.ids
        )
        id_mapping = {item["old_id"]: int(item["id"]) for item in coupon_updates}
        coupon_data = [
            c for c in coupon_data if (id_mapping.get(int(c["card_id"])) or int(c["card_id"])) not in done
        ]
        return super().add_loyalty_history_lines(coupon_data, coupon_updates)

    def action_pos_order_paid(self):
        res = super().action_pos_order_paid()
        self._omni_return_loyalty()
        return res

    def _omni_return_loyalty(self):
        """A store refund takes back the loyalty effect of the refunded goods."""
        Card = self.env["loyalty.card"]
        for refund in self:
            lines = refund.lines.filtered("refunded_orderline_id")
            for original in lines.refunded_orderline_id.order_id:
                returned = -sum(
                    lines.filtered(lambda line, o=original: line.refunded_orderline_id.order_id == o).mapped(
                        "price_subtotal_incl"
                    )
                )
                if returned > 0:
                    Card._omni_return_points(
                        original,
                        returned,
                        return_record=refund,
                        channel=self.env["omni.channel"]._omni_for_pos_config(refund.config_id),
                    )
