# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools

# What the cached lookups key on: a change of these clears them.
CACHE_KEYS = {"code", "company_id", "pos_config_id", "website_id"}


class OmniChannel(models.Model):
    _name = "omni.channel"
    _inherit = ["omni.registry.cache.mixin"]
    _description = "Sales and service channel"
    _order = "sequence, id"
    _omni_cache_fields = CACHE_KEYS
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

    # Channels are configuration read on every sale, visit and message: the lookups keep ids in
    # Odoo's registry cache, cleared by omni.registry.cache.mixin when CACHE_KEYS change.
    @tools.ormcache("code", "company_id")
    def _omni_channel_id(self, code, company_id):
        # sudo: channels are configuration every flow may need, including
        # public website visitors and portal users that cannot read them.
        channels = (
            self.sudo()
            .with_context(active_test=False)
            .search_fetch([("code", "=", code), ("company_id", "in", [company_id, False])], ["company_id"])
        )
        return channels.sorted(lambda c: not c.company_id)[:1].id

    @tools.ormcache("field", "record_id")
    def _omni_channel_id_of(self, field, record_id):
        # sudo: same reason as above.
        return self.sudo().with_context(active_test=False).search([(field, "=", record_id)], limit=1).id

    @api.model
    def _omni_get(self, code, company=None):
        """Channel by technical code, company-specific first, then shared."""
        company = company or self.env.company
        return self.sudo().with_context(active_test=False).browse(self._omni_channel_id(code, company.id))

    @api.model
    def _omni_for_pos_config(self, config):
        """The store channel of a POS, created on first use."""
        # sudo: a cashier records touchpoints without managing channels.
        channel = (
            self.sudo()
            .with_context(active_test=False)
            .browse(self._omni_channel_id_of("pos_config_id", config.id))
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
            self.sudo()
            .with_context(active_test=False)
            .browse(self._omni_channel_id_of("website_id", website.id))
        )
        return channel or self._omni_get("website", website.company_id)
