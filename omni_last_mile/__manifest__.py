# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Omnicanal Last Mile",
    "summary": "Delivery promise at checkout, slots, tracking timeline, proof of delivery, click and collect, returns anywhere",
    "version": "18.0.1.2.0",
    "category": "Inventory",
    "website": "https://github.com/omnicanal/omnicanal",
    "author": "Omnicanal",
    "license": "LGPL-3",
    "depends": [
        "omni_customer",
        "omni_inventory_aisle",
        "website_sale_collect",
        "stock_delivery",
        "point_of_sale",
        "resource",
        "loyalty",
    ],
    "external_dependencies": {"python": []},
    "data": [
        "security/omni_last_mile_security.xml",
        "security/ir.model.access.csv",
        "views/omni_delivery_zone_views.xml",
        "views/omni_delivery_slot_views.xml",
        "views/delivery_carrier_views.xml",
        "views/stock_warehouse_views.xml",
        "views/sale_order_views.xml",
        "views/stock_picking_views.xml",
        "views/website_templates.xml",
        "views/sale_portal_templates.xml",
        "views/omni_delivery_route_views.xml",
        "views/driver_templates.xml",
        "views/omni_delivery_kpi_views.xml",
        "views/omni_return_views.xml",
        "views/omni_last_mile_menus.xml",
        "views/res_config_settings_views.xml",
        "views/res_config_settings_pickup_views.xml",
        "views/pickup_templates.xml",
        "views/portal_return_templates.xml",
        "views/portal_store_return_templates.xml",
        "data/ir_cron_data.xml",
    ],
    "demo": [
        "demo/omni_last_mile_demo.xml",
    ],
    "assets": {
        "web.assets_frontend": [
            "omni_last_mile/static/src/driver/**/*",
        ],
        "point_of_sale._assets_pos": [
            "omni_last_mile/static/src/pos/**/*",
        ],
        "web.assets_tests": [
            "omni_last_mile/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
