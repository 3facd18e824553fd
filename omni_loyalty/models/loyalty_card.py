# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL, float_compare

from ..tools.ledger import return_split

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
        pending = dict(
            self.env["loyalty.history"]
            .sudo()
            ._read_group(
                [
                    ("card_id", "in", self.ids),
                    ("omni_pending_until", ">", fields.Date.context_today(self)),
                ],
                ["card_id"],
                ["omni_pending_issued:sum"],
            )
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
        if not self.ids:
            return self
        self.flush_recordset()
        self.env.cr.execute(
            SQL("SELECT id FROM loyalty_card WHERE id IN %s ORDER BY id FOR UPDATE", tuple(self.ids))
        )
        self.invalidate_recordset()
        return self

    def _omni_check_usable(self, company=None):
        """Refuse archived, expired, inactive-program or foreign-company cards."""
        for card in self:
            if not card.active or not card.program_id.active:
                raise UserError(self.env._("The card %(code)s is not active.", code=card.code))
            if card.expiration_date and card.expiration_date < fields.Date.context_today(self):
                raise UserError(self.env._("The card %(code)s expired.", code=card.code))
            if company and card.company_id and card.company_id != company:
                raise UserError(self.env._("The card %(code)s belongs to another company.", code=card.code))

    def _omni_check_amounts(self, needs):
        """``needs`` maps card -> points to take. Raise a clear error if short."""
        for card, need in needs.items():
            if float_compare(need, card.omni_available_points, precision_digits=2) > 0:
                raise ValidationError(
                    self.env._(
                        "Not enough balance on %(code)s: %(available)s available, "
                        "%(need)s requested. Nothing was charged; the balance may "
                        "just have been used in another channel.",
                        code=card.code,
                        available=round(card.omni_available_points, 2),
                        need=round(need, 2),
                    )
                )

    @staticmethod
    def _omni_parse_amount(amount, env):
        try:
            amount = float(amount)
        except (TypeError, ValueError) as exc:
            raise UserError(env._("The amount must be a number.")) from exc
        if math.isnan(amount) or math.isinf(amount) or amount <= 0:
            raise UserError(env._("The amount must be a positive number."))
        return amount

    def _omni_spend(self, amount, channel=None, order=None, description=None):
        """Take ``amount`` points from this card, safely against every channel.

        Locks the card row, re-reads the balance and refuses with a
        ValidationError when the spendable balance is short, so two channels
        spending the same balance at the same moment never take it below zero.
        ``channel`` is an ``omni.channel`` or a channel code; ``order`` the
        document spending it (stored on the history row). Returns the new
        balance.
        """
        self.ensure_one()
        amount = self._omni_parse_amount(amount, self.env)
        if isinstance(channel, str):
            channel = self.env["omni.channel"]._omni_get(channel)
        # sudo: cashiers and website visitors spend cards they cannot write;
        # the lock and the balance check below are the guard.
        card = self.sudo()._omni_lock()
        card._omni_check_usable(order.company_id if order and "company_id" in order else None)
        card._omni_check_amounts({card: amount})
        # The history row below records the movement: no chatter tracking message per spend.
        card.with_context(mail_notrack=True).points -= amount
        self.env["loyalty.history"].sudo().create(
            {
                "card_id": card.id,
                "used": amount,
                "issued": 0.0,
                "description": description or self.env._("Spent"),
                "order_model": order._name if order else False,
                "order_id": order.id if order else False,
                "omni_channel_id": channel.id if channel else False,
            }
        )
        return card.points

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
                    "code": card_sudo.code,
                    "program": card_sudo.program_id.name,
                    "program_type": ptype,
                    "points": card_sudo.points,
                    "available": card_sudo.omni_available_points,
                    "expiration_date": fields.Date.to_string(card_sudo.expiration_date) or "",
                }
            ],
        }

    # ------------------------------------------------------------------
    # Returns: take back points earned, give back points spent
    # ------------------------------------------------------------------
    @api.model
    def _omni_return_points(self, source, amount, return_record=None, channel=None):
        """Undo the loyalty effect of ``amount`` returned from order ``source``.

        ``source`` is the original sale or POS order, whatever channel the
        return happens in; ``amount`` the value returned (positive, tax
        included). Points earned on it are taken back (never below zero) and
        points spent on it are given back, in proportion, with a history row
        per card. Returns the history rows created.
        """
        amount = self._omni_parse_amount(amount, self.env)
        total = source.amount_total
        if not total or total <= 0:
            return self.env["loyalty.history"]
        ratio = min(amount / total, 1.0)
        if isinstance(channel, str):
            channel = self.env["omni.channel"]._omni_get(channel)
        # sudo: returns are handled by cashiers and accountants who cannot write cards.
        History = self.env["loyalty.history"].sudo()
        rows = History.search(
            [
                ("order_model", "=", source._name),
                ("order_id", "=", source.id),
                "|",
                ("issued", ">", 0),
                ("used", ">", 0),
            ]
        )
        if not rows:
            return History
        rows.card_id._omni_lock()
        vals_list = []
        for row in rows:
            card = row.card_id
            take, give = return_split(
                row.issued, row.used, row.omni_returned_issued, row.omni_returned_used, ratio, card.points
            )
            if not take and not give:
                continue
            card.points += give - take
            row.write(
                {
                    "omni_returned_issued": row.omni_returned_issued + take,
                    "omni_returned_used": row.omni_returned_used + give,
                }
            )
            vals_list.append(
                {
                    "card_id": card.id,
                    "issued": give,
                    "used": take,
                    "description": self.env._("Return of %(order)s", order=source.display_name),
                    "order_model": (return_record or source)._name,
                    "order_id": (return_record or source).id,
                    "omni_channel_id": channel.id if channel else False,
                    "omni_pending_until": False,
                }
            )
        return History.create(vals_list)
