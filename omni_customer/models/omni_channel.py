# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class OmniChannel(models.Model):
    _name = "omni.channel"
    _description = "Sales and service channel"
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        index=True,
        help="Technical key used by the other Omnicanal addons (website, pos, sale, ...).",
    )
    channel_type = fields.Selection(
        [
            ("website", "Website"),
            ("pos", "Store (POS)"),
            ("sale", "Back-office sales"),
            ("phone", "Phone"),
            ("email", "E-mail"),
            ("social", "WhatsApp / social"),
            ("marketplace", "Marketplace"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    sequence = fields.Integer(
        default=10,
        help="Trust order for survivorship: when merging customers, values "
        "coming from a channel with a lower sequence win.",
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    pos_config_id = fields.Many2one("pos.config", index="btree_not_null", check_company=True)
    website_id = fields.Many2one("website", index="btree_not_null", check_company=True)
    color = fields.Integer()

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "A channel code must be unique per company.",
        ),
        (
            "pos_config_uniq",
            "unique(pos_config_id)",
            "A point of sale belongs to one channel only.",
        ),
    ]

    @api.model
    def _omni_get(self, code, company=None):
        """Channel by technical code, company-specific first, then shared."""
        company = company or self.env.company
        # sudo: channels are configuration every flow may need, including
        # public website visitors and portal users that cannot read them.
        channels = (
            self.sudo()
            .with_context(active_test=False)
            .search([("code", "=", code), ("company_id", "in", [company.id, False])])
        )
        return channels.sorted(lambda c: not c.company_id)[:1]

    @api.model
    def _omni_for_pos_config(self, config):
        """The store channel of a POS, created on first use."""
        # sudo: a cashier records touchpoints without managing channels.
        channel = (
            self.sudo().with_context(active_test=False).search([("pos_config_id", "=", config.id)], limit=1)
        )
        if not channel:
            channel = self.sudo().create(
                {
                    "name": config.name,
                    "code": f"pos_{config.id}",
                    "channel_type": "pos",
                    "pos_config_id": config.id,
                    "company_id": config.company_id.id,
                    "sequence": 20,
                }
            )
        return channel

    @api.model
    def _omni_for_website(self, website):
        if not website:
            return self._omni_get("website")
        # sudo: same reason as _omni_for_pos_config, public visitors included.
        channel = (
            self.sudo().with_context(active_test=False).search([("website_id", "=", website.id)], limit=1)
        )
        return channel or self._omni_get("website", website.company_id)
