# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class StockWarehouse(models.Model):
    """Every warehouse is a node of the selling network."""

    _name = "stock.warehouse"
    _inherit = ["stock.warehouse", "pos.load.mixin"]

    omni_node_type = fields.Selection(
        [("warehouse", "Warehouse"), ("store", "Store")],
        string="Node type",
        default="warehouse",
        required=True,
    )
    omni_in_network = fields.Boolean(
        string="In selling network",
        default=True,
        help="Its stock is visible and sellable from every channel.",
    )
    omni_ships = fields.Boolean(
        string="Ships to customers",
        default=True,
        help="Orders can be shipped from this node to the customer's address.",
    )
    omni_pickup = fields.Boolean(
        string="Accepts pickups",
        help="Customers can collect orders in this node.",
    )
    omni_latitude = fields.Float(string="Latitude", digits=(10, 7))
    omni_longitude = fields.Float(string="Longitude", digits=(10, 7))
    omni_cost = fields.Float(
        string="Fulfilment cost",
        help="Relative cost of shipping an order from this node (used by the cost criterion).",
    )
    omni_city = fields.Char(related="partner_id.city", string="City")
    omni_zip = fields.Char(related="partner_id.zip", string="Postcode")

    _sql_constraints = [
        (
            "omni_coordinates_range",
            "CHECK(omni_latitude BETWEEN -90 AND 90 AND omni_longitude BETWEEN -180 AND 180)",
            "Coordinates are out of range.",
        ),
    ]

    @api.model
    def _omni_nodes(self, company=None):
        """Network nodes of ``company`` (default: the current one).

        Read with the fields the sourcing plan and the availability views use,
        in the same query (not whole rows).
        """
        company = company or self.env.company
        return self.search_fetch(
            [("omni_in_network", "=", True), ("company_id", "=", company.id)],
            ["name", "omni_latitude", "omni_longitude", "omni_ships", "omni_pickup", "omni_cost"],
        )

    @api.model
    def _load_pos_data_domain(self, data):
        company_id = data["pos.config"]["data"][0]["company_id"]
        return [("omni_in_network", "=", True), ("company_id", "=", company_id)]

    @api.model
    def _load_pos_data_fields(self, config_id):
        return ["id", "name", "omni_node_type", "omni_ships", "omni_pickup"]
