# Copyright 2026 Omnicanal
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Omnicanal Customer",
    "summary": "Golden customer record: identity resolution and merge across "
    "channels, interaction timeline, customer 360, RFM segments, consent, "
    "digital receipts",
    "version": "18.0.1.2.2",
    "category": "Sales",
    "website": "https://github.com/omnicanal/omnicanal",
    "author": "Omnicanal",
    "license": "LGPL-3",
    "application": True,
    "depends": [
        "mail",
        "phone_validation",
        "portal",
        "contacts",
        "sale",
        "point_of_sale",
        "website_sale",
    ],
    "external_dependencies": {
        "python": ["phonenumbers", "rapidfuzz", "python-stdnum", "numpy"],
    },
    "data": [
        "security/omni_customer_security.xml",
        "security/ir.model.access.csv",
        "data/omni_channel_data.xml",
        "data/ir_sequence_data.xml",
        "data/ir_cron_data.xml",
        "data/mail_template_data.xml",
        "views/omni_menus.xml",
        "views/omni_channel_views.xml",
        "views/omni_interaction_views.xml",
        "views/omni_match_review_views.xml",
        "views/omni_merge_audit_views.xml",
        "views/omni_consent_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/pos_order_views.xml",
        "views/sale_order_views.xml",
        "views/portal_templates.xml",
        "wizards/omni_merge_wizard_views.xml",
    ],
    "demo": ["demo/res_partner_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": [
            "omni_customer/static/src/pos/**/*",
        ],
        "web.assets_tests": [
            "omni_customer/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
