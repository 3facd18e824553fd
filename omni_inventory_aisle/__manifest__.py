# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Omnicanal Endless Aisle",
    "summary": "One stock pool sellable from every channel: availability per node, holds, channel safety stock, order sourcing, no oversell",
    "version": "18.0.1.0.0",
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
    "external_dependencies": {"python": ["numpy"]},
    "data": [
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
