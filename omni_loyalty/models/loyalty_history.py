# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import create_index


class LoyaltyHistory(models.Model):
    _inherit = "loyalty.history"

    omni_channel_id = fields.Many2one("omni.channel", "Channel", index="btree_not_null", readonly=True)
    omni_date = fields.Datetime("Date", related="create_date")
    omni_pending_until = fields.Date(
        "Pending until",
        index="btree_not_null",
        readonly=True,
        help="Points issued by this movement can be spent from this date on "
        "(return window). A return before takes them back.",
    )
    omni_returned_issued = fields.Float("Issued points taken back", readonly=True)
    omni_returned_used = fields.Float("Spent points given back", readonly=True)
    # precompute: written by the INSERT of the movement, not by an UPDATE after it (debit hot path).
    omni_pending_issued = fields.Float(compute="_compute_omni_pending_issued", store=True, precompute=True)
    omni_return_of_id = fields.Many2one(
        "loyalty.history",
        "Return of",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
        help="The movement this return row gives back or takes back.",
    )

    def init(self):
        res = super().init()
        # The suite finds an order's movements (the POS's history lines, returns) among all
        # the chain's: the core does not index them by order.
        create_index(self.env.cr, "loyalty_history_omni_order_idx", self._table, ["order_id", "order_model"])
        return res

    @api.depends("issued", "omni_returned_issued")
    def _compute_omni_pending_issued(self):
        for row in self:
            row.omni_pending_issued = row.issued - row.omni_returned_issued

    @api.model_create_multi
    def create(self, vals_list):
        Channel = self.env["omni.channel"]
        cards = (
            self.env["loyalty.card"].sudo().browse([v.get("card_id") for v in vals_list if v.get("card_id")])
        )
        cards.fetch(["program_type", "company_id"])
        for vals in vals_list:
            model, res_id = vals.get("order_model"), vals.get("order_id")
            if not model or not res_id or model not in ("sale.order", "pos.order"):
                continue
            # sudo: the history is written by cashiers and website visitors.
            order = self.env[model].sudo().browse(res_id).exists()
            if not order:
                continue
            if not vals.get("omni_channel_id"):
                if model == "sale.order":
                    vals["omni_channel_id"] = order.omni_channel_id.id
                else:
                    vals["omni_channel_id"] = Channel._omni_for_pos_config(order.config_id).id
            card = self.env["loyalty.card"].sudo().browse(vals.get("card_id"))
            days = (card.company_id or order.company_id).omni_loyalty_return_days
            if "omni_pending_until" in vals:
                continue
            if vals.get("issued", 0) > 0 and card.program_type == "loyalty" and days > 0:
                vals["omni_pending_until"] = fields.Date.context_today(self) + timedelta(days=days)
        return super().create(vals_list)
