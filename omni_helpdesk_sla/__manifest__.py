# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Omnicanal Helpdesk SLA",
    "summary": "Tickets that continue across channels, SLA policies on business hours, escalation",
    "version": "18.0.1.0.0",
    "category": "After-Sales",
    "website": "https://github.com/omnicanal/omnicanal",
    "author": "Omnicanal",
    "license": "AGPL-3",
    "depends": [
        "omni_customer",
        "helpdesk_mgmt",
        "resource",
    ],
    "external_dependencies": {"python": []},
    "data": [
        "views/res_config_settings_views.xml",
    ],
    "installable": True,
}
