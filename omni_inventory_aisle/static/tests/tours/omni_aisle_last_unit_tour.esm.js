/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {registry} from "@web/core/registry";

// The cashier sells the store's last unit while a web cart soft-holds it:
// nothing blocks the payment and the receipt prints.
function sellLastUnit(afterValidate = []) {
    return [
        Chrome.startPoS(),
        Dialog.confirm("Open Register"),
        ProductScreen.clickDisplayedProduct("Last unit item"),
        ProductScreen.clickPayButton(),
        PaymentScreen.clickPaymentMethod("Bank"),
        PaymentScreen.clickValidate(),
        ...afterValidate,
        ReceiptScreen.isShown(),
        ReceiptScreen.receiptIsThere(),
        ReceiptScreen.totalAmountContains("25.00"),
    ];
}

registry.category("web_tour.tours").add("omni_aisle_last_unit_tour", {
    steps: () => sellLastUnit().flat(),
});

// The unit was promised to a confirmed web order: the sale still goes through
// and a notice (not a blocking dialog) tells the cashier.
registry.category("web_tour.tours").add("omni_aisle_promised_unit_tour", {
    steps: () =>
        sellLastUnit([
            {
                content: "the cashier is told the unit was promised online",
                trigger: ".o_notification:contains('was promised to')",
                // the notice comes with the server's answer to the sync, slow on a busy machine
                timeout: 30000,
            },
        ]).flat(),
});
