# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import json
from collections import defaultdict

from odoo import api, fields, models

from ..tools.ledger import unmerge_split


class OmniLoyaltyMergeMove(models.Model):
    """Points a card carried into a customer merge, to split them back on unmerge."""

    _name = "omni.loyalty.merge.move"
    _description = "Loyalty points moved by a customer merge"

    audit_id = fields.Many2one("omni.merge.audit", required=True, ondelete="cascade", index=True)
    card_id = fields.Many2one("loyalty.card", required=True, ondelete="cascade")
    final_card_id = fields.Many2one("loyalty.card", ondelete="cascade")
    points = fields.Float(help="Points of the card before the merge.")
    was_active = fields.Boolean()
    company_id = fields.Many2one(related="audit_id.company_id")

    @api.model
    def _omni_record_merge(self, audit, dst_partner):
        """Record the points each card brought into the merge, with a history row each.

        The merge wizard (loyalty) adds the points of the merged partners' cards
        of one program onto one card (the surviving customer's, or the first
        one) and empties and archives the others. For each such program a move
        is stored per card, the absorbing card's own included, so that
        :meth:`_omni_split_back` can split back what is left.
        """
        Card = self.env["loyalty.card"].sudo().with_context(active_test=False)
        before = {}
        for line in audit.line_ids.filtered(lambda line: line.table_name == "loyalty_card" and line.row_id):
            before[line.row_id] = json.loads(line.row_data)
        cards = Card.browse(list(before)).exists()
        absorbed_by_program = defaultdict(lambda: Card)
        for card in cards:
            data = before[card.id]
            if (
                data.get("active", True)
                and not card.active
                and (data.get("points") or 0.0)
                and not card.points
            ):
                absorbed_by_program[card.program_id] |= card
        moves, history = [], []
        for program, absorbed in absorbed_by_program.items():
            final = Card.search(
                [("partner_id", "=", dst_partner.id), ("program_id", "=", program.id), ("active", "=", True)],
                limit=1,
            )
            if not final:
                continue
            brought = {card: before[card.id].get("points") or 0.0 for card in absorbed}
            own = final.points - sum(brought.values())
            moves.append(
                {
                    "audit_id": audit.id,
                    "card_id": final.id,
                    "final_card_id": final.id,
                    "points": own,
                    "was_active": True,
                }
            )
            for card, points in brought.items():
                moves.append(
                    {
                        "audit_id": audit.id,
                        "card_id": card.id,
                        "final_card_id": final.id,
                        "points": points,
                        "was_active": before[card.id].get("active", True),
                    }
                )
                history += [
                    {
                        "card_id": card.id,
                        "used": points,
                        "issued": 0.0,
                        "description": self.env._("Customer merge: moved to %s", final._omni_masked_code()),
                    },
                    {
                        "card_id": final.id,
                        "used": 0.0,
                        "issued": points,
                        "description": self.env._("Customer merge: moved from %s", card._omni_masked_code()),
                    },
                ]
        self.create(moves)
        # sudo: the merge writes the wallet history of the customers it moves.
        self.env["loyalty.history"].sudo().create(history)

    @api.model
    def _omni_split_back(self, audit):
        """Split what is left on each absorbing card back, by :func:`..tools.ledger.unmerge_split`.

        Each card gets back what it brought if the absorbing card still holds
        it all (points earned since the merge stay on the absorbing card);
        otherwise what is left is split in proportion to what each brought.
        Never negative, total unchanged, one history row per card.
        """
        moves = self.search([("audit_id", "=", audit.id)], order="id")
        by_final = defaultdict(list)
        for move in moves.filtered("final_card_id"):
            by_final[move.final_card_id.with_context(active_test=False)].append(move)
        history = []
        for final, group in by_final.items():
            group.sort(key=lambda move: move.card_id != final)  # the keeper first
            if group[0].card_id != final:
                continue
            final._omni_lock()
            remaining = final.points
            shares = unmerge_split(remaining, [move.points for move in group], keeper=0)
            final.with_context(mail_notrack=True).points = shares[0]
            for move, share in zip(group[1:], shares[1:], strict=True):
                card = move.card_id.with_context(active_test=False, mail_notrack=True)
                card.write({"points": share, "active": move.was_active})
                history += [
                    {
                        "card_id": final.id,
                        "used": share,
                        "issued": 0.0,
                        "description": self.env._("Customer unmerge: back to %s", card._omni_masked_code()),
                    },
                    {
                        "card_id": card.id,
                        "used": 0.0,
                        "issued": share,
                        "description": self.env._(
                            "Customer unmerge: %(share)s of the %(brought)s points it brought",
                            share=round(share, 2),
                            brought=round(move.points, 2),
                        ),
                    },
                ]
        # sudo: the unmerge writes the wallet history of the customers it restores.
        self.env["loyalty.history"].sudo().create(history)
