/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {registry} from "@web/core/registry";

function typeOrder(reference) {
    return [
        ProductScreen.clickControlButton("Return a web order"),
        {
            content: "type the order number",
            trigger: ".modal textarea",
            run: `edit ${reference}`,
        },
        {
            content: "look the order up",
            trigger: ".modal .btn-primary:contains('Apply')",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("omni_last_mile_return_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ...typeOrder("NOSUCHORDER"),
            {
                content: "an unknown order is refused with a clear message",
                trigger: ".modal:contains('No order NOSUCHORDER can be returned here')",
            },
            {
                content: "close the refusal",
                trigger: ".modal .btn-primary",
                run: "click",
            },
            ...typeOrder("OMNIWEB42"),
            {
                content: "the cashier sees the customer",
                trigger: ".modal .o_omni_return_customer:contains('Lucía Valencia')",
            },
            {
                content: "one unit of the returnable line",
                trigger: ".modal tr[data-line='Web return item'] .o_omni_return_qty",
                run: "edit 1",
            },
            {
                content: "the reason",
                trigger: ".modal tr[data-line='Web return item'] .o_omni_return_reason",
                run: "select damaged",
            },
            {
                content: "take it back",
                trigger: ".modal .o_omni_return_confirm:enabled",
                run: "click",
            },
            {
                content: "the return is done",
                trigger: ".o_notification:contains('taken back')",
            },
        ].flat(),
});
