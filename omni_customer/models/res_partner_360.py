# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .const import MONETARY_TYPES, PURCHASE_TYPES, RFM_SEGMENTS


class ResPartner(models.Model):
    """Customer 360: value and habits over every channel, read from the interaction log."""

    _inherit = "res.partner"

    # Customer 360 (computed in one grouped query per page of partners).
    omni_interaction_count = fields.Integer("Interaction count", compute="_compute_omni_kpis")
    omni_lifetime_value = fields.Monetary(
        "Lifetime value", compute="_compute_omni_kpis", currency_field="omni_currency_id"
    )
    omni_order_count = fields.Integer("Orders (all channels)", compute="_compute_omni_kpis")
    omni_average_basket = fields.Monetary(
        "Average basket", compute="_compute_omni_kpis", currency_field="omni_currency_id"
    )
    omni_first_purchase = fields.Datetime("First purchase", compute="_compute_omni_kpis")
    omni_last_purchase = fields.Datetime("Last purchase", compute="_compute_omni_kpis")
    omni_last_interaction = fields.Datetime("Last interaction", compute="_compute_omni_kpis")
    omni_days_since_last = fields.Integer("Days since last interaction", compute="_compute_omni_kpis")
    omni_preferred_channel_id = fields.Many2one(
        "omni.channel", "Preferred channel", compute="_compute_omni_kpis"
    )
    omni_channel_summary = fields.Char("Orders per channel", compute="_compute_omni_kpis")
    omni_currency_id = fields.Many2one(
        "res.currency", compute="_compute_omni_currency", string="Omnicanal currency"
    )

    def _compute_omni_currency(self):
        self.omni_currency_id = self.env.company.currency_id

    def _compute_omni_kpis(self):
        partners = self.filtered("id")
        (self - partners).update(
            {
                "omni_interaction_count": 0,
                "omni_lifetime_value": 0.0,
                "omni_order_count": 0,
                "omni_average_basket": 0.0,
                "omni_first_purchase": False,
                "omni_last_purchase": False,
                "omni_last_interaction": False,
                "omni_days_since_last": 0,
                "omni_preferred_channel_id": False,
                "omni_channel_summary": False,
            }
        )
        if not partners:
            return
        Interaction = self.env["omni.interaction"]
        domain = [("partner_id", "in", partners.ids)]
        # One grouped query for the totals, one per channel: never one per partner.
        totals = {
            partner.id: (count, last)
            for partner, count, last in Interaction._read_group(
                domain, ["partner_id"], ["__count", "date:max"]
            )
        }
        money = {
            partner.id: (amount, first, last)
            for partner, amount, first, last in Interaction._read_group(
                domain + [("interaction_type", "in", MONETARY_TYPES)],
                ["partner_id"],
                ["amount:sum", "date:min", "date:max"],
            )
        }
        per_channel = {}
        for partner, channel, count in Interaction._read_group(
            domain + [("interaction_type", "in", PURCHASE_TYPES)],
            ["partner_id", "channel_id"],
            ["__count"],
        ):
            per_channel.setdefault(partner.id, []).append((channel, count))
        now = fields.Datetime.now()
        for partner in partners:
            count, last = totals.get(partner.id, (0, False))
            amount, first_buy, last_buy = money.get(partner.id, (0.0, False, False))
            channels = sorted(per_channel.get(partner.id, []), key=lambda c: (-c[1], c[0].sequence))
            orders = sum(c for _ch, c in channels)
            partner.omni_interaction_count = count
            partner.omni_last_interaction = last
            partner.omni_days_since_last = (now - last).days if last else 0
            partner.omni_lifetime_value = amount
            partner.omni_order_count = orders
            partner.omni_average_basket = amount / orders if orders else 0.0
            partner.omni_first_purchase = first_buy
            partner.omni_last_purchase = last_buy
            partner.omni_preferred_channel_id = channels[0][0] if channels else False
            partner.omni_channel_summary = (
                ", ".join(f"{ch.name or self.env._('Unknown')}: {c}" for ch, c in channels) or False
            )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_omni_timeline(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("omni_customer.omni_interaction_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"default_partner_id": self.id, "search_default_group_channel": 0}
        action["name"] = self.env._("Timeline of %s", self.display_name)
        return action

    def action_omni_merge(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "omni.merge.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"active_model": "res.partner", "active_ids": self.ids},
        }

    def _omni_360_summary(self):
        """Plain dict of the customer 360 for the POS and the portal."""
        self.ensure_one()
        partner = self.commercial_partner_id
        return {
            "id": partner.id,
            "name": partner.name,
            "customer_code": partner.omni_customer_code or "",
            "lifetime_value": partner.omni_lifetime_value,
            "order_count": partner.omni_order_count,
            "average_basket": partner.omni_average_basket,
            "first_purchase": fields.Datetime.to_string(partner.omni_first_purchase) or "",
            "last_purchase": fields.Datetime.to_string(partner.omni_last_purchase) or "",
            "days_since_last": partner.omni_days_since_last,
            "preferred_channel": partner.omni_preferred_channel_id.name or "",
            "channels": partner.omni_channel_summary or "",
            "segment": dict(RFM_SEGMENTS).get(partner.omni_rfm_segment, ""),
            "currency": partner.omni_currency_id.symbol or "",
        }
