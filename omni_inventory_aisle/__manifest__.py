# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Omnicanal Endless Aisle",
    "summary": "One stock pool sellable from every channel: availability per node, holds, channel safety stock, order sourcing, no oversell",
    "version": "18.0.1.4.3",
    "category": "Inventory",
    "website": "https://github.com/omnicanal/omnicanal",
    "author": "Omnicanal",
    "license": "LGPL-3",
    "depends": [
        "omni_customer",
        "sale_stock",
        "website_sale_stock",
        "website_sale_collect",
        "point_of_sale",
    ],
    "external_dependencies": {"python": []},
    "data": [
        "security/ir.model.access.csv",
        "security/omni_inventory_aisle_security.xml",
        "data/ir_cron_data.xml",
        "views/stock_warehouse_views.xml",
        "views/omni_stock_hold_views.xml",
        "views/omni_safety_stock_views.xml",
        "views/omni_sourcing_decision_views.xml",
        "views/sale_order_views.xml",
        "wizards/omni_availability_matrix_views.xml",
        "views/omni_inventory_menus.xml",
        "views/res_config_settings_views.xml",
        "views/website_templates.xml",
    ],
    "demo": [
        "demo/omni_inventory_aisle_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "omni_inventory_aisle/static/src/website/**/*",
        ],
        "point_of_sale._assets_pos": [
            "omni_inventory_aisle/static/src/pos/**/*",
        ],
        "web.assets_tests": [
            "omni_inventory_aisle/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
