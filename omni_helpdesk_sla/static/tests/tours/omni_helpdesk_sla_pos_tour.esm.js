/** @odoo-module */
// Copyright 2026 Omnicanal
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("omni_helpdesk_sla_pos_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Rosa Ticket Gil"),
            ProductScreen.customerIsSelected("Rosa Ticket Gil"),
            {
                content: "open the customer 360",
                trigger: ".omni-360-button",
                run: "click",
            },
            {
                content: "no open ticket yet",
                trigger: ".modal .omni-360-no-tickets",
            },
            {
                content: "open a ticket from the 360",
                trigger: ".modal .omni-360-open-ticket",
                run: "click",
            },
            {
                content: "write the problem",
                trigger: ".modal .omni-ticket-subject",
                run: "edit Zapatillas despegadas",
            },
            {
                content: "write the details",
                trigger: ".modal .omni-ticket-description",
                run: "edit Se despegaron a la semana",
            },
            {
                content: "pick the past store order the problem is about",
                trigger: ".modal .omni-ticket-past-order",
                run: "select 00077-001-0007",
            },
            {
                content: "its receipt number is filled in",
                trigger: ".modal .omni-ticket-order:value(00077-001-0007)",
            },
            {
                content: "open the ticket",
                trigger: ".modal .omni-ticket-confirm",
                run: "click",
            },
            {
                content: "the cashier is told the ticket is open",
                trigger: ".o_notification:contains('opened')",
            },
            {
                content: "the 360 dialog lists the new ticket",
                trigger: ".modal .omni-360-ticket:contains('Zapatillas despegadas')",
            },
            {
                content: "add a note to it",
                trigger: ".modal .omni-360-ticket:contains('Zapatillas despegadas') .omni-360-ticket-note",
                run: "click",
            },
            {
                content: "write the note",
                trigger: ".modal textarea",
                run: "edit La clienta vino a la tienda",
            },
            {
                content: "apply",
                trigger: ".modal .modal-footer .o-default-button.btn-primary",
                run: "click",
            },
            {
                content: "the note is recorded",
                trigger: ".o_notification:contains('Note added')",
            },
        ].flat(),
});
