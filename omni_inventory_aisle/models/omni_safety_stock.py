# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools


class OmniSafetyStock(models.Model):
    """Units a channel may not promise in a node.

    Example: keep 2 units of every product in the Valencia store for walk-in
    customers: channel Website, node Valencia, quantity 2. The most specific
    rule wins (node, then deepest category, then channel).
    """

    _name = "omni.safety.stock"
    _inherit = ["omni.registry.cache.mixin"]
    _description = "Channel safety stock"
    _order = "warehouse_id, categ_id, channel_type, id"
    _check_company_auto = True
    _omni_cache_fields = {"active", "company_id"}

    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    channel_type = fields.Selection(
        selection="_selection_channel_type",
        string="Channel",
        index=True,
        help="Kind of channel that may not sell these units. Empty: every channel.",
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        string="Node",
        index=True,
        check_company=True,
        help="Empty: every node.",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product category",
        index=True,
        help="Applies to this category and its children. Empty: every product.",
    )
    quantity = fields.Float(digits="Product Unit of Measure", required=True)

    def _selection_channel_type(self):
        return self.env["omni.channel"]._fields["channel_type"].selection

    _sql_constraints = [
        ("quantity_positive", "CHECK(quantity >= 0)", "Safety stock cannot be negative."),
    ]

    # Most companies have no or few rules; the availability query, run on every cart change,
    # page and till sale, skips their part when a company has none (its planning alone costs
    # about half a millisecond). Cleared by omni.registry.cache.mixin when a rule is created,
    # deleted, archived or moved to another company.
    @tools.ormcache("company_id")
    def _omni_company_has_rules(self, company_id):
        # sudo: availability is read by visitors and cashiers who cannot read the rules.
        return bool(
            self.sudo().search_count([("company_id", "=", company_id), ("active", "=", True)], limit=1)
        )
