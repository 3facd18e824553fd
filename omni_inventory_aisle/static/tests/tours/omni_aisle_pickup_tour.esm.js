/** @odoo-module **/
// Copyright 2026 Omnicanal
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("omni_aisle_pickup_tour", {
    steps: () => [
        {
            content: "The network figure is shown",
            trigger: ".o_omni_availability .o_omni_online_qty:contains(7)",
        },
        {
            content: "Two stores have it",
            trigger: ".o_omni_availability .o_omni_stores_count:contains(2)",
        },
        {
            content: "A postcode that does not exist",
            trigger: ".o_omni_postcode_form input[name='postcode']",
            run: "edit 99999",
        },
        {
            trigger: ".o_omni_find_stores",
            run: "click",
        },
        {
            content: "A clear error",
            trigger: ".o_omni_error:contains(Unknown postcode)",
        },
        {
            content: "The shopper's postcode in Valencia",
            trigger: ".o_omni_postcode_form input[name='postcode']",
            run: "edit 46001",
        },
        {
            trigger: ".o_omni_find_stores",
            run: "click",
        },
        {
            content: "Nearest store first, with its quantity and distance",
            trigger: ".o_omni_store:first-child:contains(Aisle Valencia):contains(km)",
        },
        {
            content: "Pick up in Valencia",
            trigger: ".o_omni_store:first-child .o_omni_pickup",
            run: "click",
        },
        {
            content: "The cart has the product",
            trigger: "#cart_products:contains(Aisle product A)",
        },
    ],
});
