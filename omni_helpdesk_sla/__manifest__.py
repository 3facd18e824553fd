# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Omnicanal Helpdesk SLA",
    "summary": "Tickets that continue across channels, SLA policies on business hours, escalation",
    "version": "18.0.1.3.1",
    "category": "After-Sales",
    "website": "https://github.com/omnicanal/omnicanal",
    "author": "Omnicanal",
    "license": "AGPL-3",
    "depends": [
        "omni_customer",
        "helpdesk_mgmt",
        "resource",
        "sale",
        "point_of_sale",
    ],
    "external_dependencies": {"python": []},
    "data": [
        "security/omni_helpdesk_sla_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_stage_views.xml",
        "views/omni_sla_policy_views.xml",
        "views/res_partner_views.xml",
        "views/pos_views.xml",
        "views/portal_templates.xml",
        "views/res_config_settings_views.xml",
        "wizards/omni_ticket_call_wizard_views.xml",
        "wizards/omni_ticket_social_wizard_views.xml",
        "views/omni_social_source_views.xml",
        "report/omni_helpdesk_backlog_report_views.xml",
    ],
    "demo": ["demo/omni_helpdesk_sla_demo.xml"],
    "assets": {
        "point_of_sale._assets_pos": [
            "omni_helpdesk_sla/static/src/pos/**/*",
        ],
        "web.assets_tests": [
            "omni_helpdesk_sla/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
