# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Omnicanal Loyalty",
    "summary": "One wallet of points, gift cards and coupons valid identically in every channel, tiers, no double spend",
    "version": "18.0.1.4.3",
    "category": "Sales",
    "website": "https://github.com/omnicanal/omnicanal",
    "author": "Omnicanal",
    "license": "LGPL-3",
    "depends": [
        "omni_customer",
        "loyalty",
        "sale_loyalty",
        "pos_loyalty",
        "website_sale_loyalty",
    ],
    "external_dependencies": {"python": []},
    "data": [
        "security/omni_loyalty_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/omni_loyalty_tier_views.xml",
        "views/loyalty_views.xml",
        "views/portal_templates.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": [
        "demo/omni_loyalty_demo.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "omni_loyalty/static/src/pos/**/*",
        ],
        "web.assets_tests": [
            "omni_loyalty/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
