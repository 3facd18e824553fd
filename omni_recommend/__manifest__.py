# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Omnicanal Recommendations",
    "summary": "Recommendations from store and online history together, on website, POS and back office",
    "version": "18.0.1.0.0",
    "category": "Sales",
    "website": "https://github.com/omnicanal/omnicanal",
    "author": "Omnicanal",
    "license": "LGPL-3",
    "depends": [
        "omni_customer",
        "website_sale",
        "point_of_sale",
    ],
    "external_dependencies": {"python": ["numpy", "scipy"]},
    "data": [
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
