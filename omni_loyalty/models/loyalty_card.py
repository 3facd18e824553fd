# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
import re

from odoo import api, fields, models
from odoo.addons.omni_customer.locking import lock_rows
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.ledger import settle

CODE_RE = re.compile(r"^[A-Za-z0-9_\-.]{3,64}$")


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    omni_pending_points = fields.Float(
        "Pending points",
        compute="_compute_omni_pending_points",
        help="Points earned on orders still inside the return window: counted in "
        "the balance but not spendable until the window ends.",
    )
    omni_available_points = fields.Float("Spendable", compute="_compute_omni_pending_points")
    omni_parity_ok = fields.Boolean(related="program_id.omni_parity_ok", string="Usable everywhere")
    omni_channel_summary = fields.Char(related="program_id.omni_channel_summary", string="Channels")

    def _compute_omni_pending_points(self):
        # Only loyalty points are pending in a return window (loyalty.history create): gift
        # cards and eWallets skip the query (the hot path of the debit service).
        loyalty = self.filtered(lambda card: card.program_type == "loyalty")
        pending = dict(
            self.env["loyalty.history"]
            .sudo()
            ._read_group(
                [
                    ("card_id", "in", loyalty.ids),
                    ("omni_pending_until", ">", fields.Date.context_today(self)),
                ],
                ["card_id"],
                ["omni_pending_issued:sum"],
            )
            if loyalty.ids
            else []
        )
        for card in self:
            card.omni_pending_points = max(pending.get(card, 0.0), 0.0)
            card.omni_available_points = card.points - card.omni_pending_points

    # ------------------------------------------------------------------
    # Locking and spending: the only way a balance goes down
    # ------------------------------------------------------------------
    def _omni_lock(self):
        """Lock the cards' rows until the end of the transaction and reload them.

        Rows are locked in id order so two transactions locking several cards
        cannot deadlock. Under PostgreSQL's repeatable read (Odoo's isolation
        level) a transaction that waited on a card another one changed fails
        with a serialization error; Odoo's request handler retries it and the
        retry then sees the new balance and refuses cleanly.
        """
        return lock_rows(self)

    def _omni_unusable(self, company=None):
        """``{card: kind}`` of the cards that cannot be spent, ``kind`` one of
        ``inactive`` (card archived or program inactive), ``expired`` and
        ``company`` (the card belongs to a company other than ``company``)."""
        unusable = {}
        for card in self:
            if not card.active or not card.program_id.active:
                unusable[card] = "inactive"
            # Today only for cards that expire: it reads the user's time zone.
            elif card.expiration_date and card.expiration_date < fields.Date.context_today(self):
                unusable[card] = "expired"
            elif company and card.company_id and card.company_id != company:
                unusable[card] = "company"
        return unusable

    def _omni_unusable_note(self, result):
        """The manager's note on a paid order's card :meth:`_omni_unusable` named (``result`` of
        :meth:`_omni_debit`): the reason and what was charged and left uncovered."""
        self.ensure_one()
        reason = {
            "inactive": self.env._("the card is archived or its program is inactive"),
            "expired": self.env._("the card had expired"),
            "company": self.env._("the card belongs to another company: nothing charged"),
        }[result["unusable"]]
        return self.env._(
            "%(code)s: %(reason)s (%(charged)s charged, %(overspend)s uncovered).",
            code=self._omni_masked_code(),
            reason=reason,
            charged=round(result["charged"], 2),
            overspend=round(result["overspend"], 2),
        )

    def _omni_check_usable(self, company=None):
        """Refuse archived, expired, inactive-program or foreign-company cards."""
        for card, kind in self._omni_unusable(company).items():
            if kind == "inactive":
                raise UserError(self.env._("The card %(code)s is not active.", code=card.code))
            if kind == "expired":
                raise UserError(self.env._("The card %(code)s expired.", code=card.code))
            raise UserError(self.env._("The card %(code)s belongs to another company.", code=card.code))

    @staticmethod
    def _omni_parse_amount(amount, env, allow_zero=False):
        if isinstance(amount, bool):
            raise UserError(env._("The amount must be a number."))
        try:
            amount = float(amount)
        except (TypeError, ValueError) as exc:
            raise UserError(env._("The amount must be a number.")) from exc
        if math.isnan(amount) or math.isinf(amount) or amount < 0 or (amount == 0 and not allow_zero):
            raise UserError(env._("The amount must be a positive number."))
        return amount

    @api.model
    def _omni_debit(
        self,
        moves,
        company=None,
        partner=None,
        channel=None,
        order=None,
        fact=False,
        offline=False,
        allowance=0.0,
        apply=True,
        lock=True,
        description=None,
    ):
        """The one debit service of every channel (back office, website, POS).

        ``moves`` maps a card id (or record) to ``(won, spent)``: the points an
        order earns on it before the tier multiplier and the points (or amount)
        it spends from it. In one transaction: lock the cards (id order),
        refuse unusable ones (archived, expired, inactive program, another
        company's), settle each card with :func:`..tools.ledger.settle`
        on the fresh spendable balance (pending points excluded) and the
        ``partner``'s tier multiplier (loyalty programs only), then, with
        ``apply``, move the points and write one ``loyalty.history`` row per
        card. An uncovered spend raises a ValidationError (nothing moved)
        unless the order is a ``fact`` (paid: POS sync, paid website order):
        then the card is charged what it holds, never below zero, and the
        result tells the caller to flag the order. A fact also flags an
        unusable card instead of refusing it (``unusable`` in its result): it
        is charged as a usable one would be, except another company's card,
        which is never charged (its whole spend is the overspend). A card
        another transaction changed meanwhile makes PostgreSQL raise a serialization failure, that
        Odoo's request layer (``odoo.service.model.retrying``) retries on a
        fresh snapshot. Pre-payment checks pass ``lock=False, apply=False``:
        same rules, nothing locked or moved. Returns ``{card: settle result}``.
        """
        clean = {}
        for key, (raw_won, raw_spent) in moves.items():
            card_id = key.id if isinstance(key, models.BaseModel) else key
            if not isinstance(card_id, int) or isinstance(card_id, bool) or card_id <= 0:
                raise UserError(self.env._("Unknown card."))
            won = self._omni_parse_amount(raw_won, self.env, allow_zero=True)
            spent = self._omni_parse_amount(raw_spent, self.env, allow_zero=True)
            prev = clean.get(card_id, (0.0, 0.0))
            clean[card_id] = (prev[0] + won, prev[1] + spent)
        if not clean:
            return {}
        if isinstance(channel, str):
            channel = self.env["omni.channel"]._omni_get(channel)
        # sudo: cashiers and website visitors spend cards they cannot write;
        # the lock and the balance check below are the guard.
        cards = self.sudo().with_context(active_test=False).browse(list(clean))
        # Locking returns the rows that exist: one query checks both.
        found = cards._omni_lock() if lock or apply else cards.exists()
        if len(found) != len(cards):
            raise UserError(self.env._("Unknown card."))
        if fact:
            # A paid order is a fact: an unusable card is flagged, not refused.
            unusable = cards._omni_unusable(company)
        else:
            cards._omni_check_usable(company)
            unusable = {}
        multiplier = 1.0
        if partner:
            # sudo: the tier of the customer the sale names, whoever sells. Only the two
            # fields it takes, not the customer's whole row (the hot path of every sale).
            partner_sudo = partner.sudo()
            tier_fields = ["commercial_partner_id", "omni_tier_id"]
            partner_sudo.fetch(tier_fields)  # a customer is most often its own commercial partner
            partner_sudo.commercial_partner_id.fetch(tier_fields)
            multiplier = partner_sudo.commercial_partner_id._omni_points_multiplier()
        results = {}
        for card in cards:
            won, spent = clean[card.id]
            if unusable.get(card) == "company":
                # Another company's card is never charged for this company's sale.
                won, available = 0.0, 0.0
            else:
                available = card.omni_available_points
            results[card] = res = settle(
                won,
                spent,
                available,
                multiplier=multiplier if card.program_type == "loyalty" else 1.0,
                offline=offline,
                allowance=allowance,
            )
            if card in unusable:
                res.update(flag=True, refuse=False, unusable=unusable[card])
        short = [card for card, res in results.items() if res["refuse"]]
        if short and not fact:
            card = short[0]
            raise ValidationError(
                self.env._(
                    "Not enough balance on %(code)s: %(available)s available, "
                    "%(need)s requested. Nothing was charged; the balance may "
                    "just have been used in another channel.",
                    code=card._omni_masked_code(),
                    available=round(card.omni_available_points, 2),
                    need=round(clean[card.id][1] - results[card]["gain"], 2),
                )
            )
        if apply:
            cards._omni_apply(results, channel, order, description)
        return results

    def _omni_apply(self, results, channel=None, order=None, description=None):
        """Move the settled points and write the history rows (one per card)."""
        vals_list = []
        for card, res in results.items():
            if not (res["delta"] or res["gain"] or res["charged"] or res.get("unusable") or res["flag"]):
                continue
            # A flagged card gets its row even when nothing could be charged (emptied in
            # another channel): the order's effect on it is recorded once, here, and the
            # POS's own history figures for it are then skipped (add_loyalty_history_lines).
            # The history row records the movement: no chatter tracking message per spend.
            card.with_context(mail_notrack=True).points += res["delta"]
            vals_list.append(
                {
                    "card_id": card.id,
                    "issued": res["gain"],
                    "used": res["gain"] - res["delta"],
                    "description": description or self.env._("Spent"),
                    "order_model": order._name if order else False,
                    "order_id": order.id if order else False,
                    "omni_channel_id": channel.id if channel else False,
                }
            )
        # sudo: history rows are written for whoever spends (cashier, visitor).
        return self.env["loyalty.history"].sudo().create(vals_list)

    def _omni_masked_code(self):
        """The card code as shown to staff and on receipts: its last 4 characters only."""
        self.ensure_one()
        code = self.code or ""
        return "\u2022\u2022\u2022\u2022" + code[-4:] if len(code) > 4 else "\u2022\u2022\u2022\u2022"

    # ------------------------------------------------------------------
    # Identification (POS scan, portal): clear errors for bad codes
    # ------------------------------------------------------------------
    def _omni_find_by_code(self, code, company=None):
        """The usable card with this code, or a clear UserError."""
        company = company or self.env.company
        if not isinstance(code, str) or not CODE_RE.match(code.strip()):
            raise UserError(self.env._("This is not a valid card code."))
        # sudo: identification happens before the user may read the card.
        card = self.sudo().with_context(active_test=False).search([("code", "=", code.strip())], limit=1)
        if not card:
            raise UserError(self.env._("Unknown card code."))
        card._omni_check_usable(company)
        return card

    @api.model
    def _omni_pos_card_summary(self, code):
        """A card code typed at the till: that card only, in the wallet's shape.

        Not its owner's other cards, codes or tier; a card of a company the
        cashier does not work in is as unknown as a code that does not exist.
        """
        if not self.env.user._is_internal():
            # A till is staff: a portal user does not look cards up by code.
            raise AccessError(self.env._("Only staff can look up a card by its code."))
        if not CODE_RE.match(code):
            raise UserError(self.env._("Unknown customer or card."))
        # sudo: identification before the cashier may read the card; the domain
        # pins it to the cashier's allowed companies.
        card_sudo = self.sudo().search(
            [("code", "=", code), ("company_id", "in", [False, *self.env.companies.ids])], limit=1
        )
        if not card_sudo:
            raise UserError(self.env._("Unknown customer or card."))
        card_sudo._omni_check_usable(self.env.company)
        ptype = card_sudo.program_type
        return {
            "partner_id": card_sudo.partner_id.id,
            "name": card_sudo.program_id.name,
            "customer_code": "",
            "tier": "",
            "points": card_sudo.points if ptype == "loyalty" else 0.0,
            "gift_card": card_sudo.points if ptype == "gift_card" else 0.0,
            "ewallet": card_sudo.points if ptype == "ewallet" else 0.0,
            "coupons": 0 if ptype in ("loyalty", "gift_card", "ewallet") else 1,
            "cards": [
                {
                    "id": card_sudo.id,
                    "code": card_sudo._omni_masked_code(),  # the till typed it; shown masked like every code
                    "program": card_sudo.program_id.name,
                    "program_type": ptype,
                    "points": card_sudo.points,
                    "available": card_sudo.omni_available_points,
                    "expiration_date": fields.Date.to_string(card_sudo.expiration_date) or "",
                }
            ],
        }
