# Copyright 2026 Omnicanal
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Omnicanal Helpdesk SLA - Live chat",
    "summary": "Open or continue a customer's ticket from a live chat, the transcript as a chat leg",
    "version": "18.0.1.0.1",
    "category": "After-Sales",
    "website": "https://github.com/omnicanal/omnicanal",
    "author": "Omnicanal",
    "license": "AGPL-3",
    "depends": [
        "omni_customer",
        "omni_helpdesk_sla",
        "im_livechat",
    ],
    "external_dependencies": {"python": []},
    "data": [
        "data/omni_channel_data.xml",
        "views/im_livechat_channel_views.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "omni_helpdesk_sla_livechat/static/src/core/**/*",
        ],
        "web.assets_frontend": [
            "omni_helpdesk_sla_livechat/static/src/frontend/**/*",
        ],
        "web.assets_tests": [
            "omni_helpdesk_sla_livechat/static/tests/tours/**/*",
        ],
    },
    "auto_install": True,
    "installable": True,
}
