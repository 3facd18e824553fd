/** @odoo-module */

import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";

registry.category("discuss.channel_commands").add("ticket", {
    channel_types: ["livechat"],
    help: _t("Open a ticket for the visitor (/ticket subject) or add this chat to one (/ticket 42)"),
    methodName: "execute_command_ticket",
});
