/** @odoo-module */
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
//
// Shared parity cases: the same customer and cart must get the same rewards on
// the website (Python: sale order evaluation as the cart does it) and in the
// POS (JS: pos_loyalty's order evaluation). tests/test_loyalty_parity_vectors.py
// reads the JSON between the markers below, creates the programs and checks the
// Python side; the POS tour below checks the JS side on the same table.
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {registry} from "@web/core/registry";

/* PARITY-VECTORS-BEGIN */
export const PARITY_VECTORS = [
    {
        "name": "10% on a product",
        "program": {"name": "Parity 10% Cafe", "product": "Parity Cafe", "minimum_qty": 1,
                    "reward": {"discount": 10, "discount_mode": "percent", "discount_applicability": "specific"}},
        "lines": [{"product": "Parity Cafe", "price": 10.0, "qty": 2}],
        "total": 18.0
    },
    {
        "name": "fixed 5 off from 3 units",
        "program": {"name": "Parity 5 off Te", "product": "Parity Te", "minimum_qty": 3,
                    "reward": {"discount": 5, "discount_mode": "per_order", "discount_applicability": "order"}},
        "lines": [{"product": "Parity Te", "price": 20.0, "qty": 3}],
        "total": 55.0
    },
    {
        "name": "below the minimum quantity: no reward",
        "program": null,
        "lines": [{"product": "Parity Te", "price": 20.0, "qty": 2}],
        "total": 40.0
    },
    {
        "name": "50% on the cheapest unit",
        "program": {"name": "Parity cheapest Galleta", "product": "Parity Galleta", "minimum_qty": 2,
                    "reward": {"discount": 50, "discount_mode": "percent", "discount_applicability": "cheapest"}},
        "lines": [{"product": "Parity Galleta", "price": 4.0, "qty": 2}],
        "total": 6.0
    }
];
/* PARITY-VECTORS-END */

function vectorSteps(vector, index) {
    const steps = [];
    if (index) {
        steps.push(Chrome.createFloatingOrder());
    }
    for (const line of vector.lines) {
        for (let i = 0; i < line.qty; i++) {
            steps.push(ProductScreen.clickDisplayedProduct(line.product));
        }
    }
    steps.push(ProductScreen.totalAmountIs(vector.total.toFixed(2)));
    return steps;
}

registry.category("web_tour.tours").add("omni_loyalty_parity_tour", {
    steps: () =>
        [
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ...PARITY_VECTORS.map((vector, index) => vectorSteps(vector, index)),
        ].flat(Infinity),
});
