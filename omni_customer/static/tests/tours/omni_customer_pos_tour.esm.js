/** @odoo-module */
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("omni_customer_pos_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // 1. Search by phone typed the way the customer says it.
            ProductScreen.clickPartnerButton(),
            {
                content: "search the customer by a phone written differently",
                trigger: ".modal-dialog .input-group input",
                run: "edit 699 88 77 66",
            },
            {
                content: "search on the server (Enter)",
                trigger: ".modal-dialog .input-group input",
                run: "press Enter",
            },
            {
                content: "the golden customer is found by phone",
                trigger: ".partner-list .partner-info:contains('Rosa Tienda')",
            },
            // 2. Create a customer that already exists: the existing one is selected.
            {
                content: "add a customer",
                trigger: ".modal-header button[title='Add a customer']",
                run: "click",
            },
            {
                content: "type the name",
                trigger: ".modal .o_field_widget[name=name] textarea, .modal .o_field_widget[name=name] input",
                run: "edit Rosa Tienda Gil",
            },
            {
                content: "type the same e-mail in another casing",
                trigger: ".modal .o_field_widget[name=email] input",
                run: "edit ROSA.TIENDA@Correo.es",
            },
            {
                content: "save",
                trigger: ".modal .o_form_button_save",
                run: "click",
            },
            {
                content: "the cashier is told the customer already exists",
                trigger: ".o_notification:contains('already a customer')",
            },
            // 3. The 360 summary of the selected customer.
            {
                content: "open the customer 360",
                trigger: ".omni-360-button",
                run: "click",
            },
            {
                content: "the 360 shows the cross-channel orders",
                trigger: ".modal .omni-360 .omni-360-orders:contains('2')",
            },
            {
                content: "close",
                trigger: ".modal .modal-footer .btn-primary",
                run: "click",
            },
        ].flat(),
});
