# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Omnicanal Recommendations",
    "summary": "Recommendations from store and online history together, on website, POS and back office",
    "version": "18.0.1.1.1",
    "category": "Sales",
    "website": "https://github.com/omnicanal/omnicanal",
    "author": "Omnicanal",
    "license": "LGPL-3",
    "depends": [
        "omni_customer",
        "website_sale",
        "point_of_sale",
    ],
    "external_dependencies": {"python": ["numpy", "scipy", "implicit", "threadpoolctl"]},
    "data": [
        "security/omni_recommend_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/website_snippet_filter_data.xml",
        "views/omni_recommend_model_views.xml",
        "views/res_partner_views.xml",
        "views/sale_order_views.xml",
        "views/product_category_views.xml",
        "views/res_config_settings_views.xml",
    ],
    "assets": {
        "point_of_sale._assets_pos": [
            "omni_recommend/static/src/pos/**/*",
        ],
        "web.assets_tests": [
            "omni_recommend/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
