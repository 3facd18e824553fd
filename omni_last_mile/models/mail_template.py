# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class MailTemplate(models.Model):
    _inherit = "mail.template"

    omni_last_mile_notice = fields.Boolean(
        string="Last mile notice",
        compute="_compute_omni_last_mile_notice",
        search="_search_omni_last_mile_notice",
        help="Shipped with Omnicanal Last Mile: a delivery step's customer e-mail.",
    )

    def _omni_last_mile_notice_ids(self):
        # sudo: which templates this addon ships is read from ir.model.data, hidden from most users.
        rows = (
            self.env["ir.model.data"]
            .sudo()
            .search_fetch([("module", "=", "omni_last_mile"), ("model", "=", "mail.template")], ["res_id"])
        )
        return set(rows.mapped("res_id"))

    def _compute_omni_last_mile_notice(self):
        ours = self._omni_last_mile_notice_ids()
        for template in self:
            template.omni_last_mile_notice = template.id in ours

    def _search_omni_last_mile_notice(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on Last mile notice."))
        wanted = (operator == "=") == value
        return [("id", "in" if wanted else "not in", list(self._omni_last_mile_notice_ids()))]
