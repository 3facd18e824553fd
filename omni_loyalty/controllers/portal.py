# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.http import request, route


class OmniLoyaltyPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "omni_reward_count" in counters:
            partner = request.env.user.partner_id
            # sudo: the domain is pinned to the logged-in contact's own cards.
            values["omni_reward_count"] = (
                request.env["loyalty.card"].sudo().search_count(partner._omni_wallet_domain(own_only=True))
            )
        return values

    @route(["/my/rewards"], type="http", auth="user", website=True)
    def portal_my_rewards(self, **kw):
        partner = request.env.user.partner_id
        # sudo: every read below is pinned to the logged-in contact's own cards (not those
        # of the other contacts of its company); the codes are theirs, shown in full.
        partner_sudo = partner.sudo()
        wallet = partner_sudo._omni_wallet_summary(own_only=True, reveal_codes=True)
        history_sudo = (
            request.env["loyalty.history"]
            .sudo()
            .search(
                [("card_id", "in", [c["id"] for c in wallet["cards"]])],
                order="create_date desc, id desc",
                limit=50,
            )
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "omni_rewards",
                "wallet": wallet,
                "history": history_sudo,
                "customer_code": partner_sudo.commercial_partner_id.omni_customer_code or "",
                "tier": partner_sudo.commercial_partner_id.omni_tier_id,
                "currency": partner_sudo.omni_wallet_currency_id,
            }
        )
        return request.render("omni_loyalty.portal_my_rewards", values)
