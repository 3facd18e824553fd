# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

NOSHOW_RULES = [("cancel", "Cancel the order"), ("refund", "Refund and cancel the order")]


class ResCompany(models.Model):
    """After-sales settings: click and collect no-shows, returns by post."""

    _inherit = "res.company"

    omni_noshow_reminder_days = fields.Integer(
        string="No-show reminder after (days)",
        default=3,
        help="Days after an order is ready for pickup before the customer is reminded (once).",
    )
    omni_noshow_release_days = fields.Integer(
        string="No-show release after (days)",
        default=7,
        help="Days after an order is ready for pickup before it is released: its pickup code stops "
        "working and its units go back to the network.",
    )
    omni_noshow_rule = fields.Selection(
        NOSHOW_RULES,
        string="Released orders are",
        default="cancel",
        required=True,
        help="Cancel: the order is cancelled. Refund: what was invoiced is credited back (credit "
        "note), then the order is cancelled. An order paid online that the rule would not refund "
        "in full is flagged for a manager instead.",
    )

    omni_return_post_instructions = fields.Text(
        string="Return by post instructions",
        translate=True,
        help="What a customer returning goods by post is told to do with the parcel (drop-off point, "
        "packing). The return label reference is given with it.",
    )

    @api.constrains("omni_noshow_reminder_days", "omni_noshow_release_days")
    def _check_omni_noshow_days(self):
        for company in self:
            if company.omni_noshow_reminder_days < 1 or company.omni_noshow_release_days < 1:
                raise ValidationError(self.env._("No-show delays are whole days, 1 or more."))
            if company.omni_noshow_release_days <= company.omni_noshow_reminder_days:
                raise ValidationError(
                    self.env._("A no-show is released after its reminder: the release delay must be longer.")
                )
