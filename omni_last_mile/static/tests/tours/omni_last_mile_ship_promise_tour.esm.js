/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("omni_last_mile_ship_promise_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Lucía Valencia"),
            ProductScreen.clickDisplayedProduct("Aisle product A"),
            ProductScreen.clickControlButton("Network stock"),
            {
                content: "ship it from the Valencia node",
                trigger: ".modal .selection-item:contains('Aisle Valencia: 5, ship to the customer')",
                run: "click",
            },
            {
                content: "the line shows where it comes from and when it arrives",
                trigger: ".orderline .o_omni_source:contains('Ships from Aisle Valencia'):contains(' · Get it on ')",
            },
            ProductScreen.clickControlButton("Delivery slot"),
            {
                content: "book the soonest van slot of the customer's zone",
                trigger: ".modal .selection-item:contains('Peninsula'):contains('places left')",
                run: "click",
            },
            {
                content: "the line shows the slot picked",
                trigger: ".orderline .o_omni_source:contains(' · Slot: Peninsula')",
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
        ].flat(),
});
