/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {registry} from "@web/core/registry";

function typeCode(code) {
    return [
        ProductScreen.clickControlButton("Collect"),
        {
            content: "type the pickup code",
            trigger: ".modal textarea",
            run: `edit ${code}`,
        },
        {
            content: "look the code up",
            trigger: ".modal .btn-primary:contains('Apply')",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("omni_last_mile_collect_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ...typeCode("000000XX"),
            {
                content: "a wrong code is refused with a clear message",
                trigger: ".modal:contains('No order is waiting for this pickup code')",
            },
            {
                content: "close the refusal",
                trigger: ".modal .btn-primary",
                run: "click",
            },
            ...typeCode("123456AB"),
            {
                content: "the cashier sees the order and its customer",
                trigger: ".modal:contains('Hand the order of Lucía Valencia over now?')",
            },
            {
                content: "hand it over",
                trigger: ".modal .btn-primary",
                run: "click",
            },
            {
                content: "the order is collected",
                trigger: ".o_notification:contains('collected')",
            },
        ].flat(),
});
