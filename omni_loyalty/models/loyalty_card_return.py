# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.addons.omni_customer.locking import lock_rows

from ..tools.ledger import return_split


class LoyaltyCard(models.Model):
    """Returns in any channel: take back points earned, give back points spent."""

    _inherit = "loyalty.card"

    @api.model
    def _omni_return_points(self, source, amount, return_record, channel=None):
        """Undo the loyalty effect of ``amount`` returned from order ``source``.

        ``source`` is the original sale or POS order, whatever channel the
        return happens in; ``amount`` the value returned (positive, tax
        included) by the document ``return_record`` (credit note, POS refund).
        Points earned on it are taken back (never below zero) and points spent
        on it are given back, in proportion, with a history row per card linked
        to the row it returns. Idempotent per document: processing the same
        ``return_record`` again (a credit note reset to draft and posted again,
        a refund synced twice) moves only what is still missing to reach its
        share, normally nothing. Returns the history rows created.
        """
        amount = self._omni_parse_amount(amount, self.env)
        total = source.amount_total
        if not total or total <= 0 or not return_record:
            return self.env["loyalty.history"]
        ratio = min(amount / total, 1.0)
        if isinstance(channel, str):
            channel = self.env["omni.channel"]._omni_get(channel)
        # sudo: returns are handled by cashiers and accountants who cannot write cards.
        History = self.env["loyalty.history"].sudo()
        domain = [
            ("order_model", "=", source._name),
            ("order_id", "=", source.id),
            ("omni_return_of_id", "=", False),
        ]
        rows = History.search(domain + ["|", ("issued", ">", 0), ("used", ">", 0)])
        if not rows:
            return History
        rows.card_id._omni_lock()
        # Lock the returned rows too: two syncs of one refund wait for each other.
        lock_rows(rows)
        done = {
            row: (used, issued)
            for row, used, issued in History._read_group(
                [
                    ("omni_return_of_id", "in", rows.ids),
                    ("order_model", "=", return_record._name),
                    ("order_id", "=", return_record.id),
                ],
                ["omni_return_of_id"],
                ["used:sum", "issued:sum"],
            )
        }
        vals_list = []
        for row in rows:
            card = row.card_id
            done_take, done_give = done.get(row, (0.0, 0.0))
            take, give = return_split(
                row.issued,
                row.used,
                row.omni_returned_issued,
                row.omni_returned_used,
                ratio,
                card.points,
                done_take=done_take,
                done_give=done_give,
            )
            if not take and not give:
                continue
            card.with_context(mail_notrack=True).points += give - take
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
                    "order_model": return_record._name,
                    "order_id": return_record.id,
                    "omni_return_of_id": row.id,
                    "omni_channel_id": channel.id if channel else False,
                    "omni_pending_until": False,
                }
            )
        return History.create(vals_list)
