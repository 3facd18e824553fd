# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        refunds = posted.filtered(lambda m: m.move_type == "out_refund" and m.partner_id)
        if refunds:
            Channel = self.env["omni.channel"]
            rows = []
            for move in refunds:
                orders = move.line_ids.sale_line_ids.order_id
                channel = orders[:1].omni_channel_id or Channel._omni_get("sale", move.company_id)
                rows.append(
                    {
                        "partner_id": move.partner_id.id,
                        "interaction_type": "refund",
                        "channel_id": channel.id,
                        "date": move.create_date,
                        "amount": -abs(move.amount_total_signed),
                        "currency_id": move.company_id.currency_id.id,
                        "company_id": move.company_id.id,
                        "record": move,
                    }
                )
            self.env["omni.interaction"]._omni_log(rows)
        return posted
