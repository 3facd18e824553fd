# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import fields, models

from ..tools.ledger import tier_points


class SaleOrder(models.Model):
    _inherit = "sale.order"

    omni_loyalty_flagged = fields.Boolean(
        "Loyalty overspend to review",
        copy=False,
        readonly=True,
        index="btree_not_null",
        help="This paid order used more from a card than the card held when it was "
        "confirmed (the balance was spent in another channel after the payment started).",
    )
    omni_loyalty_uncovered = fields.Float("Uncovered spend", copy=False, readonly=True)

    def _omni_card_moves(self):
        """``{card: (won, spent)}`` of the cards these orders spend from.

        ``won`` counts only points the order brings to a card it also spends
        from ('current' or 'both' programs), which are usable in the same order.
        """
        spent, won = defaultdict(float), defaultdict(float)
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            for line in order.order_line:
                if line.coupon_id and line.points_cost:
                    spent[line.coupon_id] += line.points_cost
            for coupon_point in order.coupon_point_ids:
                coupon = coupon_point.coupon_id
                if coupon in spent and coupon.program_id.applies_on != "future":
                    won[coupon] += max(coupon_point.points, 0.0)
        return {card.id: (won[card], points) for card, points in spent.items()}

    def _omni_is_paid(self):
        return bool(self.transaction_ids.filtered(lambda tx: tx.state in ("authorized", "done")))

    def _check_cart_is_ready_to_be_paid(self):
        """Website pre-payment check: the wallet must cover the cart before the shopper pays.

        Same rules as the confirmation (the debit service, pending points
        excluded), without moving anything: a short card gives the shopper the
        balance message on the checkout instead of a paid order the server
        cannot confirm.
        """
        for order in self:
            moves = order._omni_card_moves()
            if moves:
                self.env["loyalty.card"]._omni_debit(
                    moves, company=order.company_id, partner=order.partner_id, apply=False, lock=False
                )
        return super()._check_cart_is_ready_to_be_paid()

    def action_confirm(self):
        """Lock every card these orders spend and check the real balance first.

        Runs in the confirming transaction of back-office confirmation and of
        the website (payment validation confirms through here), through the
        one debit service: a card the POS or another order spent meanwhile is
        refused with a clear message. A paid order is a fact: if a race still
        hits between payment and confirmation, the order is confirmed, the
        card charged what it held (never below zero) and the order flagged
        for a manager with the overspend.
        """
        Card = self.env["loyalty.card"]
        keep = []
        for order in self:
            moves = order._omni_card_moves()
            if not moves:
                continue
            paid = order._omni_is_paid()
            results = Card._omni_debit(
                moves, company=order.company_id, partner=order.partner_id, fact=paid, apply=False
            )
            short = {card: res for card, res in results.items() if res["flag"]}
            if short:
                order._omni_cover_overspend(short)
            if any(res.get("unusable") for res in short.values()):
                keep.append(order.id)
        orders = self.with_context(omni_keep_rewards_ids=keep) if keep else self
        return super(SaleOrder, orders).action_confirm()

    def _update_programs_and_rewards(self):
        """A paid order whose card became unusable after the payment (archived,
        expired) keeps the rewards the shopper paid with: re-evaluating them at
        confirmation would drop the reward line, leave the card uncharged and
        the order's total above what was paid. The order is flagged instead."""
        if self.id in (self.env.context.get("omni_keep_rewards_ids") or ()):
            return None
        return super()._update_programs_and_rewards()

    def _omni_cover_overspend(self, short):
        """Paid but short (or its card unusable since the payment): let the
        confirmation take what the card holds, record and flag the rest."""
        self.ensure_one()
        history, notes = [], []
        for card, res in short.items():
            if res["overspend"]:
                # The core confirmation takes the full spend: the uncovered part is
                # written off with a history row, so the card ends at zero (another
                # company's card: unchanged).
                card.with_context(mail_notrack=True).points += res["overspend"]
                history.append(
                    {
                        "card_id": card.id,
                        "issued": res["overspend"],
                        "used": 0.0,
                        "description": self.env._("Overspend of paid order %s, to review", self.name),
                        "omni_pending_until": False,
                    }
                )
            if res.get("unusable"):
                note = card._omni_unusable_note(res)
            else:
                note = self.env._(
                    "%(code)s: %(overspend)s more used than the card held.",
                    code=card._omni_masked_code(),
                    overspend=round(res["overspend"], 2),
                )
            notes.append(note)
        # sudo: the website visitor confirming a paid order cannot write history or orders.
        self.env["loyalty.history"].sudo().create(history)
        self.sudo().write(
            {
                "omni_loyalty_flagged": True,
                "omni_loyalty_uncovered": sum(res["overspend"] for res in short.values()),
            }
        )
        body = self.env._("Paid order confirmed with a loyalty overspend, to review: %s", " ".join(notes))
        self.sudo().message_post(body=body)
        self.sudo().activity_schedule(
            "mail.mail_activity_data_warning",
            summary=self.env._("Loyalty overspend to review"),
            note=body,
            user_id=self.user_id.id or self.env.ref("base.user_admin").id,
        )

    def _add_loyalty_history_lines(self):
        # Called by action_confirm once rewards are final and before points move.
        self._omni_apply_tier_multiplier()
        return super()._add_loyalty_history_lines()

    def _omni_apply_tier_multiplier(self):
        """Multiply the loyalty points earned by the customer's tier (the POS uses the same rule)."""
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            multiplier = order.partner_id._omni_points_multiplier()
            if multiplier == 1.0:
                continue
            # sudo: coupon points rows are written by the confirming user (website visitor too).
            for coupon_point in order.coupon_point_ids.sudo():
                if coupon_point.coupon_id.program_id.program_type == "loyalty" and coupon_point.points > 0:
                    coupon_point.points = tier_points(coupon_point.points, multiplier)

    def _omni_tier_domain(self, prefix=""):
        tier = self.partner_id.commercial_partner_id.omni_tier_id
        field = f"{prefix}omni_tier_ids"
        return ["|", (field, "=", False), (field, "in", tier.ids)]

    def _get_program_domain(self):
        return super()._get_program_domain() + self._omni_tier_domain()

    def _get_trigger_domain(self):
        return super()._get_trigger_domain() + self._omni_tier_domain("program_id.")
