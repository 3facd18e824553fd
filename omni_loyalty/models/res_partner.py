# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.addons.omni_customer import inputs as omni_inputs
from odoo.addons.omni_customer.tools import inputs
from odoo.exceptions import AccessError, UserError

SPEND_TYPES = ("order", "pos_order", "refund")
WALLET_TYPES = ("loyalty", "gift_card", "ewallet")


class ResPartner(models.Model):
    _inherit = "res.partner"

    omni_tier_id = fields.Many2one(
        "omni.loyalty.tier", "Tier", readonly=True, copy=False, index="btree_not_null", tracking=True
    )
    omni_tier_checked = fields.Date("Tier checked on", readonly=True, copy=False)
    omni_rolling_spend = fields.Monetary(
        "Rolling spend",
        compute="_compute_omni_rolling_spend",
        currency_field="omni_wallet_currency_id",
        help="Spend in all channels over the tier window (orders and store tickets minus returns).",
    )
    omni_wallet_currency_id = fields.Many2one("res.currency", compute="_compute_omni_wallet")
    omni_wallet_points = fields.Float("Loyalty points", compute="_compute_omni_wallet")
    omni_wallet_gift_card = fields.Monetary(
        "Gift cards", compute="_compute_omni_wallet", currency_field="omni_wallet_currency_id"
    )
    omni_wallet_ewallet = fields.Monetary(
        "eWallet", compute="_compute_omni_wallet", currency_field="omni_wallet_currency_id"
    )
    omni_wallet_coupon_count = fields.Integer("Coupons", compute="_compute_omni_wallet")

    # ------------------------------------------------------------------
    # Wallet
    # ------------------------------------------------------------------
    def _omni_wallet_domain(self, own_only=False):
        """Cards of the customer: its company and all its contacts, or ``own_only`` this contact's."""
        if own_only:
            partner_ids = self.ids
        else:
            partner_ids = (
                self.with_context(active_test=False)
                .search([("id", "child_of", self.commercial_partner_id.ids)])
                .ids
            )
        return [
            ("partner_id", "in", partner_ids),
            ("program_id.active", "=", True),
            # Cards of the companies the user works in (or shared): never another company's.
            ("company_id", "in", [False, *self.env.companies.ids]),
            "|",
            ("expiration_date", "=", False),
            ("expiration_date", ">=", fields.Date.context_today(self)),
        ]

    def _omni_points_multiplier(self):
        """The tier multiplier of points earned: the one used by sales, website and POS."""
        self.ensure_one()
        return self.commercial_partner_id.omni_tier_id.points_multiplier or 1.0

    def _compute_omni_wallet(self):
        Card = self.env["loyalty.card"].sudo()  # sudo: balances shown to whoever may read the partner.
        for partner in self:
            partner.omni_wallet_currency_id = partner.company_id.currency_id or self.env.company.currency_id
            if not partner.id:
                partner.omni_wallet_points = partner.omni_wallet_gift_card = 0.0
                partner.omni_wallet_ewallet = partner.omni_wallet_coupon_count = 0
                continue
            groups = Card._read_group(
                partner._omni_wallet_domain(), ["program_type"], ["points:sum", "__count"]
            )
            totals = {ptype: (points, count) for ptype, points, count in groups}
            partner.omni_wallet_points = totals.get("loyalty", (0.0, 0))[0]
            partner.omni_wallet_gift_card = totals.get("gift_card", (0.0, 0))[0]
            partner.omni_wallet_ewallet = totals.get("ewallet", (0.0, 0))[0]
            partner.omni_wallet_coupon_count = sum(
                count for ptype, (points, count) in totals.items() if ptype not in WALLET_TYPES
            )

    def _omni_wallet_summary(self, own_only=False, reveal_codes=False):
        """Plain dict of the wallet for the POS and the portal.

        Card codes are secrets (whoever types one spends the card): they are
        masked to their last 4 characters unless ``reveal_codes`` (the portal,
        showing a customer their ``own_only`` cards).
        """
        self.ensure_one()
        partner = self.commercial_partner_id
        owner = self if own_only else partner
        cards = (
            self.env["loyalty.card"]
            .sudo()
            .search(owner._omni_wallet_domain(own_only), order="program_id, id")
        )
        totals = defaultdict(float)
        for card in cards:
            totals[card.program_type if card.program_type in WALLET_TYPES else "coupons"] += (
                card.points if card.program_type in WALLET_TYPES else 1
            )
        return {
            "partner_id": partner.id,
            "name": owner.name,
            "customer_code": partner.omni_customer_code or "",
            "tier": partner.omni_tier_id.name or "",
            "points": totals["loyalty"],
            "gift_card": totals["gift_card"],
            "ewallet": totals["ewallet"],
            "coupons": int(totals["coupons"]),
            "cards": [
                {
                    "id": card.id,
                    "code": card.code if reveal_codes else card._omni_masked_code(),
                    "program": card.program_id.name,
                    "program_type": card.program_type,
                    "points": card.points,
                    "available": card.omni_available_points,
                    "expiration_date": fields.Date.to_string(card.expiration_date) or "",
                }
                for card in cards
            ],
        }

    @api.model
    def omni_pos_wallet(self, code_or_partner_id):
        """Wallet for the POS: by partner id or customer code (the customer's
        wallet in the cashier's companies), or by card code (that card only)."""
        partner = self.browse()
        if isinstance(code_or_partner_id, str):
            code = omni_inputs.rpc(self.env, inputs.parse_text, code_or_partner_id, "code", max_length=64)
            if code:
                partner = self.search([("omni_customer_code", "=", code)], limit=1)
                if not partner:
                    return self.env["loyalty.card"]._omni_pos_card_summary(code)
        else:
            partner_id = omni_inputs.rpc(self.env, inputs.parse_id, code_or_partner_id, "partner_id")
            partner = self.browse(partner_id).exists()
        if not partner:
            raise UserError(self.env._("Unknown customer or card."))
        if not self.env.user.has_group("point_of_sale.group_pos_user") and not self.env.su:
            raise AccessError(self.env._("Only point of sale users can read a customer's wallet."))
        partner.check_access("read")
        return partner._omni_wallet_summary()

    def action_omni_wallet(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("loyalty.loyalty_card_action")
        action["domain"] = self._omni_wallet_domain()
        action["context"] = {"create": False}
        action["name"] = self.env._("Wallet of %s", self.commercial_partner_id.display_name)
        return action

    def action_omni_wallet_history(self):
        self.ensure_one()
        partners = self.with_context(active_test=False).search(
            [("id", "child_of", self.commercial_partner_id.ids)]
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Wallet history of %s", self.commercial_partner_id.display_name),
            "res_model": "loyalty.history",
            "view_mode": "list",
            "views": [(self.env.ref("omni_loyalty.loyalty_history_view_list_omni").id, "list")],
            "domain": [("card_id.partner_id", "in", partners.ids)],
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # Tiers
    # ------------------------------------------------------------------
    def _compute_omni_rolling_spend(self):
        spend = self._omni_spend_by_partner()
        for partner in self:
            partner.omni_rolling_spend = spend.get(partner.commercial_partner_id.id, 0.0)

    def _omni_spend_by_partner(self):
        """Rolling spend per commercial partner id, from the interaction log."""
        partners = self.commercial_partner_id
        if not partners.ids:
            return {}
        result = defaultdict(float)
        by_months = defaultdict(lambda: self.env["res.partner"])
        for partner in partners:
            company = partner.company_id or self.env.company
            by_months[company.omni_loyalty_tier_months or 12] |= partner
        now = fields.Datetime.now()
        for months, group in by_months.items():
            # sudo: the tier is computed for the customer, whoever triggers it.
            rows = (
                self.env["omni.interaction"]
                .sudo()
                ._read_group(
                    [
                        ("partner_id", "in", group.ids),
                        ("interaction_type", "in", SPEND_TYPES),
                        ("date", ">=", now - relativedelta(months=months)),
                    ],
                    ["partner_id"],
                    ["amount:sum"],
                )
            )
            for partner, amount in rows:
                result[partner.id] += amount
        return result

    def _omni_update_tiers(self, allow_downgrade=False):
        """Move customers to the tier their rolling spend gives.

        Upgrades are applied at once; downgrades only when ``allow_downgrade``
        (the batched cron). Returns the partners whose tier changed.
        """
        partners = self.commercial_partner_id.filtered(lambda p: not p.parent_id)
        spend = partners._omni_spend_by_partner()
        Tier = self.env["omni.loyalty.tier"].sudo()
        changed = self.browse()
        for partner in partners:
            company = partner.company_id or self.env.company
            target = Tier._omni_tier_for_spend(spend.get(partner.id, 0.0), company)
            current = partner.omni_tier_id
            if target == current:
                continue
            upgrade = not current or (target and target.min_spend > current.min_spend)
            if not upgrade and not allow_downgrade:
                continue
            # sudo: the tier is written by any sale flow (cashier, website visitor).
            partner.sudo().omni_tier_id = target
            partner._omni_notify_tier(current, target, upgrade)
            changed |= partner
        return changed

    def _omni_notify_tier(self, old, new, upgrade):
        self.ensure_one()
        # In the customer's language, not in that of the cashier, visitor or cron that changed the tier.
        env = self.with_context(lang=self.lang or self.env.lang).env
        old, new = old.with_env(env), new.with_env(env)
        if upgrade:
            body = env._("Welcome to the %(tier)s tier!", tier=new.name)
        elif new:
            body = env._("Your tier is now %(tier)s.", tier=new.name)
        else:
            body = env._("Your %(tier)s tier has ended.", tier=old.name)
        # Tell the customer only if they accept service messages by e-mail;
        # otherwise keep an internal note for the staff.
        allowed = self.email and self.env["omni.consent"]._omni_allowed(self, "service", "email")
        # sudo: posting on the customer is part of the sale flow that changed the tier.
        if allowed:
            # Queued for the mail cron, not sent over SMTP inside the till's or checkout's request.
            self.sudo().with_context(mail_notify_force_send=False).message_post(
                body=body, partner_ids=self.ids, subtype_xmlid="mail.mt_comment"
            )
        else:
            self.sudo().message_post(body=body, subtype_xmlid="mail.mt_note")

    @api.model
    def _cron_omni_tier_downgrade(self, batch_size=1000):
        """Recompute tiers (downgrades included) for one batch of customers."""
        today = fields.Date.context_today(self)
        domain = [
            ("omni_tier_id", "!=", False),
            "|",
            ("omni_tier_checked", "=", False),
            ("omni_tier_checked", "<", today),
        ]
        partners = self.search(domain, limit=batch_size, order="id")
        partners._omni_update_tiers(allow_downgrade=True)
        partners.write({"omni_tier_checked": today})
        remaining = self.search_count(domain)
        self.env["ir.cron"]._notify_progress(done=len(partners), remaining=remaining)
        return len(partners)

    # ------------------------------------------------------------------
    # Merge / unmerge (omni_customer hooks)
    # ------------------------------------------------------------------
    @api.model
    def _omni_merge_extra(self, src_partners, dst_partner, audit):
        res = super()._omni_merge_extra(src_partners, dst_partner, audit)
        self.env["omni.loyalty.merge.move"].sudo()._omni_record_merge(audit, dst_partner)
        dst_partner._omni_update_tiers()
        return res

    @api.model
    def _omni_unmerge_extra(self, audit):
        res = super()._omni_unmerge_extra(audit)
        self.env["omni.loyalty.merge.move"].sudo()._omni_split_back(audit)
        (audit.dst_partner_id | audit.src_partner_ids)._omni_update_tiers(allow_downgrade=True)
        return res
