# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _omni_card_needs(self):
        """Points each card must still hold for these orders to confirm."""
        needs = defaultdict(float)
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            for line in order.order_line:
                if line.coupon_id and line.points_cost:
                    needs[line.coupon_id] += line.points_cost
            # Points this order itself brings to a card it also spends from
            # ('current' or 'both' programs) are usable in the same order.
            for coupon_point in order.coupon_point_ids:
                coupon = coupon_point.coupon_id
                if coupon in needs and coupon.program_id.applies_on != "future":
                    needs[coupon] -= coupon_point.points
        return {card: need for card, need in needs.items() if need > 0}

    def action_confirm(self):
        """Lock every card these orders spend and check the real balance first.

        Runs in the confirming transaction of back-office confirmation and of
        the website (payment validation confirms through here), so a card the
        POS or another order spent meanwhile is refused with a clear message.
        """
        needs = self._omni_card_needs()
        if needs:
            # sudo: the website visitor confirming a paid order cannot write cards.
            cards_sudo = self.env["loyalty.card"].sudo().union(*needs)._omni_lock()
            cards_sudo._omni_check_usable()
            for order in self:
                order.applied_coupon_ids.sudo().filtered(lambda c: c in cards_sudo)._omni_check_usable(
                    order.company_id
                )
            cards_sudo._omni_check_amounts({card.sudo(): need for card, need in needs.items()})
        return super().action_confirm()

    def _add_loyalty_history_lines(self):
        # Called by action_confirm once rewards are final and before points move.
        self._omni_apply_tier_multiplier()
        return super()._add_loyalty_history_lines()

    def _omni_apply_tier_multiplier(self):
        """Multiply the loyalty points earned by the customer's tier."""
        for order in self.filtered(lambda o: o.state in ("draft", "sent")):
            tier = order.partner_id.commercial_partner_id.omni_tier_id
            if not tier or tier.points_multiplier == 1.0:
                continue
            # sudo: coupon points rows are written by the confirming user (website visitor too).
            for coupon_point in order.coupon_point_ids.sudo():
                if coupon_point.coupon_id.program_id.program_type == "loyalty" and coupon_point.points > 0:
                    coupon_point.points *= tier.points_multiplier

    def _omni_tier_domain(self, prefix=""):
        tier = self.partner_id.commercial_partner_id.omni_tier_id
        field = f"{prefix}omni_tier_ids"
        return ["|", (field, "=", False), (field, "in", tier.ids)]

    def _get_program_domain(self):
        return super()._get_program_domain() + self._omni_tier_domain()

    def _get_trigger_domain(self):
        return super()._get_trigger_domain() + self._omni_tier_domain("program_id.")
