/** @odoo-module */
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("omni_recommend_pos_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Rita Store"),
            {
                content: "open the customer's recommendations",
                trigger: ".omni-recommend-button",
                run: "click",
            },
            {
                content: "the store-informed pick is recommended",
                trigger: ".modal .omni-recommend-panel .omni-recommend-name:contains('Rec Tour Pick')",
            },
            {
                content: "the durable product she owns is not",
                trigger: ".modal .omni-recommend-panel:not(:has(.omni-recommend-name:contains('Rec Tour Owned')))",
            },
            {
                content: "one tap adds it to the order",
                trigger: ".modal .omni-recommend-row:has(.omni-recommend-name:contains('Rec Tour Pick')) .omni-recommend-add",
                run: "click",
            },
            ProductScreen.selectedOrderlineHas("Rec Tour Pick", "1"),
        ].flat(),
});
