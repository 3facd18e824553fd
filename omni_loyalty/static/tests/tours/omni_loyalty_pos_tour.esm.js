/** @odoo-module */
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("omni_loyalty_pos_wallet_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Wanda Wallet"),
            {
                content: "open the customer's wallet",
                trigger: ".omni-wallet-button",
                run: "click",
            },
            {
                content: "the POS shows the back-office balance and tier",
                trigger: ".modal .omni-wallet .omni-wallet-points:contains('321.00')",
            },
            {
                content: "gift card balance",
                trigger: ".modal .omni-wallet .omni-wallet-gift-card:contains('75.00')",
            },
            {
                content: "tier",
                trigger: ".modal .omni-wallet .omni-wallet-tier:contains('Plata')",
            },
            {
                content: "close",
                trigger: ".modal .modal-footer .btn-primary",
                run: "click",
            },
        ].flat(),
});
