/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("omni_aisle_pos_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Lucía Valencia"),
            ProductScreen.clickDisplayedProduct("Aisle POS item"),
            ProductScreen.clickControlButton("Network stock"),
            {
                content: "this store has none",
                trigger: ".modal .selection-item:contains('(this store): 0')",
            },
            {
                content: "ship it from the Valencia store",
                trigger: ".modal .selection-item:contains('Valencia store: 3, ship to the customer')",
                run: "click",
            },
            {
                content: "the line says where it comes from",
                trigger: ".orderline .o_omni_source:contains('Ships from Valencia store')",
            },
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank"),
            PaymentScreen.clickValidate(),
            ReceiptScreen.isShown(),
            {
                content: "the receipt says where the line comes from",
                trigger: ".pos-receipt .o_omni_source:contains('Ships from Valencia store')",
            },
        ].flat(),
});
