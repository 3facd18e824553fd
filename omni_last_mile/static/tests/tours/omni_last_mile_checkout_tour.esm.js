/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";
import * as tourUtils from "@website_sale/js/tours/tour_utils";

registry.category("web_tour.tours").add("omni_last_mile_checkout_tour", {
    steps: () => [
        {
            content: "The product page promises a date for the shopper's address (the vans, same day)",
            trigger: ".o_omni_promise .o_omni_promise_headline:not(.d-none) .o_omni_promise_text:contains(Get it on)",
        },
        {
            trigger: ".o_omni_promise .o_omni_promise_explanation:contains(Our vans)",
        },
        {
            content: "A postcode in Mallorca",
            trigger: ".o_omni_promise input[name='omni_promise_postcode']",
            run: "edit 07001",
        },
        {
            trigger: ".o_omni_promise .o_omni_promise_submit",
            run: "click",
        },
        {
            content: "Only SEUR goes to the islands",
            trigger: ".o_omni_promise .o_omni_promise_explanation:contains(SEUR 24 h)",
        },
        {
            content: "A postcode that does not exist",
            trigger: ".o_omni_promise input[name='omni_promise_postcode']",
            run: "edit <b>",
        },
        {
            trigger: ".o_omni_promise .o_omni_promise_submit",
            run: "click",
        },
        {
            content: "A clear error",
            trigger: ".o_omni_promise .o_omni_promise_error:not(.d-none):contains(Unknown postcode)",
        },
        {
            content: "Add to cart",
            trigger: "#add_to_cart",
            run: "click",
        },
        tourUtils.goToCart(),
        tourUtils.goToCheckout(),
        {
            content: "Each delivery method shows its date",
            trigger: "li[name='o_delivery_method']:contains(SEUR 24 h) .o_omni_dm_promise:contains(Get it on)",
        },
        {
            trigger: "li[name='o_delivery_method']:contains(Our vans) .o_omni_dm_promise:contains(Get it on)",
        },
        {
            content: "Choose the chain's vans",
            trigger: "li[name='o_delivery_method']:contains(Our vans) input[name='o_delivery_radio']:not(:disabled)",
            run: "click",
        },
        {
            content: "The slots with places left",
            trigger: "#omni_slot_picker:not(.d-none) .o_omni_slot:contains(1 left)",
        },
        {
            content: "Pick the first slot",
            trigger: "#omni_slot_picker .o_omni_slot:first input[name='omni_slot']",
            run: "click",
        },
        {
            trigger: "#omni_slot_picker[data-slot-id]",
        },
        tourUtils.confirmOrder(),
        ...tourUtils.payWithDemo(),
    ],
});

registry.category("web_tour.tours").add("omni_last_mile_variant_tour", {
    steps: () => [
        {
            content: "The red shirt is in stock in Valencia: a date",
            trigger: ".o_omni_promise .o_omni_promise_headline:not(.d-none) .o_omni_promise_text:contains(Get it on)",
        },
        {
            content: "Pick the blue one",
            trigger: 'input[data-attribute_name="Colour"][data-value_name="Blue"]',
            run: "click",
        },
        {
            content: "No stock of the blue one: no date, a clear message",
            trigger: ".o_omni_promise .o_omni_promise_error:not(.d-none):contains(cannot be delivered from our stock)",
        },
        {
            content: "and the date of the red one is hidden",
            trigger: ".o_omni_promise:has(.o_omni_promise_headline.d-none)",
        },
        {
            content: "Back to red",
            trigger: 'input[data-attribute_name="Colour"][data-value_name="Red"]',
            run: "click",
        },
        {
            content: "The date again",
            trigger: ".o_omni_promise .o_omni_promise_headline:not(.d-none) .o_omni_promise_text:contains(Get it on)",
        },
    ],
});
